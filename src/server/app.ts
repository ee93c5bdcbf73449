import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import { STREAM_LIMITS, registerEventStream } from '../modules/events/event-stream.ts';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { isTls } from './config.ts';
import type { AppContext } from './context.ts';
import { registerAuthHook } from './http/auth-hook.ts';
import { registerFileParser, registerJsonParser, registerQueryGuard } from './http/body-parser.ts';
import { registerErrorHandler } from './http/error-handler.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { AppError, errorBody } from './http/errors.ts';
import { registerRoute } from './http/route.ts';
import { registerOperationalRoutes } from './operational.ts';
import { routeTable } from './routes.ts';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

// A hop count becomes "trust the nearest n proxies".
function trustProxyOption(value: boolean | number | string[]) {
  return typeof value === 'number' ? (_address: string, hop: number) => hop < value : value;
}

/** Builds the HTTP application without listening: used by `serve`, the tests (`inject`) and the benchmarks. */
export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log,
    bodyLimit: ctx.config.bodyLimit,
    // Slow clients hold a connection only so long: headers (a slowloris upgrade included) within headersTimeoutMs, the
    // whole request within 5 minutes (large uploads on slow links).
    http: {
      headersTimeout: ctx.config.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(ctx.config.headersTimeoutMs / 3))),
    },
    requestTimeout: 300_000,
    requestIdHeader: false,
    trustProxy: trustProxyOption(ctx.config.trustProxy),
    genReqId: () => crypto.randomUUID(),
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: (err, _req, reply) =>
      void (reply as unknown as import('fastify').FastifyReply)
        .status(err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400)
        .send(errorBody('bad_request', new AppError('bad_request').message)),
    logController: new LogController({ disableRequestLogging: ctx.config.logLevel !== 'debug' && ctx.config.logLevel !== 'trace' }),
  });
  // Validation is zod's (in registerRoute); the JSON schemas on routes are for the OpenAPI document.
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  registerJsonParser(app);
  registerFileParser(app);
  registerQueryGuard(app);
  registerErrorHandler(app, ctx);
  await app.register(cookie);
  registerSecurityHeaders(app, isTls(ctx.config));
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'OpenISAO API',
        version: '1',
        description:
          'OpenISAO: confidential information sharing for medical-device cybersecurity. Sign in with POST /api/v1/auth/login (session cookie; send X-CSRF-Token on writes) or use an API token as `Authorization: Bearer isao_…`.',
      },
      servers: [{ url: ctx.config.publicUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'isao_session' },
          bearer: { type: 'http', scheme: 'bearer' },
          vendorSession: { type: 'apiKey', in: 'cookie', name: 'isao_vendor' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { docExpansion: 'list', validatorUrl: null } });

  registerAuthHook(app, ctx);
  registerOperationalRoutes(app, ctx);
  for (const route of routeTable) registerRoute(app, ctx, route);
  await app.register(websocket, { options: { maxPayload: STREAM_LIMITS.maxPayload } });
  registerEventStream(app, ctx);
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const hasWeb = fs.existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDir, wildcard: false, index: false, maxAge: 0 });
  app.setNotFoundHandler(async (req, reply) => {
    const url = req.url.split('?')[0] ?? '/';
    const isApi = url.startsWith('/api/') || url.startsWith('/internal/') || url.startsWith('/.well-known/');
    if (req.method === 'GET' && !isApi && hasWeb) {
      // The single-page app handles its own paths.
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').sendFile('index.html');
    }
    return reply.status(404).send(errorBody('not_found', new AppError('not_found').message));
  });
  return app;
}
