import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';
import { type TestSmtp, startTestSmtp } from '../support/smtp.ts';
import { type TestApp, createTestApp, signInClient } from '../support/test-app.ts';

let t: TestApp;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://isao.test' } });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe('invitations', () => {
  it('an org admin invites by email through SMTP; the invitee accepts and is signed in with the role', async () => {
    const org = await makeOrg(t.db, 'hdo');
    const admin = await makePerson(t.db, org.id, ['org_admin']);
    const a = await signInClient(t.app, admin.email, TEST_PASSWORD);
    const res = await a.request('POST', `/api/v1/organisations/${org.id}/invitations`, {
      email: 'New.Analyst@Hospital.example',
      roles: ['analyst'],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().emailed).toBe(true);
    const mail = await smtp.waitFor((m) => m.to === 'new.analyst@hospital.example');
    expect(mail.subject).toContain(org.name);
    const link = /https:\/\/isao\.test\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text);
    expect(link).not.toBeNull();
    const token = link![1]!;
    const preview = await t.app.inject({ method: 'GET', url: `/api/v1/invitations/by-token/${token}` });
    expect(preview.json()).toMatchObject({ orgName: org.name, email: 'new.analyst@hospital.example' });
    const weak = await t.app.inject({
      method: 'POST',
      url: `/api/v1/invitations/by-token/${token}/accept`,
      payload: { name: 'Nia', password: 'password1234' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('weak_password');
    const accepted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/invitations/by-token/${token}/accept`,
      payload: { name: 'Nia Analyst', password: 'a long and unusual passphrase' },
    });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json().person.roles).toEqual(['analyst']);
    expect(accepted.cookies.some((c) => c.name === 'isao_session')).toBe(true);
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/invitations/by-token/${token}/accept`,
      payload: { name: 'X', password: 'a long and unusual passphrase' },
    });
    expect(again.statusCode).toBe(410);
  });

  it('only an admin of that organisation may invite', async () => {
    const org = await makeOrg(t.db, 'hdo');
    const other = await makeOrg(t.db, 'manufacturer');
    const member = await makePerson(t.db, org.id, ['analyst']);
    const otherAdmin = await makePerson(t.db, other.id, ['org_admin']);
    const m = await signInClient(t.app, member.email, TEST_PASSWORD);
    const o = await signInClient(t.app, otherAdmin.email, TEST_PASSWORD);
    for (const c of [m, o]) {
      const res = await c.request('POST', `/api/v1/organisations/${org.id}/invitations`, {
        email: 'x@hospital.example',
        roles: ['member'],
      });
      expect(res.statusCode).toBe(403);
    }
    const denied = await t.db.query("SELECT 1 FROM audit_events WHERE action = 'permission.denied'");
    expect(denied.length).toBeGreaterThanOrEqual(2);
  });
});

