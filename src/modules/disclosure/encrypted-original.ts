/**
 * The armored original of a report or reply that arrived OpenPGP-encrypted: evidence the coordinators download as a
 * file (never rendered), audited like every download of a report's files.
 */
import { createHash } from 'node:crypto';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import type { Actor } from '../policy/index.ts';
import { assertStaff } from './triage.service.ts';

/** The report's original (no `messageId`) or a reply's, as `<reference>.asc` / `<reference>-reply-<n>.asc`. */
export async function encryptedOriginal(ctx: AppContext, actor: Actor, reportId: string, messageId: string | undefined, ip: string) {
  assertStaff(actor);
  const [row] = messageId
    ? await ctx.db.query<{ name: string; armored: string }>(
        `SELECT r.reference || '-reply-' || m.position AS name, m.encrypted_message AS armored
           FROM report_messages m JOIN reports r ON r.id = m.report_id
          WHERE m.report_id = $1 AND m.id = $2 AND m.encrypted_message IS NOT NULL`,
        [reportId, messageId],
      )
    : await ctx.db.query<{ name: string; armored: string }>(
        'SELECT reference AS name, encrypted_message AS armored FROM reports WHERE id = $1 AND encrypted_message IS NOT NULL',
        [reportId],
      );
  if (!row) throw new AppError('not_found', 'There is no encrypted message here.');
  const content = Buffer.from(row.armored, 'utf8');
  const sha256 = createHash('sha256').update(content).digest('hex');
  await ctx.db.transaction((tx) =>
    appendAudit(tx, {
      actor,
      action: 'report.encrypted_original_downloaded',
      targetType: 'report',
      targetId: reportId,
      ip,
      detail: { sha256, messageId: messageId ?? null },
      at: ctx.clock.now(),
    }),
  );
  return { fileName: `${row.name}.asc`, sha256, content };
}
