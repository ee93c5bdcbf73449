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
  /** Who would be credited (reporters who consented). */
  credits: z.array(z.string()),
  saved: z.boolean(),
  /** The CSAF document publishing would produce now, and what the validator says of it (mandatory and optional tests). */
  preview: z.record(z.string(), z.unknown()),
  validation: z.strictObject({ isValid: z.boolean(), tests: z.number().int(), errors: z.array(Message), warnings: z.array(Message) }),
  published: z.strictObject({ advisoryId: Uuid, version: z.string(), currentReleaseDate: z.string(), url: z.string() }).nullable(),
});
