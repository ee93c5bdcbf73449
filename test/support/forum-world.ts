import { randomUUID } from 'node:crypto';
import { canSeeChannel, type ChannelRow } from '../../src/modules/forum/forum-access.ts';
import { type Actor, type SharedItem, canRead } from '../../src/modules/policy/index.ts';
import type { World } from './policy-world.ts';

/**
 * The forum of the policy world: one thread per world notice, with the notice's id, policy facts and canaries (title
 * CANARY-…, first post body BODY-…), so the world's leak detectors catch any forum answer that shows what a caller may
 * not read. Group-audience threads live in their group's channel, the others in one topic channel.
 */
export interface ForumWorld {
  topic: ChannelRow;
  groupChannels: ChannelRow[];
  channelOf: Map<string, ChannelRow>;
  /** First post id of each thread (thread id = notice id). */
  firstPost: Map<string, string>;
  /** An attachment on the first post of each of a few threads. */
  attachments: { id: string; threadId: string }[];
  /** A members-wide GREEN thread in the topic channel, authored by manuA's analyst (for mutations). */
  openThread: { id: string; facts: SharedItem };
}

async function insertChannel(w: World, kind: 'topic' | 'group', groupId: string | null): Promise<ChannelRow> {
  const name = `FORUM-CH-${randomUUID().slice(0, 8)}`;
  const [row] = await w.t.db.query<{ id: string }>(
    `INSERT INTO channels (name, kind, group_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [name, kind, groupId, w.people[0]!.id, w.now],
  );
  return { id: row!.id, name, description: '', kind, device_class: null, group_id: groupId, group_name: null, archived: false };
}

/** Inserts a thread with these facts and a first post; returns the post id. */
export async function insertThread(w: World, channel: ChannelRow, id: string, title: string, body: string, f: SharedItem): Promise<string> {
  await w.t.db.query(
    `INSERT INTO threads (id, channel_id, title, tlp, audience, owner_org_id, author_id, recipient_org_ids, recipient_person_ids, group_id, anonymous,
                          embargo_until, last_position, last_post_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $13)`,
    [
      id,
      channel.id,
      title,
      f.tlp,
      f.audience,
      f.ownerOrgId,
      f.authorId,
      f.recipientOrgIds,
      f.recipientPersonIds,
      f.groupId,
      f.anonymous,
      f.embargoUntil,
      w.now,
    ],
  );
  const [post] = await w.t.db.query<{ id: string }>(
    `INSERT INTO posts (thread_id, position, body, tlp, audience, owner_org_id, author_id, recipient_org_ids, recipient_person_ids, group_id, anonymous,
                        embargo_until, created_at, search)
     VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, to_tsvector('english', $13)) RETURNING id`,
    [
      id,
      body,
      f.tlp,
      f.audience,
      f.ownerOrgId,
      f.authorId,
      f.recipientOrgIds,
      f.recipientPersonIds,
      f.groupId,
      f.anonymous,
      f.embargoUntil,
      w.now,
      `${title}\n${body}`,
    ],
  );
  return post!.id;
}

export async function buildForumWorld(w: World): Promise<ForumWorld> {
  const topic = await insertChannel(w, 'topic', null);
  const groupChannels: ChannelRow[] = [];
  for (const g of w.groups) groupChannels.push(await insertChannel(w, 'group', g.id));
  const channelOf = new Map<string, ChannelRow>();
  const firstPost = new Map<string, string>();
  const attachments: { id: string; threadId: string }[] = [];
  for (const n of w.notices) {
    const channel = n.audience === 'group' ? groupChannels[w.groups.findIndex((g) => g.id === n.groupId)]! : topic;
    channelOf.set(n.id, channel);
    const postId = await insertThread(w, channel, n.id, `${n.title} canary`, `${n.body} canary`, n);
    firstPost.set(n.id, postId);
    if (attachments.length < 12 && (n.tlp === 'RED' || n.tlp === 'AMBER' || n.anonymous)) {
      const [a] = await w.t.db.query<{ id: string }>(
        `INSERT INTO post_attachments (post_id, file_name, content_type, size, sha256, content, created_at)
         VALUES ($1, 'ioc.txt', 'text/plain; charset=utf-8', 10, 'ab', $2, $3) RETURNING id`,
        [postId, Buffer.from(n.body), w.now],
      );
      attachments.push({ id: a!.id, threadId: n.id });
    }
  }
  const author = w.people.find((p) => p.key === 'manuA.analyst') ?? w.people.find((p) => p.orgId === w.orgs.manuA!.id)!;
  const facts: SharedItem = {
    tlp: 'GREEN',
    audience: 'members',
    ownerOrgId: author.orgId,
    authorId: author.id,
    recipientOrgIds: [],
    recipientPersonIds: [],
    groupId: null,
    anonymous: false,
    embargoUntil: null,
  };
  const openId = randomUUID();
  await insertThread(w, topic, openId, 'Open members thread', 'Open post', facts);
  channelOf.set(openId, topic);
  return { topic, groupChannels, channelOf, firstPost, attachments, openThread: { id: openId, facts } };
}

/** Whether this caller may read the thread: the policy on its facts, and the channel. */
export function threadReadable(fw: ForumWorld, w: World, a: Actor | null, threadId: string): boolean {
  const channel = fw.channelOf.get(threadId);
  if (!channel) return false;
  const facts: SharedItem | undefined = threadId === fw.openThread.id ? fw.openThread.facts : w.noticeById.get(threadId);
  return facts !== undefined && canSeeChannel(a, channel) && canRead(a, facts, w.now);
}

/** A throw-away post by `authorId` in the open thread (a new one each time). */
export async function throwawayPost(w: World, fw: ForumWorld, authorId: string, orgId: string, options: { retracted?: boolean } = {}) {
  const [row] = await w.t.db.query<{ id: string }>(
    `WITH pos AS (UPDATE threads SET last_position = last_position + 1 WHERE id = $1 RETURNING last_position)
     INSERT INTO posts (thread_id, position, body, tlp, audience, owner_org_id, author_id, created_at, search, retracted_at, retraction_reason)
     SELECT $1, pos.last_position, 'A throw-away post', 'GREEN', 'members', $2, $3, $4, to_tsvector('english', 'throw-away'), $5, $6 FROM pos RETURNING id`,
    [fw.openThread.id, orgId, authorId, w.now, options.retracted ? w.now : null, options.retracted ? 'wrong' : null],
  );
  return row!.id;
}
