import { randomBytes, randomUUID } from 'node:crypto';
import { solveProof } from '../../src/modules/disclosure/report-checks.ts';
import { defaultProgram } from '../../src/modules/disclosure/report-intake.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createSession } from '../../src/modules/members/sessions.ts';
import {
  type Actor,
  canContribute,
  canCreateProduct,
  canManageProduct,
  canRead,
  canReadFindings,
  canReadProduct,
  isOperatorStaff,
  isOrgAdminOf,
  isPlatformAdmin,
} from '../../src/modules/policy/index.ts';
import { errorCatalogue } from '../../src/server/http/errors.ts';
import type { AnyRoute } from '../../src/server/http/route.ts';
import { routeTable } from '../../src/server/routes.ts';
import { sha256 } from '../../src/server/security/tokens.ts';
import { generateTotpSecret, totpCode, totpStep } from '../../src/server/security/totp.ts';
import { orgStatuses, tlpLevels } from '../../src/shared/vocabulary.ts';
import { TEST_PASSWORD, makeGroup, makeOrg } from '../support/factories.ts';
import {
  type Caller,
  type Res,
  type World,
  buildWorld,
  canManageGroup,
  canSeeGroup,
  errorShapeProblem,
  gate,
  inParallel,
  insertToken,
  policyViolations,
  readableBy,
  throwawayPerson,
  twinOf,
} from '../support/policy-world.ts';
import { type AdvisoryWorld, buildAdvisoryWorld, canaryCsaf } from '../support/advisory-world.ts';
import { type PortfolioWorld, buildPortfolioWorld, tinySbom } from '../support/portfolio-world.ts';
import { type TestApp, createTestApp } from '../support/test-app.ts';
import { externalVendorCaller, insertExternalVendor } from '../support/vendor-link-world.ts';
import { type ForumWorld, buildForumWorld, threadReadable, throwawayPost } from '../support/forum-world.ts';
import { canSeeChannel } from '../../src/modules/forum/forum-access.ts';

// Every registered route, as every caller, checked against the confidentiality policy (src/modules/policy).

let t: TestApp;
let w: World;
let pw: PortfolioWorld;
let aw: AdvisoryWorld;
let fw: ForumWorld;
let worldReport: { id: string; token: string; canary: string; attachmentId?: string };
let worldCase: { id: string; vulnerabilityId: string };
let worldVendor: Awaited<ReturnType<typeof insertExternalVendor>>;
const counts = { get: 0, list: 0, mutate: 0 };
const started = Date.now();

