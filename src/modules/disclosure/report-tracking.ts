/**
 * The reporter's side, through the private tracking token only: status, messages (never internal notes), replies (in
 * clear or OpenPGP-encrypted) and attachments. A wrong token answers 404 like a missing one, and failed lookups per
 * address are throttled. What the reporter sent encrypted is never shown back here, only its size: whoever holds a
 * leaked tracking link does not read it.
 */
import { createHash } from 'node:crypto';
import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import { AppError } from '../../server/http/errors.ts';
import { sha256 } from '../../server/security/tokens.ts';
import { appendAudit } from '../audit/index.ts';
import { reserveAttempt } from '../members/throttle.ts';
import { sniffContentType } from './report-checks.ts';
import { type OpenedMessage, openEncryptedMessage } from './report-encryption.ts';

/** The largest attachment, and how many one report may carry. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;
/** Replies a reporter may post per hour. */
const replyRule = { limit: 20, windowMinutes: 60, lockMinutes: 60 };
/** Unknown tokens one address may try per hour. */
const guessRule = { limit: 30, windowMinutes: 60, lockMinutes: 60 };

export const statusText: Record<string, string> = {
  received: 'Received: waiting for an ISAO coordinator to triage it.',
  needs_info: 'The coordinators need more information from you: see their question in the conversation.',
  accepted: 'Accepted: the ISAO is coordinating with the manufacturer.',
  rejected: 'Closed without action: see the reason below.',
  merged: 'Merged into another report on the same problem, which the coordinators follow.',
};

interface TrackedReport {
  id: string;
  reference: string;
  status: string;
  title: string;
  vendor_name: string;
  product_name: string;
  product_version: string;
  received_at: Date;
  decision_reason: string;
  encrypted_characters: number | null;
}

/** The report of a tracking token, or 404 (and a counted attempt against the address). */
async function byToken(ctx: AppContext, token: string, ip: string): Promise<TrackedReport> {
  const [row] = await ctx.db.query<TrackedReport>(
    `SELECT id, reference, status, title, vendor_name, product_name, product_version, received_at, decision_reason,
            char_length(encrypted_text) AS encrypted_characters
       FROM reports WHERE tracking_token_hash = $1`,
    [sha256(token)],
  );
  if (!row) {
    await reserveAttempt(ctx, `report-token:${ip}`, guessRule, ip);
    throw new AppError('not_found', 'No report has this tracking link.');
  }
  return row;
}

/** Appends a message to a report's conversation (the report row is locked, so positions never collide). */
export async function insertMessage(
  tx: Queryable,
  reportId: string,
  message: {
    kind: 'reporter' | 'coordinator' | 'system';
    authorId?: string | null;
    body: string;
    internal?: boolean;
    /** A reporter's reply that arrived encrypted: `body` is its decrypted text. */
    encrypted?: OpenedMessage;
  },
  now: Date,
): Promise<void> {
  await tx.query('SELECT id FROM reports WHERE id = $1 FOR UPDATE', [reportId]);
  await tx.query(
    `INSERT INTO report_messages (report_id, position, author_kind, author_id, body, internal, created_at, encrypted_message, encrypted_to)
     SELECT $1, COALESCE(max(position), 0) + 1, $2, $3, $4, $5, $6, $7, $8 FROM report_messages WHERE report_id = $1`,
    [
      reportId,
      message.kind,
      message.authorId ?? null,
      message.body,
      message.internal ?? false,
      now,
      message.encrypted?.armored ?? null,
      message.encrypted?.keyFingerprint ?? null,
    ],
  );
}

/** A report's conversation as the coordinators see it (internal notes, names, decrypted text) or as the reporter does. */
export async function listMessages(db: Queryable, reportId: string, viewer: 'coordinator' | 'reporter') {
  const staff = viewer === 'coordinator';
  const rows = await db.query<{
    id: string;
    author_kind: 'reporter' | 'coordinator' | 'system';
    author_name: string | null;
    body: string;
    internal: boolean;
    encrypted: boolean;
    created_at: Date;
  }>(
    `SELECT m.id, m.author_kind, p.name AS author_name, m.body, m.internal, m.encrypted_message IS NOT NULL AS encrypted, m.created_at
       FROM report_messages m LEFT JOIN people p ON p.id = m.author_id WHERE m.report_id = $1 ${staff ? '' : 'AND NOT m.internal'}
      ORDER BY m.position`,
    [reportId],
  );
  return rows.map((m) => ({
    id: m.id,
    from: m.author_kind,
    // The reporter sees "ISAO coordinator", never a coordinator's name.
    authorName: staff ? m.author_name : m.author_kind === 'coordinator' ? 'ISAO coordinator' : null,
    body: m.encrypted && !staff ? '' : m.body,
    internal: m.internal,
    encrypted: m.encrypted ? { characters: [...m.body].length } : null,
    createdAt: new Date(m.created_at).toISOString(),
  }));
}

export async function listAttachments(db: Queryable, reportId: string) {
  const rows = await db.query<{
    id: string;
    file_name: string;
    content_type: string;
    byte_size: number;
    sha256: string;
    uploaded_by: 'reporter' | 'coordinator';
    created_at: Date;
  }>(
    'SELECT id, file_name, content_type, byte_size, sha256, uploaded_by, created_at FROM report_attachments WHERE report_id = $1 ORDER BY created_at, id',
    [reportId],
  );
  return rows.map((a) => ({
    id: a.id,
    fileName: a.file_name,
    contentType: a.content_type,
    byteSize: a.byte_size,
    sha256: a.sha256,
    uploadedBy: a.uploaded_by,
    createdAt: new Date(a.created_at).toISOString(),
  }));
}

