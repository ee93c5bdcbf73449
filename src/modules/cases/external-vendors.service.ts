/**
 * Vendors that are not members: a coordinator adds one to a case by name and contact address, and the contact is
 * emailed a one-time link (only its hash is stored) that opens a session scoped to this case and this vendor. The
 * vendor is an organisation row with status 'external': no people, never a member, never listed; its statements,
 * thread and place in the advisory are a member vendor's. A new link replaces the previous one and ends the session
 * it opened. Every step is audited and logged in the case.
 */
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import { AppError } from '../../server/http/errors.ts';
import { randomToken, sha256 } from '../../server/security/tokens.ts';
import type { AddExternalVendorBody, NewVendorLinkBody } from '../../shared/api/cases.ts';
import type { Actor } from '../policy/index.ts';
import { assertCoordinator, assertOpen } from './case-access.ts';
import { getCase, logEvent } from './cases.service.ts';
import { SESSION_DAYS } from './vendor-session.ts';

/** How long a link may wait to be opened. */
const LINK_DAYS = 14;

/** Stores a new current link for the vendor (the caller has replaced the previous one); returns the token to email. */
async function insertLink(tx: Queryable, caseId: string, orgId: string, sentTo: string, by: Actor, now: Date) {
  const token = randomToken(32);
  const expiresAt = new Date(now.getTime() + LINK_DAYS * 86_400_000);
  await tx.query(
    `INSERT INTO vendor_links (token_hash, case_id, org_id, sent_to, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [sha256(token), caseId, orgId, sentTo, by.personId, now, expiresAt],
  );
  return { token, expiresAt };
}

interface ExternalContact {
  reference: string;
  org_name: string;
  contact_name: string;
  contact_email: string;
  isao: string;
}

/** The contact of an external vendor of a case, with the case's reference and the ISAO's name; null for a member vendor. */
async function externalContact(ctx: AppContext, caseId: string, orgId: string): Promise<ExternalContact | null> {
  const [row] = await ctx.db.query<ExternalContact & { isao: string | null }>(
    `SELECT c.reference, o.name AS org_name, x.contact_name, x.contact_email,
       (SELECT name FROM organisations WHERE kind = 'operator' ORDER BY created_at LIMIT 1) AS isao
       FROM external_vendor_contacts x JOIN cases c ON c.id = x.case_id JOIN organisations o ON o.id = x.org_id
      WHERE x.case_id = $1 AND x.org_id = $2`,
    [caseId, orgId],
  );
  return row ? { ...row, isao: row.isao ?? 'The ISAO' } : null;
}

async function mailContact(ctx: AppContext, contact: ExternalContact, subject: string, body: string): Promise<void> {
  try {
    await ctx.mailer.send({
      to: contact.contact_email,
      subject,
      text: `Hello${contact.contact_name ? ` ${contact.contact_name}` : ''},\n\n${body}`,
    });
  } catch (err) {
    ctx.log.error({ err }, 'could not email an external vendor');
  }
}

/** Emails the link: the case's reference and the vendor's name, never the case's content. */
async function mailLink(ctx: AppContext, caseId: string, orgId: string, link: { token: string; expiresAt: Date }): Promise<void> {
  const row = await externalContact(ctx, caseId, orgId);
  if (!row) return;
  const isao = row.isao;
  await mailContact(
    ctx,
    row,
    `Coordinated vulnerability disclosure: case ${row.reference} concerns ${row.org_name}`,
    `${isao} coordinates the disclosure of a vulnerability that may concern products of ${row.org_name} (case ${row.reference}).\n` +
      `Please tell us, for each vulnerability, whether your products are affected.\n\n` +
      `Open the case with this link (no account needed). It works once, until ${link.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC:\n` +
      `${ctx.config.publicUrl}/vendor/access#${link.token}\n\n` +
      `It opens the case in that browser for ${SESSION_DAYS} days. If it no longer works, ask ${isao} for a new link.\n` +
      `Do not forward this email: the link gives access to confidential information about an unpublished vulnerability.`,
  );
}

/**
 * Tells an external vendor's contact that the coordinators wrote in its thread: they have no account and no
 * notification centre. Only that a message is waiting, never its text (email is not confidential enough for it).
 * Nothing for a member vendor's thread.
 */
export async function mailExternalVendorMessage(ctx: AppContext, caseId: string, orgId: string): Promise<void> {
  const row = await externalContact(ctx, caseId, orgId);
  if (!row) return;
  await mailContact(
    ctx,
    row,
    `New message on case ${row.reference} (coordinated vulnerability disclosure)`,
    `${row.isao} wrote to ${row.org_name} about case ${row.reference}. The message is in the case, not in this email.\n\n` +
      `Read and answer it in the browser where you opened your link: ${ctx.config.publicUrl}/vendor/cases/${caseId}\n` +
      `That access lasts ${SESSION_DAYS} days from when the link was opened. If the case no longer opens, ask ${row.isao} for a new link.`,
  );
}

/** A coordinator adds a vendor that is not a member; its contact is emailed a one-time link. */
export async function addExternalVendor(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  body: z.infer<typeof AddExternalVendorBody>,
  ip: string,
) {
  await assertCoordinator(ctx.db, actor, caseId);
  await assertOpen(ctx.db, caseId);
  const now = ctx.clock.now();
  const { orgId, link } = await ctx.db.transaction(async (tx) => {
    // Serialises additions to the case, so two coordinators cannot add the same name at once.
    await tx.query('SELECT id FROM cases WHERE id = $1 FOR UPDATE', [caseId]);
    const taken = await tx.query(
      'SELECT 1 FROM case_vendors cv JOIN organisations o ON o.id = cv.org_id WHERE cv.case_id = $1 AND lower(o.name) = lower($2)',
      [caseId, body.orgName],
    );
    if (taken.length > 0) throw new AppError('already_exists', `${body.orgName} is already part of this case.`);
    const member = await tx.query(
      "SELECT 1 FROM organisations WHERE lower(name) = lower($1) AND status = 'active' AND kind = 'manufacturer'",
      [body.orgName],
    );
    if (member.length > 0)
      throw new AppError(
        'conflict',
        `${body.orgName} is a member manufacturer: add it as a member vendor, so its people answer in OpenISAO.`,
      );
    const [org] = (await tx.query<{ id: string }>(
      "INSERT INTO organisations (name, kind, status, created_at) VALUES ($1, 'manufacturer', 'external', $2) RETURNING id",
      [body.orgName, now],
    )) as [{ id: string }];
    await tx.query('INSERT INTO case_vendors (case_id, org_id, added_by, notified_at) VALUES ($1, $2, $3, $4)', [
      caseId,
      org.id,
      actor.personId,
      now,
    ]);
    await tx.query(
      'INSERT INTO external_vendor_contacts (case_id, org_id, contact_name, contact_email, note) VALUES ($1, $2, $3, $4, $5)',
      [caseId, org.id, body.contactName, body.contactEmail, body.note],
    );
    const sent = await insertLink(tx, caseId, org.id, body.contactEmail, actor, now);
    await logEvent(tx, caseId, actor, 'external_vendor_added', { orgName: body.orgName, contactEmail: body.contactEmail }, now, ip, org.id);
    return { orgId: org.id, link: sent };
  });
  await mailLink(ctx, caseId, orgId, link);
  return getCase(ctx, actor, caseId);
}

/** Sends an external vendor a new link, optionally to a corrected contact; the previous link and its session stop working. */
export async function sendNewVendorLink(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  orgId: string,
  body: z.infer<typeof NewVendorLinkBody>,
  ip: string,
) {
  await assertCoordinator(ctx.db, actor, caseId);
  await assertOpen(ctx.db, caseId);
  const now = ctx.clock.now();
  const link = await ctx.db.transaction(async (tx) => {
    const [contact] = await tx.query<{ contact_name: string; contact_email: string; org_name: string }>(
      `SELECT x.contact_name, x.contact_email, o.name AS org_name FROM external_vendor_contacts x JOIN organisations o ON o.id = x.org_id
        WHERE x.case_id = $1 AND x.org_id = $2 FOR UPDATE OF x`,
      [caseId, orgId],
    );
    if (!contact) throw new AppError('not_found', 'This case has no such external vendor.');
    const email = body.contactEmail ?? contact.contact_email;
    await tx.query('UPDATE external_vendor_contacts SET contact_name = $3, contact_email = $4 WHERE case_id = $1 AND org_id = $2', [
      caseId,
      orgId,
      body.contactName ?? contact.contact_name,
      email,
    ]);
    await tx.query('UPDATE vendor_links SET replaced_at = $3 WHERE case_id = $1 AND org_id = $2 AND replaced_at IS NULL', [
      caseId,
      orgId,
      now,
    ]);
    await tx.query('UPDATE vendor_sessions SET revoked_at = $3 WHERE case_id = $1 AND org_id = $2 AND revoked_at IS NULL', [
      caseId,
      orgId,
      now,
    ]);
    const sent = await insertLink(tx, caseId, orgId, email, actor, now);
    const detail = {
      orgName: contact.org_name,
      contactEmail: email,
      ...(email !== contact.contact_email ? { previousEmail: contact.contact_email } : {}),
    };
    await logEvent(tx, caseId, actor, 'vendor_link_sent', detail, now, ip, orgId);
    return sent;
  });
  await mailLink(ctx, caseId, orgId, link);
  return getCase(ctx, actor, caseId);
}
