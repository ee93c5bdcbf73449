import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendEmbargoReminders } from '../../src/modules/cases/index.ts';
import { sha256 } from '../../src/server/security/tokens.ts';
import { acceptedReport } from '../support/disclosure-world.ts';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';
import { type TestSmtp, startTestSmtp } from '../support/smtp.ts';
import { type Client, type TestApp, createTestApp, signInClient } from '../support/test-app.ts';
import { type VendorClient, exchangeLink, linkTokenFor, openLink } from '../support/vendor-link-world.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const EXTERNAL = 'Small Pumps GmbH';
const CONTACT = 'psirt@smallpumps.example';
const VULN_TEXT = 'Port 23 answers with a root shell and no password.';

let t: TestApp;
let smtp: TestSmtp;
let acmeId: string;
let coordinator: Client;
let memberVendor: Client;
let hospital: Client;
let caseId: string;
let reportId: string;
let vulns: { id: string }[];
let externalOrgId: string;
let vendor: VendorClient;

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp({ env: { SMTP_URL: smtp.url, ISAO_REPORT_LIMIT_PER_HOUR: '100' } });
  const operator = await makeOrg(t.db, 'operator', { name: 'Medical Device ISAO' });
  coordinator = await signInClient(t.app, (await makePerson(t.db, operator.id, ['coordinator'])).email, TEST_PASSWORD);
  const acme = await makeOrg(t.db, 'manufacturer', { name: 'Acme Infusion' });
  acmeId = acme.id;
  await makeOrg(t.db, 'manufacturer', { name: 'Blue Pumps' });
  memberVendor = await signInClient(t.app, (await makePerson(t.db, acme.id, ['analyst'])).email, TEST_PASSWORD);
  const hdo = await makeOrg(t.db, 'hdo');
  hospital = await signInClient(t.app, (await makePerson(t.db, hdo.id, ['org_admin'])).email, TEST_PASSWORD);
  reportId = await acceptedReport(t, coordinator, 'Telnet root shell in the infusion gateway');
  const c = (
    await coordinator.request('POST', '/api/v1/cases', { title: 'Telnet root shell in the gateway', reportIds: [reportId] })
  ).json();
  caseId = c.id;
  for (const v of [
    {
      title: 'Unauthenticated telnet root shell',
      description: VULN_TEXT,
      cwe: 'CWE-306',
      cvss31: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    },
    { title: 'Hard-coded service password', cvss31: 'CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:L/A:N' },
  ])
    vulns = (await coordinator.request('POST', `/api/v1/cases/${caseId}/vulnerabilities`, v)).json().vulnerabilities;
  await coordinator.request('POST', `/api/v1/cases/${caseId}/vendors`, { orgId: acme.id });
  await memberVendor.request('PUT', `/api/v1/cases/${caseId}/statements/${vulns[0]!.id}`, {
    status: 'affected',
    product: 'Acme gateway',
    statement: 'ACME-SECRET statement of the member vendor.',
  });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const staffView = async () => (await coordinator.request('GET', `/api/v1/cases/${caseId}`)).json();
const externalRow = async () => (await staffView()).vendors.find((v: Json) => v.orgName === EXTERNAL);

