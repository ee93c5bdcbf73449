import type { FastifyInstance, FastifyRequest } from 'fastify';
import { resolveApiToken } from '../../modules/members/api-token-auth.ts';
import { SESSION_COOKIE, resolveSession } from '../../modules/members/sessions.ts';
import { type Actor, isActiveMember } from '../../modules/policy/index.ts';
import type { TokenScope } from '../../shared/vocabulary.ts';
import type { AppContext } from '../context.ts';
import { safeEqual } from '../security/tokens.ts';
import { AppError } from './errors.ts';
import type { RouteAuth } from './route.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    auth?: RouteAuth;
    scope?: TokenScope;
    sessionOnly?: boolean;
  }
}

// Routes a person who must still enrol MFA (or whose organisation is pending) may use.
const enrolmentAllowed = new Set(['signed-in']);

const scopeRank: Record<TokenScope, number> = { read: 0, write: 1, admin: 2 };

/** Resolves the actor of every request (session cookie or bearer token) and enforces the route's auth rule. */
export function registerAuthHook(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('actor', null);
  app.addHook('preHandler', async (req) => {
    const auth = req.routeOptions.config.auth;
    if (auth === undefined) return; // static files, health, docs
    // Defence in depth against cross-site requests: browsers say where a request comes from.
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.headers['sec-fetch-site'] === 'cross-site') throw new AppError('csrf_failed');
    // An external vendor's routes check its own scoped session (cases/vendor-session.ts); no member credential counts there.
    if (auth === 'vendor-link') return;
    req.actor = await resolveActor(ctx, req);
    if (auth === 'public') {
      if (req.actor?.via === 'session') checkCsrf(req, req.actor);
      return;
    }
    const actor = req.actor;
    if (!actor) throw new AppError('unauthenticated');
    if (actor.via === 'session') checkCsrf(req, actor);
    if (actor.via === 'token' && req.routeOptions.config.sessionOnly) {
      throw new AppError('forbidden', 'Account security needs a signed-in session; API tokens cannot use it.');
    }
    if (actor.via === 'token') {
      const need = req.routeOptions.config.scope ?? 'read';
      const has = Math.max(-1, ...(actor.scopes ?? []).map((s) => scopeRank[s]));
      if (has < scopeRank[need]) throw new AppError('forbidden', `This API token lacks the "${need}" scope.`);
    }
    if (enrolmentAllowed.has(auth)) return;
    if (!isActiveMember(actor)) throw new AppError('membership_pending');
    if (actor.orgRequireMfa && !actor.mfaEnabled) throw new AppError('mfa_enrolment_required');
  });
}

async function resolveActor(ctx: AppContext, req: FastifyRequest): Promise<Actor | null> {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const actor = match?.[1] ? await resolveApiToken(ctx, match[1], req.ip) : null;
    if (!actor) throw new AppError('unauthenticated', 'The API token is not valid, has expired or was revoked.');
    return actor;
  }
  const cookie = req.cookies[SESSION_COOKIE];
  if (!cookie || cookie.length > 200) return null;
  return resolveSession(ctx, cookie);
}

// Cookie-authenticated writes must echo the session's CSRF token (SameSite=Strict is the first line).
function checkCsrf(req: FastifyRequest, actor: Actor): void {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
  const sent = req.headers['x-csrf-token'];
  if (typeof sent !== 'string' || !actor.csrfToken || !safeEqual(sent, actor.csrfToken)) throw new AppError('csrf_failed');
}