describe('membership applications', () => {
  it('an organisation applies, confirms its email and accepts the agreement (version and time recorded); staff approve', async () => {
    const agreement = (await t.app.inject({ method: 'GET', url: '/api/v1/agreement' })).json();
    const apply = await t.app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      payload: {
        organisation: { name: 'Contoso Pumps', kind: 'manufacturer', country: 'US' },
        applicant: { name: 'Pat Lee', email: 'pat@contoso.example', password: 'infusion pumps deserve care' },
        message: 'We make infusion pumps.',
        acceptAgreementVersion: agreement.version,
      },
    });
    expect(apply.statusCode).toBe(202);
    expect(apply.json().status).toBe('confirmation_sent');
    const mail = await smtp.waitFor((m) => m.to === 'pat@contoso.example');
    const token = /https:\/\/isao\.test\/apply\/confirm\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    const confirmed = await t.app.inject({ method: 'POST', url: `/api/v1/applications/confirm/${token}` });
    expect(confirmed.statusCode).toBe(201);
    expect(confirmed.json().organisation.status).toBe('pending');
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/applications/confirm/${token}` })).statusCode).toBe(410);
    const pendingCookie = confirmed.cookies.find((c) => c.name === 'isao_session')!.value;
    const blocked = await t.app.inject({ method: 'GET', url: '/api/v1/organisations', cookies: { isao_session: pendingCookie } });
    expect(blocked.json().error.code).toBe('membership_pending');

    const operator = await makeOrg(t.db, 'operator');
    const coordinator = await makePerson(t.db, operator.id, ['coordinator']);
    const c = await signInClient(t.app, coordinator.email, TEST_PASSWORD);
    const queue = (await c.request('GET', '/api/v1/applications?status=pending')).json().items as {
      id: string;
      organisation: { name: string };
      agreementVersion: string;
      agreementAcceptedAt: string;
    }[];
    const app = queue.find((x) => x.organisation.name === 'Contoso Pumps')!;
    expect(app.agreementVersion).toBe(agreement.version);
    expect(new Date(app.agreementAcceptedAt).getTime()).toBeGreaterThan(0);
    const approved = await c.request('POST', `/api/v1/applications/${app.id}/approve`);
    expect(approved.statusCode).toBe(200);
    expect(approved.json().status).toBe('approved');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/organisations', cookies: { isao_session: pendingCookie } })).statusCode).toBe(
      200,
    );
    await smtp.waitFor((m) => m.to === 'pat@contoso.example' && m.subject.includes('now a member'));
    const evidence = await t.db.query<{ version: string }>(
      "SELECT a.version FROM agreement_acceptances a JOIN organisations o ON o.id = a.org_id WHERE o.name = 'Contoso Pumps'",
    );
    expect(evidence).toEqual([{ version: agreement.version }]);
    expect((await c.request('POST', `/api/v1/applications/${app.id}/approve`)).statusCode).toBe(409);
  });

  it('answers the same for an address that already has an account, and reveals no member names', async () => {
    const agreement = (await t.app.inject({ method: 'GET', url: '/api/v1/agreement' })).json();
    const member = await makeOrg(t.db, 'hdo', { name: 'Quiet Member Hospital' });
    const existing = await makePerson(t.db, member.id, ['member'], { email: 'known@quiet.example' });
    const body = (email: string) => ({
      organisation: { name: 'Quiet Member Hospital', kind: 'hdo' },
      applicant: { name: 'Someone', email, password: 'a long enough passphrase' },
      acceptAgreementVersion: agreement.version,
    });
    const known = await t.app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      payload: body(existing.email),
      remoteAddress: '10.7.0.1',
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      payload: body('fresh@quiet-two.example'),
      remoteAddress: '10.7.0.1',
    });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(known.json()).toEqual(unknown.json());
    const warning = await smtp.waitFor((m) => m.to === existing.email);
    expect(warning.text).toContain('already has an account');
    // The same name as a member is accepted at this stage; staff cannot approve it while the member exists.
    const mail = await smtp.waitFor((m) => m.to === 'fresh@quiet-two.example');
    const token = /\/apply\/confirm\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/applications/confirm/${token}` })).statusCode).toBe(201);
    const operator = await makeOrg(t.db, 'operator');
    const admin = await signInClient(t.app, (await makePerson(t.db, operator.id, ['platform_admin'])).email, TEST_PASSWORD);
    const pending = (
      (await admin.request('GET', '/api/v1/applications?status=pending')).json().items as { id: string; organisation: { name: string } }[]
    ).find((x) => x.organisation.name === 'Quiet Member Hospital')!;
    const clash = await admin.request('POST', `/api/v1/applications/${pending.id}/approve`);
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.message).toContain('already has this name');
  });

  it('limits applications per address', async () => {
    const agreement = (await t.app.inject({ method: 'GET', url: '/api/v1/agreement' })).json();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/applications',
        remoteAddress: '10.7.9.9',
        payload: {
          organisation: { name: `Flood ${i}`, kind: 'hdo' },
          applicant: { name: 'F', email: `f${i}@flood.example`, password: 'a long enough passphrase' },
          acceptAgreementVersion: agreement.version,
        },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('refuses a stale agreement version, and members who are not ISAO staff cannot decide', async () => {
    const stale = await t.app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      payload: {
        organisation: { name: 'Stale Co', kind: 'hdo' },
        applicant: { name: 'S', email: 's@stale.example', password: 'a long enough passphrase' },
        acceptAgreementVersion: '1999-01',
      },
    });
    expect(stale.statusCode).toBe(409);
    const org = await makeOrg(t.db, 'manufacturer');
    const admin = await makePerson(t.db, org.id, ['org_admin']);
    const a = await signInClient(t.app, admin.email, TEST_PASSWORD);
    expect((await a.request('GET', '/api/v1/applications')).statusCode).toBe(403);
  });

  it('a rejection records the reason and signs the applicant out', async () => {
    const agreement = (await t.app.inject({ method: 'GET', url: '/api/v1/agreement' })).json();
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      remoteAddress: '10.7.1.1',
      payload: {
        organisation: { name: 'Dubious Ltd', kind: 'researcher' },
        applicant: { name: 'D', email: 'd@dubious.example', password: 'a long enough passphrase' },
        acceptAgreementVersion: agreement.version,
      },
    });
    const token = /\/apply\/confirm\/([A-Za-z0-9_-]+)/.exec((await smtp.waitFor((m) => m.to === 'd@dubious.example')).text)![1]!;
    const cookie = (await t.app.inject({ method: 'POST', url: `/api/v1/applications/confirm/${token}` })).cookies.find(
      (x) => x.name === 'isao_session',
    )!.value;
    const operator = await makeOrg(t.db, 'operator');
    const admin = await makePerson(t.db, operator.id, ['platform_admin']);
    const c = await signInClient(t.app, admin.email, TEST_PASSWORD);
    const id = (
      (await c.request('GET', '/api/v1/applications?status=pending')).json().items as { id: string; organisation: { name: string } }[]
    ).find((x) => x.organisation.name === 'Dubious Ltd')!.id;
    expect((await c.request('POST', `/api/v1/applications/${id}/reject`, {})).statusCode).toBe(400);
    const rejected = await c.request('POST', `/api/v1/applications/${id}/reject`, { reason: 'Could not verify the organisation.' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', reason: 'Could not verify the organisation.' });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { isao_session: cookie } })).statusCode).toBe(401);
  });
});

