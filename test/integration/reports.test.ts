import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solveProof } from '../../src/modules/disclosure/report-checks.ts';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';
import { type TestSmtp, startTestSmtp } from '../support/smtp.ts';
import { type Client, type TestApp, createTestApp, signInClient } from '../support/test-app.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp;
let smtp: TestSmtp;
let coordinator: Client;
let admin: Client;
let maker: Client;
let acme: { orgId: string; publicProduct: string; memberProduct: string };

const anon = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}, ip = '203.0.113.7') =>
  t.app.inject({ method: method as 'GET', url, headers, remoteAddress: ip, ...(body === undefined ? {} : { payload: body as object }) });

async function proof() {
  const c = (await anon('GET', '/api/v1/reports/challenge')).json<{ challenge: string; difficulty: number }>();
  return { challenge: c.challenge, nonce: solveProof(c.challenge, c.difficulty) };
}

const base = {
  vendorName: 'Acme Infusion',
  productName: 'VitaFlow pump',
  productVersion: '7.1.3',
  title: 'Unauthenticated telnet gives a root shell',
  description: 'The VitaFlow pump accepts unauthenticated telnet connections on port 23 and gives a root shell to anyone on the network.',
  patientImpact: 'An attacker can change the infusion rate.',
  howFound: 'Port scan of a test unit.',
  publiclyKnown: 'no',
  exploited: 'unknown',
  disclosurePlans: 'Talk at a conference in 90 days.',
  credit: { consent: true, name: 'Dr. R. Searcher' },
  contact: { name: 'R. Searcher', email: 'researcher@example.org' },
};

