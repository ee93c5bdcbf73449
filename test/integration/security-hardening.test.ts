import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, makeGroup, makeOrg, makePerson } from '../support/factories.ts';
import { type TestApp, createTestApp, signInClient } from '../support/test-app.ts';

// Regression tests for the findings of the security review of the foundation.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('security hardening', () => {
  it('counts parallel sign-in guesses before checking them: at most five get through', async () => {
    const org = await makeOrg(t.db, 'hdo');
    const p = await makePerson(t.db, org.id, ['member']);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: p.email, password: `wrong password ${i}` },
          remoteAddress: `10.20.0.${i}`,
        }),
      ),
    );
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(15);
    expect(await t.db.query("SELECT 1 FROM audit_events WHERE action = 'auth.locked'")).not.toHaveLength(0);
  });

  it('keeps ISAO staff roles with the platform admins', async () => {
    const operator = await makeOrg(t.db, 'operator');
    const admin = await makePerson(t.db, operator.id, ['platform_admin']);
    const orgAdmin = await makePerson(t.db, operator.id, ['org_admin']);
    const c = await signInClient(t.app, orgAdmin.email, TEST_PASSWORD);
    expect((await c.request('PATCH', `/api/v1/people/${orgAdmin.id}`, { roles: ['org_admin', 'coordinator'] })).statusCode).toBe(403);
    expect((await c.request('PATCH', `/api/v1/people/${admin.id}`, { roles: ['org_admin'] })).statusCode).toBe(403);
    expect((await c.request('PATCH', `/api/v1/people/${admin.id}`, { status: 'disabled' })).statusCode).toBe(403);
    expect(
      (await c.request('POST', `/api/v1/organisations/${operator.id}/invitations`, { email: 'x@isao.example', roles: ['coordinator'] }))
        .statusCode,
    ).toBe(403);
    const a = await signInClient(t.app, admin.email, TEST_PASSWORD);
    const last = await a.request('PATCH', `/api/v1/people/${admin.id}`, { roles: ['org_admin'] });
    expect(last.statusCode).toBe(409);
    expect(last.json().error.message).toContain('at least one active platform admin');
  });

  it('refuses account-security routes to API tokens', async () => {
    const org = await makeOrg(t.db, 'manufacturer');
    const p = await makePerson(t.db, org.id, ['org_admin']);
    const c = await signInClient(t.app, p.email, TEST_PASSWORD);
    const { token } = (
      await c.request('POST', '/api/v1/me/tokens', { name: 'all', scopes: ['read', 'write', 'admin'], expiresInDays: 5 })
    ).json();
    const bearer = { authorization: `Bearer ${token}` };
    for (const [method, url] of [
      ['POST', '/api/v1/me/mfa/totp/setup'],
      ['GET', '/api/v1/me/sessions'],
      ['POST', '/api/v1/me/tokens'],
      ['POST', '/api/v1/me/password'],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: bearer, payload: method === 'POST' ? {} : undefined });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode).toBe(200);
  });

  it('never shows the author of an anonymous notice in the audit log to another organisation', async () => {
    const hospital = await makeOrg(t.db, 'hdo');
    const author = await makePerson(t.db, hospital.id, ['analyst']);
    const operator = await makeOrg(t.db, 'operator');
    const admin = await makePerson(t.db, operator.id, ['platform_admin']);
    const w = await signInClient(t.app, author.email, TEST_PASSWORD);
    const notice = await w.request('POST', '/api/v1/notices', {
      title: 'anon',
      body: 'x',
      tlp: 'GREEN',
      audience: 'members',
      anonymous: true,
    });
    expect(notice.statusCode).toBe(201);
    const a = await signInClient(t.app, admin.email, TEST_PASSWORD);
    const log = await a.request('GET', '/api/v1/audit?action=notice.created');
    const record = (log.json().items as { targetId: string; actorLabel: string; actorOrgId: string | null }[]).find(
      (r) => r.targetId === notice.json().id,
    )!;
    expect(record.actorLabel).toBe('anonymous contributor');
    expect(record.actorOrgId).toBeNull();
    expect(log.body).not.toContain(author.email);
    const byActor = await a.request('GET', `/api/v1/audit?action=notice.created&actor=${encodeURIComponent(author.email)}`);
    expect(byActor.json().items).toHaveLength(0);
    const byOrg = await a.request('GET', `/api/v1/audit?action=notice.created&orgId=${hospital.id}`);
    expect(byOrg.json().items).toHaveLength(0);
    const own = await signInClient(t.app, (await makePerson(t.db, hospital.id, ['org_admin'])).email, TEST_PASSWORD);
    expect((await own.request('GET', '/api/v1/audit?action=notice.created')).body).toContain(author.email);
  });

  it('does not name the owner of a confidential group to its members', async () => {
    const owner = await makeOrg(t.db, 'operator');
    const ownerAdmin = await makePerson(t.db, owner.id, ['platform_admin']);
    const member = await makeOrg(t.db, 'manufacturer');
    const group = await makeGroup(t.db, owner.id, ownerAdmin.id, [member.id], true);
    const m = await signInClient(t.app, (await makePerson(t.db, member.id, ['analyst'])).email, TEST_PASSWORD);
    const seen = await m.request('GET', `/api/v1/sharing-groups/${group.id}`);
    expect(seen.json().ownerOrgId).toBeNull();
    expect(seen.body).not.toContain(owner.id);
  });

  it('refuses cross-site writes, non-JSON bodies and timestamps past year 9999', async () => {
    const org = await makeOrg(t.db, 'manufacturer');
    const p = await makePerson(t.db, org.id, ['analyst']);
    const c = await signInClient(t.app, p.email, TEST_PASSWORD);
    const crossSite = await c.request('PATCH', '/api/v1/me', { name: 'X' }, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.json().error.code).toBe('csrf_failed');
    const form = await t.app.inject({
      method: 'POST',
      url: '/api/v1/applications/confirm/abcdefghijklmnopqrstuvwxyz',
      payload: 'x=1',
      headers: { 'content-type': 'text/plain' },
    });
    expect(form.statusCode).toBe(415);
    const far = await c.request('POST', '/api/v1/notices', {
      title: 't',
      body: 'b',
      tlp: 'GREEN',
      audience: 'members',
      embargoUntil: '9999-12-31T23:59:59.999-14:00',
    });
    expect(far.statusCode).toBe(400);
    expect((await c.request('GET', '/api/v1/audit?to=9999-12-31T23:59:59.999-14:00')).statusCode).toBe(400);
  });
});
