import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode, totpStep } from '../../src/server/security/totp.ts';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';
import { type TestApp, createTestApp, signInClient } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const login = (email: string, password: string, extra: object = {}, ip = '10.9.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password, ...extra }, remoteAddress: ip });

describe('sign-in', () => {
  it('signs in, sets an HttpOnly SameSite=Strict cookie, and answers /me', async () => {
    const org = await makeOrg(t.db, 'manufacturer');
    const p = await makePerson(t.db, org.id, ['analyst']);
    const res = await login(p.email, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'isao_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { isao_session: cookie.value } });
    expect(me.statusCode).toBe(200);
    expect(me.json().person.email).toBe(p.email);
    expect(me.json().organisation.kind).toBe('manufacturer');
  });

  it('gives the same answer for an unknown account and a wrong password', async () => {
    const org = await makeOrg(t.db, 'hdo');
    const p = await makePerson(t.db, org.id, ['member']);
    const wrong = await login(p.email, 'not the right password', {}, '10.9.0.2');
    const unknown = await login('nobody-here@test.example', 'not the right password', {}, '10.9.0.2');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    const audit = await t.db.query<{ action: string }>("SELECT action FROM audit_events WHERE action = 'auth.sign_in_failed'");
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });

  it('throttles an account after five failures with 429 and Retry-After', async () => {
    const org = await makeOrg(t.db, 'hdo');
    const p = await makePerson(t.db, org.id, ['member']);
    for (let i = 0; i < 5; i++) expect((await login(p.email, 'wrong password here', {}, `10.9.1.${i}`)).statusCode).toBe(401);
    const locked = await login(p.email, TEST_PASSWORD, {}, '10.9.1.99');
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.json().error.code).toBe('too_many_requests');
    t.clock.advance(16 * 60_000);
    expect((await login(p.email, TEST_PASSWORD, {}, '10.9.1.99')).statusCode).toBe(200);
  });

  it('rotates the session token at every sign-in', async () => {
    const org = await makeOrg(t.db, 'researcher');
    const p = await makePerson(t.db, org.id, ['org_admin']);
    const a = (await login(p.email, TEST_PASSWORD, {}, '10.9.2.1')).cookies[0]!.value;
    const b = (await login(p.email, TEST_PASSWORD, {}, '10.9.2.1')).cookies[0]!.value;
    expect(a).not.toBe(b);
  });

  it('expires sessions after the idle timeout and the absolute lifetime', async () => {
    const org = await makeOrg(t.db, 'researcher');
    const p = await makePerson(t.db, org.id, ['member']);
    const c = await signInClient(t.app, p.email, TEST_PASSWORD);
    t.clock.advance((t.ctx.config.sessionIdleMinutes - 1) * 60_000);
    expect((await c.request('GET', '/api/v1/me')).statusCode).toBe(200);
    t.clock.advance((t.ctx.config.sessionIdleMinutes + 1) * 60_000);
    expect((await c.request('GET', '/api/v1/me')).statusCode).toBe(401);
    const d = await signInClient(t.app, p.email, TEST_PASSWORD);
    for (let i = 0; i < Math.ceil(t.ctx.config.sessionAbsoluteMinutes / 30) + 1; i++) {
      t.clock.advance(30 * 60_000);
      await d.request('GET', '/api/v1/me');
    }
    expect((await d.request('GET', '/api/v1/me')).statusCode).toBe(401);
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const org = await makeOrg(t.db, 'manufacturer');
    const p = await makePerson(t.db, org.id, ['analyst']);
    const c = await signInClient(t.app, p.email, TEST_PASSWORD);
    const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', cookies: { isao_session: c.cookie }, payload: { name: 'X' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
    expect((await c.request('PATCH', '/api/v1/me', { name: 'New Name' })).statusCode).toBe(200);
  });
});

describe('TOTP', () => {
  it('enrols with a QR code, then requires the code, refuses a replayed code, accepts a recovery code once', async () => {
    const org = await makeOrg(t.db, 'manufacturer');
    const p = await makePerson(t.db, org.id, ['analyst']);
    const c = await signInClient(t.app, p.email, TEST_PASSWORD);
    const setup = await c.request('POST', '/api/v1/me/mfa/totp/setup');
    expect(setup.statusCode).toBe(200);
    const { secret, qrCode, otpauthUrl } = setup.json();
    expect(qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(otpauthUrl).toContain(`secret=${secret}`);
    expect((await c.request('POST', '/api/v1/me/mfa/totp/enable', { code: '000000' })).statusCode).toBe(400);
    const enable = await c.request('POST', '/api/v1/me/mfa/totp/enable', { code: totpCode(secret, totpStep(t.clock.now())) });
    expect(enable.statusCode).toBe(200);
    const codes: string[] = enable.json().recoveryCodes;
    expect(codes).toHaveLength(10);

    const noCode = await login(p.email, TEST_PASSWORD, {}, '10.9.3.1');
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error.code).toBe('mfa_required');
    // The enrolment code's step is used: the next step's code signs in, and then cannot be replayed.
    t.clock.advance(30_000);
    const code = totpCode(secret, totpStep(t.clock.now()));
    expect((await login(p.email, TEST_PASSWORD, { totp: code }, '10.9.3.1')).statusCode).toBe(200);
    const replay = await login(p.email, TEST_PASSWORD, { totp: code }, '10.9.3.1');
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error.code).toBe('invalid_totp');
    expect((await login(p.email, TEST_PASSWORD, { recoveryCode: codes[0]!.toUpperCase() }, '10.9.3.1')).statusCode).toBe(200);
    expect((await login(p.email, TEST_PASSWORD, { recoveryCode: codes[0]! }, '10.9.3.1')).statusCode).toBe(400);
    const actions = (await t.db.query<{ action: string }>('SELECT action FROM audit_events WHERE actor_person_id = $1', [p.id])).map(
      (r) => r.action,
    );
    expect(actions).toContain('mfa.totp_enabled');
  });

  it('an organisation that requires MFA confines un-enrolled people to enrolment', async () => {
    const org = await makeOrg(t.db, 'hdo');
    const admin = await makePerson(t.db, org.id, ['org_admin']);
    const p = await makePerson(t.db, org.id, ['member']);
    const a = await signInClient(t.app, admin.email, TEST_PASSWORD);
    expect((await a.request('PATCH', `/api/v1/organisations/${org.id}`, { requireMfa: true })).statusCode).toBe(200);
    const c = await signInClient(t.app, p.email, TEST_PASSWORD);
    const me = await c.request('GET', '/api/v1/me');
    expect(me.json().mfaEnrolmentRequired).toBe(true);
    const blocked = await c.request('GET', '/api/v1/organisations');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('mfa_enrolment_required');
    expect((await c.request('POST', '/api/v1/me/mfa/totp/setup')).statusCode).toBe(200);
  });
});

