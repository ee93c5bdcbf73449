/**
 * An external vendor's access: the one-time link is exchanged once for a session bound to one case and one vendor (its
 * own HttpOnly SameSite=Strict cookie, limited to that case's API path, and a CSRF token for writes). It is no member
 * sign-in: member routes never see it (their actor stays null), and these routes never accept a member credential.
 * Failed exchanges are counted per address; a link that was used, replaced or has expired is refused as gone.
 */
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import { randomToken, safeEqual, sha256 } from '../../server/security/tokens.ts';
import { appendAudit } from '../audit/index.ts';
import { releaseAttempt, reserveAttempt } from '../members/throttle.ts';
import { appendCaseLog } from './cases.service.ts';

/** Name of the scoped session cookie. */
export const VENDOR_COOKIE = 'isao_vendor';
/** How long the session a link opens lasts (no renewal: a new link is needed after). */
export const SESSION_DAYS = 7;
/** Link exchanges one address may try per hour (each success gives its attempt back). */
const exchangeRule = { limit: 20, windowMinutes: 60, lockMinutes: 60 };

/** A live scoped session: who it is, for which case. */
export interface VendorSession {
  caseId: string;
  orgId: string;
  orgName: string;
  contactName: string;
  contactEmail: string;
  csrfToken: string;
  expiresAt: Date;
  tokenHash: string;
}

/** What a request carries for the scoped session. */
export interface VendorCredentials {
  cookie: string | undefined;
  csrfHeader: string | undefined;
  isWrite: boolean;
}

/** The cookie is sent only to this case's vendor routes. */
export const vendorCookiePath = (caseId: string) => `/api/v1/vendor-access/cases/${caseId}`;

/** How the contact appears in the case log and the discussion. */
export const contactLabel = (s: Pick<VendorSession, 'contactName' | 'contactEmail'>) =>
  `${s.contactName || s.contactEmail} (by email link)`;

/** The contact as the audit log records it: the address, and the vendor organisation. */
export const contactAuditActor = (s: Pick<VendorSession, 'contactEmail' | 'orgId'>) => ({
  label: `${s.contactEmail} (external vendor)`,
  orgId: s.orgId,
});

const gone = {
  replaced: 'A newer link was sent for this case: use the latest email from the ISAO, or ask the ISAO for a new link.',
  used: 'This link was already used: it opens the case only once. Ask the ISAO for a new link.',
  expired: 'This link has expired. Ask the ISAO for a new link.',
};

