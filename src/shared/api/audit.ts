import { z } from 'zod';
import { Timestamp, Uuid } from './common.ts';

export const AuditEvent = z.strictObject({
  seq: z.number().int(),
  at: Timestamp,
  actorPersonId: Uuid.nullable(),
  actorOrgId: Uuid.nullable(),
  actorLabel: z.string(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export const AuditQuery = z.strictObject({
  action: z.string().trim().max(100).optional(),
  actor: z.string().trim().max(200).optional(),
  orgId: Uuid.optional(),
  from: Timestamp.optional(),
  to: Timestamp.optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const AuditPage = z.strictObject({ items: z.array(AuditEvent), nextBefore: z.number().int().nullable() });
export const AuditVerifyResult = z.strictObject({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBad: z.strictObject({ seq: z.number().int(), reason: z.string() }).nullable(),
});
