// An external vendor's row in the coordinators' matrix: who the contact is, where its one-time link stands (sent,
// opened and until when, expired) and a new link (optionally to a corrected address), which ends the previous one.
import { useState, type FormEvent } from 'react';
import { type CaseDetail, type ExternalVendor, useSendVendorLink } from '../../api/cases.ts';
import { DateTime } from '../../components/date-time.tsx';
import { TextField } from '../../components/fields.tsx';
import { ErrorBanner } from '../../components/messages.tsx';

/** Under the organisation's name: the "external (email)" mark and the contact. */
export function ExternalContact({ external }: { external: ExternalVendor }) {
  return (
    <div className="case-external-contact">
      <span className="pill pill-tight pill-external" title="Not a member: reached through a one-time email link">
        External (email)
      </span>
      <div className="small">
        {external.contactName ? `${external.contactName} · ` : ''}
        <span className="nowrap">{external.contactEmail}</span>
      </div>
      {external.note ? <div className="small muted prewrap case-cell-text">{external.note}</div> : null}
    </div>
  );
}

function LinkState({ link }: { link: ExternalVendor['link'] }) {
  if (link.state === 'opened') {
    return (
      <>
        <span className="pill pill-ok pill-tight">Link opened</span>
        <div className="small">
          on <DateTime value={link.openedAt} />
        </div>
        <div className="small muted">
          {link.accessUntil ? (
            <>
              Access until <DateTime value={link.accessUntil} dateOnly />
            </>
          ) : (
            'Access ended: send a new link'
          )}
        </div>
      </>
    );
  }
  if (link.state === 'expired') {
    return (
      <>
        <span className="pill pill-bad pill-tight">Link expired</span>
        <div className="small muted">
          Not opened by <DateTime value={link.expiresAt} dateOnly />
        </div>
      </>
    );
  }
  return (
    <>
      <span className="pill pill-warn pill-tight">Link sent, not opened</span>
      <div className="small muted">
        Valid until <DateTime value={link.expiresAt} dateOnly />
      </div>
    </>
  );
}

/** The "Notified" cell of an external vendor: link sent when, its state, and "Send a new link". */
export function VendorLinkStatus({
  detail,
  orgId,
  orgName,
  external,
  onSent,
}: {
  detail: CaseDetail;
  orgId: string;
  orgName: string;
  external: ExternalVendor;
  onSent: (text: string) => void;
}) {
  const send = useSendVendorLink(detail.id, orgId);
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState(external.contactEmail);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const to = email.trim();
    send.mutate(to === external.contactEmail ? {} : { contactEmail: to }, {
      onSuccess: () => {
        setOpen(false);
        onSent(`A new link was emailed to ${to}; the previous link of ${orgName} no longer works.`);
      },
    });
  };
  return (
    <div className="case-cell case-link-status">
      <div className="small">
        Link sent <DateTime value={external.link.sentAt} />
      </div>
      <LinkState link={external.link} />
      {detail.state === 'closed' ? null : open ? (
        <form className="form case-link-form" onSubmit={submit} aria-label={`New link for ${orgName}`}>
          <TextField label="Send to" name="contactEmail" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
          <ErrorBanner title="No new link was sent." error={send.error} />
          <div className="actions">
            <button type="submit" className="button button-small button-primary" disabled={send.isPending || !email.trim()}>
              {send.isPending ? 'Sending…' : 'Send'}
            </button>
            <button type="button" className="button button-small" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="button-link small" onClick={() => setOpen(true)}>
          Send a new link
        </button>
      )}
    </div>
  );
}
