// TypeScript types of the API, inferred from the shared zod schemas (type-only: zod is not bundled).
import type { z } from 'zod';
import type * as Audit from '../../shared/api/audit.ts';
import type * as Auth from '../../shared/api/auth.ts';
import type * as Groups from '../../shared/api/groups.ts';
import type * as Members from '../../shared/api/members.ts';
import type * as Notices from '../../shared/api/notices.ts';
import type * as Portfolio from '../../shared/api/portfolio.ts';

/** The signed-in person, their organisation and the CSRF token. */
export type Me = z.infer<typeof Auth.MeResponse>;
/** Body of POST /auth/login. */
export type LoginBody = z.input<typeof Auth.LoginBody>;
/** Body of POST /me/password. */
export type ChangePasswordBody = z.input<typeof Auth.ChangePasswordBody>;
/** Body of PATCH /me. */
export type UpdateProfileBody = z.input<typeof Auth.UpdateProfileBody>;
/** Answer of POST /me/mfa/totp/setup: secret, otpauth URL and QR code. */
export type TotpSetup = z.infer<typeof Auth.TotpSetupResponse>;
/** Body of POST /me/mfa/totp/disable. */
export type TotpDisableBody = z.input<typeof Auth.TotpDisableBody>;
/** Freshly issued recovery codes (shown once). */
export type RecoveryCodes = z.infer<typeof Auth.RecoveryCodesResponse>;
/** One signed-in session of mine. */
export type SessionItem = z.infer<typeof Auth.SessionItem>;
/** Answer of GET /me/sessions. */
export type SessionList = z.infer<typeof Auth.SessionList>;
/** One API token of mine (never the secret). */
export type TokenItem = z.infer<typeof Auth.TokenItem>;
/** Answer of GET /me/tokens. */
export type TokenList = z.infer<typeof Auth.TokenList>;
/** Body of POST /me/tokens. */
export type CreateTokenBody = z.input<typeof Auth.CreateTokenBody>;
/** Answer of POST /me/tokens: the token itself, once. */
export type CreatedToken = z.infer<typeof Auth.CreatedToken>;

/** One organisation as listed in the directory. */
export type OrganisationItem = z.infer<typeof Members.OrganisationItem>;
/** Answer of GET /organisations. */
export type OrganisationList = z.infer<typeof Members.OrganisationList>;
/** Body of PATCH /organisations/{id}. */
export type UpdateOrganisationBody = z.input<typeof Members.UpdateOrganisationBody>;
/** Body of POST /admin/organisations. */
export type CreateOrganisationBody = z.input<typeof Members.CreateOrganisationBody>;
/** One person of an organisation, as its admins see them. */
export type PersonItem = z.infer<typeof Members.PersonItem>;
/** Answer of GET /organisations/{id}/people. */
export type PersonList = z.infer<typeof Members.PersonList>;
/** Body of PATCH /people/{id}. */
export type UpdatePersonBody = z.input<typeof Members.UpdatePersonBody>;
/** A person as other members see them (for TLP:RED recipients). */
export type DirectoryPerson = z.infer<typeof Members.DirectoryPerson>;
/** Answer of GET /people?q=. */
export type DirectoryPeople = z.infer<typeof Members.DirectoryPeople>;
/** One invitation of an organisation. */
export type InvitationItem = z.infer<typeof Members.InvitationItem>;
/** Answer of GET /organisations/{id}/invitations. */
export type InvitationList = z.infer<typeof Members.InvitationList>;
/** Body of POST /organisations/{id}/invitations. */
export type CreateInvitationBody = z.input<typeof Members.CreateInvitationBody>;
/** Answer of POST /organisations/{id}/invitations (emailed or only logged). */
export type CreatedInvitation = z.infer<typeof Members.CreatedInvitation>;
/** Answer of GET /invitations/by-token/{token}. */
export type InvitationPreview = z.infer<typeof Members.InvitationPreview>;
/** Body of POST /invitations/by-token/{token}/accept. */
export type AcceptInvitationBody = z.input<typeof Members.AcceptInvitationBody>;
/** Answer of GET /agreement: the participant agreement. */
export type Agreement = z.infer<typeof Members.AgreementResponse>;
/** Body of POST /applications. */
export type ApplyBody = z.input<typeof Members.ApplyBody>;
/** One membership application in the operator queue. */
export type ApplicationItem = z.infer<typeof Members.ApplicationItem>;
/** The answer to an application: always the same, a confirmation link was emailed. */
export type ApplicationReceived = z.infer<typeof Members.ApplicationReceived>;
/** Answer of GET /applications. */
export type ApplicationList = z.infer<typeof Members.ApplicationList>;
/** Where an application stands. */
export type ApplicationStatus = ApplicationItem['status'];
/** One recorded acceptance of the participant agreement. */
export type AgreementAcceptance = z.infer<typeof Members.AgreementAcceptance>;
/** Answer of GET /organisations/{id}/agreements. */
export type AgreementAcceptanceList = z.infer<typeof Members.AgreementAcceptanceList>;

