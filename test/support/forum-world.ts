import { randomUUID } from 'node:crypto';
import { canSeeChannel, type ChannelRow } from '../../src/modules/forum/forum-access.ts';
import { type Actor, type SharedItem, type SharedRow, canRead, sharedItemFromRow } from '../../src/modules/policy/index.ts';
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
  /** The direct channel and its conversations, started through the API (their first posts are in firstPost). */
  directChannel: ChannelRow;
  direct: DirectConversation[];
}

/** A direct conversation of the world, with the secrets only its participants may ever see. */
export interface DirectConversation {
  id: string;
  facts: SharedItem;
  secrets: string[];
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
  const direct = await startConversations(w, firstPost);
  const [dc] = await w.t.db.query<ChannelRow>("SELECT *, NULL AS group_name FROM channels WHERE kind = 'direct'");
  for (const d of direct) channelOf.set(d.id, dc!);
  return { topic, groupChannels, channelOf, firstPost, attachments, openThread: { id: openId, facts }, directChannel: dc!, direct };
}

/** Direct conversations across organisations, to a read-only member and to an observer, one with staff, one with a title. */
async function startConversations(w: World, firstPost: Map<string, string>): Promise<DirectConversation[]> {
  const specs: [string, string[], boolean][] = [
    ['manuA.analyst', ['hdoA.member'], true],
    ['hdoA.org_admin', ['manuB.analyst', 'researcher.analyst'], false],
    ['operator.coordinator', ['observer.member'], false],
    ['partner.member', ['manuA.read_only', 'operator.platform_admin'], true],
  ];
  const out: DirectConversation[] = [];
  for (const [from, to, titled] of specs) {
    const secrets = [`DMSECRET-${randomUUID()}`, ...(titled ? [`DMTITLE-${randomUUID()}`] : [])];
    const caller = w.callers.find((c) => c.key === from)!;
    const personIds = to.map((key) => w.people.find((p) => p.key === key)!.id);
    const res = await caller.send('POST', '/api/v1/messages', { personIds, body: `Between us: ${secrets[0]}`, title: secrets[1] });
    if (res.statusCode !== 201) throw new Error(`conversation of ${from}: ${res.statusCode} ${res.body}`);
    const view = res.json<{ thread: { id: string }; posts: { id: string }[] }>();
    const [row] = await w.t.db.query<SharedRow>('SELECT * FROM threads WHERE id = $1', [view.thread.id]);
    firstPost.set(view.thread.id, view.posts[0]!.id);
    out.push({ id: view.thread.id, facts: sharedItemFromRow(row!), secrets });
  }
  return out;
}

/** Whether this caller may read the thread: the policy on its facts, and the channel. */
export function threadReadable(fw: ForumWorld, w: World, a: Actor | null, threadId: string): boolean {
  const channel = fw.channelOf.get(threadId);
  if (!channel) return false;
  const facts: SharedItem | undefined =
    threadId === fw.openThread.id ? fw.openThread.facts : (w.noticeById.get(threadId) ?? fw.direct.find((d) => d.id === threadId)?.facts);
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
