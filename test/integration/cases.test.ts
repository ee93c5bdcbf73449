import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendEmbargoReminders } from '../../src/modules/cases/index.ts';
import { acceptedReport } from '../support/disclosure-world.ts';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';
import { type TestSmtp, startTestSmtp } from '../support/smtp.ts';
import { type Client, type TestApp, createTestApp, signInClient } from '../support/test-app.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp;
let smtp: TestSmtp;
let coordinator: Client;
let vendorA: Client;
let vendorAReader: Client;
let vendorB: Client;
let hospital: Client;
let orgs: { a: string; b: string; hdo: string };
let reportId: string;
let caseId: string;

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp({ env: { SMTP_URL: smtp.url, ISAO_REPORT_LIMIT_PER_HOUR: '100' } });
  const operator = await makeOrg(t.db, 'operator', { name: 'The ISAO' });
  coordinator = await signInClient(t.app, (await makePerson(t.db, operator.id, ['coordinator'])).email, TEST_PASSWORD);
  const a = await makeOrg(t.db, 'manufacturer', { name: 'Acme Infusion' });
  const b = await makeOrg(t.db, 'manufacturer', { name: 'Blue Pumps' });
  const hdo = await makeOrg(t.db, 'hdo', { name: 'General Hospital' });
  orgs = { a: a.id, b: b.id, hdo: hdo.id };
  vendorA = await signInClient(t.app, (await makePerson(t.db, a.id, ['analyst'], { email: 'psirt@acme.example' })).email, TEST_PASSWORD);
  vendorAReader = await signInClient(t.app, (await makePerson(t.db, a.id, ['read_only'])).email, TEST_PASSWORD);
  vendorB = await signInClient(
    t.app,
    (await makePerson(t.db, b.id, ['org_admin'], { email: 'security@blue.example' })).email,
    TEST_PASSWORD,
  );
  hospital = await signInClient(t.app, (await makePerson(t.db, hdo.id, ['org_admin'])).email, TEST_PASSWORD);
  reportId = await acceptedReport(t, coordinator, 'Telnet root shell on the VitaFlow pump');
}, 60_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('disclosure cases', () => {
  it('a coordinator opens a case for an accepted report (only once, only accepted ones)', async () => {
    expect((await vendorA.request('POST', '/api/v1/cases', { title: 'Telnet on VitaFlow', reportIds: [reportId] })).statusCode).toBe(403);
    const res = await coordinator.request('POST', '/api/v1/cases', {
      title: 'Telnet on VitaFlow',
      summary: 'Root shell over telnet.',
      reportIds: [reportId],
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    caseId = c.id;
    expect(c).toMatchObject({ state: 'received', nextStates: ['verified', 'closed'], myRole: 'coordinator', reports: [{ id: reportId }] });
    expect(c.reference).toMatch(/^C-\d{4}-[2-9A-Z]{6}$/);
    expect((await coordinator.request('POST', '/api/v1/cases', { title: 'Again the same', reportIds: [reportId] })).statusCode).toBe(409);
  });

  it('vulnerabilities carry CVSS 3.1 and 4.0 scores computed by the server; incomplete vectors are refused', async () => {
    const res = await coordinator.request('POST', `/api/v1/cases/${caseId}/vulnerabilities`, {
      title: 'Unauthenticated telnet root shell',
      description: 'Port 23 is open with no password.',
      cwe: 'CWE-306',
      cvss31: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      cvss40: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
      cve: 'CVE-2026-10001',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().vulnerabilities[0]).toMatchObject({
      position: 1,
      cwe: 'CWE-306',
      cvss31: { score: 9.8, severity: 'critical' },
      cvss40: { score: 9.3, severity: 'critical' },
      cve: 'CVE-2026-10001',
    });
    const second = await coordinator.request('POST', `/api/v1/cases/${caseId}/vulnerabilities`, {
      title: 'Hard-coded service password',
      cvss31: 'CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:L/A:N',
    });
    expect(second.json().vulnerabilities.map((v: Json) => v.cvss31?.score)).toEqual([9.8, 7.1]);
    for (const bad of ['CVSS:3.1/AV:N/AC:L/PR:N', 'CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'AV:N/AC:L/Au:N/C:P/I:P/A:P']) {
      const r = await coordinator.request('POST', `/api/v1/cases/${caseId}/vulnerabilities`, { title: 'Bad vector', cvss31: bad });
      expect(r.statusCode, bad).toBe(400);
      expect(r.json().error.message).toMatch(/complete CVSS 3\.1 base vector/);
    }
    expect(
      (await coordinator.request('POST', `/api/v1/cases/${caseId}/vulnerabilities`, { title: 'Dup', cve: 'CVE-2026-10001' })).statusCode,
    ).toBe(409);
    expect(
      (await coordinator.request('POST', `/api/v1/cases/${caseId}/vulnerabilities`, { title: 'Bad CWE', cwe: '306' })).statusCode,
    ).toBe(400);
  });

  it('vendors are added and emailed a link; each sees the case without the other vendors; outsiders see nothing', async () => {
    expect((await coordinator.request('POST', `/api/v1/cases/${caseId}/vendors`, { orgId: orgs.hdo })).statusCode).toBe(400);
    expect((await coordinator.request('POST', `/api/v1/cases/${caseId}/vendors`, { orgId: orgs.a })).statusCode).toBe(201);
    const both = await coordinator.request('POST', `/api/v1/cases/${caseId}/vendors`, { orgId: orgs.b });
    expect(both.json().vendors.map((v: Json) => [v.orgName, v.unanswered])).toEqual([
      ['Acme Infusion', 2],
      ['Blue Pumps', 2],
    ]);
    expect((await coordinator.request('POST', `/api/v1/cases/${caseId}/vendors`, { orgId: orgs.a })).statusCode).toBe(409);
    const mail = await smtp.waitFor((m) => m.to === 'psirt@acme.example');
    expect(mail.text).toContain(`/cases/${caseId}`);
    expect(mail.text).not.toContain('Port 23');

    const seen = (await vendorA.request('GET', `/api/v1/cases/${caseId}`)).json();
    expect(seen).toMatchObject({ myRole: 'vendor', nextStates: [], reports: [], otherVendorCount: 1 });
    expect(seen.vendors.map((v: Json) => v.orgName)).toEqual(['Acme Infusion']);
    expect(JSON.stringify(seen)).not.toContain('Blue Pumps');
    expect(JSON.stringify(seen)).not.toContain(reportId);
    expect((await vendorA.request('GET', '/api/v1/cases')).json().items.map((c: Json) => c.id)).toEqual([caseId]);
    for (const outsider of [hospital]) {
      expect((await outsider.request('GET', `/api/v1/cases/${caseId}`)).statusCode).toBe(404);
      expect((await outsider.request('GET', '/api/v1/cases')).json().items).toEqual([]);
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}` })).statusCode).toBe(401);
  });

  it('a vendor states its status per vulnerability; the coordinator sees who has not answered', async () => {
    const [v1, v2] = (await coordinator.request('GET', `/api/v1/cases/${caseId}`)).json().vulnerabilities as Json[];
    expect((await vendorAReader.request('PUT', `/api/v1/cases/${caseId}/statements/${v1!.id}`, { status: 'affected' })).statusCode).toBe(
      403,
    );
    expect((await coordinator.request('PUT', `/api/v1/cases/${caseId}/statements/${v1!.id}`, { status: 'affected' })).statusCode).toBe(403);
    expect((await hospital.request('PUT', `/api/v1/cases/${caseId}/statements/${v1!.id}`, { status: 'affected' })).statusCode).toBe(404);
    const res = await vendorA.request('PUT', `/api/v1/cases/${caseId}/statements/${v1!.id}`, {
      status: 'affected',
      statement: 'Telnet is enabled in 7.x.',
      affectedVersions: '7.0 – 7.1.3',
      fixedVersions: '7.1.4',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().vendors[0].statements).toEqual([
      expect.objectContaining({ vulnerabilityId: v1!.id, status: 'affected', fixedVersions: '7.1.4', updatedBy: expect.any(String) }),
    ]);
    await vendorB.request('PUT', `/api/v1/cases/${caseId}/statements/${v2!.id}`, {
      status: 'not_affected',
      statement: 'We never shipped the service.',
    });
    const b = (await vendorB.request('GET', `/api/v1/cases/${caseId}`)).json();
    expect(JSON.stringify(b)).not.toContain('Telnet is enabled in 7.x.');
    expect(b.events.some((e: Json) => e.kind === 'statement_made' && e.detail.orgName === 'Acme Infusion')).toBe(false);
    const staff = (await coordinator.request('GET', `/api/v1/cases/${caseId}`)).json();
    expect(staff.vendors.map((v: Json) => [v.orgName, v.unanswered])).toEqual([
      ['Acme Infusion', 1],
      ['Blue Pumps', 1],
    ]);
    expect((await coordinator.request('GET', '/api/v1/cases')).json().items[0].unansweredStatements).toBe(2);
  });

  it('discussion: one thread per vendor, unread markers, and what changed since my last visit', async () => {
    const threads = (await coordinator.request('GET', `/api/v1/cases/${caseId}/threads`)).json();
    expect(threads.threads.map((x: Json) => x.orgName)).toEqual(['Acme Infusion', 'Blue Pumps']);
    const post = await coordinator.request('POST', `/api/v1/cases/${caseId}/threads/${orgs.a}/posts`, {
      body: 'Can you confirm the fixed build?',
    });
    expect(post.statusCode, post.body).toBe(201);
    expect((await vendorA.request('GET', `/api/v1/cases/${caseId}/threads`)).json().threads).toEqual([
      expect.objectContaining({ orgId: orgs.a, posts: 1, unread: 1 }),
    ]);
    // Vendor B sees neither A's thread nor that it exists.
    expect((await vendorB.request('GET', `/api/v1/cases/${caseId}/threads/${orgs.a}`)).statusCode).toBe(404);
    expect((await vendorB.request('POST', `/api/v1/cases/${caseId}/threads/${orgs.a}/posts`, { body: 'hello' })).statusCode).toBe(404);
    expect(JSON.stringify((await vendorB.request('GET', `/api/v1/cases/${caseId}/threads`)).json())).not.toContain('Acme');
    expect((await vendorAReader.request('POST', `/api/v1/cases/${caseId}/threads/${orgs.a}/posts`, { body: 'hello' })).statusCode).toBe(
      403,
    );
    const thread = (await vendorA.request('GET', `/api/v1/cases/${caseId}/threads/${orgs.a}`)).json();
    expect(thread.posts).toEqual([expect.objectContaining({ body: 'Can you confirm the fixed build?', fromCoordinator: true, new: true })]);
    await vendorA.request('POST', `/api/v1/cases/${caseId}/threads/${orgs.a}/posts`, { body: 'Yes: 7.1.4 build 42.' });
    const after = (await vendorA.request('GET', `/api/v1/cases/${caseId}/threads`)).json();
    expect(after.threads[0]).toMatchObject({ posts: 2, unread: 0 });
    expect((await coordinator.request('GET', `/api/v1/cases/${caseId}/threads`)).json().threads[0]).toMatchObject({ unread: 1 });
    // The change log: everything is new until seen; then only what came after.
    const before = (await vendorA.request('GET', `/api/v1/cases/${caseId}/threads`)).json();
    expect(before.newEvents).toBeGreaterThan(0);
    const seen = await vendorA.request('POST', `/api/v1/cases/${caseId}/seen`, { thread: 'events', position: before.lastEventPosition });
    expect(seen.json().newEvents).toBe(0);
    await coordinator.request('PATCH', `/api/v1/cases/${caseId}`, { summary: 'Root shell over telnet; fixed in 7.1.4.' });
    expect((await vendorA.request('GET', `/api/v1/cases/${caseId}/threads`)).json().newEvents).toBe(1);
    expect((await vendorA.request('POST', `/api/v1/cases/${caseId}/seen`, { thread: orgs.b, position: 1 })).statusCode).toBe(404);
  });

  it('an embargo in UTC is reminded of 48 hours ahead, once, in each person’s time zone', async () => {
    const c = (await coordinator.request('POST', '/api/v1/cases', { title: 'Embargoed flaw in the pump' })).json();
    await coordinator.request('POST', `/api/v1/cases/${c.id}/vendors`, { orgId: orgs.a });
    await t.db.query("UPDATE people SET time_zone = 'Europe/Berlin' WHERE email = 'psirt@acme.example'");
    const past = await coordinator.request('PATCH', `/api/v1/cases/${c.id}`, {
      embargoUntil: new Date(t.clock.now().getTime() - 1000).toISOString(),
    });
    expect(past.statusCode).toBe(400);
    const at = new Date(t.clock.now().getTime() + 72 * 3_600_000);
    at.setUTCMinutes(0, 0, 0);
    const set = await coordinator.request('PATCH', `/api/v1/cases/${c.id}`, { embargoUntil: at.toISOString() });
    expect(set.json().embargoUntil).toBe(at.toISOString());
    expect((await vendorA.request('GET', `/api/v1/cases/${c.id}`)).json().embargoUntil).toBe(at.toISOString());
    expect(await sendEmbargoReminders(t.ctx)).toBe(0);
    t.clock.advance(25 * 3_600_000);
    expect(await sendEmbargoReminders(t.ctx)).toBe(1);
    expect(await sendEmbargoReminders(t.ctx)).toBe(0);
    const mail = await smtp.waitFor((m) => m.to === 'psirt@acme.example' && m.subject.startsWith('Embargo of'));
    expect(mail.text).toContain(at.toISOString().replace('.000Z', 'Z'));
    expect(mail.text).toContain('(Europe/Berlin)');
    expect(mail.text).not.toContain('Embargoed flaw');
    t.clock.advance(-25 * 3_600_000); // back, so the signed-in sessions of the next test are still fresh
  });
  it('moves through the ISO/IEC 30111 phases one at a time, audited and logged', async () => {
    expect((await vendorA.request('POST', `/api/v1/cases/${caseId}/transition`, { state: 'verified' })).statusCode).toBe(403);
    expect((await coordinator.request('POST', `/api/v1/cases/${caseId}/transition`, { state: 'release' })).statusCode).toBe(409);
    for (const state of ['verified', 'remediation', 'release', 'post_release']) {
      const res = await coordinator.request('POST', `/api/v1/cases/${caseId}/transition`, { state, note: `now ${state}` });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().state).toBe(state);
    }
    const closed = await coordinator.request('POST', `/api/v1/cases/${caseId}/transition`, { state: 'closed' });
    expect(closed.json()).toMatchObject({ state: 'closed', nextStates: [] });
    const changes = closed
      .json()
      .events.filter((e: Json) => e.kind === 'state_changed')
      .map((e: Json) => e.detail.to);
    expect(changes).toEqual(['closed', 'post_release', 'release', 'remediation', 'verified']);
    const audited = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_events WHERE action = 'case.state_changed' AND target_id = $1",
      [caseId],
    );
    expect(audited[0]!.n).toBe(5);
    expect((await vendorA.request('GET', `/api/v1/cases/${caseId}`)).json().events.some((e: Json) => e.detail.to === 'verified')).toBe(
      true,
    );
  });
});