describe('sessions and API tokens', () => {
  it('lists and revokes my sessions', async () => {
    const org = await makeOrg(t.db, 'manufacturer');
    const p = await makePerson(t.db, org.id, ['analyst']);
    const first = await signInClient(t.app, p.email, TEST_PASSWORD);
    const second = await signInClient(t.app, p.email, TEST_PASSWORD);
    const list = (await second.request('GET', '/api/v1/me/sessions')).json().items as { id: string; current: boolean }[];
    expect(list).toHaveLength(2);
    const other = list.find((s) => !s.current)!;
    expect((await second.request('DELETE', `/api/v1/me/sessions/${other.id}`)).statusCode).toBe(200);
    expect((await first.request('GET', '/api/v1/me')).statusCode).toBe(401);
    expect((await second.request('GET', '/api/v1/me')).statusCode).toBe(200);
  });

  it('creates a token shown once, stored hashed, limited by scope, revocable, audited on use', async () => {
    const org = await makeOrg(t.db, 'manufacturer');
    const p = await makePerson(t.db, org.id, ['analyst']);
    const c = await signInClient(t.app, p.email, TEST_PASSWORD);
    const created = await c.request('POST', '/api/v1/me/tokens', { name: 'ci', scopes: ['read'], expiresInDays: 30 });
    expect(created.statusCode).toBe(201);
    const { token, item } = created.json();
    expect(token).toMatch(/^isao_/);
    const stored = await t.db.query<{ token_hash: string }>('SELECT token_hash FROM api_tokens WHERE id = $1', [item.id]);
    expect(stored[0]!.token_hash).not.toContain(token);
    expect(JSON.stringify((await c.request('GET', '/api/v1/me/tokens')).json())).not.toContain(token);
    const bearer = { authorization: `Bearer ${token}` };
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer });
    expect(me.statusCode).toBe(200);
    expect(me.json().via).toBe('token');
    const write = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: bearer, payload: { name: 'Z' } });
    expect(write.statusCode).toBe(403);
    const used = await t.db.query("SELECT 1 FROM audit_events WHERE action = 'token.used' AND target_id = $1", [item.id]);
    expect(used.length).toBe(1);
    expect((await c.request('DELETE', `/api/v1/me/tokens/${item.id}`)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode).toBe(401);
  });

  it('refuses an expired token', async () => {
    const org = await makeOrg(t.db, 'manufacturer');
    const p = await makePerson(t.db, org.id, ['analyst']);
    const c = await signInClient(t.app, p.email, TEST_PASSWORD);
    const { token } = (await c.request('POST', '/api/v1/me/tokens', { name: 'short', scopes: ['read'], expiresInDays: 1 })).json();
    t.clock.advance(2 * 86_400_000);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
  });
});
