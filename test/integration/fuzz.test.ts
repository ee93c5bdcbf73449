import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/modules/members/sessions.ts';
import { buildApp } from '../../src/server/app.ts';
import type { AnyRoute } from '../../src/server/http/route.ts';
import { registerInternalCli } from '../../src/server/internal-cli.ts';
import { routeTable } from '../../src/server/routes.ts';
import { sha256 } from '../../src/server/security/tokens.ts';
import { makeGroup, makeOrg, makePerson } from '../support/factories.ts';
import { type Probe, bodyProbes, paramValues, queryProbes, randomProbes } from '../support/fuzz-probes.ts';
import { type Res, type Send, errorShapeProblem, inParallel, sender } from '../support/policy-world.ts';
import { type TestApp, createTestApp } from '../support/test-app.ts';

// Generated and hand-picked garbage at every route in routeTable, as the public, a platform admin and an
// organisation admin: nothing may answer 5xx, and every 4xx is { error: { code, message } } without internals.

const SEED = 0x15a0;
const RANDOM_RUNS = { GET: 10, other: 25 };

let t: TestApp;
let w: Record<
  'operator' | 'manu' | 'hdo' | 'pa' | 'admin' | 'member' | 'group' | 'notice' | 'invitation' | 'invitationToken' | 'application',
  string
>;
let requests = 0;
const started = Date.now();

