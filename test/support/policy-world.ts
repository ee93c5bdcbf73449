import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadActor } from '../../src/modules/members/actor-loader.ts';
import { createSession } from '../../src/modules/members/sessions.ts';
import {
  type Actor,
  type SharedItem,
  canRead,
  canSeeContributor,
  canSeeRecipients,
  isActiveMember,
  isOperatorStaff,
  isOrgAdminOf,
  isPlatformAdmin,
} from '../../src/modules/policy/index.ts';
import type { AnyRoute } from '../../src/server/http/route.ts';
import { sha256 } from '../../src/server/security/tokens.ts';
import { type OrgKind, type OrgStatus, type Role, type TokenScope, audiences, tlpLevels } from '../../src/shared/vocabulary.ts';
import { TEST_PASSWORD, makeGroup, makeOrg, makePerson } from './factories.ts';
import { type TestApp, signInClient } from './test-app.ts';

/**
 * A world for policy tests: organisations of every kind (and a pending one), people in every role,
 * a confidential and an open sharing group, and every TLP × audience × anonymity × embargo notice,
 * each with a unique canary title and body, so a leak anywhere in any answer can be spotted.
 */
export interface WorldOrg {
  key: string;
  id: string;
  name: string;
  kind: OrgKind;
  status: OrgStatus;
}
export interface WorldPerson {
  key: string;
  id: string;
  name: string;
  email: string;
  orgId: string;
  roles: Role[];
}
export interface WorldGroup {
  key: string;
  id: string;
  confidential: boolean;
  ownerOrgId: string;
  memberOrgIds: string[];
}
export interface WorldNotice extends SharedItem {
  id: string;
  title: string;
  body: string;
  orgName: string;
  authorName: string;
}

export type Res = LightMyRequestResponse;
export type Send = (method: string, url: string, payload?: unknown, headers?: Record<string, string>) => Promise<Res>;

/** Someone calling the API: the public, a person by session cookie, or a person by API token. */
export interface Caller {
  key: string;
  via: 'public' | 'session' | 'token';
  person: WorldPerson | null;
  /** The caller as the policy sees them (null: the public). */
  policy: Actor | null;
  scopes: TokenScope[] | null;
  send: Send;
}

export interface World {
  t: TestApp;
  orgs: Record<string, WorldOrg>;
  people: WorldPerson[];
  groups: WorldGroup[];
  notices: WorldNotice[];
  noticeById: Map<string, WorldNotice>;
  byMarker: Map<string, WorldNotice>;
  callers: Caller[];
  openInvitationToken: string;
  now: Date;
}

const orgSpec: [string, OrgKind, OrgStatus][] = [
  ['operator', 'operator', 'active'],
  ['manuA', 'manufacturer', 'active'],
  ['manuB', 'manufacturer', 'active'],
  ['hdoA', 'hdo', 'active'],
  ['hdoB', 'hdo', 'active'],
  ['researcher', 'researcher', 'active'],
  ['partner', 'partner', 'active'],
  ['observer', 'observer', 'active'],
  ['pending', 'manufacturer', 'pending'],
];
const peopleSpec: [string, Role][] = [
  ['operator', 'coordinator'],
  ['operator', 'platform_admin'],
  ['manuA', 'org_admin'],
  ['manuA', 'analyst'],
  ['manuA', 'member'],
  ['manuA', 'read_only'],
  ['manuB', 'org_admin'],
  ['manuB', 'analyst'],
  ['hdoA', 'org_admin'],
  ['hdoA', 'member'],
  ['hdoB', 'read_only'],
  ['researcher', 'analyst'],
  ['partner', 'org_admin'],
  ['partner', 'member'],
  ['observer', 'member'],
  ['pending', 'org_admin'],
];

const short = () => randomUUID().slice(0, 8);

