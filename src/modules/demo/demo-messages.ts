import type { Queryable } from '../../server/db/client.ts';
import { ensureDirectChannel } from '../forum/index.ts';

/** A direct conversation of the demo: the lab's researcher and Acme's PSIRT lead agree on an embargo date. */
const conversation = {
  from: 'lead@device-research.example',
  to: 'psirt@acme-infusion.example',
  messages: [
    {
      author: 'lead@device-research.example',
      body: 'Hi Priya, about the authentication bypass in the pump service interface: could 4.3 ship by the 14th? We would publish the advisory that day.',
    },
    {
      author: 'psirt@acme-infusion.example',
      body: 'Hi Sam, 4.3 is in validation. The 14th works if QA passes on Friday; I will confirm here on Monday.',
    },
    { author: 'lead@device-research.example', body: 'Thanks! I will hold the write-up until then.' },
  ],
};

/** Inserts the demo conversation (TLP:RED to its two participants) in the demo's transaction. */
export async function insertDemoConversation(tx: Queryable, now: Date, people: Map<string, string>, orgOf: Map<string, string>) {
  const from = people.get(conversation.from)!;
  const participants = [from, people.get(conversation.to)!];
  const channel = await ensureDirectChannel(tx, from, now);
  const at = (i: number) => new Date(now.getTime() - (conversation.messages.length - i) * 900_000);
  const [thread] = await tx.query<{ id: string }>(
    `INSERT INTO threads (channel_id, title, tlp, audience, owner_org_id, author_id, recipient_person_ids, last_position, last_post_at, created_at)
     VALUES ($1, '', 'RED', 'own_org', $2, $3, $4, $5, $6, $7) RETURNING id`,
    [channel.id, orgOf.get(from), from, participants, conversation.messages.length, at(conversation.messages.length - 1), at(0)],
  );
  for (const [i, m] of conversation.messages.entries()) {
    const author = people.get(m.author)!;
    await tx.query(
      `INSERT INTO posts (thread_id, position, body, tlp, audience, owner_org_id, author_id, recipient_person_ids, created_at, search)
       VALUES ($1, $2, $3, 'RED', 'own_org', $4, $5, $6, $7, to_tsvector('english', $3))`,
      [thread!.id, i + 1, m.body, orgOf.get(author), author, participants, at(i)],
    );
  }
}
