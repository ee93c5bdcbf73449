import { isTls } from '../../server/config.ts';
import { AppError } from '../../server/http/errors.ts';
import { type AnyRoute, defineRoute } from '../../server/http/route.ts';
import * as A from '../../shared/api/auth.ts';
import { IdParams, Ok } from '../../shared/api/common.ts';
import * as account from './account.service.ts';
import * as mfa from './mfa.service.ts';
import { SESSION_COOKIE, sessionCookieOptions } from './sessions.ts';
import { signIn } from './sign-in.service.ts';

const tags = ['auth'];

/** Sign-in, sign-out, "me", MFA, sessions and API tokens. */
export const authRoutes: AnyRoute[] = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/login',
    summary: 'Sign in with email and password (and a TOTP or recovery code when enrolled); sets the session cookie',
    tags,
    auth: 'public',
    body: A.LoginBody,
    response: A.MeResponse,
    handler: async ({ body, ctx, ip, userAgent, reply }) => {
      const { actor, session } = await signIn(ctx, body, ip, userAgent);
      void reply.setCookie(SESSION_COOKIE, session.token, sessionCookieOptions(isTls(ctx.config), session.expiresAt));
      return account.describeMe(actor);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/logout',
    summary: 'Sign out: revokes the current session',
    tags,
    auth: 'signed-in',
    response: Ok,
    handler: async ({ actor, ctx, ip, reply }) => {
      if (actor!.sessionId) await account.revokeSession(ctx, actor!, actor!.sessionId, ip, 'auth.sign_out');
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/me',
    summary: 'Who I am: person, organisation, CSRF token',
    tags,
    auth: 'signed-in',
    response: A.MeResponse,
    handler: async ({ actor }) => account.describeMe(actor!),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/me',
    summary: 'Change my name or time zone',
    tags,
    auth: 'signed-in',
    body: A.UpdateProfileBody,
    response: A.MeResponse,
    handler: async ({ actor, ctx, body, ip }) => account.updateProfile(ctx, actor!, body, ip),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/me/password',
    sessionOnly: true,
    summary: 'Change my password (signs out my other sessions)',
    tags,
    auth: 'signed-in',
    body: A.ChangePasswordBody,
    response: Ok,
    handler: async ({ actor, ctx, body, ip }) => account.changePassword(ctx, actor!, body.currentPassword, body.newPassword, ip),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/me/mfa/totp/setup',
    sessionOnly: true,
    summary: 'Start TOTP enrolment: secret and QR code',
    tags,
    auth: 'signed-in',
    response: A.TotpSetupResponse,
    handler: async ({ actor, ctx, ip }) => {
      if (actor!.mfaEnabled) throw new AppError('conflict', 'Two-factor authentication is already on.');
      return mfa.setupTotp(ctx, actor!, ip);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/me/mfa/totp/enable',
    sessionOnly: true,
    summary: 'Finish TOTP enrolment with a code; returns recovery codes once',
    tags,
    auth: 'signed-in',
    body: A.TotpEnableBody,
    response: A.RecoveryCodesResponse,
    handler: async ({ actor, ctx, body, ip }) => mfa.enableTotp(ctx, actor!, body.code, ip),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/me/mfa/totp/disable',
    sessionOnly: true,
    summary: 'Turn TOTP off (password and current code)',
    tags,
    auth: 'signed-in',
    body: A.TotpDisableBody,
    response: Ok,
    handler: async ({ actor, ctx, body, ip }) => mfa.disableTotp(ctx, actor!, body.password, body.code, ip),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/me/mfa/recovery-codes',
    sessionOnly: true,
    summary: 'Replace my recovery codes (needs a current TOTP code)',
    tags,
    auth: 'signed-in',
    body: A.TotpEnableBody,
    response: A.RecoveryCodesResponse,
    handler: async ({ actor, ctx, body, ip }) => mfa.regenerateRecoveryCodes(ctx, actor!, body.code, ip),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/me/sessions',
    sessionOnly: true,
    summary: 'My active sessions',
    tags,
    auth: 'signed-in',
    response: A.SessionList,
    handler: async ({ actor, ctx }) => account.listSessions(ctx, actor!),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/me/sessions/:id',
    sessionOnly: true,
    summary: 'Revoke one of my sessions',
    tags,
    auth: 'signed-in',
    params: IdParams,
    response: Ok,
    handler: async ({ actor, ctx, params, ip }) => account.revokeSession(ctx, actor!, params.id, ip),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/me/tokens',
    sessionOnly: true,
    summary: 'My API tokens',
    tags,
    auth: 'member',
    response: A.TokenList,
    handler: async ({ actor, ctx }) => account.listTokens(ctx, actor!),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/me/tokens',
    sessionOnly: true,
    summary: 'Create an API token (shown once, stored hashed)',
    tags,
    auth: 'member',
    scope: 'admin',
    body: A.CreateTokenBody,
    response: A.CreatedToken,
    status: 201,
    handler: async ({ actor, ctx, body, ip }) => account.createToken(ctx, actor!, body, ip),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/me/tokens/:id',
    sessionOnly: true,
    summary: 'Revoke one of my API tokens',
    tags,
    auth: 'member',
    params: IdParams,
    response: Ok,
    handler: async ({ actor, ctx, params, ip }) => account.revokeToken(ctx, actor!, params.id, ip),
  }),
];
