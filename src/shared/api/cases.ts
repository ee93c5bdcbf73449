import { z } from 'zod';
import { Email, PlainText, Timestamp, Uuid } from './common.ts';

/** Disclosure cases: vulnerabilities × member vendors, vendor statements, ISO/IEC 30111 states. */

const Plain = PlainText;

/** ISO/IEC 30111 phases of vulnerability handling, then closed. */
export const caseStates = ['received', 'verified', 'remediation', 'release', 'post_release', 'closed'] as const;
export const CaseState = z.enum(caseStates);
export const vendorStatuses = ['under_investigation', 'affected', 'not_affected', 'fixed'] as const;
export const VendorStatus = z.enum(vendorStatuses);

export const Cwe = z
  .string()
  .trim()
  .regex(/^CWE-\d{1,5}$/, 'a CWE id like CWE-306');
export const CveId = z
  .string()
  .trim()
  .regex(/^CVE-\d{4}-\d{4,7}$/, 'a CVE id like CVE-2026-12345');
const Cvss31 = z
  .string()
  .trim()
  .regex(
    /^CVSS:3\.1\/AV:[NALP]\/AC:[LH]\/PR:[NLH]\/UI:[NR]\/S:[UC]\/C:[NLH]\/I:[NLH]\/A:[NLH](\/[A-Za-z]{1,3}:[A-Za-z])*$/,
    'a complete CVSS 3.1 base vector (CVSS:3.1/AV:…/AC:…/PR:…/UI:…/S:…/C:…/I:…/A:…)',
  );
const Cvss40 = z
  .string()
  .trim()
  .regex(
    /^CVSS:4\.0\/AV:[NALP]\/AC:[LH]\/AT:[NP]\/PR:[NLH]\/UI:[NPA]\/VC:[HLN]\/VI:[HLN]\/VA:[HLN]\/SC:[HLN]\/SI:[HLN]\/SA:[HLN](\/[A-Za-z]{1,3}:[A-Za-z])*$/,
    'a complete CVSS 4.0 base vector (CVSS:4.0/AV:…/AC:…/AT:…/PR:…/UI:…/VC:…/VI:…/VA:…/SC:…/SI:…/SA:…)',
  );

export const CreateCaseBody = z.strictObject({
  title: Plain(200).trim().min(5),
  summary: Plain(10_000).trim().default(''),
  /** The accepted report(s) this case coordinates. */
  reportIds: z.array(Uuid).max(20).default([]),
});
export const UpdateCaseBody = z.strictObject({
  title: Plain(200).trim().min(5).optional(),
  summary: Plain(10_000).trim().optional(),
  /** The embargo (planned publication), in UTC with an offset; null lifts it. Participants are reminded 48 hours before. */
  embargoUntil: Timestamp.nullable().optional(),
});
export const TransitionBody = z.strictObject({ state: CaseState, note: Plain(2000).trim().default('') });

export const VulnerabilityBody = z.strictObject({
  title: Plain(200).trim().min(3),
  description: Plain(20_000).trim().default(''),
  cwe: Cwe.optional(),
  cvss31: Cvss31.optional(),
  cvss40: Cvss40.optional(),
  cve: CveId.optional(),
});
export const VulnerabilityParams = z.strictObject({ id: Uuid, vulnerabilityId: Uuid });

export const AddVendorBody = z.strictObject({ orgId: Uuid });
/** A vendor that is not a member: its contact is emailed a one-time link to this case only. */
export const AddExternalVendorBody = z.strictObject({
  orgName: Plain(200).trim().min(2),
  contactName: Plain(200).trim().default(''),
  contactEmail: Email,
  /** For the coordinators only; never shown to the vendor. */
  note: Plain(2000).trim().default(''),
});
export const ExternalVendorParams = z.strictObject({ id: Uuid, orgId: Uuid });
/** A new link replaces the previous one (which stops working); optionally to a corrected contact. */
export const NewVendorLinkBody = z.strictObject({
  contactName: Plain(200).trim().optional(),
  contactEmail: Email.optional(),
});
export const StatementParams = z.strictObject({ id: Uuid, vulnerabilityId: Uuid });
export const StatementBody = z.strictObject({
  status: VendorStatus,
  /** Which of the vendor's products this is about (named in the published advisory). */
  product: Plain(200).trim().default(''),
  statement: Plain(5000).trim().default(''),
  affectedVersions: Plain(500).trim().default(''),
  fixedVersions: Plain(500).trim().default(''),
});

