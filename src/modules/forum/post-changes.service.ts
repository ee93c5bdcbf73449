/**
 * Changing a post after it went out: edits with visible history, corrections and retractions that reach every
 * recipient (live, email, webhooks, exports), and the recipients' acknowledgements.
 */
import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import { AppError } from '../../server/http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { scrubPostEvents } from '../events/index.ts';
import { type Actor, type SharedItem, isOrgAdminOf, sharedItemFromRow } from '../policy/index.ts';
import { type ChannelRow, canModerate } from './forum-access.ts';
import { appendNotificationEvents, forumEvent, notifyPeople } from './forum-events.ts';
import { type PostRow, type ThreadRow, mentionNames, noExtras, postSelect, presentPost, publicContributor } from './forum-present.ts';
import { getPost, loadReadablePost, searchText } from './posts.service.ts';

export function assertAuthor(actor: Actor, post: PostRow): void {
  if (post.author_id !== actor.personId) throw new AppError('forbidden', 'Only the author can change a post.');
}

/** The people who received a post: those who read past it in the thread, and those it was emailed to. */
async function recipientsOfPost(tx: Queryable, post: PostRow): Promise<string[]> {
  const rows = await tx.query<{ person_id: string }>(
    `SELECT person_id FROM thread_reads WHERE thread_id = $1 AND last_position >= $2
     UNION SELECT person_id FROM post_emails WHERE post_id = $3`,
    [post.thread_id, post.position, post.id],
  );
  return rows.map((r) => r.person_id);
}

/** Edits my post; the earlier text stays visible as history. A correction also notifies everyone who received it. */
export async function editPost(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { body: string; correction?: boolean | undefined },
  ip: string,
) {
  const now = ctx.clock.now();
  const { post, thread, channel } = await loadReadablePost(ctx.db, actor, id, now);
  assertAuthor(actor, post);
  if (post.retracted_at) throw new AppError('conflict', 'A retracted post cannot be edited.');
  if (post.body === input.body) return getPost(ctx, actor, id);
  const correction = input.correction ?? false;
  const last = await ctx.db.transaction(async (tx) => {
    const [rev] = (await tx.query<{ n: number }>('SELECT COALESCE(max(revision), 0) + 1 AS n FROM post_revisions WHERE post_id = $1', [
      id,
    ])) as [{ n: number }];
    await tx.query('INSERT INTO post_revisions (post_id, revision, body, replaced_at, editor_id) VALUES ($1, $2, $3, $4, $5)', [
      id,
      rev.n,
      post.body,
      now,
      actor.personId,
    ]);
    await tx.query(`UPDATE posts SET body = $2, edited_at = $3, corrected = $4, search = to_tsvector('english', $5) WHERE id = $1`, [
      id,
      input.body,
      now,
      correction,
      searchText(input.body, post.position, thread.title),
    ]);
    await appendAudit(tx, {
      actor,
      action: correction ? 'forum.post_corrected' : 'forum.post_edited',
      targetType: 'post',
      targetId: id,
      ip,
      detail: { revision: rev.n },
      at: now,
    });
    const row = (await tx.query<PostRow>(`${postSelect} WHERE p.id = $1`, [id]))[0]!;
    const facts = [sharedItemFromRow(thread), sharedItemFromRow(row)];
    const names = await mentionNames(tx, [input.body]);
    let lastId = await forumEvent(
      tx,
      {
        type: 'post.edited',
        actorId: actor.personId,
        threadId: thread.id,
        postId: id,
        channelId: channel.id,
        facts,
        data: { correction, post: { ...presentPost(null, row, names, { ...noExtras, revisions: rev.n }), isNew: false } },
        contributor: {
          path: 'post',
          value: { orgId: row.owner_org_id, orgName: row.org_name, personId: row.author_id, personName: row.author_name },
        },
      },
      now,
    );
    if (correction) {
      const people = await recipientsOfPost(tx, post);
      lastId = Math.max(lastId, await tellRecipients(tx, 'correction', people, { actor, row, channel, thread, facts }, now));
    }
    return lastId;
  });
  ctx.events.announce(last);
  return getPost(ctx, actor, id);
}

/**
 * Tells everyone who received a post that it was corrected or retracted (in-app, then live and by email); returns the
 * id of the last event written.
 */
