import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';
import { type TestApp, createTestApp, signInClient } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('sharing groups', () => {
  it('a confidential group shows members their own membership, never the other members', async () => {
    const owner = await makeOrg(t.db, 'manufacturer');
    const hospitalA = await makeOrg(t.db, 'hdo');
    const hospitalB = await makeOrg(t.db, 'hdo');
    const outsider = await makeOrg(t.db, 'researcher');
    const admin = await signInClient(t.app, (await makePerson(t.db, owner.id, ['org_admin'])).email, TEST_PASSWORD);
    const a = await signInClient(t.app, (await makePerson(t.db, hospitalA.id, ['analyst'])).email, TEST_PASSWORD);
    const o = await signInClient(t.app, (await makePerson(t.db, outsider.id, ['org_admin'])).email, TEST_PASSWORD);

    const created = await admin.request('POST', '/api/v1/sharing-groups', { name: 'Pump early warning', confidential: true });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    for (const org of [hospitalA, hospitalB])
      expect((await admin.request('POST', `/api/v1/sharing-groups/${id}/members`, { orgId: org.id })).statusCode).toBe(201);
    const managed = (await admin.request('GET', `/api/v1/sharing-groups/${id}`)).json();
    expect(managed.members.map((m: { orgId: string }) => m.orgId).sort()).toEqual([owner.id, hospitalA.id, hospitalB.id].sort());

    const seen = await a.request('GET', `/api/v1/sharing-groups/${id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().members).toBeNull();
    expect(seen.json().memberCount).toBeNull();
    expect(seen.json().myMembership).not.toBeNull();
    expect(seen.body).not.toContain(hospitalB.id);
    expect(seen.body).not.toContain(hospitalB.name);
    const list = await a.request('GET', '/api/v1/sharing-groups');
    expect(list.body).toContain(id);
    expect(list.body).not.toContain(hospitalB.id);

    expect((await o.request('GET', `/api/v1/sharing-groups/${id}`)).statusCode).toBe(404);
    expect((await o.request('GET', '/api/v1/sharing-groups')).body).not.toContain(id);
    expect((await a.request('POST', `/api/v1/sharing-groups/${id}/members`, { orgId: outsider.id })).statusCode).toBe(403);

    expect((await admin.request('PATCH', `/api/v1/sharing-groups/${id}`, { confidential: false })).statusCode).toBe(200);
    expect((await a.request('GET', `/api/v1/sharing-groups/${id}`)).json().members).toHaveLength(3);
    expect((await admin.request('DELETE', `/api/v1/sharing-groups/${id}/members/${hospitalA.id}`)).statusCode).toBe(200);
    expect((await a.request('GET', `/api/v1/sharing-groups/${id}`)).statusCode).toBe(404);
  });
});
