// "Message": opens a new direct message to someone (a post's author), already chosen.
import { Link } from 'react-router-dom';
import type { NewMessageState } from './new-message-page.tsx';

/** A small link to write to this person. */
export function MessageLink({ person }: { person: { personId: string; personName: string; orgId: string; orgName: string } }) {
  const state: NewMessageState = { to: [{ id: person.personId, name: person.personName, orgId: person.orgId, orgName: person.orgName }] };
  return (
    <Link to="/messages/new" state={state} className="message-link small" aria-label={`Message ${person.personName}`}>
      Message
    </Link>
  );
}