/** A deterministic pseudo-random generator (mulberry32), so the world is the same on every run. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!, chance: (p: number) => next() < p };
}

/** Sends requests as a session (cookie + CSRF header), a bearer token, or nobody. */
export function sender(app: FastifyInstance, auth: { cookie: string; csrf: string } | { token: string } | null): Send {
  return (method, url, payload, headers = {}) => {
    const authHeaders: Record<string, string> =
      auth === null ? {} : 'token' in auth ? { authorization: `Bearer ${auth.token}` } : { 'x-csrf-token': auth.csrf };
    return app.inject({
      method: method as 'GET',
      url,
      headers: { ...authHeaders, ...headers },
      ...(auth !== null && 'cookie' in auth ? { cookies: { isao_session: auth.cookie } } : {}),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  };
}

/** Inserts an API token for a person directly (hashed as the server stores it). */
export async function insertToken(t: TestApp, personId: string, scopes: TokenScope[]): Promise<{ id: string; token: string }> {
  const token = `isao_${randomUUID().replace(/-/g, '')}${randomUUID().replace(/-/g, '')}`;
  const rows = await t.db.query<{ id: string }>(
    `INSERT INTO api_tokens (person_id, name, token_prefix, token_hash, scopes, created_at, expires_at)
     VALUES ($1, 'fixture', $2, $3, $4, $5, $6) RETURNING id`,
    [personId, token.slice(0, 12), sha256(token), scopes, t.clock.now(), new Date(t.clock.now().getTime() + 86_400_000)],
  );
  return { id: rows[0]!.id, token };
}

/** A fresh person in the caller's organisation with the caller's roles, reached the same way (session or token). */
export async function twinOf(t: TestApp, c: Caller): Promise<{ caller: Caller; person: WorldPerson; sessionId: string | null }> {
  if (!c.person) return { caller: c, person: await throwawayPerson(t, c), sessionId: null };
  const p = await makePerson(t.db, c.person.orgId, c.person.roles, { name: `TWIN-${short()}` });
  const person: WorldPerson = { ...p, key: `twin-${p.id}`, roles: c.person.roles };
  const policy = c.policy ? { ...c.policy, personId: p.id, email: p.email } : null;
  if (c.via === 'token') {
    const { token } = await insertToken(t, p.id, c.scopes ?? []);
    return { caller: { ...c, person, policy, send: sender(t.app, { token }) }, person, sessionId: null };
  }
  const s = await t.db.transaction((tx) => createSession(tx, t.ctx, p.id, '127.0.0.1', null));
  return { caller: { ...c, person, policy, send: sender(t.app, { cookie: s.token, csrf: s.csrfToken }) }, person, sessionId: s.sessionId };
}

/** A throwaway person (of the caller's organisation, or manuA for the public). */
export async function throwawayPerson(t: TestApp, c: Caller | null, orgId?: string): Promise<WorldPerson> {
  const org =
    orgId ?? c?.person?.orgId ?? (await t.db.query<{ id: string }>("SELECT id FROM organisations WHERE name LIKE 'ORG-manuA-%'"))[0]!.id;
  const p = await makePerson(t.db, org, ['member'], { name: `THROWAWAY-${short()}` });
  return { ...p, key: `throwaway-${p.id}`, roles: ['member'] };
}

/** Builds the whole world and signs every person in through the API (once). */
export async function buildWorld(t: TestApp): Promise<World> {
  const now = t.clock.now();
  const orgs: Record<string, WorldOrg> = {};
  for (const [key, kind, status] of orgSpec) {
    const o = await makeOrg(t.db, kind, { status, name: `ORG-${key}-${short()}` });
    orgs[key] = { key, id: o.id, name: o.name, kind, status };
  }
  const people: WorldPerson[] = [];
  for (const [orgKey, role] of peopleSpec) {
    const key = `${orgKey}.${role}`;
    const p = await makePerson(t.db, orgs[orgKey]!.id, [role], {
      name: `PERSON-${key}-${short()}`,
      email: `${key.replace('.', '-')}-${short()}@policy.test`,
    });
    people.push({ ...p, key, roles: [role] });
  }
  const person = (key: string) => people.find((p) => p.key === key)!;
  const conf = await makeGroup(t.db, orgs.manuA!.id, person('manuA.org_admin').id, [orgs.hdoA!.id, orgs.researcher!.id], true);
  const open = await makeGroup(t.db, orgs.manuB!.id, person('manuB.org_admin').id, [orgs.hdoB!.id, orgs.partner!.id], false);
  const groups: WorldGroup[] = [
    {
      key: 'confidential',
      id: conf.id,
      confidential: true,
      ownerOrgId: orgs.manuA!.id,
      memberOrgIds: [orgs.manuA!.id, orgs.hdoA!.id, orgs.researcher!.id],
    },
    {
      key: 'open',
      id: open.id,
      confidential: false,
      ownerOrgId: orgs.manuB!.id,
      memberOrgIds: [orgs.manuB!.id, orgs.hdoB!.id, orgs.partner!.id],
    },
  ];

  // Every TLP × audience × anonymity × embargo, with owners, authors and recipients varied by a seeded generator.
  const rng = seeded(20240611);
  const orgList = Object.values(orgs);
  const notices: WorldNotice[] = [];
  let i = 0;
  for (const tlp of tlpLevels)
    for (const audience of audiences)
      for (const anonymous of [false, true])
        for (const embargo of ['none', 'past', 'future'] as const) {
          const owner = rng.pick(orgList);
          const author = rng.pick(people.filter((p) => p.orgId === owner.id));
          const recipientOrgIds = audience === 'orgs' || rng.chance(0.2) ? [...new Set([rng.pick(orgList).id, rng.pick(orgList).id])] : [];
          const recipientPersonIds =
            tlp === 'RED' || rng.chance(0.25) ? [...new Set([rng.pick(people).id, ...(rng.chance(0.5) ? [rng.pick(people).id] : [])])] : [];
          const groupId = audience === 'group' ? groups[i % 2]!.id : rng.chance(0.15) ? rng.pick(groups).id : null;
          const embargoUntil = embargo === 'none' ? null : new Date(now.getTime() + (embargo === 'past' ? -1 : 1) * 86_400_000);
          const id = randomUUID();
          const n: WorldNotice = {
            id,
            title: `CANARY-${randomUUID()}`,
            body: `BODY-${randomUUID()}`,
            tlp,
            audience,
            anonymous,
            embargoUntil,
            ownerOrgId: owner.id,
            authorId: author.id,
            recipientOrgIds,
            recipientPersonIds,
            groupId,
            orgName: owner.name,
            authorName: author.name,
          };
          await t.db.query(
            `INSERT INTO notices (id, title, body, tlp, audience, owner_org_id, author_id, recipient_org_ids, recipient_person_ids, group_id, anonymous, embargo_until, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)`,
            [
              id,
              n.title,
              n.body,
              tlp,
              audience,
              owner.id,
              author.id,
              recipientOrgIds,
              recipientPersonIds,
              groupId,
              anonymous,
              embargoUntil,
              new Date(now.getTime() - 60_000 - i * 1000),
            ],
          );
          notices.push(n);
          i++;
        }

  const openInvitationToken = `inv${randomUUID().replace(/-/g, '')}`;
  await t.db.query(
    `INSERT INTO invitations (org_id, email, roles, token_hash, invited_by, created_at, expires_at) VALUES ($1, $2, '{member}', $3, $4, $5, $6)`,
    [
      orgs.hdoA!.id,
      `invited-${short()}@policy.test`,
      sha256(openInvitationToken),
      person('hdoA.org_admin').id,
      now,
      new Date(now.getTime() + 86_400_000),
    ],
  );

  const callers: Caller[] = [{ key: 'public', via: 'public', person: null, policy: null, scopes: null, send: sender(t.app, null) }];
  for (const p of people) {
    const client = await signInClient(t.app, p.email, TEST_PASSWORD);
    const policy = await loadActor(t.db, p.id);
    callers.push({
      key: p.key,
      via: 'session',
      person: p,
      policy,
      scopes: null,
      send: sender(t.app, { cookie: client.cookie, csrf: client.csrf }),
    });
  }
  // Two callers by API token, created through the API by their owners.
  for (const [key, scopes] of [
    ['manuA.analyst', ['read']],
    ['operator.platform_admin', ['read', 'write', 'admin']],
  ] as const) {
    const owner = callers.find((c) => c.key === key)!;
    const res = await owner.send('POST', '/api/v1/me/tokens', { name: 'policy test', scopes, expiresInDays: 2 });
    if (res.statusCode !== 201) throw new Error(`token for ${key}: ${res.statusCode} ${res.body}`);
    callers.push({
      ...owner,
      key: `token:${key}(${scopes.join('+')})`,
      via: 'token',
      scopes: [...scopes],
      send: sender(t.app, { token: res.json<{ token: string }>().token }),
    });
  }
  return {
    t,
    orgs,
    people,
    groups,
    notices,
    noticeById: new Map(notices.map((n) => [n.id, n])),
    byMarker: new Map(
      notices.flatMap((n) => [
        [n.title, n],
        [n.body, n],
      ]),
    ),
    callers,
    openInvitationToken,
    now,
  };
}

/** The route's own gate (auth hook): the status a caller gets before the service decides, or null when let through. */
export function gate(route: Pick<AnyRoute, 'auth' | 'method' | 'scope' | 'sessionOnly'>, c: Caller): 401 | 403 | null {
  // An external vendor's routes check their own scoped session (no member credential counts): the rule decides.
  if (route.auth === 'public' || route.auth === 'vendor-link') return null;
  if (c.via === 'public') return 401;
  if (c.via === 'token' && route.sessionOnly) return 403; // account security: sessions only
  const need = route.scope ?? (route.method === 'GET' ? 'read' : 'write');
  const rank = { read: 0, write: 1, admin: 2 } as const;
  if (c.via === 'token' && Math.max(-1, ...(c.scopes ?? []).map((s) => rank[s])) < rank[need]) return 403;
  if (route.auth === 'member' && !isActiveMember(c.policy)) return 403;
  return null;
}

export const canManageGroup = (a: Actor | null, g: Pick<WorldGroup, 'ownerOrgId'>) => isPlatformAdmin(a) || isOrgAdminOf(a, g.ownerOrgId);
export const canSeeGroup = (a: Actor | null, g: WorldGroup) =>
  a !== null && (canManageGroup(a, g) || a.orgId === g.ownerOrgId || g.memberOrgIds.includes(a.orgId));
export { isOperatorStaff };

const markerRe = /(?:CANARY|BODY)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Checks one answer against the policy for this caller; returns what is wrong (empty when nothing). */
export function policyViolations(w: World, c: Caller, url: string, res: Res, readable: Set<string>): string[] {
  const out: string[] = [];
  const text = res.body;
  const where = `${c.key} ${url} → ${res.statusCode}`;
  for (const m of text.matchAll(markerRe)) {
    const n = w.byMarker.get(m[0]);
    if (n && !readable.has(n.id))
      out.push(`${where}: leaks notice ${n.id} (${n.tlp}/${n.audience}${n.anonymous ? '/anon' : ''}) marker ${m[0]}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return out;
  }
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    const n = typeof o.id === 'string' && 'title' in o ? w.noticeById.get(o.id) : undefined;
    if (n) {
      const s = JSON.stringify(o);
      if (n.anonymous && !canSeeContributor(c.policy, n)) {
        for (const secret of [n.ownerOrgId, n.orgName, n.authorId, n.authorName])
          if (s.includes(secret)) out.push(`${where}: anonymous notice ${n.id} shows its contributor (${secret})`);
      }
      // An absent recipients field shows nothing; a present one must be null unless the caller may see recipients.
      if ('recipients' in o && o.recipients !== null && !canSeeRecipients(c.policy, n))
        out.push(`${where}: notice ${n.id} shows its recipients`);
    }
    const g = typeof o.id === 'string' && 'confidential' in o ? w.groups.find((x) => x.id === o.id) : undefined;
    if (g?.confidential && !canManageGroup(c.policy, g) && (o.members !== null || o.memberCount !== null))
      out.push(`${where}: confidential group ${g.id} shows its members`);
    Object.values(o).forEach(walk);
  };
  walk(json);
  if (url.startsWith('/api/v1/sharing-groups')) {
    // Members of confidential groups the caller does not manage: never named, unless shown some legitimate way.
    const visible = w.groups.filter((g) => canSeeGroup(c.policy, g));
    const allowed = new Set([
      c.policy?.orgId,
      ...visible.map((g) => g.ownerOrgId),
      ...visible.filter((g) => !g.confidential || canManageGroup(c.policy, g)).flatMap((g) => g.memberOrgIds),
    ]);
    const hidden = w.groups
      .filter((g) => g.confidential && !canManageGroup(c.policy, g))
      .flatMap((g) => g.memberOrgIds)
      .filter((id) => !allowed.has(id));
    for (const id of hidden) {
      const org = Object.values(w.orgs).find((o) => o.id === id)!;
      if (text.includes(id) || text.includes(org.name)) out.push(`${where}: names ${org.key}, a member of a confidential group`);
    }
  }
  return out;
}

/** The notices this caller may read, by canRead. */
export const readableBy = (w: World, c: Caller) => new Set(w.notices.filter((n) => canRead(c.policy, n, w.now)).map((n) => n.id));

/** Every non-2xx answer must be the shared error format, without internals. */
export function errorShapeProblem(res: Res): string | null {
  if (res.statusCode < 400) return null;
  let body: { error?: { code?: unknown; message?: unknown } };
  try {
    body = JSON.parse(res.body) as typeof body;
  } catch {
    return `not JSON: ${res.body.slice(0, 200)}`;
  }
  if (typeof body.error?.code !== 'string' || typeof body.error.message !== 'string')
    return `not { error: { code, message } }: ${res.body.slice(0, 200)}`;
  if (res.body.includes('    at ') || res.body.includes('node_modules')) return `stack trace in body: ${res.body.slice(0, 200)}`;
  return null;
}

/** Runs tasks with a few in flight (PGlite serialises queries; PostgreSQL uses its pool). */
export async function inParallel<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}