async function tellRecipients(
  tx: Queryable,
  kind: 'correction' | 'retraction',
  people: string[],
  about: { actor: Actor; row: PostRow; channel: ChannelRow; thread: ThreadRow; facts: SharedItem[] },
  now: Date,
): Promise<number> {
  const pending = await notifyPeople(
    tx,
    {
      personIds: people,
      kind,
      actorId: about.actor.personId,
      actorLabel: publicContributor(about.row),
      channel: about.channel,
      threadId: about.thread.id,
      threadTitle: about.thread.title,
      postId: about.row.id,
      facts: about.facts,
    },
    now,
  );
  return appendNotificationEvents(tx, pending, now);
}

/**
 * Retracts a post (its author, or an admin of the author's organisation): the text, history and attachments are
 * deleted, earlier events are scrubbed, and everyone who received it is told (live, in-app, by email) and can
 * acknowledge. Only a tombstone with the reason remains.
 */
export async function retractPost(ctx: AppContext, actor: Actor, id: string, reason: string, ip: string) {
  const now = ctx.clock.now();
  const { post, thread, channel } = await loadReadablePost(ctx.db, actor, id, now);
  if (post.author_id !== actor.personId && !(isOrgAdminOf(actor, post.owner_org_id) && actor.orgId === post.owner_org_id))
    throw new AppError('forbidden', "Only the author or their organisation's admin can retract a post.");
  if (post.retracted_at) return getPost(ctx, actor, id);
  const last = await ctx.db.transaction(async (tx) => {
    const people = await recipientsOfPost(tx, post);
    await tx.query(
      `UPDATE posts SET body = '', search = ''::tsvector, retracted_at = $2, retracted_by = $3, retraction_reason = $4 WHERE id = $1`,
      [id, now, actor.personId, reason],
    );
    await tx.query('DELETE FROM post_revisions WHERE post_id = $1', [id]);
    await tx.query('DELETE FROM post_attachments WHERE post_id = $1', [id]);
    const tombstone = { post: { id, threadId: thread.id, position: post.position, body: '', html: '', retracted: true } };
    await scrubPostEvents(tx, id, {
      data: { ...tombstone, threadId: thread.id, channelId: channel.id, postId: id, retracted: true },
      contributor: null,
    });
    await appendAudit(tx, {
      actor,
      action: 'forum.post_retracted',
      targetType: 'post',
      targetId: id,
      ip,
      detail: { reason, recipients: people.length },
      at: now,
    });
    const facts = [sharedItemFromRow(thread), sharedItemFromRow(post)];
    const lastId = await forumEvent(
      tx,
      {
        type: 'post.retracted',
        actorId: actor.personId,
        threadId: thread.id,
        postId: id,
        channelId: channel.id,
        facts,
        data: { reason, retractedAt: now.toISOString() },
      },
      now,
    );
    return Math.max(lastId, await tellRecipients(tx, 'retraction', people, { actor, row: post, channel, thread, facts }, now));
  });
  ctx.events.announce(last);
  return getPost(ctx, actor, id);
}

/** A recipient acknowledges a retraction (recorded). */
export async function acknowledgeRetraction(ctx: AppContext, actor: Actor, id: string, ip: string) {
  const now = ctx.clock.now();
  const { post } = await loadReadablePost(ctx.db, actor, id, now);
  if (!post.retracted_at) throw new AppError('conflict', 'This post is not retracted.');
  await ctx.db.transaction(async (tx) => {
    const rows = await tx.query(
      'INSERT INTO retraction_acks (post_id, person_id, acknowledged_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING post_id',
      [id, actor.personId, now],
    );
    if (rows.length > 0)
      await appendAudit(tx, { actor, action: 'forum.retraction_acknowledged', targetType: 'post', targetId: id, ip, detail: {}, at: now });
  });
  return { ok: true as const };
}

export async function listRevisions(ctx: AppContext, actor: Actor, id: string) {
  const { post } = await loadReadablePost(ctx.db, actor, id, ctx.clock.now());
  if (post.hidden_at && !canModerate(actor)) return { items: [] };
  const rows = await ctx.db.query<{ revision: number; body: string; replaced_at: Date; editor_name: string }>(
    `SELECT r.revision, r.body, r.replaced_at, p.name AS editor_name FROM post_revisions r JOIN people p ON p.id = r.editor_id
      WHERE r.post_id = $1 ORDER BY r.revision DESC`,
    [id],
  );
  const names = await mentionNames(
    ctx.db,
    rows.map((r) => r.body),
  );
  const { renderMarkdown } = await import('./markdown.ts');
  return {
    items: rows.map((r) => ({
      revision: r.revision,
      body: r.body,
      html: renderMarkdown(r.body, names),
      replacedAt: new Date(r.replaced_at).toISOString(),
      editorName: post.anonymous && actor.orgId !== post.owner_org_id ? publicContributor(post) : r.editor_name,
    })),
  };
}