/** What the reporter sees on the tracking page. */
export async function trackReport(ctx: AppContext, token: string, ip: string) {
  const r = await byToken(ctx, token, ip);
  return {
    reference: r.reference,
    status: r.status as 'received',
    statusText: statusText[r.status] ?? r.status,
    title: r.title,
    vendorName: r.vendor_name,
    productName: r.product_name,
    productVersion: r.product_version,
    receivedAt: new Date(r.received_at).toISOString(),
    decisionReason: r.decision_reason,
    encryptedMessage: r.encrypted_characters === null ? null : { characters: r.encrypted_characters },
    messages: await listMessages(ctx.db, r.id, 'reporter'),
    attachments: await listAttachments(ctx.db, r.id),
  };
}

/** The reporter answers, in clear or encrypted; a report waiting for information goes back to the triage queue. */
export async function reporterReply(ctx: AppContext, token: string, reply: { body: string; encryptedMessage?: string }, ip: string) {
  const r = await byToken(ctx, token, ip);
  if (r.status === 'rejected' || r.status === 'merged')
    throw new AppError('conflict', 'This report is closed. Send a new report if you have new information.');
  const encrypted =
    reply.encryptedMessage === undefined ? null : await openEncryptedMessage(ctx, reply.encryptedMessage, { min: 1, max: 10_000 });
  await reserveAttempt(ctx, `report-reply:${r.id}`, replyRule, ip);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await insertMessage(
      tx,
      r.id,
      encrypted ? { kind: 'reporter', body: encrypted.text, encrypted } : { kind: 'reporter', body: reply.body },
      now,
    );
    await tx.query(
      `UPDATE reports SET status = CASE WHEN status = 'needs_info' THEN 'received' ELSE status END, updated_at = $2 WHERE id = $1`,
      [r.id, now],
    );
    await appendAudit(tx, {
      actor: { label: 'reporter (no account)' },
      action: 'report.reporter_replied',
      targetType: 'report',
      targetId: r.id,
      ip,
      detail: { encrypted: encrypted !== null },
      at: now,
    });
  });
  return trackReport(ctx, token, ip);
}

/** Stores an attachment (hashed, type sniffed); the same file twice is stored once. */
export async function addAttachment(
  ctx: AppContext,
  reportId: string,
  bytes: Buffer,
  fileName: string,
  by: 'reporter' | 'coordinator',
  audit: { actor: Parameters<typeof appendAudit>[1]['actor']; ip: string },
) {
  if (bytes.length === 0) throw new AppError('bad_request', 'The file is empty.');
  if (bytes.length > MAX_ATTACHMENT_BYTES)
    throw new AppError('payload_too_large', `A file may have at most ${MAX_ATTACHMENT_BYTES} bytes.`);
  const digest = createHash('sha256').update(bytes).digest('hex');
  const name = fileName.replace(/[\\/]/g, '_').replace(/^\.+/, '').slice(0, 200) || 'attachment';
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    // Serialises uploads to one report, so the count below cannot be raced past.
    await tx.query('SELECT id FROM reports WHERE id = $1 FOR UPDATE', [reportId]);
    const [{ n }] = (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM report_attachments WHERE report_id = $1', [
      reportId,
    ])) as [{ n: number }];
    const existing = await tx.query('SELECT 1 FROM report_attachments WHERE report_id = $1 AND sha256 = $2', [reportId, digest]);
    if (existing.length > 0) return;
    if (n >= MAX_ATTACHMENTS) throw new AppError('conflict', `A report may carry at most ${MAX_ATTACHMENTS} files.`);
    await tx.query(
      `INSERT INTO report_attachments (report_id, file_name, content_type, byte_size, sha256, content, uploaded_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [reportId, name, sniffContentType(bytes), bytes.length, digest, bytes, by, now],
    );
    await appendAudit(tx, {
      actor: audit.actor,
      action: 'report.attachment_added',
      targetType: 'report',
      targetId: reportId,
      ip: audit.ip,
      detail: { sha256: digest, byteSize: bytes.length, by },
      at: now,
    });
  });
}

export async function reporterAttach(ctx: AppContext, token: string, bytes: Buffer, fileName: string, ip: string) {
  const r = await byToken(ctx, token, ip);
  if (r.status === 'rejected' || r.status === 'merged') throw new AppError('conflict', 'This report is closed.');
  await reserveAttempt(ctx, `report-reply:${r.id}`, replyRule, ip);
  await addAttachment(ctx, r.id, bytes, fileName, 'reporter', { actor: { label: 'reporter (no account)' }, ip });
  return trackReport(ctx, token, ip);
}

/** An attachment's bytes, for a download that is never rendered inline. */
export async function attachmentContent(db: Queryable, reportId: string, attachmentId: string) {
  const [row] = await db.query<{ file_name: string; content_type: string; sha256: string; content: Uint8Array }>(
    'SELECT file_name, content_type, sha256, content FROM report_attachments WHERE id = $1 AND report_id = $2',
    [attachmentId, reportId],
  );
  if (!row) throw new AppError('not_found');
  return { fileName: row.file_name, contentType: row.content_type, sha256: row.sha256, content: Buffer.from(row.content) };
}

export async function reporterDownload(ctx: AppContext, token: string, attachmentId: string, ip: string) {
  const r = await byToken(ctx, token, ip);
  return attachmentContent(ctx.db, r.id, attachmentId);
}
