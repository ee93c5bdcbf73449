import { z } from 'zod';
import { audiences, orgKinds, orgStatuses, roles, tlpLevels, tokenScopes } from '../vocabulary.ts';

/** Building blocks of the API schemas. Every object is strict: unknown fields are refused. */
export const Uuid = z.uuid();
export const Email = z
  .email()
  .max(254)
  .transform((v) => v.toLowerCase());
export const Password = z.string().min(1).max(256);
export const NewPassword = z.string().min(12, 'at least 12 characters').max(256);
export const Name = z.string().trim().min(1).max(200);
export const Text = (max: number) => z.string().max(max);
export const Timestamp = z.iso
  .datetime({ offset: true })
  .refine((v) => new Date(v).getUTCFullYear() >= 1 && new Date(v).getUTCFullYear() <= 9999, 'must be between the years 1 and 9999 (UTC)');
export const TlpSchema = z.enum(tlpLevels);
export const AudienceSchema = z.enum(audiences);
export const OrgKindSchema = z.enum(orgKinds);
export const OrgStatusSchema = z.enum(orgStatuses);
export const RoleSchema = z.enum(roles);
export const ScopeSchema = z.enum(tokenScopes);
export const TotpCode = z.string().regex(/^\d{6}$/, 'six digits');

/** Plain text without control characters other than tab and newlines (scripts are shown as text, never run). */
export const PlainText = (max: number) =>
  z
    .string()
    .max(max, `at most ${max} characters`)
    .refine((v) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(v), 'control characters are not allowed');

export const IdParams = z.strictObject({ id: Uuid });
export const Ok = z.strictObject({ ok: z.literal(true) });

export const ErrorResponse = z.strictObject({
  error: z.strictObject({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});

/** Cursor paging shared by every list. */
export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export const pageOf = <T extends z.ZodType>(item: T) => z.strictObject({ items: z.array(item), nextCursor: z.string().nullable() });
