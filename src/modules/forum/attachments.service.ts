/** Attachments of posts: size-limited, type sniffed, SHA-256 recorded, always served as downloads. */
import { createHash } from 'node:crypto';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { sniffContentType } from '../disclosure/report-checks.ts';
import { type Actor } from '../policy/index.ts';
import { canModerate } from './forum-access.ts';
import { assertAuthor } from './post-changes.service.ts';
import { loadReadablePost } from './posts.service.ts';

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
const MAX_ATTACHMENTS_PER_POST = 10;

/** Attaches a file to my post: size-limited, type sniffed from the bytes, SHA-256 recorded. */
export async function addAttachment(ctx: AppContext, actor: Actor, id: string, fileName: string, content: Buffer, ip: string) {
  const now = ctx.clock.now();
  const { post } = await loadReadablePost(ctx.db, actor, id, now);
  assertAuthor(actor, post);
  if (post.retracted_at) throw new AppError('conflict', 'A retracted post cannot take attachments.');
  if (content.length === 0) throw new AppError('validation_failed', 'The file is empty.');
  if (content.length > MAX_ATTACHMENT_BYTES)
    throw new AppError('payload_too_large', `Attachments are limited to ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB.`);
  const sha256 = createHash('sha256').update(content).digest('hex');
  const type = sniffContentType(content);
  const safeName = fileName.replace(/[/\\]/g, '_').slice(0, 200);
  const row = await ctx.db.transaction(async (tx) => {
    const [count] = (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM post_attachments WHERE post_id = $1', [id])) as [
      { n: number },
    ];
    if (count.n >= MAX_ATTACHMENTS_PER_POST)
      throw new AppError('conflict', `A post holds at most ${MAX_ATTACHMENTS_PER_POST} attachments.`);
    const rows = await tx.query<{ id: string }>(
      'INSERT INTO post_attachments (post_id, file_name, content_type, size, sha256, content, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
      [id, safeName, type, content.length, sha256, content, now],
    );
    await appendAudit(tx, {
      actor,
      action: 'forum.attachment_added',
      targetType: 'post',
      targetId: id,
      ip,
      detail: { sha256, size: content.length },
      at: now,
    });
    return rows[0]!;
  });
  return { id: row.id, fileName: safeName, contentType: type, size: content.length, sha256 };
}

/** An attachment's bytes, when I may read its post. */
export async function readAttachment(ctx: AppContext, actor: Actor, attachmentId: string) {
  const rows = await ctx.db.query<{ post_id: string; file_name: string; content_type: string; sha256: string; content: Buffer }>(
    'SELECT post_id, file_name, content_type, sha256, content FROM post_attachments WHERE id = $1',
    [attachmentId],
  );
  const a = rows[0];
  if (!a) throw new AppError('not_found');
  const { post } = await loadReadablePost(ctx.db, actor, a.post_id, ctx.clock.now());
  if (post.retracted_at || (post.hidden_at && !canModerate(actor))) throw new AppError('not_found');
  return { fileName: a.file_name, contentType: a.content_type, sha256: a.sha256, content: Buffer.from(a.content) };
}
