import { z } from 'zod';
import { TlpSchema, Uuid } from './common.ts';

/** Advisories (CSAF 2.0) imported from other publishers, and their possible matches to registered products. */

const DateOnly = z.iso.date();

export const AdvisoryListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  /** Full text over title, summary, notes, vendors, products, CVE ids and the tracking id. */
  q: z.string().trim().max(200).optional(),
  vendor: z.string().trim().min(1).max(200).optional(),
  product: z.string().trim().min(1).max(200).optional(),
  cve: z
    .string()
    .trim()
    .regex(/^CVE-\d{4}-\d{4,}$/i, 'a CVE id like CVE-2024-1234')
    .transform((v) => v.toUpperCase())
    .optional(),
  /** Only advisories with at least one vulnerability in CISA's Known Exploited Vulnerabilities catalogue. */
  kev: z.enum(['true', 'false']).optional(),
  /** Initial release on or after / on or before this day (UTC). */
  from: DateOnly.optional(),
  to: DateOnly.optional(),
});

export const MatchState = z.enum(['possible', 'confirmed', 'dismissed']);
export const VersionVerdict = z.enum(['in_range', 'all_versions', 'unknown']);

export const AdvisorySummary = z.strictObject({
  id: Uuid,
  trackingId: z.string(),
  publisher: z.string(),
  title: z.string(),
  category: z.string(),
  version: z.string(),
  status: z.string(),
  initialReleaseDate: z.string(),
  currentReleaseDate: z.string(),
  tlp: TlpSchema,
  summary: z.string(),
  maxScore: z.number().nullable(),
  cves: z.array(z.string()),
  kevCves: z.array(z.string()),
  vendors: z.array(z.string()),
  products: z.array(z.string()),
  /** Search only: the matching passages with the terms between « and ». */
  highlight: z.string().nullable(),
});
export const AdvisoryPage = z.strictObject({ items: z.array(AdvisorySummary), nextCursor: z.string().nullable() });

const Note = z.strictObject({ category: z.string(), title: z.string().nullable(), text: z.string() });

export const AdvisoryMatch = z.strictObject({
  advisoryId: Uuid,
  advisoryTrackingId: z.string(),
  advisoryTitle: z.string(),
  advisoryReleaseDate: z.string(),
  productId: Uuid,
  productName: z.string(),
  productVersionId: Uuid,
  version: z.string(),
  csafProducts: z.array(z.strictObject({ productId: z.string(), name: z.string(), versionText: z.string().nullable() })),
  reason: z.string(),
  versionVerdict: VersionVerdict,
  state: MatchState,
  note: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  matchedAt: z.string(),
});
export const AdvisoryMatchList = z.strictObject({ items: z.array(AdvisoryMatch) });

export const AdvisoryDetail = AdvisorySummary.extend({
  publisherNamespace: z.string(),
  csafTlp: z.string().nullable(),
  lang: z.string().nullable(),
  fileName: z.string(),
  sha256: z.string(),
  importedAt: z.string(),
  notes: z.array(Note),
  acknowledgments: z.array(z.string()),
  references: z.array(z.strictObject({ url: z.string(), summary: z.string(), category: z.string().nullable() })),
  revisionHistory: z.array(z.strictObject({ number: z.string(), date: z.string(), summary: z.string() })),
  /** Every revision received, newest first; `current` marks the one served. */
  receivedRevisions: z.array(
    z.strictObject({
      version: z.string(),
      currentReleaseDate: z.string(),
      sha256: z.string(),
      current: z.boolean(),
      importedAt: z.string(),
    }),
  ),
  products: z.array(z.string()),
  productTree: z.array(
    z.strictObject({
      productId: z.string(),
      name: z.string(),
      vendor: z.string().nullable(),
      productName: z.string().nullable(),
      version: z.string().nullable(),
      cpe: z.string().nullable(),
      purl: z.string().nullable(),
      statuses: z.array(z.string()),
    }),
  ),
  vulnerabilities: z.array(
    z.strictObject({
      cve: z.string().nullable(),
      kev: z.boolean(),
      ids: z.array(z.strictObject({ system: z.string(), text: z.string() })),
      title: z.string().nullable(),
      cwe: z.strictObject({ id: z.string(), name: z.string() }).nullable(),
      scores: z.array(z.strictObject({ version: z.string(), baseScore: z.number(), severity: z.string().nullable(), vector: z.string() })),
      productStatus: z.record(z.string(), z.array(z.string())),
      remediations: z.array(
        z.strictObject({ category: z.string(), details: z.string(), productIds: z.array(z.string()), url: z.string().nullable() }),
      ),
      notes: z.array(Note),
    }),
  ),
  /** Product versions of my organisation this advisory may concern (only for the manufacturer's own people). */
  myMatches: z.array(AdvisoryMatch),
});

export const AdvisoryImportQuery = z.strictObject({ fileName: z.string().max(255).optional() });
export const AdvisoryImportResult = z.strictObject({
  id: Uuid,
  trackingId: z.string(),
  publisher: z.string(),
  version: z.string(),
  title: z.string(),
  outcome: z.enum(['added', 'updated', 'unchanged', 'older']),
  warnings: z.number().int(),
  possibleMatches: z.number().int(),
});

export const MatchParams = z.strictObject({ id: Uuid, versionId: Uuid });
export const DecideMatchBody = z.strictObject({ state: MatchState, note: z.string().max(2000).optional() });

/** The CSAF document as stored (served verbatim with its own content type). */
export const CsafDocument = z.record(z.string(), z.unknown());
