import path from 'node:path';
import { z } from 'zod';

/** Every setting OpenISAO reads from the environment, validated once at start. */
export interface Config {
  /** TCP port of the web server (PORT, default 8080). */
  port: number;
  /** Address to bind (ISAO_HOST, default 0.0.0.0). */
  host: string;
  /** Folder for the embedded database, attachments and runtime files (ISAO_DATA_DIR, default ./data). */
  dataDir: string;
  /** PostgreSQL URL; unset means the embedded PGlite database under dataDir. */
  databaseUrl: string | undefined;
  /** NATS URL for cross-node events; unset means the in-process bus. */
  natsUrl: string | undefined;
  /** SMTP URL for outgoing mail; unset means mail is written to the log. */
  smtpUrl: string | undefined;
  /** Sender address of outgoing mail (ISAO_MAIL_FROM). */
  mailFrom: string;
  /** The address people use to reach this server, used in links and to decide on Secure cookies. */
  publicUrl: string;
  /** Bootstrap operator admin on an empty database. */
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** Load the demo organisations and people on first start (ISAO_DEMO, default on). */
  demo: boolean;
  /** Keep sessions, tokens and notice pages in the read cache (ISAO_READ_CACHE, default on; see ARCHITECTURE.md). */
  readCache: boolean;
  /** Session idle timeout and absolute lifetime, in minutes. */
  sessionIdleMinutes: number;
  sessionAbsoluteMinutes: number;
  /** Largest accepted request body, in bytes (ISAO_BODY_LIMIT). */
  bodyLimit: number;
  /** Which proxies to trust for the client address (X-Forwarded-For): hop count, addresses/CIDRs, or true. */
  trustProxy: boolean | number | string[];
  /** Membership applications accepted from one address per hour (each sends an email). */
  applyLimitPerHour: number;
  /** Vulnerability reports accepted from one address per hour (ISAO_REPORT_LIMIT_PER_HOUR, default 5). */
  reportLimitPerHour: number;
  /** Forum posts one person may write per minute (ISAO_POST_LIMIT_PER_MINUTE, default 20; 15 times that per hour). */
  postLimitPerMinute: number;
  /**
   * A client must send its request headers within this many milliseconds (slowloris). Not an environment setting: tests
   * shorten it.
   */
  headersTimeoutMs: number;
  /** pino log level (LOG_LEVEL). */
  logLevel: string;
  /** How often the server looks for feeds due to be fetched, in seconds (ISAO_FEED_CHECK_SECONDS, default 60; 0: never). */
  feedCheckSeconds: number;
  /**
   * The CVE Program org UUID of the CNA that takes our CVE records (ISAO_CVE_ORG_ID): providerMetadata.orgId and
   * assignerOrgId of exported CVE JSON 5.1 records; without it the export is refused.
   */
  cveOrgId: string | null;
  /**
   * The bearer token Prometheus sends to /metrics (ISAO_METRICS_TOKEN); without one, /metrics answers only direct
   * connections from this machine.
   */
  metricsToken: string | null;
  /**
   * Let webhooks reach private, loopback and link-local addresses (ISAO_WEBHOOK_ALLOW_PRIVATE, default off): for
   * on-premises installs whose receivers are on the local network, and for tests.
   */
  webhookAllowPrivate: boolean;
}

