import type { FastifyRequest } from 'fastify';
import { isTls } from '../../server/config.ts';
import { type AnyRoute, defineRoute } from '../../server/http/route.ts';
import * as C from '../../shared/api/cases.ts';
import { IdParams, Ok } from '../../shared/api/common.ts';
import * as V from '../../shared/api/vendor-access.ts';
import { makeVendorStatement, postAsVendor, readVendorThread, vendorCaseView } from './vendor-access.service.ts';
import {
  VENDOR_COOKIE,
  type VendorCredentials,
  endVendorSession,
  openVendorAccess,
  requireVendorSession,
  vendorCookiePath,
} from './vendor-session.ts';

const tags = ['vendor access'];

const credentials = (req: FastifyRequest): VendorCredentials => ({
  cookie: req.cookies[VENDOR_COOKIE],
  csrfHeader: typeof req.headers['x-csrf-token'] === 'string' ? req.headers['x-csrf-token'] : undefined,
  isWrite: req.method !== 'GET',
});

/** An external vendor, through its emailed one-time link and the case-scoped session it opens (never a member sign-in). */
export const vendorAccessRoutes: AnyRoute[] = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/vendor-access',
    summary:
      'Exchange an external vendor’s one-time link (the token after “#”) for a session scoped to its case and vendor; needs no session. A used, replaced or expired link is 410',
    tags,
    auth: 'vendor-link',
    body: V.VendorLinkBody,
    response: V.VendorAccessOpened,
    handler: async ({ ctx, body, ip, userAgent, reply }) => {
      const opened = await openVendorAccess(ctx, body.token, ip, userAgent);
      void reply.setCookie(VENDOR_COOKIE, opened.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: isTls(ctx.config),
        path: vendorCookiePath(opened.caseId),
        expires: opened.expiresAt,
      });
      return { caseId: opened.caseId, expiresAt: opened.expiresAt.toISOString() };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/vendor-access/cases/:id',
    summary: 'The case as its external vendor sees it: vulnerabilities, embargo and its own statements (with the CSRF token for writes)',
    tags,
    auth: 'vendor-link',
    params: IdParams,
    response: V.VendorCaseView,
    handler: async ({ ctx, params, req }) => vendorCaseView(ctx, await requireVendorSession(ctx, credentials(req), params.id)),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/vendor-access/cases/:id/statements/:vulnerabilityId',
    summary: 'The external vendor’s status for one vulnerability: under investigation, affected, not affected or fixed, with versions',
    tags,
    auth: 'vendor-link',
    params: C.StatementParams,
    body: C.StatementBody,
    response: V.VendorCaseView,
    handler: async ({ ctx, params, body, ip, req }) =>
      makeVendorStatement(ctx, await requireVendorSession(ctx, credentials(req), params.id), params.vulnerabilityId, body, ip),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/vendor-access/cases/:id/thread',
    summary: 'The external vendor’s discussion thread with the ISAO’s coordinators',
    tags,
    auth: 'vendor-link',
    params: IdParams,
    response: C.CaseThread,
    handler: async ({ ctx, params, req }) => readVendorThread(ctx, await requireVendorSession(ctx, credentials(req), params.id)),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/vendor-access/cases/:id/thread',
    summary: 'The external vendor writes to the ISAO’s coordinators',
    tags,
    auth: 'vendor-link',
    params: IdParams,
    body: C.PostBody,
    response: C.CaseThread,
    status: 201,
    handler: async ({ ctx, params, body, ip, req }) =>
      postAsVendor(ctx, await requireVendorSession(ctx, credentials(req), params.id), body.body, ip),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/vendor-access/cases/:id/sign-out',
    summary: 'End the external vendor’s session in this browser (a new link is needed to come back)',
    tags,
    auth: 'vendor-link',
    params: IdParams,
    response: Ok,
    handler: async ({ ctx, params, ip, req, reply }) => {
      await endVendorSession(ctx, await requireVendorSession(ctx, credentials(req), params.id), ip);
      void reply.clearCookie(VENDOR_COOKIE, { path: vendorCookiePath(params.id) });
      return { ok: true as const };
    },
  }),
];