const Score = z.strictObject({ vector: z.string(), score: z.number(), severity: z.string() }).nullable();

export const CaseVulnerability = z.strictObject({
  id: Uuid,
  position: z.number().int(),
  title: z.string(),
  description: z.string(),
  cwe: z.string().nullable(),
  cvss31: Score,
  cvss40: Score,
  cve: z.string().nullable(),
});

export const VendorStatement = z.strictObject({
  vulnerabilityId: Uuid,
  status: VendorStatus,
  product: z.string(),
  statement: z.string(),
  affectedVersions: z.string(),
  fixedVersions: z.string(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string(),
});

/** A vendor outside the membership, reached by email: its contact and the state of its current one-time link. */
export const ExternalVendor = z.strictObject({
  contactName: z.string(),
  contactEmail: z.string(),
  note: z.string(),
  link: z.strictObject({
    /** sent: not opened yet; opened: exchanged for a session; expired: never opened in time. */
    state: z.enum(['sent', 'opened', 'expired']),
    sentAt: z.string(),
    expiresAt: z.string(),
    openedAt: z.string().nullable(),
    /** When the session the link opened ends (null when none is live). */
    accessUntil: z.string().nullable(),
  }),
});

export const CaseVendor = z.strictObject({
  orgId: Uuid,
  orgName: z.string(),
  notifiedAt: z.string(),
  /** Statements this reader may see (a vendor sees only its own; coordinators see all). */
  statements: z.array(VendorStatement),
  /** Vulnerabilities the vendor has not answered yet (coordinators only; null for vendors). */
  unanswered: z.number().int().nullable(),
  /** Coordinators only: a vendor that is not a member, reached by email (null for members and for vendors' readers). */
  external: ExternalVendor.nullable(),
});

export const CaseEvent = z.strictObject({
  position: z.number().int(),
  kind: z.string(),
  actorName: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  at: z.string(),
});

export const CaseSummary = z.strictObject({
  id: Uuid,
  reference: z.string(),
  title: z.string(),
  state: CaseState,
  vulnerabilities: z.number().int(),
  vendors: z.number().int(),
  unansweredStatements: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const CaseList = z.strictObject({ items: z.array(CaseSummary) });

export const CaseDetail = z.strictObject({
  id: Uuid,
  reference: z.string(),
  title: z.string(),
  summary: z.string(),
  state: CaseState,
  /** States the reader may move the case to next (coordinators only). */
  nextStates: z.array(CaseState),
  myRole: z.enum(['coordinator', 'vendor']),
  /** The reports the case coordinates (coordinators only); `encrypted`: it arrived OpenPGP-encrypted. */
  reports: z.array(z.strictObject({ id: Uuid, reference: z.string(), title: z.string(), encrypted: z.boolean() })),
  vulnerabilities: z.array(CaseVulnerability),
  vendors: z.array(CaseVendor),
  /** Vendors other than mine (for a vendor: only how many). */
  otherVendorCount: z.number().int(),
  embargoUntil: z.string().nullable(),
  events: z.array(CaseEvent),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const CaseThreads = z.strictObject({
  threads: z.array(
    z.strictObject({
      orgId: Uuid,
      orgName: z.string(),
      posts: z.number().int(),
      unread: z.number().int(),
      lastPostAt: z.string().nullable(),
    }),
  ),
  /** Change-log entries I have not seen (what changed since my last visit). */
  newEvents: z.number().int(),
  lastEventPosition: z.number().int(),
});
export const ThreadParams = z.strictObject({ id: Uuid, orgId: Uuid });
export const CaseThread = z.strictObject({
  orgId: Uuid,
  posts: z.array(
    z.strictObject({
      position: z.number().int(),
      authorName: z.string(),
      authorOrg: z.string(),
      fromCoordinator: z.boolean(),
      body: z.string(),
      createdAt: z.string(),
      new: z.boolean(),
    }),
  ),
});
export const PostBody = z.strictObject({ body: Plain(20_000).trim().min(1, 'write something') });
export const SeenBody = z.strictObject({
  /** A vendor thread (its organisation id) or "events" for the change log. */
  thread: z.union([Uuid, z.literal('events')]),
  position: z.number().int().min(0),
});

/** A CVE JSON 5.1 record (dataType CVE_RECORD) of one case vulnerability, for the CNA hand-off. */
export const CveRecord = z.record(z.string(), z.unknown());
