import { z } from 'zod';
import { AudienceSchema, OrgKindSchema, PageQuery, Timestamp, TlpSchema, Uuid, pageOf } from './common.ts';

/** A shared notice as a reader sees it: the contributor is hidden when it was shared anonymously. */
export const Notice = z.strictObject({
  id: Uuid,
  title: z.string(),
  body: z.string(),
  tlp: TlpSchema,
  audience: AudienceSchema,
  anonymous: z.boolean(),
  /** null when anonymous (unless the reader is its own organisation). */
  contributor: z
    .strictObject({ orgId: Uuid, orgName: z.string(), personId: Uuid.nullable(), personName: z.string().nullable() })
    .nullable(),
  /** "a member manufacturer" etc. when anonymous. */
  contributorLabel: z.string(),
  contributorKind: OrgKindSchema,
  embargoUntil: Timestamp.nullable(),
  createdAt: Timestamp,
  /** Recipients are shown only to the contributing organisation. */
  recipients: z.strictObject({ orgIds: z.array(Uuid), personIds: z.array(Uuid), groupId: Uuid.nullable() }).nullable(),
});
export const NoticePage = pageOf(Notice);
export const NoticeQuery = PageQuery.extend({ tlp: TlpSchema.optional() });
export const CreateNoticeBody = z.strictObject({
  title: z.string().trim().min(1).max(300),
  body: z.string().max(20000),
  tlp: TlpSchema,
  audience: AudienceSchema,
  recipientOrgIds: z.array(Uuid).max(200).optional(),
  recipientPersonIds: z.array(Uuid).max(200).optional(),
  groupId: Uuid.optional(),
  anonymous: z.boolean().optional(),
  embargoUntil: Timestamp.optional(),
});
export const ContributorReveal = z.strictObject({
  orgId: Uuid,
  orgName: z.string(),
  personId: Uuid,
  personName: z.string(),
  personEmail: z.string(),
});