/** Exchanges a link for a scoped session; returns the session token (for the cookie) and its case. */
export async function openVendorAccess(ctx: AppContext, token: string, ip: string, userAgent: string | null) {
  const key = `vendor-link:${ip}`;
  await reserveAttempt(ctx, key, exchangeRule, ip);
  const hash = sha256(token);
  const now = ctx.clock.now();
  const [link] = await ctx.db.query<{ case_id: string; org_id: string; expires_at: Date; used_at: Date | null; replaced_at: Date | null }>(
    'SELECT case_id, org_id, expires_at, used_at, replaced_at FROM vendor_links WHERE token_hash = $1',
    [hash],
  );
  if (!link) throw new AppError('not_found', 'This link is not valid. Check that you opened the whole link from the email.');
  const refused = link.replaced_at ? 'replaced' : link.used_at ? 'used' : new Date(link.expires_at) <= now ? 'expired' : null;
  if (refused) await refuse(ctx, link.case_id, link.org_id, refused, ip);
  const session = randomToken(32);
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  const opened = await ctx.db.transaction(async (tx) => {
    // The claim itself: of two requests with the same link, one wins.
    const claimed = await tx.query(
      'UPDATE vendor_links SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND replaced_at IS NULL AND expires_at > $2 RETURNING 1',
      [hash, now],
    );
    if (claimed.length === 0) return false;
    await tx.query(
      `INSERT INTO vendor_sessions (token_hash, case_id, org_id, link_hash, csrf_token, created_at, expires_at, ip, user_agent)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [sha256(session), link.case_id, link.org_id, hash, randomToken(24), now, expiresAt, ip, userAgent],
    );
    const [who] = (await tx.query<{ org_name: string; contact_name: string; contact_email: string }>(
      `SELECT o.name AS org_name, x.contact_name, x.contact_email FROM external_vendor_contacts x JOIN organisations o ON o.id = x.org_id
        WHERE x.case_id = $1 AND x.org_id = $2`,
      [link.case_id, link.org_id],
    )) as [{ org_name: string; contact_name: string; contact_email: string }];
    const label = contactLabel({ contactName: who.contact_name, contactEmail: who.contact_email });
    const detail = { orgName: who.org_name, accessUntil: expiresAt.toISOString() };
    await appendCaseLog(tx, link.case_id, { label }, 'vendor_link_opened', detail, now, link.org_id);
    await appendAudit(tx, {
      actor: contactAuditActor({ contactEmail: who.contact_email, orgId: link.org_id }),
      action: 'case.vendor_link_opened',
      targetType: 'case',
      targetId: link.case_id,
      ip,
      detail,
      at: now,
    });
    return true;
  });
  if (!opened) await refuse(ctx, link.case_id, link.org_id, 'used', ip);
  await releaseAttempt(ctx, key);
  return { token: session, caseId: link.case_id, expiresAt };
}

/** Audits a refused real link (a reuse may mean the email was forwarded or intercepted) and answers 410. */
async function refuse(ctx: AppContext, caseId: string, orgId: string, reason: keyof typeof gone, ip: string): Promise<never> {
  await ctx.db.transaction((tx) =>
    appendAudit(tx, {
      actor: { label: 'vendor link holder' },
      action: 'case.vendor_link_refused',
      targetType: 'case',
      targetId: caseId,
      ip,
      detail: { orgId, reason },
      at: ctx.clock.now(),
    }),
  );
  throw new AppError('gone', gone[reason]);
}

/**
 * The scoped session for this case, or 401 (none, ended or revoked), 404 (it is for another case) or 403 (a write
 * without its CSRF token).
 */
export async function requireVendorSession(ctx: AppContext, creds: VendorCredentials, caseId: string): Promise<VendorSession> {
  const ended = new AppError(
    'unauthenticated',
    'Your access to this case has ended, or was not opened in this browser: open the link from the ISAO’s email, or ask the ISAO for a new one.',
  );
  if (!creds.cookie || creds.cookie.length > 200) throw ended;
  const [row] = await ctx.db.query<{
    case_id: string;
    org_id: string;
    org_name: string;
    contact_name: string;
    contact_email: string;
    csrf_token: string;
    expires_at: Date;
    token_hash: string;
  }>(
    `SELECT s.case_id, s.org_id, o.name AS org_name, x.contact_name, x.contact_email, s.csrf_token, s.expires_at, s.token_hash
       FROM vendor_sessions s JOIN external_vendor_contacts x ON x.case_id = s.case_id AND x.org_id = s.org_id
       JOIN organisations o ON o.id = s.org_id
      WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2`,
    [sha256(creds.cookie), ctx.clock.now()],
  );
  if (!row) throw ended;
  if (row.case_id !== caseId) throw new AppError('not_found');
  if (creds.isWrite && (!creds.csrfHeader || !safeEqual(creds.csrfHeader, row.csrf_token))) throw new AppError('csrf_failed');
  return {
    caseId: row.case_id,
    orgId: row.org_id,
    orgName: row.org_name,
    contactName: row.contact_name,
    contactEmail: row.contact_email,
    csrfToken: row.csrf_token,
    expiresAt: new Date(row.expires_at),
    tokenHash: row.token_hash,
  };
}

/** Ends the scoped session (the vendor signs out), audited. */
export async function endVendorSession(ctx: AppContext, s: VendorSession, ip: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx.query('UPDATE vendor_sessions SET revoked_at = $2 WHERE token_hash = $1', [s.tokenHash, now]);
    await appendAudit(tx, {
      actor: contactAuditActor(s),
      action: 'case.vendor_signed_out',
      targetType: 'case',
      targetId: s.caseId,
      ip,
      at: now,
    });
  });
}
