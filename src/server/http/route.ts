import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { TokenScope } from '../../shared/vocabulary.ts';
import type { Actor } from '../../modules/policy/index.ts';
import type { AppContext } from '../context.ts';
import { AppError } from './errors.ts';
import { serialiseReusable } from './reusable-result.ts';

/** Who may call a route at all; finer decisions are the service's, through the policy module. */
export type RouteAuth =
  | 'public' // anyone, signed in or not
  | 'signed-in' // any signed-in person, even of a pending organisation or before MFA enrolment
  | 'member' // a person of an active member organisation who has met its MFA requirement
  | 'vendor-link'; // an external vendor's one-time link or the case-scoped session it opened; never a member sign-in

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

/** Everything a handler gets: validated input, the actor, and the application context. */
export interface RouteCall<B, Q, P> {
  body: Infer<B>;
  query: Infer<Q>;
  params: Infer<P>;
  actor: Actor | null;
  ip: string;
  userAgent: string | null;
  ctx: AppContext;
  req: FastifyRequest;
  reply: FastifyReply;
}

/** One route: method, path, schemas (shared with web and CLI) and the one service verb it calls. */
export interface RouteDef<B = unknown, Q = unknown, P = unknown, R extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  summary: string;
  tags: string[];
  auth: RouteAuth;
  /** API-token scope needed (default: read for GET, write otherwise). */
  scope?: TokenScope;
  /** Account security: a signed-in session only, never an API token. */
  sessionOnly?: boolean;
  body?: B;
  /** The body is a file sent as application/octet-stream (a Buffer in `req.body`), up to this many bytes. */
  rawBody?: { maxBytes: number; description: string };
  query?: Q;
  params?: P;
  response: R;
  status?: number;
  handler: (call: RouteCall<B, Q, P>) => Promise<z.infer<R>>;
}

/** Declares a route with full type inference from its schemas. */
export function defineRoute<
  B extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  P extends z.ZodType | undefined,
  R extends z.ZodType,
>(def: RouteDef<B, Q, P, R>): RouteDef<B, Q, P, R> {
  return def;
}

/** A route whose schemas have been erased, for the route table. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteDef<any, any, any, z.ZodType>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  const s = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete s.$schema;
  return s;
}

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!result.success) {
    const issues = result.error.issues.slice(0, 20).map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }));
    const first = issues[0];
    throw new AppError('validation_failed', first ? `${first.path}: ${first.message}` : 'Invalid request.', { issues });
  }
  return result.data;
}

/** Registers a route: OpenAPI schema from zod, validation by zod, auth by the route's declaration. */
export function registerRoute(app: FastifyInstance, ctx: AppContext, route: AnyRoute): void {
  const schema: Record<string, unknown> = {
    summary: route.summary,
    tags: route.tags,
    response: { [route.status ?? 200]: jsonSchema(route.response, 'output') },
  };
  if (route.body) schema.body = jsonSchema(route.body, 'input');
  if (route.rawBody) {
    schema.consumes = ['application/octet-stream'];
    schema.body = { type: 'string', format: 'binary', description: route.rawBody.description };
  }
  if (route.query) schema.querystring = jsonSchema(route.query, 'input');
  if (route.params) schema.params = jsonSchema(route.params, 'input');
  if (route.auth === 'vendor-link') schema.security = [{ vendorSession: [] }];
  else if (route.auth !== 'public') schema.security = [{ session: [] }, { bearer: [] }];

  app.route({
    method: route.method,
    url: route.url,
    schema,
    // File routes take only application/octet-stream, up to their own limit; the others never take it. Both refuse
    // the wrong type before reading the body.
    ...(route.rawBody ? { bodyLimit: route.rawBody.maxBytes } : {}),
    preParsing: async (req: FastifyRequest) => {
      const type = req.headers['content-type'];
      if (type === undefined) return;
      const isFile = /^application\/octet-stream\s*(;|$)/i.test(type);
      if (route.rawBody && !isFile)
        throw new AppError('unsupported_media_type', 'Send the file itself as the body, with Content-Type: application/octet-stream.');
      if (!route.rawBody && isFile) throw new AppError('unsupported_media_type', 'This route takes JSON (application/json).');
    },
    config: {
      auth: route.auth,
      scope: route.scope ?? (route.method === 'GET' ? 'read' : 'write'),
      sessionOnly: route.sessionOnly ?? false,
    },
    handler: async (req, reply) => {
      const params = parse(route.params, req.params, 'params');
      const query = parse(route.query, req.query, 'query');
      if (route.rawBody && !Buffer.isBuffer(req.body))
        throw new AppError('unsupported_media_type', 'Send the file itself as the body, with Content-Type: application/octet-stream.');
      if (!route.rawBody && Buffer.isBuffer(req.body))
        throw new AppError('unsupported_media_type', 'This route takes JSON (application/json).');
      const body = route.body ? parse(route.body, req.body, 'body') : undefined;
      const result = await route.handler({
        body,
        query,
        params,
        actor: req.actor,
        ip: req.ip,
        userAgent: req.headers['user-agent']?.slice(0, 500) ?? null,
        ctx,
        req,
        reply,
      });
      reply.status(route.status ?? 200);
      // The route serialiser (fast-json-stringify from the response schema) makes text.
      const text = serialiseReusable(result, (value) => reply.serialize(value) as string);
      if (text !== undefined) return reply.type('application/json; charset=utf-8').send(text);
      return result;
    },
  });
}
