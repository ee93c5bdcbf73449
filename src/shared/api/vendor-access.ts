import { z } from 'zod';
import { CaseState, CaseVulnerability, VendorStatement } from './cases.ts';
import { Uuid } from './common.ts';

/** A vendor that is not a member, through the one-time link it was emailed: one case, its own part of it. */

/** The token from the link's fragment (base64url of 32 random bytes). */
export const VendorLinkBody = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'the token from the link') });

export const VendorAccessOpened = z.strictObject({ caseId: Uuid, expiresAt: z.string() });

/** What the vendor sees: the case, the vulnerabilities and its own statements; never other vendors or the reporter. */
export const VendorCaseView = z.strictObject({
  id: Uuid,
  reference: z.string(),
  title: z.string(),
  summary: z.string(),
  state: CaseState,
  embargoUntil: z.string().nullable(),
  vendor: z.strictObject({ orgName: z.string(), contactName: z.string(), contactEmail: z.string() }),
  vulnerabilities: z.array(CaseVulnerability),
  statements: z.array(VendorStatement),
  /** When this access ends, and the token to send as X-CSRF-Token on writes. */
  access: z.strictObject({ expiresAt: z.string(), csrfToken: z.string() }),
});