describe('external vendors (not members) reached by a one-time email link', () => {
  it('a coordinator adds one; its contact is emailed a one-time link, never the case content', async () => {
    const body = {
      orgName: EXTERNAL,
      contactName: 'Pat Schmidt',
      contactEmail: 'PSIRT@SmallPumps.example',
      note: 'Found via security.txt',
    };
    for (const bad of [
      { ...body, contactEmail: 'not-an-address' },
      { orgName: EXTERNAL },
      { ...body, orgName: 'x' },
      { ...body, extra: 1 },
    ])
      expect((await coordinator.request('POST', `/api/v1/cases/${caseId}/external-vendors`, bad)).statusCode).toBe(400);
    expect((await memberVendor.request('POST', `/api/v1/cases/${caseId}/external-vendors`, body)).statusCode).toBe(403);
    expect((await hospital.request('POST', `/api/v1/cases/${caseId}/external-vendors`, body)).statusCode).toBe(404);
    const member = await coordinator.request('POST', `/api/v1/cases/${caseId}/external-vendors`, { ...body, orgName: 'blue pumps' });
    expect(member.statusCode).toBe(409);
    expect(member.json().error.message).toContain('member manufacturer');
    const inCase = await coordinator.request('POST', `/api/v1/cases/${caseId}/external-vendors`, { ...body, orgName: 'acme infusion' });
    expect(inCase.json().error.message).toContain('already part of this case');

    const res = await coordinator.request('POST', `/api/v1/cases/${caseId}/external-vendors`, body);
    expect(res.statusCode, res.body).toBe(201);
    const row = res.json().vendors.find((v: Json) => v.orgName === EXTERNAL);
    externalOrgId = row.orgId;
    expect(row).toMatchObject({
      unanswered: 2,
      statements: [],
      external: {
        contactName: 'Pat Schmidt',
        contactEmail: CONTACT,
        note: 'Found via security.txt',
        link: { state: 'sent', openedAt: null },
      },
    });
    expect(new Date(row.external.link.expiresAt).getTime() - t.clock.now().getTime()).toBe(14 * 86_400_000);
    expect((await coordinator.request('POST', `/api/v1/cases/${caseId}/external-vendors`, body)).statusCode).toBe(409);
    expect((await coordinator.request('GET', '/api/v1/cases')).json().items[0].unansweredStatements).toBe(3);

    const mail = await smtp.waitFor((m) => m.to === CONTACT);
    expect(mail.subject).toContain(EXTERNAL);
    expect(mail.text).toContain('Medical Device ISAO');
    for (const secret of [VULN_TEXT, 'Telnet root shell in the gateway', 'Found via security.txt', 'Acme'])
      expect(mail.text).not.toContain(secret);
    const token = await linkTokenFor(smtp, CONTACT);
    expect(token.length).toBeGreaterThanOrEqual(43); // 32 random bytes, base64url
    const stored = await t.db.query<{ token_hash: string }>('SELECT token_hash FROM vendor_links WHERE case_id = $1', [caseId]);
    expect(stored.map((r) => r.token_hash)).toEqual([sha256(token)]);
    expect(JSON.stringify(await t.db.query('SELECT * FROM vendor_links'))).not.toContain(token);
    const log = (await staffView()).events[0];
    expect(log).toMatchObject({ kind: 'external_vendor_added', detail: { orgName: EXTERNAL, contactEmail: CONTACT } });
    const audited = await t.db.query("SELECT 1 FROM audit_events WHERE action = 'case.external_vendor_added' AND target_id = $1", [caseId]);
    expect(audited).toHaveLength(1);
  });

  it('is no member: never in the directory, report suggestions or member vendor choices, and nobody joins it', async () => {
    for (const url of ['/api/v1/organisations', '/api/v1/organisations?status=active', '/api/v1/organisations?status=pending'])
      expect((await coordinator.request('GET', url)).body).not.toContain(EXTERNAL);
    expect((await coordinator.request('GET', `/api/v1/organisations/${externalOrgId}`)).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/v1/reports/suggestions?q=Small' })).body).not.toContain(EXTERNAL);
    expect((await coordinator.request('POST', `/api/v1/cases/${caseId}/vendors`, { orgId: externalOrgId })).statusCode).toBe(400);
    const invite = await coordinator.request('POST', `/api/v1/organisations/${externalOrgId}/invitations`, {
      email: 'intruder@smallpumps.example',
      roles: ['member'],
    });
    expect([403, 404, 409]).toContain(invite.statusCode);
    // A member vendor of the case never learns the external vendor's name.
    const seen = (await memberVendor.request('GET', `/api/v1/cases/${caseId}`)).json();
    expect(seen.otherVendorCount).toBe(1);
    expect(JSON.stringify(seen)).not.toContain(EXTERNAL);
  });

  it('the link opens a scoped session once; a second use is refused', async () => {
    const token = await linkTokenFor(smtp, CONTACT);
    const opened = await openLink(t, token);
    vendor = opened;
    expect(opened.caseId).toBe(caseId);
    expect(opened.setCookie).toContain('HttpOnly');
    expect(opened.setCookie).toContain('SameSite=Strict');
    expect(opened.setCookie).toContain(`Path=/api/v1/vendor-access/cases/${caseId}`);
    const again = await exchangeLink(t, token);
    expect(again.statusCode).toBe(410);
    expect(again.json().error.message).toMatch(/already used.*Ask the ISAO for a new link/);
    expect(JSON.stringify(again.json())).not.toContain(caseId);
    const row = await externalRow();
    expect(row.external.link).toMatchObject({ state: 'opened', openedAt: t.clock.now().toISOString() });
    expect(new Date(row.external.link.accessUntil).getTime() - t.clock.now().getTime()).toBe(7 * 86_400_000);
    expect((await staffView()).events[0]).toMatchObject({ kind: 'vendor_link_opened', actorName: 'Pat Schmidt (by email link)' });
  });

  it('the vendor sees the case, the vulnerabilities and its own statements, never another vendor or the reporter', async () => {
    const res = await vendor.request('GET', `/api/v1/vendor-access/cases/${caseId}`);
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    expect(view).toMatchObject({
      id: caseId,
      title: 'Telnet root shell in the gateway',
      vendor: { orgName: EXTERNAL, contactName: 'Pat Schmidt', contactEmail: CONTACT },
      statements: [],
      embargoUntil: null,
    });
    expect(view.vulnerabilities[0]).toMatchObject({ description: VULN_TEXT, cwe: 'CWE-306', cvss31: { score: 9.8, severity: 'critical' } });
    const text = JSON.stringify(view);
    for (const secret of ['Acme', 'ACME-SECRET', reportId, 'Dr. R. Searcher', 'Found via security.txt']) expect(text).not.toContain(secret);
  });

  it('states its status per vulnerability with the members’ validation; the coordinator sees it and who has not answered', async () => {
    const url = `/api/v1/vendor-access/cases/${caseId}/statements/${vulns[0]!.id}`;
    const statement = {
      status: 'affected',
      product: 'SP-200 infusion pump',
      statement: 'Telnet is enabled in firmware 2.x.',
      affectedVersions: '2.0 to 2.4',
      fixedVersions: '2.5',
    };
    expect((await vendor.request('PUT', url, statement, { 'x-csrf-token': 'forged' })).statusCode).toBe(403);
    expect((await vendor.request('PUT', url, { ...statement, status: 'maybe' })).statusCode).toBe(400);
    expect((await vendor.request('PUT', url, { ...statement, statement: 'x'.repeat(5001) })).statusCode).toBe(400);
    const foreign = `/api/v1/vendor-access/cases/${caseId}/statements/00000000-0000-4000-8000-000000000000`;
    expect((await vendor.request('PUT', foreign, statement)).statusCode).toBe(404);
    const res = await vendor.request('PUT', url, statement);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().statements).toEqual([
      expect.objectContaining({ vulnerabilityId: vulns[0]!.id, status: 'affected', fixedVersions: '2.5', updatedBy: 'Pat Schmidt' }),
    ]);
    const row = await externalRow();
    expect(row.unanswered).toBe(1);
    expect(row.statements[0]).toMatchObject({ product: 'SP-200 infusion pump', updatedBy: 'Pat Schmidt' });
    expect((await coordinator.request('GET', '/api/v1/cases')).json().items[0].unansweredStatements).toBe(2);
    expect((await staffView()).events[0]).toMatchObject({
      kind: 'statement_made',
      actorName: 'Pat Schmidt (by email link)',
      detail: { status: 'affected', orgName: EXTERNAL },
    });
    const audit = await t.db.query<{ actor_label: string }>(
      "SELECT actor_label FROM audit_events WHERE action = 'case.statement_made' ORDER BY seq DESC LIMIT 1",
    );
    expect(audit[0]!.actor_label).toBe(`${CONTACT} (external vendor)`);
    expect(JSON.stringify((await memberVendor.request('GET', `/api/v1/cases/${caseId}`)).json())).not.toContain('firmware 2.x');
  });

  it('talks with the coordinators in its own thread only', async () => {
    const post = await vendor.request('POST', `/api/v1/vendor-access/cases/${caseId}/thread`, { body: 'Which build did you test?' });
    expect(post.statusCode, post.body).toBe(201);
    expect(
      (await vendor.request('POST', `/api/v1/vendor-access/cases/${caseId}/thread`, { body: 'x' }, { 'x-csrf-token': '' })).statusCode,
    ).toBe(403);
    const threads = (await coordinator.request('GET', `/api/v1/cases/${caseId}/threads`)).json().threads;
    expect(threads.map((x: Json) => [x.orgName, x.unread])).toEqual([
      ['Acme Infusion', 0],
      [EXTERNAL, 1],
    ]);
    const staffThread = (await coordinator.request('GET', `/api/v1/cases/${caseId}/threads/${externalOrgId}`)).json();
    expect(staffThread.posts[0]).toMatchObject({ authorName: 'Pat Schmidt (by email link)', authorOrg: EXTERNAL, fromCoordinator: false });
    const before = smtp.messages.length;
    await coordinator.request('POST', `/api/v1/cases/${caseId}/threads/${externalOrgId}/posts`, { body: 'Firmware 2.4.1.' });
    // The contact has no account: an email says a message is waiting, with the case's address, never the message.
    const told = await smtp.waitFor((m) => m.to === CONTACT && m.subject.startsWith('New message on case'));
    expect(told.text).toContain(`/vendor/cases/${caseId}`);
    expect(told.text).toContain('Medical Device ISAO');
    expect(told.text).not.toContain('Firmware 2.4.1');
    expect(told.text).not.toMatch(/vendor\/access#/);
    // A post in a member vendor's thread emails no external contact.
    await coordinator.request('POST', `/api/v1/cases/${caseId}/threads/${acmeId}/posts`, { body: 'For Acme only.' });
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.messages.slice(before).filter((m) => m.to === CONTACT)).toHaveLength(1);
    const mine = (await vendor.request('GET', `/api/v1/vendor-access/cases/${caseId}/thread`)).json();
    expect(mine.posts.map((p: Json) => [p.body, p.fromCoordinator])).toEqual([
      ['Which build did you test?', false],
      ['Firmware 2.4.1.', true],
    ]);
    expect(JSON.stringify(mine)).not.toContain('Acme');
  });

  it('its statements flow into the CSAF advisory like a member’s', async () => {
    const draft = (await coordinator.request('GET', `/api/v1/cases/${caseId}/advisory`)).json();
    expect(draft.validation.errors).toEqual([]);
    const tree = draft.preview.product_tree.branches.map((b: Json) => [b.name, b.branches.map((p: Json) => p.name)]);
    // A vulnerability the vendor has not answered yet names no product: "affected products", under investigation.
    expect(tree).toEqual([
      ['Acme Infusion', expect.arrayContaining(['Acme gateway'])],
      [EXTERNAL, expect.arrayContaining(['SP-200 infusion pump'])],
    ]);
    const first = draft.preview.vulnerabilities[0];
    expect(first.product_status.known_affected).toHaveLength(2);
    expect(JSON.stringify(first.remediations)).toContain('2.5');
  });

  it('is reminded of the embargo like the members, with its own page', async () => {
    const at = new Date(t.clock.now().getTime() + 72 * 3_600_000);
    await coordinator.request('PATCH', `/api/v1/cases/${caseId}`, { embargoUntil: at.toISOString() });
    expect((await vendor.request('GET', `/api/v1/vendor-access/cases/${caseId}`)).json().embargoUntil).toBe(at.toISOString());
    t.clock.advance(25 * 3_600_000);
    expect(await sendEmbargoReminders(t.ctx)).toBe(1);
    const mail = await smtp.waitFor((m) => m.to === CONTACT && m.subject.startsWith('Embargo of'));
    expect(mail.text).toContain(`/vendor/cases/${caseId}`);
    expect(mail.text).toContain('(UTC) for you');
    t.clock.advance(-25 * 3_600_000);
  });

  it('a new link replaces the previous one and ends the session it opened', async () => {
    const res = await coordinator.request('POST', `/api/v1/cases/${caseId}/external-vendors/${externalOrgId}/link`, {
      contactEmail: 'security@smallpumps.example',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().vendors.find((v: Json) => v.orgId === externalOrgId).external).toMatchObject({
      contactEmail: 'security@smallpumps.example',
      link: { state: 'sent', openedAt: null, accessUntil: null },
    });
    expect((await vendor.request('GET', `/api/v1/vendor-access/cases/${caseId}`)).statusCode).toBe(401);
    const old = await exchangeLink(t, await linkTokenFor(smtp, CONTACT));
    expect(old.statusCode).toBe(410);
    const fresh = await openLink(t, await linkTokenFor(smtp, 'security@smallpumps.example'));
    expect((await fresh.request('GET', `/api/v1/vendor-access/cases/${caseId}`)).json().statements).toHaveLength(1);
    expect((await staffView()).events.map((e: Json) => e.kind).slice(0, 2)).toEqual(['vendor_link_opened', 'vendor_link_sent']);
    // Signing out ends it too; the next link works again.
    expect((await fresh.request('POST', `/api/v1/vendor-access/cases/${caseId}/sign-out`)).statusCode).toBe(200);
    expect((await fresh.request('GET', `/api/v1/vendor-access/cases/${caseId}`)).statusCode).toBe(401);
    await coordinator.request('POST', `/api/v1/cases/${caseId}/external-vendors/${externalOrgId}/link`, {});
    vendor = await openLink(t, await linkTokenFor(smtp, 'security@smallpumps.example', 2));
  });

  it('a closed case can still be read but no longer answered, and gets no new links', async () => {
    await coordinator.request('POST', `/api/v1/cases/${caseId}/transition`, { state: 'closed' });
    expect((await vendor.request('GET', `/api/v1/vendor-access/cases/${caseId}`)).json().state).toBe('closed');
    const late = await vendor.request('PUT', `/api/v1/vendor-access/cases/${caseId}/statements/${vulns[1]!.id}`, {
      status: 'not_affected',
    });
    expect(late.statusCode).toBe(409);
    expect((await coordinator.request('POST', `/api/v1/cases/${caseId}/external-vendors/${externalOrgId}/link`, {})).statusCode).toBe(409);
    expect(
      (
        await coordinator.request('POST', `/api/v1/cases/${caseId}/external-vendors`, {
          orgName: 'Late GmbH',
          contactEmail: 'a@late.example',
        })
      ).statusCode,
    ).toBe(409);
  });
});
