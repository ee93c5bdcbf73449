/**
 * Receiving a report from anyone, without an account: a proof-of-work challenge and a honeypot field instead of a
 * third-party CAPTCHA, a per-address limit, size limits (in the schema), an optional OpenPGP-encrypted message,
 * duplicate flagging, an acknowledgement at once, and a private tracking link (an unguessable token stored only as its
 * hash).
 */
import { containsPattern } from '../../server/db/sql-text.ts';
import { createHash, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import { AppError } from '../../server/http/errors.ts';
import { randomToken, sha256, shortReference } from '../../server/security/tokens.ts';
import type { NewReport } from '../../shared/api/reports.ts';
import { appendAudit } from '../audit/index.ts';
import { reserveAttempt } from '../members/throttle.ts';
import { type OpenedMessage, openEncryptedMessage } from './report-encryption.ts';
import { insertMessage } from './report-tracking.ts';
import { DUPLICATE_SIMILARITY, proofBits, shingles, similarity, textFingerprint } from './report-checks.ts';

/** Leading zero bits the proof of work needs (about 16,000 hashes: under a second in a browser). */
export const PROOF_DIFFICULTY = 14;
const CHALLENGE_MINUTES = 30;

/** The default disclosure program, created on first use with the service levels people expect (1, 7, 14 days). */
export async function defaultProgram(db: Queryable, now: Date) {
  await db.query(
    `INSERT INTO cvd_programs (name, ack_hours, triage_hours, vendor_contact_hours, is_default, created_at)
     VALUES ('Coordinated vulnerability disclosure', 24, 168, 336, true, $1) ON CONFLICT DO NOTHING`,
    [now],
  );
  const [program] = await db.query<{ id: string; name: string; ack_hours: number; triage_hours: number; vendor_contact_hours: number }>(
    'SELECT id, name, ack_hours, triage_hours, vendor_contact_hours FROM cvd_programs WHERE is_default',
  );
  return program!;
}

/** A fresh proof-of-work challenge, valid for 30 minutes and usable once. */
export async function issueChallenge(ctx: AppContext, ip: string) {
  // Each challenge is a row: one address gets a bounded number, and expired ones go at once.
  await reserveAttempt(
    ctx,
    `report-challenge:${ip}`,
    { limit: 20 * ctx.config.reportLimitPerHour, windowMinutes: 60, lockMinutes: 60 },
    ip,
  );
  const now = ctx.clock.now();
  const challenge = randomBytes(16).toString('hex');
  const expiresAt = new Date(now.getTime() + CHALLENGE_MINUTES * 60_000);
  await ctx.db.query('DELETE FROM report_challenges WHERE expires_at < $1', [now]);
  await ctx.db.query('INSERT INTO report_challenges (challenge, difficulty, expires_at) VALUES ($1, $2, $3)', [
    challenge,
    PROOF_DIFFICULTY,
    expiresAt,
  ]);
  return { challenge, difficulty: PROOF_DIFFICULTY, expiresAt: expiresAt.toISOString() };
}

/** Uses up a challenge inside the report's transaction: unknown, expired, used or unsolved ones are refused. */
async function spendChallenge(tx: Queryable, proof: { challenge: string; nonce: string }, now: Date): Promise<void> {
  const [row] = await tx.query<{ difficulty: number }>(
    'UPDATE report_challenges SET used_at = $2 WHERE challenge = $1 AND used_at IS NULL AND expires_at > $2 RETURNING difficulty',
    [proof.challenge, now],
  );
  if (!row) throw new AppError('bad_request', 'The form expired or was already sent: reload the page and send it again.');
  if (proofBits(proof.challenge, proof.nonce) < row.difficulty)
    throw new AppError('bad_request', 'The proof of work is not valid: reload the page and send it again.');
}

/** The words a report is compared by: title, description and the decrypted text of its encrypted message. */
const reportText = (r: { title: string; description: string; encryptedText: string | null }) =>
  [r.title, r.description, r.encryptedText ?? ''].join(' ');

/** Earlier reports on the same vendor and product (last 365 days) whose text is similar, or the same text anywhere. */
async function findDuplicates(tx: Queryable, input: z.infer<typeof NewReport>, text: string, fingerprint: string, now: Date) {
  const since = new Date(now.getTime() - 365 * 86_400_000);
  const candidates = await tx.query<{
    id: string;
    title: string;
    description: string;
    encrypted_text: string | null;
    text_fingerprint: string;
  }>(
    `SELECT id, title, description, encrypted_text, text_fingerprint FROM reports
      WHERE text_fingerprint = $4
         OR (received_at >= $3 AND lower(vendor_name) = lower($1) AND lower(product_name) = lower($2))
      ORDER BY received_at DESC LIMIT 200`,
    [input.vendorName, input.productName, since, fingerprint],
  );
  const mine = shingles(text);
  const theirs = (c: (typeof candidates)[number]) => shingles(reportText({ ...c, encryptedText: c.encrypted_text }));
  return candidates
    .filter((c) => c.text_fingerprint === fingerprint || similarity(mine, theirs(c)) >= DUPLICATE_SIMILARITY)
    .map((c) => c.id)
    .slice(0, 10);
}

/** Receives a report; answers with the reference and the private tracking token (shown once, stored hashed). */
export async function submitReport(ctx: AppContext, input: z.infer<typeof NewReport>, ip: string) {
  const now = ctx.clock.now();
  // A robot that filled the hidden field gets the same answer shape as a refusal of a bad proof, and nothing is stored.
  if (input.website.trim() !== '') throw new AppError('bad_request', 'The form could not be accepted: reload the page and send it again.');
  // Decrypted before the per-address limit (bounded work, see report-encryption.ts), so a reporter who pasted the wrong
  // block does not use up the hour's reports; a refusal stores nothing and leaves the proof of work unspent.
  const encrypted: OpenedMessage | null =
    input.encryptedMessage === undefined ? null : await openEncryptedMessage(ctx, input.encryptedMessage, { min: 20, max: 20_000 });
  await reserveAttempt(ctx, `report:${ip}`, { limit: ctx.config.reportLimitPerHour, windowMinutes: 60, lockMinutes: 60 }, ip);
  const token = randomToken(32);
  const text = reportText({ ...input, encryptedText: encrypted?.text ?? null });
  const fingerprint = textFingerprint(text);
  const reference = await ctx.db.transaction(async (tx) => {
    await spendChallenge(tx, input.proof, now);
    const program = await defaultProgram(tx, now);
    // A suggestion chosen on the form must exist and belong together; otherwise only the typed names count.
    let vendorOrgId: string | null = null;
    let productId: string | null = null;
    if (input.vendorOrgId) {
      const [org] = await tx.query<{ id: string }>(
        "SELECT id FROM organisations WHERE id = $1 AND status = 'active' AND kind = 'manufacturer'",
        [input.vendorOrgId],
      );
      vendorOrgId = org?.id ?? null;
    }
    if (input.productId && vendorOrgId) {
      const [product] = await tx.query<{ id: string }>(
        "SELECT id FROM products WHERE id = $1 AND owner_org_id = $2 AND visibility = 'public'",
        [input.productId, vendorOrgId],
      );
      productId = product?.id ?? null;
    }
    const duplicates = await findDuplicates(tx, input, text, fingerprint, now);
    const ref = shortReference('R', now);
    const [row] = (await tx.query<{ id: string }>(
      `INSERT INTO reports (reference, program_id, tracking_token_hash, status, vendor_name, vendor_org_id, product_name, product_id,
         product_version, title, description, patient_impact, how_found, publicly_known, exploited, disclosure_plans, credit_consent,
         credit_name, reporter_name, reporter_email, possible_duplicate_ids, text_fingerprint, source_ip_hash, received_at, updated_at,
         encrypted_message, encrypted_text, encrypted_to)
       VALUES ($1, $2, $3, 'received', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $23,
         $24, $25, $26)
       RETURNING id`,
      [
        ref,
        program.id,
        sha256(token),
        input.vendorName,
        vendorOrgId,
        input.productName,
        productId,
        input.productVersion,
        input.title,
        input.description,
        input.patientImpact,
        input.howFound,
        input.publiclyKnown,
        input.exploited,
        input.disclosurePlans,
        input.credit.consent,
        input.credit.consent ? input.credit.name || input.contact.name : '',
        input.contact.name,
        input.contact.email ?? null,
        duplicates,
        fingerprint,
        createHash('sha256').update(`report-ip:${ip}`).digest('hex'),
        now,
        encrypted?.armored ?? null,
        encrypted?.text ?? null,
        encrypted?.keyFingerprint ?? null,
      ],
    )) as [{ id: string }];
    await insertMessage(
      tx,
      row.id,
      {
        kind: 'system',
        body:
          `Thank you. Your report ${ref} was received. An ISAO coordinator will acknowledge it within ${program.ack_hours} hours ` +
          `and triage it within ${Math.round(program.triage_hours / 24)} days. Keep your tracking link private: it is the only way in.`,
      },
      now,
    );
    await appendAudit(tx, {
      actor: { label: 'reporter (no account)' },
      action: 'report.received',
      targetType: 'report',
      targetId: row.id,
      ip,
      detail: { reference: ref, possibleDuplicates: duplicates.length, vendorOrgId, encrypted: encrypted !== null },
      at: now,
    });
    return ref;
  });
  const trackingUrl = `${ctx.config.publicUrl}/report/track#${token}`;
  if (input.contact.email) {
    try {
      await ctx.mailer.send({
        to: input.contact.email,
        subject: `Your vulnerability report ${reference} was received`,
        text:
          `Thank you for your report "${input.title}" (${reference}).\n\n` +
          `Follow it, answer questions and add files here (keep this link private):\n${trackingUrl}\n\n` +
          'This message was sent because this address was given as the contact for the report.',
      });
    } catch (err) {
      ctx.log.error({ err }, 'could not send the report acknowledgement');
    }
  }
  return {
    reference,
    trackingToken: token,
    trackingUrl,
    receivedAt: now.toISOString(),
    encryptedMessage: encrypted ? { characters: [...encrypted.text].length } : null,
  };
}

/** Suggestions for the report form: active manufacturers whose name matches, with their public products only. */
export async function directorySuggestions(ctx: AppContext, q: string) {
  const like = containsPattern(q);
  const orgs = await ctx.db.query<{ id: string; name: string; products: { id: string; name: string }[] }>(
    `SELECT o.id, o.name,
       COALESCE((SELECT jsonb_agg(jsonb_build_object('id', p.id, 'name', p.name) ORDER BY p.name) FROM products p
                  WHERE p.owner_org_id = o.id AND p.visibility = 'public'), '[]') AS products
       FROM organisations o
      WHERE o.kind = 'manufacturer' AND o.status = 'active'
        AND (o.name ILIKE $1 OR EXISTS (SELECT 1 FROM products p WHERE p.owner_org_id = o.id AND p.visibility = 'public' AND p.name ILIKE $1))
      ORDER BY o.name LIMIT 20`,
    [like],
  );
  return { items: orgs.map((o) => ({ orgId: o.id, orgName: o.name, products: o.products })) };
}
