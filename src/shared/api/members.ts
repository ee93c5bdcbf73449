import { z } from 'zod';
import { Email, Name, NewPassword, OrgKindSchema, OrgStatusSchema, RoleSchema, Text, Timestamp, Uuid } from './common.ts';

export const OrganisationItem = z.strictObject({
  id: Uuid,
  name: z.string(),
  kind: OrgKindSchema,
  status: OrgStatusSchema,
  country: z.string().nullable(),
  website: z.string().nullable(),
  requireMfa: z.boolean(),
  createdAt: Timestamp,
});
export const OrganisationList = z.strictObject({ items: z.array(OrganisationItem) });
export const OrganisationQuery = z.strictObject({ status: OrgStatusSchema.optional() });
export const UpdateOrganisationBody = z.strictObject({
  requireMfa: z.boolean().optional(),
  website: z.string().trim().max(300).nullable().optional(),
  country: z.string().trim().max(100).nullable().optional(),
});
export const CreateOrganisationBody = z.strictObject({
  name: Name,
  kind: OrgKindSchema,
  country: z.string().trim().max(100).optional(),
  website: z.string().trim().max(300).optional(),
});

export const PersonItem = z.strictObject({
  id: Uuid,
  orgId: Uuid,
  email: z.string(),
  name: z.string(),
  roles: z.array(RoleSchema),
  status: z.enum(['active', 'disabled']),
  mfaEnabled: z.boolean(),
  lastSignInAt: Timestamp.nullable(),
});
export const PersonList = z.strictObject({ items: z.array(PersonItem) });
export const UpdatePersonBody = z.strictObject({
  roles: z.array(RoleSchema).min(1).max(6).optional(),
  status: z.enum(['active', 'disabled']).optional(),
});

/** A person as other members see them in the directory (to name TLP:RED recipients). */
export const DirectoryPerson = z.strictObject({ id: Uuid, name: z.string(), orgId: Uuid, orgName: z.string() });
export const DirectoryPeople = z.strictObject({ items: z.array(DirectoryPerson) });
export const DirectoryQuery = z.strictObject({ q: z.string().trim().min(2).max(100) });

export const InvitationItem = z.strictObject({
  id: Uuid,
  email: z.string(),
  roles: z.array(RoleSchema),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  acceptedAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
});
export const InvitationList = z.strictObject({ items: z.array(InvitationItem) });
export const CreateInvitationBody = z.strictObject({ email: Email, roles: z.array(RoleSchema).min(1).max(4) });
export const CreatedInvitation = z.strictObject({ item: InvitationItem, emailed: z.boolean() });
export const InvitationTokenParams = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) });
export const InvitationPreview = z.strictObject({ orgName: z.string(), email: z.string(), expiresAt: Timestamp });
export const AcceptInvitationBody = z.strictObject({ name: Name, password: NewPassword });

export const AgreementResponse = z.strictObject({ version: z.string(), title: z.string(), text: z.string() });
export const ApplyBody = z.strictObject({
  organisation: z.strictObject({
    name: Name,
    kind: z.enum(['manufacturer', 'hdo', 'researcher', 'partner', 'observer']),
    country: z.string().trim().max(100).optional(),
    website: z.string().trim().max(300).optional(),
  }),
  applicant: z.strictObject({ name: Name, email: Email, password: NewPassword }),
  message: Text(4000).optional(),
  acceptAgreementVersion: z.string().min(1).max(40),
});
/** The same answer whether or not the address already has an account. */
export const ApplicationReceived = z.strictObject({ status: z.literal('confirmation_sent'), message: z.string() });
export const ApplicationTokenParams = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) });
export const ApplicationItem = z.strictObject({
  id: Uuid,
  organisation: z.strictObject({
    id: Uuid,
    name: z.string(),
    kind: OrgKindSchema,
    country: z.string().nullable(),
    website: z.string().nullable(),
  }),
  applicant: z.strictObject({ id: Uuid, name: z.string(), email: z.string() }),
  message: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  agreementVersion: z.string().nullable(),
  agreementAcceptedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  decidedAt: Timestamp.nullable(),
  reason: z.string().nullable(),
});
export const ApplicationList = z.strictObject({ items: z.array(ApplicationItem) });
export const ApplicationQuery = z.strictObject({ status: z.enum(['pending', 'approved', 'rejected']).optional() });
export const RejectBody = z.strictObject({ reason: z.string().trim().min(1).max(2000) });
export const AgreementAcceptance = z.strictObject({
  id: Uuid,
  personId: Uuid,
  personName: z.string(),
  version: z.string(),
  acceptedAt: Timestamp,
  ip: z.string().nullable(),
});
export const AgreementAcceptanceList = z.strictObject({ items: z.array(AgreementAcceptance) });
