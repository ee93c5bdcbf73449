import { z } from 'zod';
import { Timestamp, Uuid } from './common.ts';

export const GroupMember = z.strictObject({ orgId: Uuid, orgName: z.string(), addedAt: Timestamp });
export const SharingGroup = z.strictObject({
  id: Uuid,
  name: z.string(),
  description: z.string(),
  confidential: z.boolean(),
  /** null for a confidential group I do not manage. */
  ownerOrgId: Uuid.nullable(),
  createdAt: Timestamp,
  /** True when I may add and remove members. */
  canManage: z.boolean(),
  /** Every member, or null when the group is confidential and I do not manage it. */
  members: z.array(GroupMember).nullable(),
  /** My organisation's own membership, always visible to it. */
  myMembership: z.strictObject({ addedAt: Timestamp }).nullable(),
  memberCount: z.number().int().nullable(),
});
export const SharingGroupList = z.strictObject({ items: z.array(SharingGroup) });
export const CreateGroupBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(4000).optional(),
  confidential: z.boolean(),
});
export const UpdateGroupBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(4000).optional(),
  confidential: z.boolean().optional(),
});
export const AddGroupMemberBody = z.strictObject({ orgId: Uuid });
export const GroupMemberParams = z.strictObject({ id: Uuid, orgId: Uuid });
