import type { FastifyError, FastifyInstance } from 'fastify';
import { appendAudit } from '../../modules/audit/index.ts';
import type { AppContext } from '../context.ts';
import { DatabaseClosedError } from '../db/client.ts';
import { AppError, type ErrorCode, errorBody, errorCatalogue } from './errors.ts';

// Fastify's own errors, mapped to the catalogue.
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_VALIDATION: 'validation_failed',
  FST_ERR_BAD_URL: 'bad_request',
  FST_ERR_ASYNC_CONSTRAINT: 'bad_request',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
  '23505': 'already_exists', // PostgreSQL unique_violation: two concurrent creates of the same name or email
};

// Refusals of a signed-in or identified request that are security events.
const deniedCodes = new Set<ErrorCode>(['forbidden', 'csrf_failed', 'membership_pending', 'mfa_enrolment_required']);

/** The one place errors become answers: `{ error: { code, message } }`, never a stack trace. */
export function registerErrorHandler(app: FastifyInstance, ctx: AppContext): void {
  app.setErrorHandler(async (err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) {
      if (deniedCodes.has(err.code)) {
        await ctx.db
          .transaction((tx) =>
            appendAudit(tx, {
              actor: req.actor,
              action: 'permission.denied',
              targetType: 'route',
              targetId: `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`,
              ip: req.ip,
              detail: { code: err.code },
              at: ctx.clock.now(),
            }),
          )
          .catch((auditErr: unknown) => req.log.error({ err: auditErr }, 'could not audit a denial'));
      }
      if (err.headers) void reply.headers(err.headers);
      return reply.status(err.status).send(errorBody(err.code, err.message, err.details));
    }
    const mapped =
      (err.code && fastifyCodes[err.code]) || (err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? 'bad_request' : undefined);
    if (mapped) {
      const status = mapped === 'bad_request' && err.statusCode ? err.statusCode : errorCatalogue[mapped][0];
      return reply.status(status).send(errorBody(mapped, errorCatalogue[mapped][1]));
    }
    if (err instanceof DatabaseClosedError)
      return reply.status(503).send(errorBody('not_ready', 'The server is shutting down; try again.'));
    // The message, code and stack only: a database error object can carry the query's parameters (shared content).
    const e = err as Error & { code?: unknown };
    req.log.error({ err: { type: e.name, message: e.message, code: e.code, stack: e.stack } }, 'unhandled error');
    return reply.status(500).send(errorBody('internal_error', errorCatalogue.internal_error[1]));
  });
}
