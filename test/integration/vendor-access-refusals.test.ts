import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '../../src/server/routes.ts';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';
import { type TestSmtp, startTestSmtp } from '../support/smtp.ts';
import { type Client, type TestApp, createTestApp, signInClient } from '../support/test-app.ts';
import { type VendorClient, addExternalVendor, exchangeLink, linkTokenFor, openLink } from '../support/vendor-link-world.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// A guessed, expired, reused, replaced or other-case link, and the scoped session anywhere else: refused, nothing leaked.

let t: TestApp;
let smtp: TestSmtp;
let coordinator: Client;
let coordinatorEmail: string;
let caseA: { id: string; vulnerabilityId: string };
let caseB: { id: string; vulnerabilityId: string };
let vendorA: VendorClient;

async function newCase(title: string) {
  const c = (await coordinator.request('POST', '/api/v1/cases', { title })).json();
  const withVuln = await coordinator.request('POST', `/api/v1/cases/${c.id}/vulnerabilities`, { title: `${title}: the flaw` });
  return { id: c.id as string, vulnerabilityId: withVuln.json().vulnerabilities[0].id as string };
}

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp({ env: { SMTP_URL: smtp.url } });
  const operator = await makeOrg(t.db, 'operator', { name: 'Medical Device ISAO' });
  coordinatorEmail = (await makePerson(t.db, operator.id, ['coordinator'])).email;
  coordinator = await signInClient(t.app, coordinatorEmail, TEST_PASSWORD);
  caseA = await newCase('CASE-A secret title');
  caseB = await newCase('CASE-B secret title');
  await addExternalVendor(coordinator, caseA.id, 'Vendor A Ltd', 'a@vendor-a.example');
  await addExternalVendor(coordinator, caseB.id, 'Vendor B Ltd', 'b@vendor-b.example');
  vendorA = await openLink(t, await linkTokenFor(smtp, 'a@vendor-a.example'));
}, 60_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('one-time vendor links and scoped sessions refuse what they must', () => {
  it('a guessed or malformed link: 404 or 400, saying nothing about any case', async () => {
    const guessed = await exchangeLink(t, randomBytes(32).toString('base64url'));
    expect(guessed.statusCode).toBe(404);
    expect(guessed.json()).toEqual({ error: { code: 'not_found', message: expect.stringContaining('not valid') } });
    expect(guessed.headers['set-cookie']).toBeUndefined();
    for (const bad of ['short', 'has spaces in it and more than twenty', `${'a'.repeat(101)}`])
      expect((await exchangeLink(t, bad)).statusCode).toBe(400);
  });

  it('the session of one case reads nothing of another, and other vendors’ links give no access to it', async () => {
    for (const id of [caseB.id, randomUUID()]) {
      const res = await vendorA.request('GET', `/api/v1/vendor-access/cases/${id}`);
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('CASE-B');
      expect((await vendorA.request('GET', `/api/v1/vendor-access/cases/${id}/thread`)).statusCode).toBe(404);
      expect((await vendorA.request('POST', `/api/v1/vendor-access/cases/${id}/thread`, { body: 'hello' })).statusCode).toBe(404);
    }
    const cross = await vendorA.request('PUT', `/api/v1/vendor-access/cases/${caseB.id}/statements/${caseB.vulnerabilityId}`, {
      status: 'affected',
    });
    expect(cross.statusCode).toBe(404);
    // Case B's vulnerability through case A's session: no such vulnerability in case A.
    const mixed = await vendorA.request('PUT', `/api/v1/vendor-access/cases/${caseA.id}/statements/${caseB.vulnerabilityId}`, {
      status: 'affected',
    });
    expect(mixed.statusCode).toBe(404);
    expect((await t.db.query('SELECT 1 FROM vendor_statements WHERE case_id = $1', [caseB.id])).length).toBe(0);
    // Without a cookie, or with a forged one: 401.
    expect((await t.app.inject({ url: `/api/v1/vendor-access/cases/${caseA.id}` })).statusCode).toBe(401);
    const forged = await t.app.inject({
      url: `/api/v1/vendor-access/cases/${caseA.id}`,
      cookies: { isao_vendor: randomBytes(32).toString('base64url') },
    });
    expect(forged.statusCode).toBe(401);
    // A member's session is no vendor session.
    const staff = await coordinator.request('GET', `/api/v1/vendor-access/cases/${caseA.id}`);
    expect(staff.statusCode).toBe(401);
  });

  it('the scoped session is refused by every other route, whichever way it is sent', async () => {
    const problems: string[] = [];
    const id = caseA.id;
    const fill = (url: string) =>
      url.replace(/:(\w+)/g, (_, k: string) => (k === 'id' ? id : k === 'token' ? 'x'.repeat(40) : randomUUID()));
    for (const r of routeTable.filter((x) => x.auth === 'member' || x.auth === 'signed-in')) {
      for (const name of ['isao_vendor', 'isao_session']) {
        const res = await t.app.inject({
          method: r.method,
          url: fill(r.url),
          cookies: { [name]: vendorA.cookie },
          headers: { 'x-csrf-token': vendorA.csrf, ...(r.rawBody ? { 'content-type': 'application/octet-stream' } : {}) },
          ...(r.method === 'GET' ? {} : { payload: r.rawBody ? Buffer.from('x') : {} }),
        });
        if (res.statusCode !== 401) problems.push(`${r.method} ${r.url} with ${name}: ${res.statusCode}`);
      }
    }
    const bearer = await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${vendorA.cookie}` } });
    expect(bearer.statusCode).toBe(401);
    expect(problems).toEqual([]);
    // Public routes answer it as they answer anyone.
    const advisories = await t.app.inject({ url: '/api/v1/advisories', cookies: { isao_vendor: vendorA.cookie } });
    expect(advisories.statusCode).toBe(200);
  });

  it('an expired link is gone; the coordinator sees it expired and sends a new one; a replaced link is gone too', async () => {
    const c = await newCase('Expiring case');
    const orgId = await addExternalVendor(coordinator, c.id, 'Slow Vendor', 'slow@vendor.example');
    const first = await linkTokenFor(smtp, 'slow@vendor.example');
    t.clock.advance(14 * 86_400_000 + 1000);
    // Two weeks later the coordinator signs in again.
    const later = await signInClient(t.app, coordinatorEmail, TEST_PASSWORD);
    const expired = await exchangeLink(t, first);
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error).toEqual({ code: 'gone', message: 'This link has expired. Ask the ISAO for a new link.' });
    const staff = (await later.request('GET', `/api/v1/cases/${c.id}`)).json();
    expect(staff.vendors[0].external.link.state).toBe('expired');
    const again = await later.request('POST', `/api/v1/cases/${c.id}/external-vendors/${orgId}/link`, {});
    expect(again.json().vendors[0].external.link.state).toBe('sent');
    const second = await linkTokenFor(smtp, 'slow@vendor.example', 2);
    expect(second).not.toBe(first);
    await later.request('POST', `/api/v1/cases/${c.id}/external-vendors/${orgId}/link`, {});
    const replaced = await exchangeLink(t, second);
    expect(replaced.statusCode).toBe(410);
    expect(replaced.json().error.message).toContain('newer link');
    const opened = await openLink(t, await linkTokenFor(smtp, 'slow@vendor.example', 3));
    expect(opened.caseId).toBe(c.id);
    const refusals = await t.db.query<{ detail: Json }>(
      "SELECT detail FROM audit_events WHERE action = 'case.vendor_link_refused' AND target_id = $1 ORDER BY seq",
      [c.id],
    );
    expect(refusals.map((r) => r.detail.reason)).toEqual(['expired', 'replaced']);
    // The session ends after 7 days; only a new link opens the case again.
    t.clock.advance(7 * 86_400_000);
    expect((await opened.request('GET', `/api/v1/vendor-access/cases/${c.id}`)).statusCode).toBe(401);
    t.clock.advance(-(21 * 86_400_000 + 1000));
  });

  it('an address that tries too many links is stopped, even with a valid one', async () => {
    const ip = '203.0.113.9';
    for (let i = 0; i < 20; i++) expect((await exchangeLink(t, randomBytes(32).toString('base64url'), ip)).statusCode).toBe(404);
    const locked = await exchangeLink(t, randomBytes(32).toString('base64url'), ip);
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
    const valid = await linkTokenFor(smtp, 'b@vendor-b.example');
    expect((await exchangeLink(t, valid, ip)).statusCode).toBe(429);
    // Another address is not affected, and the link was not spent by the refusal.
    expect((await exchangeLink(t, valid, '198.51.100.7')).statusCode).toBe(200);
  });

  it('documents the routes in OpenAPI with the scoped session as their security', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.components.securitySchemes.vendorSession).toEqual({ type: 'apiKey', in: 'cookie', name: 'isao_vendor' });
    expect(doc.paths['/api/v1/vendor-access/cases/{id}'].get.security).toEqual([{ vendorSession: [] }]);
    expect(doc.paths['/api/v1/cases/{id}/external-vendors'].post.requestBody).toBeDefined();
  });
});