async function submit(body: Json, ip?: string) {
  return anon('POST', '/api/v1/reports', { ...body, proof: await proof() }, {}, ip);
}

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://isao.example' } });
  const operator = await makeOrg(t.db, 'operator', { name: 'The ISAO' });
  coordinator = await signInClient(t.app, (await makePerson(t.db, operator.id, ['coordinator'])).email, TEST_PASSWORD);
  admin = await signInClient(t.app, (await makePerson(t.db, operator.id, ['platform_admin'])).email, TEST_PASSWORD);
  const org = await makeOrg(t.db, 'manufacturer', { name: 'Acme Infusion' });
  maker = await signInClient(t.app, (await makePerson(t.db, org.id, ['org_admin', 'analyst'])).email, TEST_PASSWORD);
  const pub = (await maker.request('POST', '/api/v1/products', { name: 'VitaFlow pump', visibility: 'public' })).json().id as string;
  const mem = (await maker.request('POST', '/api/v1/products', { name: 'VitaFlow secret', visibility: 'members' })).json().id as string;
  acme = { orgId: org.id, publicProduct: pub, memberProduct: mem };
}, 60_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('reporting without an account', () => {
  let token: string;
  let reportId: string;

  it('suggests manufacturers and only their public products', async () => {
    const res = await anon('GET', '/api/v1/reports/suggestions?q=vita');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      { orgId: acme.orgId, orgName: 'Acme Infusion', products: [{ id: acme.publicProduct, name: 'VitaFlow pump' }] },
    ]);
    expect(JSON.stringify((await anon('GET', '/api/v1/reports/suggestions?q=acme')).json())).not.toContain('VitaFlow secret');
  });

  it('acknowledges at once with a reference and a private tracking link (also by email)', async () => {
    const res = await submit({ ...base, vendorOrgId: acme.orgId, productId: acme.publicProduct });
    expect(res.statusCode, res.body).toBe(201);
    const receipt = res.json();
    expect(receipt.reference).toMatch(/^R-\d{4}-[2-9A-Z]{6}$/);
    expect(receipt.trackingToken.length).toBeGreaterThanOrEqual(40);
    expect(receipt.trackingUrl).toBe(`https://isao.example/report/track#${receipt.trackingToken}`);
    token = receipt.trackingToken;
    const [row] = await t.db.query<Json>('SELECT id, tracking_token_hash, vendor_org_id, product_id, credit_name FROM reports');
    reportId = row!.id;
    expect(row!.tracking_token_hash).not.toContain(token);
    expect(row).toMatchObject({ vendor_org_id: acme.orgId, product_id: acme.publicProduct, credit_name: 'Dr. R. Searcher' });
    const mail = await smtp.waitFor((m) => m.to === 'researcher@example.org');
    expect(mail.subject).toContain(receipt.reference);
    expect(mail.text).toContain(receipt.trackingUrl);
    const view = (await anon('GET', `/api/v1/reports/track/${token}`)).json();
    expect(view).toMatchObject({ reference: receipt.reference, status: 'received', title: base.title });
    expect(view.messages[0].from).toBe('system');
  });

  it('refuses robots, replays and bad proofs, and stores nothing', async () => {
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM reports'))[0]!.n;
    const p = await proof();
    expect((await anon('POST', '/api/v1/reports', { ...base, proof: p, website: 'http://spam.example' })).statusCode).toBe(400);
    expect((await anon('POST', '/api/v1/reports', { ...base, proof: { ...p, nonce: 'wrong' } })).statusCode).toBe(400);
    expect((await anon('POST', '/api/v1/reports', { ...base, proof: { challenge: 'made-up', nonce: '1' } })).statusCode).toBe(400);
    const used = await proof();
    expect(
      (await anon('POST', '/api/v1/reports', { ...base, title: 'First use of a proof', proof: used }, {}, '198.51.100.1')).statusCode,
    ).toBe(201);
    const replay = await anon('POST', '/api/v1/reports', { ...base, title: 'Replay of a proof', proof: used }, {}, '198.51.100.1');
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error.message).toMatch(/expired or was already sent/);
    const after = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM reports'))[0]!.n;
    expect(after).toBe(before + 1);
  });

  it('answers hostile and oversized input with a typed 4xx, and keeps scripts as text', async () => {
    const cases: [Json, number][] = [
      [{ ...base, description: 'x'.repeat(20_001) }, 400],
      [{ ...base, title: 'ab' }, 400],
      [{ ...base, vendorName: 'Acme\u0000' }, 400],
      [{ ...base, title: 'two\nlines here' }, 400],
      [{ ...base, contact: { email: 'not-an-email' } }, 400],
      [{ ...base, extra: 'field' }, 400],
      [{ ...base, vendorOrgId: 'not-a-uuid' }, 400],
    ];
    for (const [body, status] of cases) {
      const res = await submit(body, '198.51.100.2');
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(['validation_failed', 'invalid_encoding']).toContain(res.json().error.code);
    }
    expect((await anon('POST', '/api/v1/reports', 'not json', { 'content-type': 'application/json' })).statusCode).toBe(400);
    const script = await submit(
      { ...base, title: '<script>alert(1)</script> in the pump UI', description: `${'<img src=x onerror=alert(1)> '.repeat(5)}` },
      '198.51.100.3',
    );
    expect(script.statusCode).toBe(201);
    const view = (await anon('GET', `/api/v1/reports/track/${script.json().trackingToken}`)).json();
    expect(view.title).toBe('<script>alert(1)</script> in the pump UI');
  });

  it('limits challenges per address (each is a stored row), and drops expired ones', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 101; i++) statuses.push((await anon('GET', '/api/v1/reports/challenge', undefined, {}, '192.0.2.77')).statusCode);
    expect(statuses.slice(0, 100).every((s) => s === 200)).toBe(true);
    expect(statuses[100]).toBe(429);
    t.clock.advance(31 * 60_000);
    await anon('GET', '/api/v1/reports/challenge');
    const left = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM report_challenges WHERE expires_at < $1', [t.clock.now()]);
    expect(left[0]!.n).toBe(0);
    t.clock.advance(-31 * 60_000);
  });

  it('limits reports per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await submit({ ...base, title: `Flood number ${i} of reports` }, '192.0.2.99')).statusCode);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
  });

  it('flags a similar report on the same product as a possible duplicate', async () => {
    const res = await submit(
      { ...base, title: 'Telnet root shell on VitaFlow', description: `${base.description} Confirmed on firmware 7.1.3.` },
      '198.51.100.4',
    );
    expect(res.statusCode, res.body).toBe(201);
    const queue = (await coordinator.request('GET', '/api/v1/reports')).json().items as Json[];
    const dup = queue.find((r) => r.title === 'Telnet root shell on VitaFlow')!;
    expect(dup.possibleDuplicates.map((d: Json) => d.id)).toContain(reportId);
    const unrelated = queue.find((r) => r.title.startsWith('<script>'))!;
    expect(unrelated.possibleDuplicates.map((d: Json) => d.id)).not.toContain(reportId); // same product, other problem
  });

  it('a wrong tracking token finds nothing, and guessing is throttled', async () => {
    const wrong = 'A'.repeat(43);
    const res = await anon('GET', `/api/v1/reports/track/${wrong}`, undefined, {}, '192.0.2.150');
    expect(res.statusCode).toBe(404);
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await anon('GET', `/api/v1/reports/track/${wrong}${i}`, undefined, {}, '192.0.2.150')).statusCode;
    expect(last).toBe(429);
  });

  it('the coordinator triages: internal notes stay internal; a question reaches the reporter; a reply comes back', async () => {
    let detail = (await coordinator.request('GET', `/api/v1/reports/${reportId}`)).json();
    expect(detail.sla).toMatchObject({ next: 'acknowledge', overdue: false });
    expect(detail.contact).toEqual({ name: 'R. Searcher', email: 'researcher@example.org' });
    const note = await coordinator.request('POST', `/api/v1/reports/${reportId}/messages`, {
      body: 'INTERNAL: vendor is a member.',
      internal: true,
    });
    expect(note.statusCode).toBe(201);
    expect(note.json().sla.next).toBe('acknowledge');
    const ask = await coordinator.request('POST', `/api/v1/reports/${reportId}/decision`, {
      decision: 'needs_info',
      reason: 'Which firmware build exactly?',
    });
    expect(ask.statusCode, ask.body).toBe(200);
    expect(ask.json()).toMatchObject({ status: 'needs_info', sla: { next: 'triage' } });
    const mail = await smtp.waitFor((m) => m.to === 'researcher@example.org' && m.subject.includes('updated'));
    expect(mail.text).not.toContain('Which firmware build');
    const view = (await anon('GET', `/api/v1/reports/track/${token}`)).json();
    expect(view.status).toBe('needs_info');
    expect(JSON.stringify(view)).not.toContain('INTERNAL');
    expect(view.messages.at(-1), JSON.stringify(view.messages)).toMatchObject({ from: 'coordinator', authorName: 'ISAO coordinator' });
    expect(view.messages.at(-1).body).toContain('Which firmware build exactly?');
    const reply = await anon('POST', `/api/v1/reports/track/${token}/messages`, { body: 'Build 7.1.3-r42.' });
    expect(reply.statusCode).toBe(201);
    expect(reply.json().status).toBe('received');
    detail = (await coordinator.request('GET', `/api/v1/reports/${reportId}`)).json();
    expect(detail.unreadFromReporter).toBe(1);
    expect(detail.messages.some((m: Json) => m.internal && m.body === 'INTERNAL: vendor is a member.')).toBe(true);
  });

  it('attachments are stored hashed, sniffed, capped and served as downloads only', async () => {
    const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    const up = await anon('POST', `/api/v1/reports/track/${token}/attachments?fileName=..%2F..%2Fpoc.html`, html, {
      'content-type': 'application/octet-stream',
    });
    expect(up.statusCode, up.body).toBe(201);
    const file = up.json().attachments[0];
    expect(file).toMatchObject({
      fileName: '.._.._poc.html'.replace(/^\.+/, ''),
      contentType: 'text/plain; charset=utf-8',
      byteSize: html.length,
    });
    expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    const again = await anon('POST', `/api/v1/reports/track/${token}/attachments?fileName=copy.html`, html, {
      'content-type': 'application/octet-stream',
    });
    expect(again.json().attachments).toHaveLength(1);
    const down = await anon('GET', `/api/v1/reports/track/${token}/attachments/${file.id}`);
    expect(down.statusCode).toBe(200);
    expect(down.headers['content-type']).toBe('application/octet-stream');
    expect(down.headers['content-disposition']).toMatch(/^attachment;/);
    expect(down.headers['x-content-type-options']).toBe('nosniff');
    expect(down.rawPayload.equals(html)).toBe(true);
    const staff = await coordinator.request('GET', `/api/v1/reports/${reportId}/attachments/${file.id}`);
    expect(staff.rawPayload.equals(html)).toBe(true);
    const big = await anon('POST', `/api/v1/reports/track/${token}/attachments`, Buffer.alloc(10 * 1024 * 1024 + 1), {
      'content-type': 'application/octet-stream',
    });
    expect(big.statusCode).toBe(413);
    expect(
      (await anon('POST', `/api/v1/reports/track/${token}/attachments`, '{}', { 'content-type': 'application/json' })).statusCode,
    ).toBe(415);
  });

  it('a decision is final, needs a reason where the reporter reads one, and only staff take it', async () => {
    expect((await maker.request('GET', '/api/v1/reports')).statusCode).toBe(403);
    expect((await maker.request('GET', `/api/v1/reports/${reportId}`)).statusCode).toBe(403);
    expect((await maker.request('POST', `/api/v1/reports/${reportId}/decision`, { decision: 'accept' })).statusCode).toBe(403);
    expect((await coordinator.request('POST', `/api/v1/reports/${reportId}/decision`, { decision: 'reject' })).statusCode).toBe(400);
    const accepted = await coordinator.request('POST', `/api/v1/reports/${reportId}/decision`, { decision: 'accept' });
    expect(accepted.json()).toMatchObject({ status: 'accepted', caseId: null, sla: { next: 'vendor_contact', overdue: false } });
    expect(accepted.json().triagedBy).toBeTruthy();
    expect(
      (await coordinator.request('POST', `/api/v1/reports/${reportId}/decision`, { decision: 'reject', reason: 'x' })).statusCode,
    ).toBe(409);
    expect((await anon('GET', `/api/v1/reports/track/${token}`)).json().status).toBe('accepted');
    const queue = (await coordinator.request('GET', '/api/v1/reports')).json().items as Json[];
    const dup = queue.find((r) => r.title === 'Telnet root shell on VitaFlow')!;
    const merged = await coordinator.request('POST', `/api/v1/reports/${dup.id}/decision`, {
      decision: 'merge',
      mergeInto: reportId,
      reason: 'Same issue.',
    });
    expect(merged.json()).toMatchObject({ status: 'merged', mergedInto: { id: reportId } });
    const actions = await t.db.query<{ action: string }>("SELECT action FROM audit_events WHERE target_type = 'report' ORDER BY seq");
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['report.received', 'report.information_requested', 'report.accepted', 'report.merged', 'report.note_added']),
    );
  });

  it('service levels are the platform admins’ to set, and the queue shows what is overdue', async () => {
    expect((await coordinator.request('PATCH', '/api/v1/cvd-program', { ackHours: 2 })).statusCode).toBe(403);
    expect((await admin.request('PATCH', '/api/v1/cvd-program', { ackHours: 500 })).statusCode).toBe(400);
    const res = await admin.request('PATCH', '/api/v1/cvd-program', { ackHours: 2, triageHours: 48 });
    expect(res.json()).toMatchObject({ ackHours: 2, triageHours: 48, vendorContactHours: 336 });
    t.clock.advance(3 * 3_600_000);
    coordinator = await signInClient(
      t.app,
      (
        await makePerson(t.db, (await t.db.query<{ id: string }>("SELECT id FROM organisations WHERE kind = 'operator'"))[0]!.id, [
          'coordinator',
        ])
      ).email,
      TEST_PASSWORD,
    );
    const queue = (await coordinator.request('GET', '/api/v1/reports?status=received')).json().items as Json[];
    expect(queue.length).toBeGreaterThan(0);
    expect(queue[0]!.sla).toMatchObject({ next: 'acknowledge', overdue: true });
  });
});
