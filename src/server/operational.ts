import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import client from 'prom-client';
import type { AppContext } from './context.ts';
import type { ChangeTracker } from './db/change-tracker.ts';
import { currentVersion, listMigrations } from './db/migrate.ts';
import { readCacheStats } from './db/read-cache.ts';
import { errorBody } from './http/errors.ts';

const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: 'isao_' });
const httpDuration = new client.Histogram({
  name: 'isao_http_request_duration_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

// The read caches of the database the last registered app uses (one per process outside tests).
let cachedDb: ChangeTracker | null = null;
const cacheStats = () => (cachedDb ? readCacheStats(cachedDb) : []);
new client.Gauge({
  name: 'isao_read_cache_entries',
  help: 'Entries held by each read cache (sessions, API tokens, notice pages)',
  labelNames: ['cache'],
  registers: [registry],
  collect() {
    for (const s of cacheStats()) this.set({ cache: s.name }, s.entries);
  },
});
for (const [name, field] of [
  ['isao_read_cache_hits_total', 'hits'],
  ['isao_read_cache_misses_total', 'misses'],
] as const) {
  new client.Counter({
    name,
    help: `Lookups of each read cache that were ${field === 'hits' ? 'answered from it' : 'not (absent, stale or expired)'}`,
    labelNames: ['cache'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of cacheStats()) this.inc({ cache: s.name }, s[field]);
    },
  });
}

/** /healthz (alive), /readyz (database reachable and migrated), /metrics (Prometheus). */
export function registerOperationalRoutes(app: FastifyInstance, ctx: AppContext): void {
  cachedDb = ctx.db.changes;
  app.addHook('onResponse', async (req, reply) => {
    httpDuration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  const latest = listMigrations().at(-1)?.version ?? null;
  app.get('/healthz', { schema: { summary: 'Liveness', tags: ['operations'] } }, async () => ({ status: 'ok' }));
  app.get(
    '/readyz',
    { schema: { summary: 'Readiness: the database answers and is migrated', tags: ['operations'] } },
    async (_req, reply) => {
      try {
        const version = await currentVersion(ctx.db);
        if (version !== latest)
          return reply.status(503).send(errorBody('not_ready', `Database schema is at ${version ?? 'nothing'}, expected ${latest}.`));
        return { status: 'ready', schema: version };
      } catch {
        return reply.status(503).send(errorBody('not_ready', 'The database does not answer.'));
      }
    },
  );
  app.get(
    '/metrics',
    {
      schema: {
        summary:
          'Prometheus metrics: with the bearer token ISAO_METRICS_TOKEN, or without one from this machine only (not through a proxy)',
        tags: ['operations'],
      },
    },
    async (req, reply) => {
      if (!metricsAllowed(req, ctx.config.metricsToken)) {
        if (ctx.config.metricsToken)
          return reply.status(401).send(errorBody('unauthenticated', 'Send Authorization: Bearer <ISAO_METRICS_TOKEN>.'));
        return reply
          .status(403)
          .send(errorBody('forbidden', 'Metrics are served to this machine only; set ISAO_METRICS_TOKEN to scrape them remotely.'));
      }
      reply.type(registry.contentType);
      return registry.metrics();
    },
  );
}

/** Route timings and process figures are for the operators: a scraper with the token, or a local one when none is set. */
function metricsAllowed(req: FastifyRequest, token: string | null): boolean {
  if (token) {
    const given = Buffer.from(req.headers.authorization ?? '');
    const expected = Buffer.from(`Bearer ${token}`);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
  const local = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.socket.remoteAddress ?? '');
  return local && req.headers['x-forwarded-for'] === undefined && req.headers.forwarded === undefined;
}
