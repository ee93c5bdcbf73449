import { z } from 'zod';
import { PlainText, Uuid } from './common.ts';

/** Drafting and publishing a case's advisory as CSAF 2.0. */

const Plain = PlainText;

const HttpsUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => {
    try {
      return ['https:', 'http:'].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, 'an https:// address')
  .meta({ format: 'uri' });

/** What the advisory is published as: a security advisory (the default) or a VEX document (CSAF 2.0 §4.5). */
export const AdvisoryCategory = z.enum(['csaf_security_advisory', 'csaf_vex']);
export type AdvisoryCategory = z.infer<typeof AdvisoryCategory>;

/** CSAF 2.0 flag labels: why a product is not affected (the VEX justification). */
export const VexJustificationLabel = z.enum([
  'component_not_present',
  'inline_mitigations_already_exist',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_not_present',
]);

/** The justification the coordinator picked for one vendor's "not affected" on one vulnerability. */
export const VexJustification = z.strictObject({ vulnerabilityId: Uuid, vendorOrgId: Uuid, label: VexJustificationLabel });
export type VexJustification = z.infer<typeof VexJustification>;

export const DraftBody = z.strictObject({
  title: Plain(200).trim().min(5),
  summary: Plain(10_000).trim().default(''),
  tlp: z.enum(['WHITE', 'GREEN', 'AMBER']),
  references: z
    .array(z.strictObject({ url: HttpsUrl, summary: Plain(300).trim().default('') }))
    .max(50)
    .default([]),
  /** Credit the reporter(s) who consented (acknowledgments). */
  creditReporter: z.boolean().default(true),
  category: AdvisoryCategory.default('csaf_security_advisory'),
  /** Used only for a csaf_vex, and only where the vendor says not affected (at most one per vendor and vulnerability). */
  justifications: z.array(VexJustification).max(1000).default([]),
});

export const PublishBody = z.strictObject({
  /** What changed (for a new revision; the first one is "Initial version"). */
  revisionSummary: Plain(500).trim().default(''),
});

const Message = z.strictObject({ test: z.string(), instancePath: z.string(), message: z.string() });

export const AdvisoryDraft = z.strictObject({
  caseId: Uuid,
  trackingId: z.string(),
  title: z.string(),
  summary: z.string(),
  tlp: z.enum(['WHITE', 'GREEN', 'AMBER']),
  references: z.array(z.strictObject({ url: z.string(), summary: z.string() })),
  creditReporter: z.boolean(),
  category: AdvisoryCategory,
  justifications: z.array(VexJustification),
  /** csaf_vex when the vendors' statements are the point (some vendor says not affected), else csaf_security_advisory. */
  suggestedCategory: AdvisoryCategory,
  /** Every vendor statement "not affected", for picking justifications; `ready` when it has a justification or the vendor's own words. */
  notAffected: z.array(
    z.strictObject({
      vulnerabilityId: Uuid,
      vulnerability: z.string(),
      vendorOrgId: Uuid,
      vendor: z.string(),
      product: z.string(),
      statement: z.string(),
      label: VexJustificationLabel.nullable(),
      ready: z.boolean(),
    }),
  ),
  /** Who would be credited (reporters who consented). */
  credits: z.array(z.string()),
  saved: z.boolean(),
  /** The CSAF document publishing would produce now, and what the validator says of it (mandatory and optional tests). */
  preview: z.record(z.string(), z.unknown()),
  validation: z.strictObject({ isValid: z.boolean(), tests: z.number().int(), errors: z.array(Message), warnings: z.array(Message) }),
  published: z.strictObject({ advisoryId: Uuid, version: z.string(), currentReleaseDate: z.string(), url: z.string() }).nullable(),
});