/** A configuration problem, reported at start as one clear line per variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    );

const intIn = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

const envSchema = z.object({
  PORT: intIn(0, 65535).optional(),
  ISAO_HOST: z.string().trim().min(1).optional(),
  ISAO_DATA_DIR: z.string().trim().min(1).optional(),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  NATS_URL: url(['nats:', 'tls:', 'ws:', 'wss:']).optional(),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  ISAO_MAIL_FROM: z.email('must be an email address').optional(),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  ISAO_ADMIN_EMAIL: z.email('must be an email address').optional(),
  ISAO_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').max(256).optional(),
  ISAO_DEMO: z.enum(['0', '1', 'true', 'false'], 'must be 0 or 1').optional(),
  ISAO_READ_CACHE: z.enum(['0', '1', 'true', 'false'], 'must be 0 or 1').optional(),
  ISAO_SESSION_IDLE_MINUTES: intIn(1, 7 * 24 * 60).optional(),
  ISAO_SESSION_ABSOLUTE_MINUTES: intIn(1, 30 * 24 * 60).optional(),
  ISAO_BODY_LIMIT: intIn(1024, 1024 * 1024 * 1024).optional(),
  ISAO_APPLY_LIMIT_PER_HOUR: intIn(1, 100000).optional(),
  ISAO_REPORT_LIMIT_PER_HOUR: intIn(1, 100000).optional(),
  ISAO_POST_LIMIT_PER_MINUTE: intIn(1, 100000).optional(),
  ISAO_TRUST_PROXY: z
    .string()
    .trim()
    .regex(/^(true|false|\d{1,2}|[0-9a-fA-F:.\/]+(,[0-9a-fA-F:.\/]+)*)$/, 'must be true, a hop count, or comma-separated addresses/CIDRs')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  ISAO_FEED_CHECK_SECONDS: intIn(0, 86400).optional(),
  ISAO_WEBHOOK_ALLOW_PRIVATE: z.enum(['0', '1', 'true', 'false'], 'must be 0 or 1').optional(),
  // The CVE record format takes version-4 UUIDs only.
  ISAO_CVE_ORG_ID: z
    .string()
    .trim()
    .regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i,
      'must be the CNA’s CVE Program org id (a version-4 UUID)',
    )
    .optional(),
  ISAO_METRICS_TOKEN: z.string().trim().min(16, 'at least 16 characters').max(256).optional(),
});

/** Reads and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.keys(envSchema.shape)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0])} ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if ((e.ISAO_ADMIN_EMAIL === undefined) !== (e.ISAO_ADMIN_PASSWORD === undefined)) {
    problems.push('ISAO_ADMIN_EMAIL and ISAO_ADMIN_PASSWORD must be set together');
  }
  const idle = e.ISAO_SESSION_IDLE_MINUTES ?? 60;
  const absolute = e.ISAO_SESSION_ABSOLUTE_MINUTES ?? 12 * 60;
  if (idle > absolute) problems.push('ISAO_SESSION_IDLE_MINUTES must not exceed ISAO_SESSION_ABSOLUTE_MINUTES');
  if (problems.length > 0) throw new ConfigError(problems);

  const port = e.PORT ?? 8080;
  return {
    port,
    host: e.ISAO_HOST ?? '0.0.0.0',
    dataDir: path.resolve(e.ISAO_DATA_DIR ?? './data'),
    databaseUrl: e.DATABASE_URL,
    natsUrl: e.NATS_URL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.ISAO_MAIL_FROM ?? 'openisao@localhost',
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    adminEmail: e.ISAO_ADMIN_EMAIL?.toLowerCase(),
    adminPassword: e.ISAO_ADMIN_PASSWORD,
    demo: !(e.ISAO_DEMO === '0' || e.ISAO_DEMO === 'false'),
    readCache: !(e.ISAO_READ_CACHE === '0' || e.ISAO_READ_CACHE === 'false'),
    sessionIdleMinutes: idle,
    sessionAbsoluteMinutes: absolute,
    bodyLimit: e.ISAO_BODY_LIMIT ?? 1024 * 1024,
    applyLimitPerHour: e.ISAO_APPLY_LIMIT_PER_HOUR ?? 10,
    reportLimitPerHour: e.ISAO_REPORT_LIMIT_PER_HOUR ?? 5,
    postLimitPerMinute: e.ISAO_POST_LIMIT_PER_MINUTE ?? 20,
    trustProxy: parseTrustProxy(e.ISAO_TRUST_PROXY),
    headersTimeoutMs: 15_000,
    logLevel: e.LOG_LEVEL ?? 'info',
    feedCheckSeconds: e.ISAO_FEED_CHECK_SECONDS ?? 60,
    cveOrgId: e.ISAO_CVE_ORG_ID?.toLowerCase() ?? null,
    webhookAllowPrivate: e.ISAO_WEBHOOK_ALLOW_PRIVATE === '1' || e.ISAO_WEBHOOK_ALLOW_PRIVATE === 'true',
    metricsToken: e.ISAO_METRICS_TOKEN ?? null,
  };
}

function parseTrustProxy(value: string | undefined): boolean | number | string[] {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',');
}

/** True when the public address is HTTPS, so cookies get Secure and HSTS is sent. */
export function isTls(config: Pick<Config, 'publicUrl'>): boolean {
  return config.publicUrl.startsWith('https:');
}