beforeAll(async () => {
  t = await createTestApp();
  const operator = await makeOrg(t.db, 'operator');
  const manu = await makeOrg(t.db, 'manufacturer');
  const hdo = await makeOrg(t.db, 'hdo');
  const pa = await makePerson(t.db, operator.id, ['platform_admin']);
  const admin = await makePerson(t.db, manu.id, ['org_admin']);
  const member = await makePerson(t.db, manu.id, ['member']);
  const group = await makeGroup(t.db, manu.id, admin.id, [hdo.id], true);
  const now = t.clock.now();
  const [notice] = await t.db.query<{ id: string }>(
    `INSERT INTO notices (title, body, tlp, audience, owner_org_id, author_id, anonymous, created_at, updated_at) VALUES ('fuzz', 'fuzz', 'GREEN', 'members', $1, $2, true, $3, $3) RETURNING id`,
    [manu.id, admin.id, now],
  );
  const invitationToken = `fuzz${randomUUID().replace(/-/g, '')}`;
  const [invitation] = await t.db.query<{ id: string }>(
    `INSERT INTO invitations (org_id, email, roles, token_hash, invited_by, created_at, expires_at) VALUES ($1, 'invited@fuzz.test', '{member}', $2, $3, $4, $5) RETURNING id`,
    [manu.id, sha256(invitationToken), admin.id, now, new Date(now.getTime() + 86_400_000)],
  );
  const applicantOrg = await makeOrg(t.db, 'hdo', { status: 'pending' });
  const applicant = await makePerson(t.db, applicantOrg.id, ['org_admin']);
  const [application] = await t.db.query<{ id: string }>(
    'INSERT INTO membership_applications (org_id, applicant_id, created_at) VALUES ($1, $2, $3) RETURNING id',
    [applicantOrg.id, applicant.id, now],
  );
  w = {
    operator: operator.id,
    manu: manu.id,
    hdo: hdo.id,
    pa: pa.id,
    admin: admin.id,
    member: member.id,
    group: group.id,
    notice: notice!.id,
    invitation: invitation!.id,
    invitationToken,
    application: application!.id,
  };
}, 120_000);
afterAll(async () => {
  console.log(`fuzz: ${requests} requests over ${routeTable.length} routes × 3 callers, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await t?.close();
});

/** Existing ids, so garbage reaches as deep into the services as it can. */
function defaultParam(url: string, name: string): string {
  if (name === 'token') return w.invitationToken;
  if (name === 'orgId') return w.hdo;
  const byPrefix: [string, string][] = [
    ['/api/v1/organisations/', w.manu],
    ['/api/v1/people/', w.member],
    ['/api/v1/sharing-groups/', w.group],
    ['/api/v1/notices/', w.notice],
    ['/api/v1/invitations/', w.invitation],
    ['/api/v1/applications/', w.application],
  ];
  return byPrefix.find(([p]) => url.startsWith(p))?.[1] ?? randomUUID();
}
const filler = (r: AnyRoute) => (param: string, value: string) =>
  r.url.replace(/:(\w+)/g, (_, k: string) => (k === param ? value : defaultParam(r.url, k)));

/** Fresh credentials per route, so a route that signs out or changes a password cannot spoil the next one. */
async function callers(): Promise<[string, Send][]> {
  const session = async (personId: string) => {
    const s = await t.db.transaction((tx) => createSession(tx, t.ctx, personId, '127.0.0.1', null));
    return sender(t.app, { cookie: s.token, csrf: s.csrfToken });
  };
  return [
    ['public', sender(t.app, null)],
    ['platform admin', await session(w.pa)],
    ['org admin', await session(w.admin)],
  ];
}

function problemOf(who: string, method: string, p: Probe, res: Res): string | null {
  const where = `${who} ${method} ${p.url.slice(0, 140)} [${p.label}]`;
  if (res.statusCode >= 500) return `${where} → ${res.statusCode} ${res.body.slice(0, 200)}`;
  if (p.expect !== undefined && res.statusCode !== p.expect)
    return `${where} → ${res.statusCode}, expected ${p.expect}: ${res.body.slice(0, 200)}`;
  const shape = method === 'HEAD' ? null : errorShapeProblem(res);
  return shape ? `${where} → ${res.statusCode}: ${shape}` : null;
}

async function fuzzRoute(r: AnyRoute, index: number): Promise<string[]> {
  const fill = filler(r);
  const base = fill('', '');
  const probes: Probe[] = [...queryProbes(base, r)];
  for (const m of r.url.matchAll(/:(\w+)/g))
    for (const v of paramValues) probes.push({ label: `param ${m[1]}=${v.slice(0, 30)}`, url: fill(m[1]!, v) });
  if (r.method !== 'GET') probes.push(...bodyProbes(base, r, t.ctx.config.bodyLimit + 1024));
  probes.push(...randomProbes(r, fill, SEED + index, r.method === 'GET' ? RANDOM_RUNS.GET : RANDOM_RUNS.other));
  const problems: string[] = [];
  for (const [who, send] of await callers()) {
    await inParallel(probes, 4, async (p) => {
      const res = await send(r.method, p.url, p.payload, p.headers);
      requests++;
      const problem = problemOf(who, r.method, p, res);
      if (problem) problems.push(problem);
    });
  }
  // Undo what valid-looking garbage may have switched on for the next route.
  await t.db.query('UPDATE organisations SET require_mfa = false');
  await t.db.query("UPDATE people SET status = 'active', totp_enabled_at = NULL, totp_secret = NULL");
  return problems;
}

describe('fuzzing every route', () => {
  // One test per route: a failure names the route, and no single test runs long.
  routeTable.forEach((r, i) => {
    it(`${r.method} ${r.url}: no 5xx, errors in the shared format`, async () => {
      const problems = await fuzzRoute(r, i);
      expect(problems.slice(0, 15), `${problems.length} problems`).toEqual([]);
    }, 60_000);
  });

  it('answers URLs that are no route with 4xx JSON', async () => {
    const probes: [string, string, string?][] = [
      ['GET', '/api/v1/nope'],
      ['POST', '/api/v1/nope', '{"a":1}'],
      ['PUT', '/api/v1/notices'],
      ['DELETE', '/api/v1/agreement'],
      ['OPTIONS', '/api/v1/me'],
      ['GET', '/api/v1/notices/'],
      ['GET', '/api/v2/notices'],
      ['GET', '/.well-known/csaf/red/index.txt'],
      ['GET', '/.well-known/nothing-here.txt'],
      ['GET', '/internal/cli'],
      ['POST', '/internal/cli', '{"command":"backup"}'],
      ['GET', '/api/%ZZ'],
      ['GET', '/api/v1/%00'],
      ['GET', `/api/v1/${'x'.repeat(10_000)}`],
      ['PATCH', '/api/..%2F..%2Fetc/passwd'],
    ];
    const problems: string[] = [];
    for (const [method, url, payload] of probes) {
      const res = await t.app.inject({
        method: method as 'GET',
        url,
        ...(payload ? { payload, headers: { 'content-type': 'application/json' } } : {}),
      });
      requests++;
      if (res.statusCode < 400 || res.statusCode >= 500) problems.push(`${method} ${url.slice(0, 80)} → ${res.statusCode}`);
      const shape = errorShapeProblem(res);
      if (shape) problems.push(`${method} ${url.slice(0, 80)} → ${res.statusCode}: ${shape}`);
    }
    expect(problems).toEqual([]);
  });

  it('answers concurrent creates of the same name with 409, not a unique-violation 500', async () => {
    const pa = (await callers())[1]![1];
    const name = `race ${randomUUID()}`;
    const statuses = await Promise.all(
      [...Array(4).keys()].flatMap(() => [
        pa('POST', '/api/v1/sharing-groups', { name, confidential: true }),
        pa('POST', '/api/v1/admin/organisations', { name, kind: 'hdo' }),
      ]),
    );
    requests += statuses.length;
    expect(statuses.map((r) => r.statusCode).sort()).toEqual([201, 201, 409, 409, 409, 409, 409, 409]);
    for (const r of statuses) expect(errorShapeProblem(r)).toBeNull();
  });

  it('refuses /internal/cli without the secret, or from another address, with 403 JSON', async () => {
    // The CLI route exists only in a served application; build one with it, on the same database.
    const secret = randomUUID();
    const app: FastifyInstance = await buildApp(t.ctx);
    registerInternalCli(app, t.ctx, secret);
    await app.ready();
    try {
      const cases: [Record<string, string>, string][] = [
        [{}, '127.0.0.1'],
        [{ 'x-isao-cli-secret': 'wrong' }, '127.0.0.1'],
        [{ 'x-isao-cli-secret': secret.slice(0, 10) }, '127.0.0.1'],
        [{ 'x-isao-cli-secret': secret }, '203.0.113.7'],
      ];
      for (const [headers, remoteAddress] of cases) {
        const res = await app.inject({
          method: 'POST',
          url: '/internal/cli',
          remoteAddress,
          headers: { ...headers, 'content-type': 'application/json' },
          payload: { command: 'people:list', args: {} },
        });
        requests++;
        expect(res.statusCode).toBe(403);
        expect(errorShapeProblem(res)).toBeNull();
      }
    } finally {
      await app.close();
    }
  });
});
