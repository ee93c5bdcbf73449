import { isTls } from '../../server/config.ts';
import { type AnyRoute, defineRoute } from '../../server/http/route.ts';
import { MeResponse } from '../../shared/api/auth.ts';
import { IdParams, Ok } from '../../shared/api/common.ts';
import * as M from '../../shared/api/members.ts';
import { describeMe } from './account.service.ts';
import { participantAgreement } from './agreement.ts';
import * as applicationRequests from './application-requests.service.ts';
import * as applications from './applications.service.ts';
import * as invitations from './invitations.service.ts';
import * as orgs from './organisations.service.ts';
import { SESSION_COOKIE, sessionCookieOptions } from './sessions.ts';

const tags = ['members'];

/** Organisations, people, invitations and membership applications. */
export const memberRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/organisations',
    summary: 'Member directory (ISAO staff may filter by status)',
    tags,
    auth: 'member',
    query: M.OrganisationQuery,
    response: M.OrganisationList,
    handler: async ({ actor, ctx, query }) => orgs.listOrganisations(ctx, actor!, query.status),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/organisations/:id',
    summary: 'One organisation',
    tags,
    auth: 'member',
    params: IdParams,
    response: M.OrganisationItem,
    handler: async ({ actor, ctx, params }) => orgs.getOrganisation(ctx, actor!, params.id),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/organisations/:id',
    summary: "Change an organisation's settings (its admins), e.g. require MFA",
    tags,
    auth: 'member',
    scope: 'admin',
    params: IdParams,
    body: M.UpdateOrganisationBody,
    response: M.OrganisationItem,
    handler: async ({ actor, ctx, params, body, ip }) => orgs.updateOrganisation(ctx, actor!, params.id, body, ip),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/admin/organisations',
    summary: 'Create an active organisation directly (platform admins)',
    tags,
    auth: 'member',
    scope: 'admin',
    body: M.CreateOrganisationBody,
    response: M.OrganisationItem,
    status: 201,
    handler: async ({ actor, ctx, body, ip }) => orgs.createOrganisation(ctx, actor!, body, ip),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/organisations/:id/people',
    summary: 'People of an organisation (its admins)',
    tags,
    auth: 'member',
    params: IdParams,
    response: M.PersonList,
    handler: async ({ actor, ctx, params }) => orgs.listPeople(ctx, actor!, params.id),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/people/:id',
    summary: "Change a person's roles or disable them (their organisation's admins)",
    tags,
    auth: 'member',
    scope: 'admin',
    params: IdParams,
    body: M.UpdatePersonBody,
    response: M.PersonItem,
    handler: async ({ actor, ctx, params, body, ip }) => orgs.updatePerson(ctx, actor!, params.id, body, ip),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/people',
    summary: 'Find people of member organisations by name (to name TLP:RED recipients)',
    tags,
    auth: 'member',
    query: M.DirectoryQuery,
    response: M.DirectoryPeople,
    handler: async ({ ctx, query }) => orgs.searchDirectory(ctx, query.q),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/organisations/:id/agreements',
    summary: 'Participant-agreement acceptances of an organisation (FDA evidence)',
    tags,
    auth: 'member',
    params: IdParams,
    response: M.AgreementAcceptanceList,
    handler: async ({ actor, ctx, params }) => orgs.listAgreementAcceptances(ctx, actor!, params.id),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/organisations/:id/invitations',
    summary: 'Invitations of an organisation (its admins)',
    tags,
    auth: 'member',
    params: IdParams,
    response: M.InvitationList,
    handler: async ({ actor, ctx, params }) => invitations.listInvitations(ctx, actor!, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/organisations/:id/invitations',
    summary: 'Invite someone (the link is emailed, or logged when SMTP is not configured)',
    tags,
    auth: 'member',
    scope: 'admin',
    params: IdParams,
    body: M.CreateInvitationBody,
    response: M.CreatedInvitation,
    status: 201,
    handler: async ({ actor, ctx, params, body, ip }) => invitations.invite(ctx, actor!, params.id, body, ip),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/invitations/:id',
    summary: 'Revoke an invitation',
    tags,
    auth: 'member',
    scope: 'admin',
    params: IdParams,
    response: Ok,
    handler: async ({ actor, ctx, params, ip }) => invitations.revokeInvitation(ctx, actor!, params.id, ip),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/invitations/by-token/:token',
    summary: 'What an invitation link is for',
    tags,
    auth: 'public',
    params: M.InvitationTokenParams,
    response: M.InvitationPreview,
    handler: async ({ ctx, params }) => invitations.previewInvitation(ctx, params.token),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/invitations/by-token/:token/accept',
    summary: 'Accept an invitation: creates the account and signs in',
    tags,
    auth: 'public',
    params: M.InvitationTokenParams,
    body: M.AcceptInvitationBody,
    response: MeResponse,
    status: 201,
    handler: async ({ ctx, params, body, ip, userAgent, reply }) => {
      const { actor, session } = await invitations.acceptInvitation(ctx, params.token, body, ip, userAgent);
      void reply.setCookie(SESSION_COOKIE, session.token, sessionCookieOptions(isTls(ctx.config), session.expiresAt));
      return describeMe(actor);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/agreement',
    summary: 'The current participant agreement',
    tags,
    auth: 'public',
    response: M.AgreementResponse,
    handler: async () => ({ ...participantAgreement }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/applications',
    summary:
      'Apply for membership, accepting the participant agreement; a link to confirm is emailed (the answer never says whether the address has an account)',
    tags,
    auth: 'public',
    body: M.ApplyBody,
    response: M.ApplicationReceived,
    status: 202,
    handler: async ({ ctx, body, ip }) => applicationRequests.requestApplication(ctx, body, ip),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/applications/confirm/:token',
    summary: 'Confirm an application from the emailed link: creates the pending organisation and signs the applicant in',
    tags,
    auth: 'public',
    params: M.ApplicationTokenParams,
    response: MeResponse,
    status: 201,
    handler: async ({ ctx, params, ip, userAgent, reply }) => {
      const { actor, session } = await applicationRequests.confirmApplication(ctx, params.token, ip, userAgent);
      void reply.setCookie(SESSION_COOKIE, session.token, sessionCookieOptions(isTls(ctx.config), session.expiresAt));
      return describeMe(actor);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/applications',
    summary: 'Membership applications (ISAO staff)',
    tags,
    auth: 'member',
    query: M.ApplicationQuery,
    response: M.ApplicationList,
    handler: async ({ actor, ctx, query }) => applications.listApplications(ctx, actor!, query.status),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/applications/:id/approve',
    summary: 'Approve a membership application (ISAO staff)',
    tags,
    auth: 'member',
    params: IdParams,
    response: M.ApplicationItem,
    handler: async ({ actor, ctx, params, ip }) => applications.decideApplication(ctx, actor!, params.id, 'approved', null, ip),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/applications/:id/reject',
    summary: 'Reject a membership application with a reason the applicant sees (ISAO staff)',
    tags,
    auth: 'member',
    params: IdParams,
    body: M.RejectBody,
    response: M.ApplicationItem,
    handler: async ({ actor, ctx, params, body, ip }) =>
      applications.decideApplication(ctx, actor!, params.id, 'rejected', body.reason, ip),
  }),
];