/** One sharing group (members null when confidential and not mine to manage). */
export type SharingGroup = z.infer<typeof Groups.SharingGroup>;
/** Answer of GET /sharing-groups. */
export type SharingGroupList = z.infer<typeof Groups.SharingGroupList>;
/** Body of POST /sharing-groups. */
export type CreateGroupBody = z.input<typeof Groups.CreateGroupBody>;
/** Body of PATCH /sharing-groups/{id}. */
export type UpdateGroupBody = z.input<typeof Groups.UpdateGroupBody>;

/** One shared notice as its reader may see it. */
export type Notice = z.infer<typeof Notices.Notice>;
/** Answer of GET /notices: one page plus the next cursor. */
export type NoticePage = z.infer<typeof Notices.NoticePage>;
/** Body of POST /notices. */
export type CreateNoticeBody = z.input<typeof Notices.CreateNoticeBody>;
/** Answer of GET /notices/{id}/contributor (audited). */
export type ContributorReveal = z.infer<typeof Notices.ContributorReveal>;

/** One audit record. */
export type AuditEvent = z.infer<typeof Audit.AuditEvent>;
/** Answer of GET /audit: one page plus nextBefore. */
export type AuditPage = z.infer<typeof Audit.AuditPage>;
/** Answer of GET /audit/verify. */
export type AuditVerifyResult = z.infer<typeof Audit.AuditVerifyResult>;

/** Who may see a product: own organisation, all members, public. */
export type ProductVisibility = z.infer<typeof Portfolio.ProductVisibility>;
/** Open findings of a product, version or SBOM (only for the manufacturer's own people). */
export type FindingCounts = z.infer<typeof Portfolio.FindingCounts>;
/** Open findings by severity. */
export type SeverityCounts = z.infer<typeof Portfolio.SeverityCounts>;
/** One product with its versions (GET /products/{id}). */
export type Product = z.infer<typeof Portfolio.Product>;
/** One version of a product, with its current SBOM summary. */
export type ProductVersion = z.infer<typeof Portfolio.ProductVersion>;
/** The current SBOM of a version, in short. */
export type SbomSummary = z.infer<typeof Portfolio.SbomSummary>;
/** One product as listed (GET /products). */
export type ProductListItem = z.infer<typeof Portfolio.ProductListItem>;
/** Answer of GET /products. */
export type ProductList = z.infer<typeof Portfolio.ProductList>;
/** Body of POST /products. */
export type CreateProductBody = z.input<typeof Portfolio.CreateProductBody>;
/** Body of PATCH /products/{id}. */
export type UpdateProductBody = z.input<typeof Portfolio.UpdateProductBody>;
/** Body of POST /products/{id}/versions. */
export type CreateVersionBody = z.input<typeof Portfolio.CreateVersionBody>;
/** One SBOM with its NTIA minimum-elements report (GET /sboms/{id}, PUT /product-versions/{id}/sbom). */
export type SbomDetail = z.infer<typeof Portfolio.SbomDetail>;
/** The NTIA minimum-elements report of an SBOM. */
export type SbomQualityReport = z.infer<typeof Portfolio.SbomQualityReport>;
/** One component of an SBOM. */
export type SbomComponent = z.infer<typeof Portfolio.Component>;
/** Answer of GET /sboms/{id}/components. */
export type ComponentPage = z.infer<typeof Portfolio.ComponentPage>;
/** Sort orders of the components list. */
export type ComponentSort = (typeof Portfolio.componentSorts)[number];
/** One vulnerability finding on a component, with its VEX state. */
export type Finding = z.infer<typeof Portfolio.Finding>;
/** Answer of GET /sboms/{id}/findings. */
export type FindingPage = z.infer<typeof Portfolio.FindingPage>;
/** Body of PATCH /findings/{id}: a VEX decision. */
export type UpdateFindingBody = z.input<typeof Portfolio.UpdateFindingBody>;
/** One entry of a finding's history. */
export type FindingEvent = z.infer<typeof Portfolio.FindingEvent>;
/** Answer of GET /findings/{id}/history. */
export type FindingHistory = z.infer<typeof Portfolio.FindingHistory>;
/** Answer of GET /vulndb/status: what vulnerability data is loaded. */
export type VulnDbStatus = z.infer<typeof Portfolio.VulnDbStatus>;
/** CycloneDX impact-analysis states. */
export type VexState = (typeof Portfolio.vexStates)[number];
/** Why a component is not affected. */
export type VexJustification = (typeof Portfolio.vexJustifications)[number];
/** What the manufacturer does about a finding. */
export type VexResponse = (typeof Portfolio.vexResponses)[number];
/** Severity levels of a finding. */
export type SeverityLevel = (typeof Portfolio.severityLevels)[number];

/** The `{ ok: true }` answer of simple actions. */
export interface Ok {
  ok: true;
}