describe('roles', () => {
  it('org admins assign roles and disable people; the last admin cannot demote themselves; operator roles stay with the operator', async () => {
    const org = await makeOrg(t.db, 'manufacturer');
    const admin = await makePerson(t.db, org.id, ['org_admin']);
    const p = await makePerson(t.db, org.id, ['member']);
    const a = await signInClient(t.app, admin.email, TEST_PASSWORD);
    const people = (await a.request('GET', `/api/v1/organisations/${org.id}/people`)).json().items;
    expect(people).toHaveLength(2);
    expect((await a.request('PATCH', `/api/v1/people/${p.id}`, { roles: ['analyst', 'read_only'] })).json().roles).toEqual([
      'analyst',
      'read_only',
    ]);
    expect((await a.request('PATCH', `/api/v1/people/${p.id}`, { roles: ['coordinator'] })).statusCode).toBe(400);
    expect((await a.request('PATCH', `/api/v1/people/${admin.id}`, { roles: ['member'] })).statusCode).toBe(409);
    const pc = await signInClient(t.app, p.email, TEST_PASSWORD);
    expect((await a.request('PATCH', `/api/v1/people/${p.id}`, { status: 'disabled' })).statusCode).toBe(200);
    expect((await pc.request('GET', '/api/v1/me')).statusCode).toBe(401);
    const audit = await t.db.query<{ detail: { after: { status: string } } }>(
      "SELECT detail FROM audit_events WHERE action = 'person.updated' AND target_id = $1 ORDER BY seq",
      [p.id],
    );
    expect(audit.at(-1)!.detail.after.status).toBe('disabled');
  });
});