beforeAll(async () => {
  t = await createTestApp({
    // Webhook receivers here are on this machine.
    env: {
      ISAO_WEBHOOK_ALLOW_PRIVATE: '1',
      ISAO_APPLY_LIMIT_PER_HOUR: '10000',
      ISAO_REPORT_LIMIT_PER_HOUR: '10000',
      ISAO_POST_LIMIT_PER_MINUTE: '10000',
    },
  });
  w = await buildWorld(t);
  pw = await buildPortfolioWorld(w);
  aw = await buildAdvisoryWorld(w, pw);
  fw = await buildForumWorld(w);
  worldReport = await throwawayReport();
  worldCase = await throwawayCase();
  worldVendor = await insertExternalVendor(t, w.people[0]!.id);
  // An external vendor's scoped session (its own case only): to every other route it must be the public.
  w.callers.push(await externalVendorCaller(t, worldVendor.token));
  await t.db.query(
    `INSERT INTO report_attachments (report_id, file_name, content_type, byte_size, sha256, content, uploaded_by, created_at)
     VALUES ($1, 'poc.txt', 'text/plain; charset=utf-8', 5, 'ab', $2, 'reporter', $3)`,
    [worldReport.id, Buffer.from(worldReport.canary), t.clock.now()],
  );
  worldReport.attachmentId = (
    await t.db.query<{ id: string }>('SELECT id FROM report_attachments WHERE report_id = $1', [worldReport.id])
  )[0]!.id;
}, 180_000);
afterAll(async () => {
  console.log(
    `route-policy: ${counts.get} GET + ${counts.list} list-page + ${counts.mutate} mutation checks = ${counts.get + counts.list + counts.mutate} (route × caller × id) checks, ${w?.callers.length} callers, ${w?.notices.length} notices, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  await t?.close();
});

type Params = Record<string, string>;
const keyOf = (r: Pick<AnyRoute, 'method' | 'url'>) => `${r.method} ${r.url}`;
const routeOf = (key: string) => routeTable.find((r) => keyOf(r) === key)!;
const fill = (url: string, p: Params) => url.replace(/:(\w+)/g, (_, k: string) => encodeURIComponent(p[k] ?? 'missing'));
const qs = (q: Params) => (Object.keys(q).length ? `?${new URLSearchParams(q).toString()}` : '');
const orgOf = (id: string) => Object.values(w.orgs).find((o) => o.id === id);
const ownOrg = (c: Caller) => c.policy?.orgId ?? w.orgs.manuA!.id;
const foreignOrg = (c: Caller) => (ownOrg(c) === w.orgs.manuB!.id ? w.orgs.hdoB!.id : w.orgs.manuB!.id);

/** The smallest query the route's zod schema accepts: each required field gets a plausible value. */
function minimalQuery(r: AnyRoute): Params {
  if (!r.query) return {};
  const js = z.toJSONSchema(r.query as z.ZodType, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { type?: string; enum?: string[]; minLength?: number }>;
    required?: string[];
  };
  const q: Params = {};
  for (const k of js.required ?? []) {
    const p = js.properties?.[k] ?? {};
    q[k] = p.enum?.[0] ?? (p.type === 'number' || p.type === 'integer' ? '1' : 'PERSON'.padEnd(p.minLength ?? 1, 'x'));
  }
  if (!(r.query as z.ZodType).safeParse(q).success) throw new Error(`no valid minimal query for ${keyOf(r)}`);
  return q;
}

// ---- GET routes: which ids to try, and the service's decision (true → 200, else the exact refusal). ----
type Verdict = true | 400 | 401 | 403 | 404 | 409 | 410;
interface GetRule {
  params?: (c: Caller) => Params[];
  queries?: Params[];
  expect: (a: Actor | null, p: Params, q: Params, c: Caller) => Verdict;
}
const allOrgs = () => [...Object.values(w.orgs).map((o) => ({ id: o.id })), { id: randomUUID() }];
/** Admin-only organisation routes refuse non-admins before looking at the id (and audit each refusal): a sample suffices for them. */
const adminOrgIds = (c: Caller) =>
  c.policy?.roles.some((r) => r === 'org_admin' || r === 'platform_admin' || r === 'coordinator')
    ? allOrgs()
    : [ownOrg(c), foreignOrg(c), w.orgs.pending!.id, randomUUID()].map((id) => ({ id }));
const allNotices = () => [...w.notices.map((n) => ({ id: n.id })), { id: randomUUID() }];
const readableNotice = (a: Actor | null, id: string) => {
  const n = w.noticeById.get(id);
  return n !== undefined && canRead(a, n, w.now);
};
/** For callers refused before any id is looked at: a sample of readable, unreadable, anonymous and unknown ids. */
const noticeSample = (c: Caller, size: number) => {
  const anon = w.notices.filter((n) => n.anonymous);
  const pick = (readable: boolean) => anon.filter((n) => readableNotice(c.policy, n.id) === readable).slice(0, size);
  return [...pick(true), ...pick(false)].map((n) => ({ id: n.id })).concat({ id: randomUUID() });
};

const gets: Record<string, GetRule> = {
  'GET /api/v1/me': { expect: () => true },
  'GET /api/v1/me/sessions': { expect: () => true },
  'GET /api/v1/me/tokens': { expect: () => true },
  'GET /api/v1/agreement': { expect: () => true },
  'GET /api/v1/people': { queries: [{ q: 'ORG-' }, { q: 'PERSON-hdoA' }], expect: () => true },
  'GET /api/v1/organisations': {
    queries: orgStatuses.map((status) => ({ status })),
    expect: (a, _p, q) => !q.status || q.status === 'active' || isOperatorStaff(a) || 403,
  },
  'GET /api/v1/organisations/:id': {
    params: allOrgs,
    expect: (a, { id }) => {
      const o = orgOf(id!);
      return (o !== undefined && (o.status === 'active' || isOperatorStaff(a) || a?.orgId === id)) || 404;
    },
  },
  'GET /api/v1/organisations/:id/people': { params: adminOrgIds, expect: (a, { id }) => isOrgAdminOf(a, id!) || 403 },
  'GET /api/v1/organisations/:id/agreements': {
    params: adminOrgIds,
    expect: (a, { id }) => isOrgAdminOf(a, id!) || isOperatorStaff(a) || 403,
  },
  'GET /api/v1/organisations/:id/invitations': { params: adminOrgIds, expect: (a, { id }) => isOrgAdminOf(a, id!) || 403 },
  'GET /api/v1/invitations/by-token/:token': {
    params: () => [{ token: w.openInvitationToken }, { token: `unknown${randomUUID().replace(/-/g, '')}` }],
    expect: (_a, { token }) => token === w.openInvitationToken || 410,
  },
  'GET /api/v1/applications': {
    queries: [{ status: 'pending' }, { status: 'approved' }, { status: 'rejected' }],
    expect: (a) => isOperatorStaff(a) || 403,
  },
  'GET /api/v1/sharing-groups': { expect: () => true },
  'GET /api/v1/sharing-groups/:id': {
    params: () => [...w.groups.map((g) => ({ id: g.id })), { id: randomUUID() }],
    expect: (a, { id }) => {
      const g = w.groups.find((x) => x.id === id);
      return (g !== undefined && canSeeGroup(a, g)) || 404;
    },
  },
  'GET /api/v1/notices': { queries: [{ limit: '200' }, ...tlpLevels.map((tlp) => ({ tlp, limit: '200' }))], expect: () => true },
  'GET /api/v1/notices/:id': { params: allNotices, expect: (a, { id }) => readableNotice(a, id!) || 404 },
  'GET /api/v1/notices/:id/contributor': {
    // Every id for the platform admin's session; the same admin by token, and everyone else (refused up front), on a sample.
    params: (c) => (isPlatformAdmin(c.policy) && c.via === 'session' ? allNotices() : noticeSample(c, isPlatformAdmin(c.policy) ? 12 : 3)),
    expect: (a, { id }) => (isPlatformAdmin(a) ? readableNotice(a, id!) || 404 : 403),
  },
  'GET /api/v1/audit': { queries: [{ action: 'anonymity.' }], expect: (a) => isPlatformAdmin(a) || isOrgAdminOf(a, a?.orgId ?? '') || 403 },
  'GET /api/v1/audit/verify': { expect: (a) => isPlatformAdmin(a) || 403 },
  'GET /api/v1/products': { expect: () => true },
  'GET /api/v1/products/:id': { params: () => allProducts(), expect: (a, { id }) => productVisible(a, id!) || 404 },
  'GET /api/v1/sboms/:id': { params: () => allSboms(), expect: (a, { id }) => productVisible(a, productOfSbom(id!)) || 404 },
  'GET /api/v1/sboms/:id/components': { params: () => allSboms(), expect: (a, { id }) => productVisible(a, productOfSbom(id!)) || 404 },
  'GET /api/v1/sboms/:id/findings': {
    params: () => allSboms(),
    expect: (a, { id }) => {
      const p = pw.products.find((x) => x.sbomId === id);
      if (!p || !canReadProduct(a, p)) return 404;
      return canReadFindings(a, p.ownerOrgId) || 403;
    },
  },
  'GET /api/v1/findings/:id/history': {
    params: () => [...pw.findings.map((f) => ({ id: f.id })), { id: randomUUID() }],
    expect: (a, { id }) => {
      const f = pw.findings.find((x) => x.id === id);
      return (f !== undefined && canReadFindings(a, f.ownerOrgId)) || 404;
    },
  },
  'GET /api/v1/vulndb/status': { expect: () => true },
  'GET /api/v1/sboms/:id/diff/:otherId': {
    // Same manufacturer (own-only with public), two manufacturers, and an unknown SBOM.
    params: () => {
      const of = (owner: number, visibility: string) => pw.products.filter((p) => p.visibility === visibility)[owner]!;
      return [
        [of(0, 'own_org'), of(0, 'public')],
        [of(0, 'members'), of(0, 'public')],
        [of(0, 'public'), of(1, 'public')],
        [of(1, 'own_org'), of(1, 'members')],
      ]
        .map(([a, b]) => ({ id: a!.sbomId, otherId: b!.sbomId }))
        .concat({ id: of(0, 'public').sbomId, otherId: randomUUID() });
    },
    expect: (a, { id, otherId }) => {
      const from = pw.products.find((p) => p.sbomId === id);
      const to = pw.products.find((p) => p.sbomId === otherId);
      if (!from || !to || !canReadProduct(a, from) || !canReadProduct(a, to)) return 404;
      return from.ownerOrgId === to.ownerOrgId || 400;
    },
  },
  'GET /api/v1/vulnerabilities/:id': {
    params: () => [{ id: 'GHSA-35jh-r3h4-6jhm' }, { id: 'CVE-2021-23337' }, { id: 'CVE-1999-0001' }],
    expect: (_a, { id }) => id !== 'CVE-1999-0001' || 404,
  },
  'GET /api/v1/product-versions/:id/vex': {
    params: () => [...pw.products.map((p) => ({ id: p.versionId })), { id: randomUUID() }],
    queries: [{ format: 'openvex' }, { format: 'csaf' }],
    expect: (a, { id }) => {
      const p = pw.products.find((x) => x.versionId === id);
      if (!p || !canReadProduct(a, p)) return 404;
      return canReadFindings(a, p.ownerOrgId) || 403;
    },
  },
  'GET /api/v1/advisories': {
    queries: [{ limit: '200' }, { vendor: 'BPL', limit: '200' }, { cve: 'CVE-2024-34463', limit: '200' }],
    expect: () => true,
  },
  'GET /api/v1/advisories/:id': { params: () => allAdvisories(), expect: (a, { id }) => advisoryReadable(a, id!) || 404 },
  'GET /api/v1/advisories/:id/csaf': { params: () => allAdvisories(), expect: (a, { id }) => advisoryReadable(a, id!) || 404 },
  'GET /api/v1/feeds': { expect: (a) => isOperatorStaff(a) || 403 },
  'GET /api/v1/reports/challenge': { expect: () => true },
  'GET /api/v1/reports/openpgp-key': { expect: () => true },
  'GET /api/v1/reports/openpgp-key.json': { expect: () => true },
  'GET /api/v1/reports/suggestions': { queries: [{ q: 'ORG' }], expect: () => true },
  'GET /api/v1/reports/track/:token': {
    params: () => [{ token: worldReport.token }, { token: `wrong${randomUUID().replace(/-/g, '')}` }],
    expect: (_a, { token }) => token === worldReport.token || 404,
  },
  'GET /api/v1/reports/track/:token/attachments/:attachmentId': {
    params: () => [
      { token: worldReport.token, attachmentId: worldReport.attachmentId! },
      { token: worldReport.token, attachmentId: randomUUID() },
    ],
    expect: (_a, { attachmentId }) => attachmentId === worldReport.attachmentId || 404,
  },
  'GET /api/v1/reports': { expect: (a) => isOperatorStaff(a) || 403 },
  'GET /api/v1/reports/:id': {
    params: () => [{ id: worldReport.id }, { id: randomUUID() }],
    expect: (a, { id }) => (isOperatorStaff(a) ? id === worldReport.id || 404 : 403),
  },
  'GET /api/v1/reports/:id/attachments/:attachmentId': {
    params: () => [{ id: worldReport.id, attachmentId: worldReport.attachmentId! }],
    expect: (a) => isOperatorStaff(a) || 403,
  },
  'GET /api/v1/reports/:id/encrypted-message': {
    params: () => [{ id: worldReport.id }], // a report sent in clear: staff get 404, everyone else 403 before the lookup
    expect: (a) => (isOperatorStaff(a) ? 404 : 403),
  },
  'GET /api/v1/cvd-program': { expect: (a) => isOperatorStaff(a) || 403 },
  'GET /api/v1/cases': { expect: () => true },
  'GET /api/v1/cases/:id/threads': {
    params: () => [{ id: worldCase.id }, { id: randomUUID() }],
    expect: (a, { id }) => (id === worldCase.id && (isOperatorStaff(a) || caseVendorMember(a))) || 404,
  },
  'GET /api/v1/cases/:id/threads/:orgId': {
    params: () => [
      { id: worldCase.id, orgId: w.orgs.manuA!.id },
      { id: worldCase.id, orgId: w.orgs.manuB!.id },
    ],
    expect: (a, { orgId }) => (orgId === w.orgs.manuA!.id && (isOperatorStaff(a) || caseVendorMember(a))) || 404,
  },
  'GET /api/v1/cases/:id/advisory': {
    params: () => [{ id: worldCase.id }, { id: randomUUID() }],
    expect: (a, { id }) => (isOperatorStaff(a) ? id === worldCase.id || 404 : 403),
  },
  'GET /api/v1/cases/:id/vulnerabilities/:vulnerabilityId/cve.json': {
    // The world case's vulnerability has no CVE id: coordinators are told to record one (409).
    params: () => [
      { id: worldCase.id, vulnerabilityId: worldCase.vulnerabilityId },
      { id: worldCase.id, vulnerabilityId: randomUUID() },
      { id: randomUUID(), vulnerabilityId: worldCase.vulnerabilityId },
    ],
    expect: (a, { id, vulnerabilityId }) => {
      if (id !== worldCase.id) return 404;
      if (isOperatorStaff(a)) return vulnerabilityId === worldCase.vulnerabilityId ? 409 : 404;
      return caseVendorMember(a) ? 403 : 404;
    },
  },
  'GET /.well-known/csaf/provider-metadata.json': { expect: () => true },
  'GET /.well-known/csaf/openpgp/:file': { params: () => [{ file: 'NOT-THE-KEY.asc' }], expect: () => 404 },
  'GET /.well-known/csaf/:tlp/index.txt': { params: () => [{ tlp: 'white' }, { tlp: 'green' }, { tlp: 'amber' }], expect: () => true },
  'GET /.well-known/csaf/:tlp/changes.csv': { params: () => [{ tlp: 'white' }, { tlp: 'amber' }], expect: () => true },
  'GET /.well-known/csaf/:tlp/:year/:file': {
    params: () => [{ tlp: 'white', year: '2026', file: 'no-such-advisory.json' }],
    expect: () => 404,
  },
  'GET /.well-known/security.txt': { expect: () => true },
  'GET /.well-known/csaf/feed-tlp-:tlp.json': { params: () => [{ tlp: 'white' }, { tlp: 'amber' }], expect: () => true },
  'GET /api/v1/cases/:id': {
    params: () => [{ id: worldCase.id }, { id: randomUUID() }],
    expect: (a, { id }) => (id === worldCase.id && (isOperatorStaff(a) || caseVendorMember(a))) || 404,
  },
  'GET /api/v1/vendor-access/cases/:id': {
    params: () => [{ id: worldVendor.caseId }, { id: worldCase.id }, { id: randomUUID() }],
    expect: (_a, { id }, _q, c) => (c.key === 'external-vendor' ? id === worldVendor.caseId || 404 : 401),
  },
  'GET /api/v1/vendor-access/cases/:id/thread': {
    params: () => [{ id: worldVendor.caseId }, { id: worldCase.id }],
    expect: (_a, { id }, _q, c) => (c.key === 'external-vendor' ? id === worldVendor.caseId || 404 : 401),
  },
  'GET /api/v1/forum/channels': { expect: () => true },
  'GET /api/v1/forum/channels/:id': {
    params: () => [fw.topic, ...fw.groupChannels, fw.directChannel].map((ch) => ({ id: ch.id })).concat({ id: randomUUID() }),
    expect: (a, { id }) => {
      const ch = [fw.topic, ...fw.groupChannels].find((x) => x.id === id);
      return (ch !== undefined && canSeeChannel(a, ch)) || 404;
    },
  },
  'GET /api/v1/forum/threads/:id': {
    params: () => [...allNotices(), ...conversations()],
    expect: (a, { id }) => threadReadable(fw, w, a, id!) || 404,
  },
  'GET /api/v1/forum/threads/:id/export': {
    params: (c) => [...noticeSample(c, 12), ...conversations()],
    expect: (a, { id }) => threadReadable(fw, w, a, id!) || 404,
  },
  'GET /api/v1/forum/posts/:id/revisions': {
    params: (c) => [...noticeSample(c, 12), ...conversations()].map(({ id }) => ({ id: fw.firstPost.get(id) ?? randomUUID() })),
    expect: (a, { id }) => {
      const thread = [...fw.firstPost.entries()].find(([, post]) => post === id)?.[0];
      return (thread !== undefined && threadReadable(fw, w, a, thread)) || 404;
    },
  },
  'GET /api/v1/forum/attachments/:id': {
    params: () => fw.attachments.map((x) => ({ id: x.id })).concat({ id: randomUUID() }),
    expect: (a, { id }) => {
      const x = fw.attachments.find((y) => y.id === id);
      return (x !== undefined && threadReadable(fw, w, a, x.threadId)) || 404;
    },
  },
  'GET /api/v1/forum/search': { queries: [{ q: 'canary' }, { q: 'CANARY' }], expect: () => true },
  'GET /api/v1/forum/mentionables': { queries: [{ q: 'PERSON' }], expect: () => true },
  'GET /api/v1/forum/flags': { expect: (a) => isOperatorStaff(a) || 403 },
  'GET /api/v1/notifications': { expect: () => true },
  'GET /api/v1/me/notification-settings': { expect: () => true },
  'GET /api/v1/messages': { expect: () => true },
  'GET /api/v1/products/:id/advisory-matches': {
    params: () => allProducts(),
    expect: (a, { id }) => {
      const p = pw.products.find((x) => x.id === id);
      return (p !== undefined && canReadProduct(a, p) && canReadFindings(a, p.ownerOrgId)) || 404;
    },
  },
  'GET /api/v1/webhooks': { expect: (a) => (a !== null && isOrgAdminOf(a, a.orgId)) || 403 },
  'GET /api/v1/webhooks/:id/deliveries': {
    params: (c) => [ownOrg(c), foreignOrg(c)].map((o) => ({ id: worldWebhooks.get(o)! })).concat({ id: randomUUID() }),
    expect: (a, { id }) => (a !== null && isOrgAdminOf(a, a.orgId) ? worldWebhooks.get(a.orgId) === id || 404 : 403),
  },
};

/** The world's direct conversations, by id. */
const conversations = () => fw.direct.map((d) => ({ id: d.id }));
/**
 * A direct conversation reaches its participants only: no other answer may hold any of its secrets, nor its id (except
 * the audit log, where an organisation's admins see what its own people did: ids and labels, never content).
 */
function conversationLeaks(c: Caller, url: string, res: Res): string[] {
  const audit = url.startsWith('/api/v1/audit');
  return fw.direct
    .filter((d) => !threadReadable(fw, w, c.policy, d.id) && [...(audit ? [] : [d.id]), ...d.secrets].some((s) => res.body.includes(s)))
    .map((d) => `${c.key} GET ${url}: leaks direct conversation ${d.id}`);
}
/** Someone to send a direct message to: another organisation's member. */
const messageRecipient = (c: Caller) =>
  w.people.find((p) => p.key === (c.person?.key === 'hdoA.member' ? 'manuB.analyst' : 'hdoA.member'))!;

const allAdvisories = () => [...aw.advisories.map((x) => ({ id: x.id })), { id: randomUUID() }];
const advisoryReadable = (a: Actor | null, id: string) => {
  const x = aw.advisories.find((y) => y.id === id);
  return x !== undefined && canRead(a, x, w.now);
};

const allProducts = () => [...pw.products.map((p) => ({ id: p.id })), { id: randomUUID() }];
const allSboms = () => [...pw.products.map((p) => ({ id: p.sbomId })), { id: randomUUID() }];
const productOfSbom = (sbomId: string) => pw.products.find((p) => p.sbomId === sbomId)?.id ?? '';
const productVisible = (a: Actor | null, id: string) => {
  const p = pw.products.find((x) => x.id === id);
  return p !== undefined && canReadProduct(a, p);
};
/** One product of the caller's organisation (when it is a manufacturer) and one of another manufacturer, shared with members. */
const productTargets = (c: Caller) => {
  const own = pw.products.find((p) => p.ownerOrgId === c.policy?.orgId && p.visibility === 'members');
  const foreign = pw.products.find((p) => p.ownerOrgId !== c.policy?.orgId && p.visibility === 'members')!;
  return own ? [own, foreign] : [foreign];
};

/** A CycloneDX VEX marking the lodash finding of every world product exploitable (no product named: by component). */
const tinyVex = Buffer.from(
  JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    vulnerabilities: [
      { id: 'GHSA-35jh-r3h4-6jhm', analysis: { state: 'exploitable', detail: 'Reachable.' }, affects: [{ ref: 'pkg:npm/lodash@2.4.2' }] },
    ],
  }),
);

// ---- Mutating routes: per caller, cases on throw-away entities, each saying whether the caller may succeed. ----
interface Case {
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  as?: Caller;
  may: boolean;
  /** A refusal status besides 401/403/404 this case may get (e.g. 409 when the state forbids it for everyone). */
  alsoRefusedWith?: number;
}
type MutationRule = (c: Caller, a: Actor | null) => Promise<Case[]>;

const invitation = async (orgId: string) => {
  const token = `inv${randomUUID().replace(/-/g, '')}`;
  const rows = await t.db.query<{ id: string }>(
    `INSERT INTO invitations (org_id, email, roles, token_hash, invited_by, created_at, expires_at) VALUES ($1, $2, '{member}', $3, $4, $5, $6) RETURNING id`,
    [
      orgId,
      `inv-${randomUUID()}@policy.test`,
      sha256(token),
      w.people[0]!.id,
      t.clock.now(),
      new Date(t.clock.now().getTime() + 86_400_000),
    ],
  );
  return { id: rows[0]!.id, token };
};
const application = async () => {
  const org = await makeOrg(t.db, 'hdo', { status: 'pending', name: `ORG-applicant-${randomUUID()}` });
  const p = await throwawayPerson(t, null, org.id);
  const rows = await t.db.query<{ id: string }>(
    'INSERT INTO membership_applications (org_id, applicant_id, created_at) VALUES ($1, $2, $3) RETURNING id',
    [org.id, p.id, t.clock.now()],
  );
  return rows[0]!.id;
};
const applicationRequest = async () => {
  const token = `req${randomUUID().replace(/-/g, '')}`;
  await t.db.query(
    `INSERT INTO application_requests (token_hash, email, payload, password_hash, agreement_version, created_at, expires_at) VALUES ($1, $2, $3, 'x', '2026-01', $4, $5)`,
    [
      sha256(token),
      `req-${randomUUID()}@policy.test`,
      JSON.stringify({ organisation: { name: `ORG-requested-${randomUUID()}`, kind: 'hdo' }, applicantName: 'Requester', message: '' }),
      t.clock.now(),
      new Date(t.clock.now().getTime() + 86_400_000),
    ],
  );
  return token;
};
/** A report as the intake stores it, with a known tracking token and a canary in its description. */
async function throwawayReport() {
  const token = randomBytes(32).toString('base64url');
  const canary = `REPORT-CANARY-${randomUUID()}`;
  const program = await defaultProgram(t.db, t.clock.now());
  const [row] = await t.db.query<{ id: string }>(
    `INSERT INTO reports (reference, program_id, tracking_token_hash, status, vendor_name, product_name, title, description,
       publicly_known, exploited, text_fingerprint, received_at, updated_at)
     VALUES ($1, $2, $3, 'received', 'ORG-vendor', 'Pump', 'Report title', $4, 'no', 'no', $5, $6, $6) RETURNING id`,
    [`R-TEST-${randomUUID().slice(0, 8)}`, program.id, sha256(token), canary, randomUUID(), t.clock.now()],
  );
  return { id: row!.id, token, canary };
}
/** A case with one vulnerability, in which manuA is the vendor (a canary in its title). */
async function throwawayCase() {
  const now = t.clock.now();
  const [c] = await t.db.query<{ id: string }>(
    `INSERT INTO cases (reference, title, state, created_by, created_at, updated_at) VALUES ($1, $2, 'received', $3, $4, $4) RETURNING id`,
    [`C-TEST-${randomUUID().slice(0, 8)}`, `CASE-CANARY-${randomUUID()}`, w.people[0]!.id, now],
  );
  await t.db.query('INSERT INTO case_vendors (case_id, org_id, added_by, notified_at) VALUES ($1, $2, $3, $4)', [
    c!.id,
    w.orgs.manuA!.id,
    w.people[0]!.id,
    now,
  ]);
  const [v] = await t.db.query<{ id: string }>(
    `INSERT INTO case_vulnerabilities (case_id, position, title, created_at, updated_at) VALUES ($1, 1, 'Flaw', $2, $2) RETURNING id`,
    [c!.id, now],
  );
  return { id: c!.id, vulnerabilityId: v!.id };
}
/** A person of the case's vendor organisation (manuA), active. */
const caseVendorMember = (a: Actor | null) => a !== null && a.orgStatus === 'active' && a.orgId === w.orgs.manuA!.id;
/** A disabled feed pointing nowhere (port 9 refuses at once), to change, delete or run. */
const throwawayFeed = async () =>
  (
    await t.db.query<{ id: string }>(
      `INSERT INTO feed_sources (name, kind, url, interval_minutes, enabled, next_run_at, created_at) VALUES ('feed', 'vulndb', $1, 60, false, $2, $2) RETURNING id`,
      [`http://127.0.0.1:9/${randomUUID()}.json`, t.clock.now()],
    )
  )[0]!.id;
/** Three throw-away groups per caller: owned by its organisation, joined by it, and foreign to it. */
const throwawayGroups = async (c: Caller) => {
  const own = ownOrg(c);
  const foreign = foreignOrg(c);
  const third = [w.orgs.observer!, w.orgs.researcher!, w.orgs.partner!].find((o) => o.id !== own)!.id;
  const specs = [
    { owner: own, members: [own, third] },
    { owner: foreign, members: [foreign, own, third] },
    { owner: foreign, members: [foreign, third] },
  ];
  return Promise.all(
    specs.map(async (s) => ({
      ...s,
      ownerOrgId: s.owner,
      id: (await makeGroup(t.db, s.owner, w.people[0]!.id, s.members, true)).id,
      third,
    })),
  );
};
const outsider = (members: string[]) => Object.values(w.orgs).find((o) => o.status === 'active' && !members.includes(o.id))!.id;
/** A twin whose TOTP is on (last used step: the one before now), so the current step's code is fresh. */
const enrolledTwin = async (c: Caller) => {
  const twin = await twinOf(t, c);
  const secret = generateTotpSecret();
  const step = totpStep(t.clock.now());
  await t.db.query('UPDATE people SET totp_secret = $2, totp_enabled_at = $3, totp_last_step = $4 WHERE id = $1', [
    twin.person.id,
    secret,
    t.clock.now(),
    step - 1,
  ]);
  return { as: twin.caller, code: totpCode(secret, step) };
};

/** The author of the forum's throw-away posts: manuA's analyst. */
const forumAuthor = () => w.people.find((p) => p.key === 'manuA.analyst')!;

const mutations: Record<string, MutationRule> = {
  'POST /api/v1/auth/login': async (c) => {
    const p = await throwawayPerson(t, c);
    return [
      { url: '/api/v1/auth/login', body: { email: p.email, password: TEST_PASSWORD }, may: true },
      { url: '/api/v1/auth/login', body: { email: p.email, password: 'not the password at all' }, may: false },
    ];
  },
  'POST /api/v1/auth/logout': async (c) => [{ url: '/api/v1/auth/logout', as: (await twinOf(t, c)).caller, may: true }],
  'PATCH /api/v1/me': async (c) => [
    { url: '/api/v1/me', body: { name: 'Renamed Twin', timeZone: 'Europe/Paris' }, as: (await twinOf(t, c)).caller, may: true },
  ],
  'POST /api/v1/me/password': async (c) => [
    {
      url: '/api/v1/me/password',
      body: { currentPassword: TEST_PASSWORD, newPassword: 'another horse battery staple 77' },
      as: (await twinOf(t, c)).caller,
      may: true,
    },
  ],
  'POST /api/v1/me/mfa/totp/setup': async (c) => [{ url: '/api/v1/me/mfa/totp/setup', as: (await twinOf(t, c)).caller, may: true }],
  'POST /api/v1/me/mfa/totp/enable': async (c) => {
    const twin = await twinOf(t, c);
    const secret = generateTotpSecret();
    await t.db.query('UPDATE people SET totp_pending_secret = $2 WHERE id = $1', [twin.person.id, secret]);
    return [{ url: '/api/v1/me/mfa/totp/enable', body: { code: totpCode(secret, totpStep(t.clock.now())) }, as: twin.caller, may: true }];
  },
  'POST /api/v1/me/mfa/totp/disable': async (c) => {
    const { as, code } = await enrolledTwin(c);
    return [{ url: '/api/v1/me/mfa/totp/disable', body: { password: TEST_PASSWORD, code }, as, may: true }];
  },
  'POST /api/v1/me/mfa/recovery-codes': async (c) => {
    const { as, code } = await enrolledTwin(c);
    return [{ url: '/api/v1/me/mfa/recovery-codes', body: { code }, as, may: true }];
  },
  'DELETE /api/v1/me/sessions/:id': async (c) => {
    const twin = await twinOf(t, c);
    const mine = await t.db.transaction((tx) => createSession(tx, t.ctx, twin.person.id, '127.0.0.1', null));
    const victim = await throwawayPerson(t, null, w.orgs.hdoA!.id);
    const theirs = await t.db.transaction((tx) => createSession(tx, t.ctx, victim.id, '127.0.0.1', null));
    return [
      { url: `/api/v1/me/sessions/${mine.sessionId}`, as: twin.caller, may: true },
      { url: `/api/v1/me/sessions/${theirs.sessionId}`, as: twin.caller, may: false },
    ];
  },
  'POST /api/v1/me/tokens': async (c, a) => {
    const twin = await twinOf(t, c);
    return [
      { url: '/api/v1/me/tokens', body: { name: 'read', scopes: ['read'], expiresInDays: 1 }, as: twin.caller, may: true },
      {
        url: '/api/v1/me/tokens',
        body: { name: 'admin', scopes: ['admin'], expiresInDays: 1 },
        as: twin.caller,
        may: isPlatformAdmin(a) || isOrgAdminOf(a, a?.orgId ?? ''),
      },
    ];
  },
  'DELETE /api/v1/me/tokens/:id': async (c) => {
    const twin = await twinOf(t, c);
    const mine = await insertToken(t, twin.person.id, ['read']);
    const theirs = await insertToken(t, (await throwawayPerson(t, null, w.orgs.hdoA!.id)).id, ['read']);
    return [
      { url: `/api/v1/me/tokens/${mine.id}`, as: twin.caller, may: true },
      { url: `/api/v1/me/tokens/${theirs.id}`, as: twin.caller, may: false },
    ];
  },
  'PATCH /api/v1/organisations/:id': async (c, a) =>
    [ownOrg(c), foreignOrg(c)].map((id) => ({
      url: `/api/v1/organisations/${id}`,
      body: { website: 'https://example.test/policy' },
      may: isOrgAdminOf(a, id),
    })),
  'POST /api/v1/admin/organisations': async (_c, a) => [
    { url: '/api/v1/admin/organisations', body: { name: `ORG-created-${randomUUID()}`, kind: 'researcher' }, may: isPlatformAdmin(a) },
  ],
  'PATCH /api/v1/people/:id': async (c, a) =>
    Promise.all(
      [ownOrg(c), foreignOrg(c)].map(async (org) => ({
        url: `/api/v1/people/${(await throwawayPerson(t, null, org)).id}`,
        body: { roles: ['analyst'] },
        may: isOrgAdminOf(a, org),
      })),
    ),
  'POST /api/v1/organisations/:id/invitations': async (c, a) =>
    [ownOrg(c), foreignOrg(c)].map((id) => ({
      url: `/api/v1/organisations/${id}/invitations`,
      body: { email: `new-${randomUUID()}@policy.test`, roles: ['member'] },
      may: isOrgAdminOf(a, id) && orgOf(id)?.status === 'active',
    })),
  'DELETE /api/v1/invitations/:id': async (c, a) =>
    Promise.all(
      [ownOrg(c), foreignOrg(c)].map(async (org) => ({
        url: `/api/v1/invitations/${(await invitation(org)).id}`,
        may: isOrgAdminOf(a, org),
      })),
    ),
  'POST /api/v1/invitations/by-token/:token/accept': async () => [
    {
      url: `/api/v1/invitations/by-token/${(await invitation(w.orgs.hdoA!.id)).token}/accept`,
      body: { name: 'Invited Person', password: 'a fresh horse battery staple 9' },
      may: true,
    },
  ],
  'POST /api/v1/applications': async () => {
    const id = randomUUID();
    const body = {
      organisation: { name: `ORG-applying-${id}`, kind: 'hdo' },
      applicant: { name: 'Applicant', email: `apply-${id}@policy.test`, password: 'a candidate horse battery 5' },
      acceptAgreementVersion: '',
    };
    const agreement = (await w.callers[0]!.send('GET', '/api/v1/agreement')).json<{ version: string }>();
    return [{ url: '/api/v1/applications', body: { ...body, acceptAgreementVersion: agreement.version }, may: true }];
  },
  'POST /api/v1/applications/confirm/:token': async () => [
    { url: `/api/v1/applications/confirm/${await applicationRequest()}`, may: true },
  ],
  'POST /api/v1/applications/:id/approve': async (_c, a) => [
    { url: `/api/v1/applications/${await application()}/approve`, may: isOperatorStaff(a) },
  ],
  'POST /api/v1/applications/:id/reject': async (_c, a) => [
    { url: `/api/v1/applications/${await application()}/reject`, body: { reason: 'Not eligible.' }, may: isOperatorStaff(a) },
  ],
  'POST /api/v1/sharing-groups': async (_c, a) => [
    {
      url: '/api/v1/sharing-groups',
      body: { name: `group-${randomUUID()}`, confidential: true },
      may: (isOrgAdminOf(a, a?.orgId ?? '') || isOperatorStaff(a)) && canContribute(a),
    },
  ],
  'PATCH /api/v1/sharing-groups/:id': async (c, a) =>
    (await throwawayGroups(c)).map((g) => ({
      url: `/api/v1/sharing-groups/${g.id}`,
      body: { description: 'changed' },
      may: canManageGroup(a, g),
    })),
  'POST /api/v1/sharing-groups/:id/members': async (c, a) =>
    (await throwawayGroups(c)).map((g) => ({
      url: `/api/v1/sharing-groups/${g.id}/members`,
      body: { orgId: outsider(g.members) },
      may: canManageGroup(a, g),
    })),
  'DELETE /api/v1/sharing-groups/:id/members/:orgId': async (c, a) =>
    (await throwawayGroups(c)).map((g) => ({ url: `/api/v1/sharing-groups/${g.id}/members/${g.third}`, may: canManageGroup(a, g) })),
  'POST /api/v1/notices': async (_c, a) => [
    { url: '/api/v1/notices', body: { title: 'NEW-notice', body: 'text', tlp: 'AMBER', audience: 'members' }, may: canContribute(a) },
  ],
  'POST /api/v1/forum/channels': async (_c, a) => [
    { url: '/api/v1/forum/channels', body: { name: `NEW-channel-${randomUUID().slice(0, 8)}`, kind: 'topic' }, may: isOperatorStaff(a) },
  ],
  'POST /api/v1/forum/channels/:id/threads': async (_c, a) => [
    {
      url: `/api/v1/forum/channels/${fw.topic.id}/threads`,
      body: { title: 'NEW-thread', body: 'text', tlp: 'GREEN', audience: 'members' },
      may: canContribute(a) && canSeeChannel(a, fw.topic),
    },
    {
      url: `/api/v1/forum/channels/${fw.directChannel.id}/threads`,
      body: { title: 'NEW-thread', body: 'text', tlp: 'RED', audience: 'own_org', recipientPersonIds: [forumAuthor().id] },
      may: false,
      alsoRefusedWith: 400,
    },
  ],
  'POST /api/v1/forum/threads/:id/posts': async (_c, a) => [
    {
      url: `/api/v1/forum/threads/${fw.openThread.id}/posts`,
      body: { body: 'a reply' },
      may: canContribute(a) && threadReadable(fw, w, a, fw.openThread.id),
    },
    ...fw.direct.map((d) => ({
      url: `/api/v1/forum/threads/${d.id}/posts`,
      body: { body: 'a direct reply' },
      may: canContribute(a) && threadReadable(fw, w, a, d.id),
    })),
  ],
  'POST /api/v1/forum/threads/:id/read': async (_c, a) => [
    { url: `/api/v1/forum/threads/${fw.openThread.id}/read`, body: { position: 1 }, may: threadReadable(fw, w, a, fw.openThread.id) },
  ],
  'PATCH /api/v1/forum/threads/:id': async (_c, a) => [
    {
      url: `/api/v1/forum/threads/${fw.openThread.id}`,
      body: { pinned: true },
      may: isOperatorStaff(a) && threadReadable(fw, w, a, fw.openThread.id),
    },
    // Direct conversations are never moderated (409 for the staff who take part in one).
    ...fw.direct.map((d) => ({ url: `/api/v1/forum/threads/${d.id}`, body: { locked: true }, may: false, alsoRefusedWith: 409 })),
  ],
  'POST /api/v1/forum/threads/:id/hide': async (_c, a) => {
    const id = randomUUID();
    const { insertThread } = await import('../support/forum-world.ts');
    await insertThread(w, fw.topic, id, 'Hide me', 'text', fw.openThread.facts);
    fw.channelOf.set(id, fw.topic);
    return [
      {
        url: `/api/v1/forum/threads/${id}/hide`,
        body: { reason: 'off topic' },
        may: isOperatorStaff(a) && threadReadable(fw, w, a, fw.openThread.id),
      },
      ...fw.direct.map((d) => ({
        url: `/api/v1/forum/threads/${d.id}/hide`,
        body: { reason: 'off topic' },
        may: false,
        alsoRefusedWith: 409,
      })),
    ];
  },
  'PATCH /api/v1/forum/posts/:id': async (c, a) => {
    const author = forumAuthor();
    const post = await throwawayPost(w, fw, author.id, author.orgId);
    return [
      {
        url: `/api/v1/forum/posts/${post}`,
        body: { body: 'edited' },
        may: c.person?.id === author.id && a !== null && threadReadable(fw, w, a, fw.openThread.id),
      },
    ];
  },
  'POST /api/v1/forum/posts/:id/retract': async (c, a) => {
    const author = forumAuthor();
    const post = await throwawayPost(w, fw, author.id, author.orgId);
    const may =
      threadReadable(fw, w, a, fw.openThread.id) &&
      (c.person?.id === author.id || (a?.orgId === author.orgId && isOrgAdminOf(a, author.orgId)));
    return [{ url: `/api/v1/forum/posts/${post}/retract`, body: { reason: 'wrong data' }, may }];
  },
  'POST /api/v1/forum/posts/:id/acknowledge': async (_c, a) => {
    const author = forumAuthor();
    const post = await throwawayPost(w, fw, author.id, author.orgId, { retracted: true });
    return [{ url: `/api/v1/forum/posts/${post}/acknowledge`, may: threadReadable(fw, w, a, fw.openThread.id) }];
  },
  'PUT /api/v1/forum/posts/:id/reactions/:reaction': async (_c, a) => {
    const author = forumAuthor();
    const post = await throwawayPost(w, fw, author.id, author.orgId);
    return [{ url: `/api/v1/forum/posts/${post}/reactions/seen_too`, may: threadReadable(fw, w, a, fw.openThread.id) }];
  },
  'DELETE /api/v1/forum/posts/:id/reactions/:reaction': async (_c, a) => {
    const author = forumAuthor();
    const post = await throwawayPost(w, fw, author.id, author.orgId);
    return [{ url: `/api/v1/forum/posts/${post}/reactions/thanks`, may: threadReadable(fw, w, a, fw.openThread.id) }];
  },
  'POST /api/v1/forum/posts/:id/flag': async (_c, a) => {
    const author = forumAuthor();
    const post = await throwawayPost(w, fw, author.id, author.orgId);
    return [
      { url: `/api/v1/forum/posts/${post}/flag`, body: { reason: 'spam here' }, may: threadReadable(fw, w, a, fw.openThread.id) },
      ...fw.direct.map((d) => ({
        url: `/api/v1/forum/posts/${fw.firstPost.get(d.id)!}/flag`,
        body: { reason: 'spam here' },
        may: false,
        alsoRefusedWith: 409,
      })),
    ];
  },
  'POST /api/v1/forum/posts/:id/hide': async (_c, a) => {
    const author = forumAuthor();
    const post = await throwawayPost(w, fw, author.id, author.orgId);
    return [
      {
        url: `/api/v1/forum/posts/${post}/hide`,
        body: { reason: 'off topic' },
        may: isOperatorStaff(a) && threadReadable(fw, w, a, fw.openThread.id),
      },
      ...fw.direct.map((d) => ({
        url: `/api/v1/forum/posts/${fw.firstPost.get(d.id)!}/hide`,
        body: { reason: 'off topic' },
        may: false,
        alsoRefusedWith: 409,
      })),
    ];
  },
  'POST /api/v1/forum/posts/:id/reveal': async (_c, a) => {
    const thread = w.notices.find((n) => n.anonymous && threadReadable(fw, w, a, n.id)) ?? w.notices.find((n) => n.anonymous)!;
    return [
      { url: `/api/v1/forum/posts/${fw.firstPost.get(thread.id)!}/reveal`, may: isPlatformAdmin(a) && threadReadable(fw, w, a, thread.id) },
    ];
  },
  'POST /api/v1/forum/posts/:id/attachments': async (c, a) => {
    const author = forumAuthor();
    const post = await throwawayPost(w, fw, author.id, author.orgId);
    return [
      {
        url: `/api/v1/forum/posts/${post}/attachments?name=ioc.txt`,
        body: Buffer.from('1.2.3.4\n'),
        headers: { 'content-type': 'application/octet-stream' },
        may: c.person?.id === author.id && threadReadable(fw, w, a, fw.openThread.id),
      },
    ];
  },
  'POST /api/v1/forum/flags/:id/resolve': async (_c, a) => {
    const author = forumAuthor();
    const post = await throwawayPost(w, fw, author.id, author.orgId);
    const [flag] = await t.db.query<{ id: string }>(
      "INSERT INTO post_flags (post_id, reporter_id, reason, created_at) VALUES ($1, $2, 'spam', $3) RETURNING id",
      [post, author.id, t.clock.now()],
    );
    return [{ url: `/api/v1/forum/flags/${flag!.id}/resolve`, body: { resolution: 'looked at it' }, may: isOperatorStaff(a) }];
  },
  'POST /api/v1/messages': async (c, a) => [
    { url: '/api/v1/messages', body: { personIds: [messageRecipient(c).id], body: 'NEW-direct-message' }, may: canContribute(a) },
  ],
  'POST /api/v1/notifications/read': async () => [{ url: '/api/v1/notifications/read', body: { all: true }, may: true }],
  'PUT /api/v1/me/notification-settings': async () => [{ url: '/api/v1/me/notification-settings', body: { digest: 'daily' }, may: true }],
  'POST /api/v1/products': async (_c, a) => [
    { url: '/api/v1/products', body: { name: `NEW-product-${randomUUID()}` }, may: canCreateProduct(a) },
  ],
  'PATCH /api/v1/products/:id': async (c, a) =>
    productTargets(c).map((p) => ({
      url: `/api/v1/products/${p.id}`,
      body: { description: `changed ${randomUUID()}` },
      may: canManageProduct(a, p.ownerOrgId),
    })),
  'POST /api/v1/products/:id/versions': async (c, a) =>
    productTargets(c).map((p) => ({
      url: `/api/v1/products/${p.id}/versions`,
      body: { version: randomUUID() },
      may: canManageProduct(a, p.ownerOrgId),
    })),
  'PUT /api/v1/product-versions/:id/sbom': async (c, a) =>
    productTargets(c).map((p) => ({
      url: `/api/v1/product-versions/${p.versionId}/sbom`,
      body: tinySbom(`COMPONENT-${randomUUID()}`),
      headers: { 'content-type': 'application/octet-stream' },
      may: canManageProduct(a, p.ownerOrgId),
    })),
  'POST /api/v1/product-versions/:id/vex': async (c, a) =>
    productTargets(c).map((p) => ({
      url: `/api/v1/product-versions/${p.versionId}/vex`,
      body: tinyVex,
      headers: { 'content-type': 'application/octet-stream' },
      may: canManageProduct(a, p.ownerOrgId),
    })),
  'POST /api/v1/advisories': async (_c, a) => [
    {
      url: '/api/v1/advisories',
      body: Buffer.from(canaryCsaf(`ADVISORY-NEW-${randomUUID()}`).text),
      headers: { 'content-type': 'application/octet-stream' },
      may: isOperatorStaff(a),
    },
  ],
  'PUT /api/v1/advisories/:id/matches/:versionId': async (c, a) => {
    // A public advisory on the caller's own product and on a foreign one; an advisory the caller may not read, on its own.
    const open = aw.advisories.find((x) => x.tlp === 'CLEAR' && x.audience === 'public' && x.embargoUntil === null)!;
    const hidden = aw.advisories.find((x) => !canRead(a, x, w.now));
    const cases = productTargets(c).map((p) => ({
      url: `/api/v1/advisories/${open.id}/matches/${p.versionId}`,
      body: { state: 'dismissed', note: 'Not our device.' },
      may: canManageProduct(a, p.ownerOrgId),
    }));
    const own = productTargets(c)[0]!;
    if (hidden)
      cases.push({ url: `/api/v1/advisories/${hidden.id}/matches/${own.versionId}`, body: { state: 'confirmed', note: '' }, may: false });
    return cases;
  },
  'POST /api/v1/feeds': async (_c, a) => [
    {
      url: '/api/v1/feeds',
      body: { name: 'NEW-feed', kind: 'vulndb', url: `http://127.0.0.1:9/${randomUUID()}.json`, intervalMinutes: 60 },
      may: isPlatformAdmin(a),
    },
  ],
  'PATCH /api/v1/feeds/:id': async (_c, a) => [
    { url: `/api/v1/feeds/${await throwawayFeed()}`, body: { enabled: false }, may: isPlatformAdmin(a) },
  ],
  'DELETE /api/v1/feeds/:id': async (_c, a) => [{ url: `/api/v1/feeds/${await throwawayFeed()}`, may: isPlatformAdmin(a) }],
  'POST /api/v1/feeds/:id/run': async (_c, a) => [{ url: `/api/v1/feeds/${await throwawayFeed()}/run`, may: isOperatorStaff(a) }],
  'POST /api/v1/reports': async () => {
    const c = (await t.app.inject({ method: 'GET', url: '/api/v1/reports/challenge' })).json<{ challenge: string; difficulty: number }>();
    const body = {
      vendorName: 'ORG-vendor',
      productName: 'Pump',
      title: 'NEW-report title',
      description: `A report from the policy test: ${randomUUID()} and some more words.`,
      proof: { challenge: c.challenge, nonce: solveProof(c.challenge, c.difficulty) },
    };
    return [{ url: '/api/v1/reports', body, may: true }];
  },
  'POST /api/v1/reports/track/:token/messages': async () => [
    { url: `/api/v1/reports/track/${(await throwawayReport()).token}/messages`, body: { body: 'More details.' }, may: true },
    // A wrong token is tried by every caller in the GET part; more tries from one address would meet the guessing limit.
  ],
  'POST /api/v1/reports/track/:token/attachments': async () => [
    {
      url: `/api/v1/reports/track/${(await throwawayReport()).token}/attachments?fileName=poc.txt`,
      body: Buffer.from('proof of concept'),
      headers: { 'content-type': 'application/octet-stream' },
      may: true,
    },
  ],
  'POST /api/v1/reports/:id/messages': async (_c, a) => [
    {
      url: `/api/v1/reports/${(await throwawayReport()).id}/messages`,
      body: { body: 'Thanks, looking.', internal: false },
      may: isOperatorStaff(a),
    },
  ],
  'POST /api/v1/reports/:id/decision': async (_c, a) => [
    { url: `/api/v1/reports/${(await throwawayReport()).id}/decision`, body: { decision: 'accept' }, may: isOperatorStaff(a) },
  ],
  'POST /api/v1/reports/:id/attachments': async (_c, a) => [
    {
      url: `/api/v1/reports/${(await throwawayReport()).id}/attachments?fileName=analysis.txt`,
      body: Buffer.from('analysis'),
      headers: { 'content-type': 'application/octet-stream' },
      may: isOperatorStaff(a),
    },
  ],
  'PATCH /api/v1/cvd-program': async (_c, a) => [{ url: '/api/v1/cvd-program', body: { ackHours: 24 }, may: isPlatformAdmin(a) }],
  'POST /api/v1/cases': async (_c, a) => [{ url: '/api/v1/cases', body: { title: 'NEW-case title' }, may: isOperatorStaff(a) }],
  'PATCH /api/v1/cases/:id': async (_c, a) => [
    { url: `/api/v1/cases/${(await throwawayCase()).id}`, body: { summary: 'changed' }, may: isOperatorStaff(a) },
  ],
  'POST /api/v1/cases/:id/transition': async (_c, a) => [
    { url: `/api/v1/cases/${(await throwawayCase()).id}/transition`, body: { state: 'verified' }, may: isOperatorStaff(a) },
  ],
  'POST /api/v1/cases/:id/vulnerabilities': async (_c, a) => [
    { url: `/api/v1/cases/${(await throwawayCase()).id}/vulnerabilities`, body: { title: 'Another flaw' }, may: isOperatorStaff(a) },
  ],
  'PATCH /api/v1/cases/:id/vulnerabilities/:vulnerabilityId': async (_c, a) => {
    const c = await throwawayCase();
    return [
      { url: `/api/v1/cases/${c.id}/vulnerabilities/${c.vulnerabilityId}`, body: { title: 'Renamed flaw' }, may: isOperatorStaff(a) },
    ];
  },
  'POST /api/v1/cases/:id/vendors': async (_c, a) => [
    { url: `/api/v1/cases/${(await throwawayCase()).id}/vendors`, body: { orgId: w.orgs.manuB!.id }, may: isOperatorStaff(a) },
  ],
  'POST /api/v1/cases/:id/external-vendors': async (_c, a) => [
    {
      url: `/api/v1/cases/${(await throwawayCase()).id}/external-vendors`,
      body: { orgName: `EXTERNAL-new-${randomUUID()}`, contactEmail: 'psirt@external.test' },
      may: isOperatorStaff(a),
    },
  ],
  'POST /api/v1/cases/:id/external-vendors/:orgId/link': async (_c, a) => {
    const x = await insertExternalVendor(t, w.people[0]!.id);
    return [{ url: `/api/v1/cases/${x.caseId}/external-vendors/${x.orgId}/link`, body: {}, may: isOperatorStaff(a) }];
  },
  // Whoever holds a link may open it; only the external vendor's session reaches its case, and only its case.
  'POST /api/v1/vendor-access': async () => [
    { url: '/api/v1/vendor-access', body: { token: (await insertExternalVendor(t, w.people[0]!.id)).token }, may: true },
  ],
  'PUT /api/v1/vendor-access/cases/:id/statements/:vulnerabilityId': async (c) =>
    [worldVendor, { caseId: worldCase.id, vulnerabilityId: worldCase.vulnerabilityId }].map((x) => ({
      url: `/api/v1/vendor-access/cases/${x.caseId}/statements/${x.vulnerabilityId}`,
      body: { status: 'affected' },
      may: c.key === 'external-vendor' && x === worldVendor,
    })),
  'POST /api/v1/vendor-access/cases/:id/thread': async (c) =>
    [worldVendor.caseId, worldCase.id].map((id) => ({
      url: `/api/v1/vendor-access/cases/${id}/thread`,
      body: { body: 'Which firmware did you test?' },
      may: c.key === 'external-vendor' && id === worldVendor.caseId,
    })),
  'POST /api/v1/vendor-access/cases/:id/sign-out': async (c) => {
    if (c.key !== 'external-vendor') return [{ url: `/api/v1/vendor-access/cases/${worldVendor.caseId}/sign-out`, may: false }];
    const other = await insertExternalVendor(t, w.people[0]!.id);
    return [
      {
        url: `/api/v1/vendor-access/cases/${other.caseId}/sign-out`,
        as: await externalVendorCaller(t, other.token, 'external-vendor-2'),
        may: true,
      },
    ];
  },
  'PUT /api/v1/cases/:id/statements/:vulnerabilityId': async (_c, a) => {
    const c = await throwawayCase();
    return [
      {
        url: `/api/v1/cases/${c.id}/statements/${c.vulnerabilityId}`,
        body: { status: 'affected' },
        may: caseVendorMember(a) && canContribute(a),
      },
    ];
  },
  'POST /api/v1/cases/:id/threads/:orgId/posts': async (_c, a) => [
    {
      url: `/api/v1/cases/${(await throwawayCase()).id}/threads/${w.orgs.manuA!.id}/posts`,
      body: { body: 'A question about the fix.' },
      may: (isOperatorStaff(a) || caseVendorMember(a)) && canContribute(a),
    },
  ],
  'POST /api/v1/cases/:id/seen': async (_c, a) => [
    {
      url: `/api/v1/cases/${(await throwawayCase()).id}/seen`,
      body: { thread: 'events', position: 0 },
      may: isOperatorStaff(a) || caseVendorMember(a),
    },
  ],
  'PUT /api/v1/cases/:id/advisory': async (_c, a) => [
    {
      url: `/api/v1/cases/${(await throwawayCase()).id}/advisory`,
      body: { title: 'Draft advisory title', tlp: 'WHITE' },
      may: isOperatorStaff(a),
    },
  ],
  // The test app's address is http://: publishing is refused to everyone (409 for staff, before any change).
  'POST /api/v1/cases/:id/advisory/publish': async (_c, a) => [
    {
      url: `/api/v1/cases/${(await throwawayCase()).id}/advisory/publish`,
      body: {},
      may: false,
      ...(isOperatorStaff(a) ? { alsoRefusedWith: 409 } : {}),
    },
  ],
  'PATCH /api/v1/findings/:id': async (c, a) =>
    [pw.findings.find((f) => f.ownerOrgId === c.policy?.orgId), pw.findings.find((f) => f.ownerOrgId !== c.policy?.orgId)!]
      .filter((f) => f !== undefined)
      .map((f) => ({
        url: `/api/v1/findings/${f.id}`,
        body: { state: 'exploitable', detail: 'Reachable from the network interface.' },
        may: canManageProduct(a, f.ownerOrgId),
      })),
  'POST /api/v1/webhooks': async (_c, a) => [
    {
      url: '/api/v1/webhooks',
      body: { url: 'http://127.0.0.1:9/new-hook', eventTypes: ['post.created'] },
      may: isOrgAdminOf(a, a?.orgId ?? ''),
    },
  ],
  'PATCH /api/v1/webhooks/:id': async (c, a) =>
    [ownOrg(c), foreignOrg(c)].map((o) => ({
      url: `/api/v1/webhooks/${worldWebhooks.get(o)!}`,
      body: { enabled: true },
      may: a?.orgId === o && isOrgAdminOf(a, o),
    })),
  'DELETE /api/v1/webhooks/:id': async (c, a) => {
    // Those permitted delete a throw-away webhook of their organisation; the others try the world's.
    const own = ownOrg(c);
    const may = a?.orgId === own && isOrgAdminOf(a, own);
    return [
      { url: `/api/v1/webhooks/${may ? await throwawayWebhook(own) : worldWebhooks.get(own)!}`, may },
      { url: `/api/v1/webhooks/${worldWebhooks.get(foreignOrg(c))!}`, may: false },
    ];
  },
};

/** One webhook per world organisation (pointing nowhere; the worker does not run here), for the webhook routes. */
const worldWebhooks = new Map<string, string>();
const throwawayWebhook = async (orgId: string) =>
  (
    await t.db.query<{ id: string }>(
      `INSERT INTO webhooks (org_id, url, secret, event_types, created_by, created_at) VALUES ($1, 'http://127.0.0.1:9/hook', 'not-a-secret', '{post.created}', $2, $3) RETURNING id`,
      [orgId, w.people[0]!.id, t.clock.now()],
    )
  )[0]!.id;
beforeAll(async () => {
  for (const o of Object.values(w.orgs)) worldWebhooks.set(o.id, await throwawayWebhook(o.id));
});

/** Products (and their SBOMs) the caller may not see, and findings of another organisation, must not appear anywhere. */
function portfolioLeaks(c: Caller, url: string, res: Res): string[] {
  const out: string[] = [];
  for (const p of pw.products)
    if (!canReadProduct(c.policy, p) && res.body.includes(p.name)) out.push(`${c.key} GET ${url}: leaks ${p.visibility} product ${p.name}`);
  for (const f of pw.findings)
    if (!canReadFindings(c.policy, f.ownerOrgId) && res.body.includes(f.id)) out.push(`${c.key} GET ${url}: leaks finding ${f.id}`);
  return out;
}

/** Advisories the caller may not read must not appear anywhere: not their canary title, id, summary or match reason. */
function advisoryLeaks(c: Caller, url: string, res: Res): string[] {
  const out: string[] = [];
  for (const x of aw.advisories)
    if (!canRead(c.policy, x, w.now) && (res.body.includes(x.title) || res.body.includes(x.id)))
      out.push(`${c.key} GET ${url}: leaks ${x.tlp}/${x.audience} advisory ${x.title}`);
  return out;
}

/** A case reaches ISAO staff and its vendors' people, nobody else. */
function caseLeaks(c: Caller, url: string, res: Res): string[] {
  if (isOperatorStaff(c.policy) || caseVendorMember(c.policy)) return [];
  return res.body.includes('CASE-CANARY-') ? [`${c.key} GET ${url}: leaks a case`] : [];
}

/** An external vendor's case and name reach ISAO staff and that vendor's session, nobody else. */
function externalVendorLeaks(c: Caller, url: string, res: Res): string[] {
  if (isOperatorStaff(c.policy) || c.key === 'external-vendor') return [];
  return res.body.includes('VENDOR-CANARY-') || res.body.includes('EXTERNAL-') ? [`${c.key} GET ${url}: leaks an external vendor`] : [];
}

/** A report's content reaches ISAO staff and the holder of its tracking link, nobody else. */
function reportLeaks(c: Caller, url: string, res: Res): string[] {
  if (isOperatorStaff(c.policy) || url.includes('/reports/track/')) return [];
  return res.body.includes('REPORT-CANARY-') ? [`${c.key} GET ${url}: leaks a report`] : [];
}

/** The shared error format, and a code whose catalogue status is the answer's status. */
function errorProblem(res: Res): string | null {
  const shape = errorShapeProblem(res);
  if (shape || res.statusCode < 400) return shape;
  const code = res.json<{ error: { code: string } }>().error.code as keyof typeof errorCatalogue;
  return errorCatalogue[code]?.[0] === res.statusCode ? null : `error code ${code} with status ${res.statusCode}`;
}
const report = (problems: string[]) => expect(problems.slice(0, 25), `${problems.length} problems`).toEqual([]);

describe('every route as every caller, against the policy', () => {
  it('has a rule for every route in routeTable (add one here when a route is added)', () => {
    const table = new Set(routeTable.map(keyOf));
    const covered = [...Object.keys(gets), ...Object.keys(mutations)];
    expect(
      [...table].filter((k) => !covered.includes(k)),
      'routes without a rule',
    ).toEqual([]);
    expect(
      covered.filter((k) => !table.has(k)),
      'rules without a route',
    ).toEqual([]);
    expect(Object.keys(gets).every((k) => k.startsWith('GET ')) && Object.keys(mutations).every((k) => !k.startsWith('GET '))).toBe(true);
  });

  it('has a leak detector that does detect leaks (so a clean run means something)', () => {
    const fake = (body: unknown) => ({ statusCode: 200, body: JSON.stringify(body) }) as unknown as Res;
    const outsider = w.callers.find((c) => c.key === 'observer.member')!;
    const red = w.notices.find(
      (n) => n.tlp === 'RED' && !n.recipientPersonIds.includes(outsider.person!.id) && n.authorId !== outsider.person!.id,
    )!;
    expect(policyViolations(w, outsider, '/x', fake({ note: `see ${red.body}` }), readableBy(w, outsider))).toHaveLength(1);
    const anon = w.notices.find((n) => n.anonymous && n.ownerOrgId !== outsider.policy!.orgId)!;
    const shown = { id: anon.id, title: 'x', contributor: { orgId: anon.ownerOrgId, orgName: anon.orgName }, recipients: null };
    expect(policyViolations(w, outsider, '/x', fake({ items: [shown] }), new Set([anon.id])).length).toBeGreaterThanOrEqual(2);
    const conf = w.groups.find((g) => g.confidential)!;
    const member = w.callers.find((c) => c.key === 'researcher.analyst')!;
    const group = {
      id: conf.id,
      confidential: true,
      ownerOrgId: conf.ownerOrgId,
      members: conf.memberOrgIds.map((orgId) => ({ orgId })),
      memberCount: 3,
    };
    expect(policyViolations(w, member, '/api/v1/sharing-groups', fake({ items: [group] }), new Set()).length).toBeGreaterThanOrEqual(2);
    const hidden = pw.products.find((p) => p.visibility === 'own_org' && p.ownerOrgId !== outsider.policy!.orgId)!;
    const foreignFinding = pw.findings.find((f) => f.ownerOrgId !== outsider.policy!.orgId)!;
    expect(portfolioLeaks(outsider, '/x', fake({ items: [{ name: hidden.name }], finding: foreignFinding.id }))).toHaveLength(2);
    const secret = aw.advisories.find((x) => !canRead(outsider.policy, x, w.now))!;
    expect(advisoryLeaks(outsider, '/x', fake({ items: [{ reason: `REASON-${secret.title}` }] }))).toHaveLength(1);
    expect(advisoryLeaks(outsider, '/x', fake({ items: [{ advisoryId: secret.id }] }))).toHaveLength(1);
    const conversation = fw.direct.find((d) => !threadReadable(fw, w, outsider.policy, d.id))!;
    expect(conversationLeaks(outsider, '/x', fake({ items: [{ snippet: conversation.secrets[0] }] }))).toHaveLength(1);
    expect(
      policyViolations(
        w,
        w.callers.find((c) => c.key === 'manuA.org_admin')!,
        '/api/v1/sharing-groups',
        fake({ items: [group] }),
        new Set(),
      ),
    ).toEqual([]);
  });

  it('answers every GET as the policy decides and leaks no unreadable notice, contributor or confidential member', async () => {
    const jobs: { r: AnyRoute; rule: GetRule; c: Caller; p: Params; q: Params }[] = [];
    for (const r of routeTable.filter((x) => x.method === 'GET')) {
      const rule = gets[keyOf(r)]!;
      const base = minimalQuery(r);
      for (const c of w.callers)
        for (const p of rule.params?.(c) ?? [{}])
          for (const q of [base, ...(rule.queries ?? []).map((x) => ({ ...base, ...x }))]) jobs.push({ r, rule, c, p, q });
    }
    const readable = new Map(w.callers.map((c) => [c.key, readableBy(w, c)]));
    const problems: string[] = [];
    const reveals = new Map<string, number>();
    await inParallel(jobs, 6, async ({ r, rule, c, p, q }) => {
      const url = fill(r.url, p) + qs(q);
      const res = await c.send('GET', url);
      counts.get++;
      const want = gate(r, c) ?? rule.expect(c.policy, p, q, c);
      if (res.statusCode !== (want === true ? 200 : want))
        problems.push(`${c.key} GET ${url}: expected ${want === true ? 200 : want}, got ${res.statusCode} ${res.body.slice(0, 160)}`);
      const err = errorProblem(res);
      if (err) problems.push(`${c.key} GET ${url}: ${err}`);
      problems.push(...policyViolations(w, c, url, res, readable.get(c.key)!));
      problems.push(...portfolioLeaks(c, url, res));
      problems.push(...advisoryLeaks(c, url, res));
      problems.push(...reportLeaks(c, url, res));
      problems.push(...caseLeaks(c, url, res));
      problems.push(...externalVendorLeaks(c, url, res));
      problems.push(...conversationLeaks(c, url, res));
      if (r.url.endsWith('/contributor') && res.statusCode === 200)
        reveals.set(`${p.id}|${c.person!.id}`, (reveals.get(`${p.id}|${c.person!.id}`) ?? 0) + 1);
    });
    report(problems);
    // Every successful reveal of an anonymous contributor left exactly one audit record.
    const audited = await t.db.query<{ target_id: string; actor_person_id: string; n: number }>(
      "SELECT target_id, actor_person_id, count(*)::int AS n FROM audit_events WHERE action = 'anonymity.revealed' GROUP BY 1, 2",
    );
    expect(reveals.size).toBeGreaterThan(w.notices.length / 4);
    expect(Object.fromEntries(audited.map((x) => [`${x.target_id}|${x.actor_person_id}`, x.n]))).toEqual(Object.fromEntries(reveals));
  }, 400_000);

  it('lists exactly the products each caller may see', async () => {
    const problems: string[] = [];
    for (const c of w.callers) {
      const names = new Set(
        (await c.send('GET', '/api/v1/products'))
          .json<{ items: { name: string }[] }>()
          .items.map((p) => p.name)
          .filter((n) => n.startsWith('PRODUCT-')),
      );
      const want = pw.products.filter((p) => canReadProduct(c.policy, p)).map((p) => p.name);
      if (names.size !== want.length || want.some((n) => !names.has(n)))
        problems.push(`${c.key}: sees ${names.size}, may see ${want.length}`);
    }
    report(problems);
  });

  it('lists exactly the readable advisories, page by page, and only their matches on my products', async () => {
    const problems: string[] = [];
    await inParallel(w.callers, 4, async (c) => {
      const want = new Set(aw.advisories.filter((x) => canRead(c.policy, x, w.now)).map((x) => x.id));
      const seen: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const res = await c.send('GET', `/api/v1/advisories?limit=23${cursor ? `&cursor=${cursor}` : ''}`);
        counts.list++;
        const page = res.json<{ items: { id: string }[]; nextCursor: string | null }>();
        seen.push(...page.items.map((x) => x.id));
        cursor = page.nextCursor;
      }
      const world = seen.filter((id) => aw.advisories.some((x) => x.id === id));
      if (new Set(seen).size !== seen.length) problems.push(`${c.key}: an advisory appears on two pages`);
      if (world.length !== want.size || world.some((id) => !want.has(id)))
        problems.push(`${c.key}: lists ${world.length} world advisories, may read ${want.size}`);
      for (const p of pw.products.filter((x) => aw.matchedVersionIds.includes(x.versionId))) {
        if (!canReadFindings(c.policy, p.ownerOrgId) || c.via === 'public') continue;
        const res = await c.send('GET', `/api/v1/products/${p.id}/advisory-matches`);
        const ids = res.json<{ items: { advisoryId: string }[] }>().items.map((m) => m.advisoryId);
        if (ids.length !== want.size || ids.some((id) => !want.has(id)))
          problems.push(`${c.key}: ${ids.length} matches on ${p.name}, may read ${want.size}`);
      }
    });
    report(problems);
  }, 120_000);

  it('lists exactly the direct conversations each caller takes part in', async () => {
    const problems: string[] = [];
    await inParallel(
      w.callers.filter((c) => gate(routeOf('GET /api/v1/messages'), c) === null),
      4,
      async (c) => {
        const res = await c.send('GET', '/api/v1/messages');
        counts.list++;
        const listed = res.json<{ items: { id: string }[] }>().items.map((x) => x.id);
        const want = fw.direct.filter((d) => threadReadable(fw, w, c.policy, d.id)).map((d) => d.id);
        const world = listed.filter((id) => fw.direct.some((d) => d.id === id));
        if (world.length !== want.length || want.some((id) => !world.includes(id)))
          problems.push(`${c.key}: lists ${world.length} world conversations, takes part in ${want.length}`);
      },
    );
    expect(fw.direct.every((d) => w.callers.some((c) => threadReadable(fw, w, c.policy, d.id)))).toBe(true);
    report(problems);
  });

  it('lists exactly the readable notices, page by page and per TLP filter', async () => {
    const problems: string[] = [];
    await inParallel(w.callers, 4, async (c) => {
      const want = readableBy(w, c);
      const seen: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const res = await c.send('GET', `/api/v1/notices?limit=37${cursor ? `&cursor=${cursor}` : ''}`);
        counts.list++;
        const page = res.json<{ items: { id: string }[]; nextCursor: string | null }>();
        seen.push(...page.items.map((n) => n.id));
        cursor = page.nextCursor;
      }
      if (new Set(seen).size !== seen.length) problems.push(`${c.key}: a notice appears on two pages`);
      const extra = seen.filter((id) => !want.has(id));
      const missing = [...want].filter((id) => !seen.includes(id));
      if (extra.length || missing.length)
        problems.push(`${c.key}: list shows ${extra.length} unreadable and misses ${missing.length} readable notices`);
      for (const tlp of tlpLevels) {
        const res = await c.send('GET', `/api/v1/notices?limit=200&tlp=${encodeURIComponent(tlp)}`);
        counts.list++;
        const ids = res
          .json<{ items: { id: string }[] }>()
          .items.map((n) => n.id)
          .sort();
        const expected = w.notices
          .filter((n) => n.tlp === tlp && want.has(n.id))
          .map((n) => n.id)
          .sort();
        if (JSON.stringify(ids) !== JSON.stringify(expected)) problems.push(`${c.key}: TLP:${tlp} list differs from canRead`);
      }
    });
    report(problems);
  }, 120_000);

  it('lets exactly the permitted callers change state: others get 401/403/404, nobody a 5xx', async () => {
    const problems: string[] = [];
    const permitted: Record<string, Set<string>> = {};
    await inParallel(w.callers, 3, async (c) => {
      for (const [key, rule] of Object.entries(mutations)) {
        const r = routeOf(key);
        for (const k of await rule(c, c.policy)) {
          const as = k.as ?? c;
          const res = await as.send(r.method, k.url, k.body, k.headers);
          counts.mutate++;
          const denied = gate(r, as);
          const where = `${c.key} ${r.method} ${k.url} ${JSON.stringify(k.body ?? null).slice(0, 80)}`;
          if (res.statusCode >= 500) problems.push(`${where}: ${res.statusCode} ${res.body}`);
          else if (denied === null && k.may) {
            if (res.statusCode !== (r.status ?? 200))
              problems.push(`${where}: permitted but got ${res.statusCode} ${res.body.slice(0, 200)}`);
            else (permitted[key] ??= new Set()).add(c.key);
          } else if (denied !== null ? res.statusCode !== denied : ![401, 403, 404, k.alsoRefusedWith].includes(res.statusCode)) {
            problems.push(`${where}: should be refused (${denied ?? '401/403/404'}) but got ${res.statusCode} ${res.body.slice(0, 200)}`);
          }
          const err = errorProblem(res);
          if (err) problems.push(`${where}: ${err}`);
        }
      }
    });
    report(problems);
    // Sanity: every mutating route was exercised successfully by someone, and refused to the public where it is not public.
    // Publishing needs an https:// address (tested in publishing.test.ts); here it must only never succeed or 5xx.
    for (const key of Object.keys(mutations).filter((k) => k !== 'POST /api/v1/cases/:id/advisory/publish'))
      expect(permitted[key]?.size ?? 0, `${key} never succeeded`).toBeGreaterThan(0);
    expect(permitted['POST /api/v1/admin/organisations']).toEqual(
      new Set(['operator.platform_admin', 'token:operator.platform_admin(read+write+admin)']),
    );
    expect([...permitted['POST /api/v1/applications/:id/approve']!].sort()).toEqual([
      'operator.coordinator',
      'operator.platform_admin',
      'token:operator.platform_admin(read+write+admin)',
    ]);
  }, 180_000);

  it('refuses a cookie-authenticated write without the right CSRF token', async () => {
    const problems: string[] = [];
    await inParallel(
      w.callers.filter((c) => c.via === 'session'),
      4,
      async (c) => {
        const res = await c.send(
          'POST',
          '/api/v1/notices',
          { title: 'x', body: 'x', tlp: 'CLEAR', audience: 'public' },
          { 'x-csrf-token': 'forged' },
        );
        counts.mutate++;
        if (res.statusCode !== 403 || res.json<{ error: { code: string } }>().error.code !== 'csrf_failed')
          problems.push(`${c.key}: ${res.statusCode} ${res.body}`);
      },
    );
    report(problems);
  });
});
