import { z } from 'zod';
import {
  Email,
  NewPassword,
  OrgKindSchema,
  OrgStatusSchema,
  Password,
  RoleSchema,
  ScopeSchema,
  Timestamp,
  TotpCode,
  Uuid,
} from './common.ts';

export const LoginBody = z.strictObject({
  email: Email,
  password: Password,
  totp: TotpCode.optional(),
  recoveryCode: z.string().trim().min(1).max(64).optional(),
});

export const MeResponse = z.strictObject({
  person: z.strictObject({
    id: Uuid,
    email: z.string(),
    name: z.string(),
    roles: z.array(RoleSchema),
    timeZone: z.string(),
    mfaEnabled: z.boolean(),
  }),
  organisation: z.strictObject({
    id: Uuid,
    name: z.string(),
    kind: OrgKindSchema,
    status: OrgStatusSchema,
    requireMfa: z.boolean(),
  }),
  /** Send this back as the X-CSRF-Token header on every state-changing request. */
  csrfToken: z.string().nullable(),
  /** The organisation requires MFA and this person has not enrolled: only enrolment is allowed. */
  mfaEnrolmentRequired: z.boolean(),
  via: z.enum(['session', 'token']),
});
export type Me = z.infer<typeof MeResponse>;

export const ChangePasswordBody = z.strictObject({ currentPassword: Password, newPassword: NewPassword });
export const UpdateProfileBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  timeZone: z.string().min(1).max(64).optional(),
});

export const TotpSetupResponse = z.strictObject({
  secret: z.string(),
  otpauthUrl: z.string(),
  /** An SVG data: URL of the QR code. */
  qrCode: z.string(),
});
export const TotpEnableBody = z.strictObject({ code: TotpCode });
export const RecoveryCodesResponse = z.strictObject({ recoveryCodes: z.array(z.string()) });
export const TotpDisableBody = z.strictObject({ password: Password, code: TotpCode });

export const SessionItem = z.strictObject({
  id: Uuid,
  createdAt: Timestamp,
  lastSeenAt: Timestamp,
  expiresAt: Timestamp,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export const SessionList = z.strictObject({ items: z.array(SessionItem) });

export const TokenItem = z.strictObject({
  id: Uuid,
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(ScopeSchema),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  lastUsedAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
});
export const TokenList = z.strictObject({ items: z.array(TokenItem) });
export const CreateTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(ScopeSchema).min(1).max(3),
  expiresInDays: z.number().int().min(1).max(366),
});
/** The token itself is in this answer only; it is stored hashed. */
export const CreatedToken = z.strictObject({ token: z.string(), item: TokenItem });
