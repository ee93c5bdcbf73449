import { createHash } from 'node:crypto';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCsaf } from '../../src/modules/csaf/index.ts';
import { acceptedReport } from '../support/disclosure-world.ts';
import { startPublishingWorld } from '../support/publishing-world.ts';
import type { Client, TestApp } from '../support/test-app.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp;
let coordinator: Client;
let vendorA: Client;
let vendorB: Client;
let orgs: { a: string; b: string };

const get = (url: string) => t.app.inject({ method: 'GET', url });
const CVSS = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';

/**
 * A case with two vulnerabilities (one with a CVE, one without) and two vendors: Acme is affected and has a fix, Blue
 * Pumps is not affected — explained in words for the first vulnerability, without a word for the second.
 */
async function vexCase() {
  const reportId = await acceptedReport(t, coordinator, 'Telnet root shell, VEX');
  const c = (
    await coordinator.request('POST', '/api/v1/cases', {
      title: 'Telnet root shell, VEX',
      summary: 'Root shell over telnet.',
      reportIds: [reportId],
    })
  ).json();
  const cve = `CVE-2026-${10000 + Math.floor(Math.random() * 80000)}`;
  await coordinator.request('POST', `/api/v1/cases/${c.id}/vulnerabilities`, {
    title: 'Unauthenticated telnet root shell',
    description: 'Port 23 is open with no password.',
    cwe: 'CWE-306',
    cve,
    cvss31: CVSS,
  });
  const both = await coordinator.request('POST', `/api/v1/cases/${c.id}/vulnerabilities`, {
    title: 'Hard-coded service password',
    description: 'The service menu accepts a fixed password.',
    cwe: 'CWE-798',
    cvss31: CVSS,
  });
  const [v1, v2] = (both.json().vulnerabilities as Json[]).map((v) => v.id as string) as [string, string];
  await coordinator.request('POST', `/api/v1/cases/${c.id}/vendors`, { orgId: orgs.a });
  await coordinator.request('POST', `/api/v1/cases/${c.id}/vendors`, { orgId: orgs.b });
  for (const v of [v1, v2]) {
    const a = await vendorA.request('PUT', `/api/v1/cases/${c.id}/statements/${v}`, {
      status: 'affected',
      product: 'VitaFlow pump',
      statement: 'Present in 7.x.',
      affectedVersions: '7.0 to 7.1.3',
      fixedVersions: '7.1.4',
    });
    expect(a.statusCode, a.body).toBe(200);
  }
  await vendorB.request('PUT', `/api/v1/cases/${c.id}/statements/${v1}`, {
    status: 'not_affected',
    product: 'BluePump',
    statement: 'BluePump never shipped a telnet service.',
  });
  await vendorB.request('PUT', `/api/v1/cases/${c.id}/statements/${v2}`, { status: 'not_affected', product: 'BluePump' });
  return { caseId: c.id as string, v1, v2, cve };
}

beforeAll(async () => {
  ({ t, coordinator, vendorA, vendorB, orgs } = await startPublishingWorld());
}, 60_000);
afterAll(async () => t?.close());

describe('publishing a case as a CSAF VEX document', () => {
  let world: Awaited<ReturnType<typeof vexCase>>;
  const draftBody = (extra: Json = {}) => ({
    title: 'Telnet and service password: VEX of Acme and Blue Pumps',
    summary: 'Acme VitaFlow is affected (update to 7.1.4); BluePump is not affected.',
    tlp: 'WHITE',
    category: 'csaf_vex',
    ...extra,
  });

  it('suggests a VEX when a vendor says not affected; the default stays a security advisory', async () => {
    world = await vexCase();
    const draft = (await coordinator.request('GET', `/api/v1/cases/${world.caseId}/advisory`)).json();
    expect(draft).toMatchObject({ category: 'csaf_security_advisory', suggestedCategory: 'csaf_vex', justifications: [] });
    expect(draft.preview.document.category).toBe('csaf_security_advisory');
    expect(draft.notAffected.map((x: Json) => [x.vulnerabilityId, x.vendor, x.product, x.label, x.ready])).toEqual([
      [world.v1, 'Blue Pumps', 'BluePump', null, true],
      [world.v2, 'Blue Pumps', 'BluePump', null, false],
    ]);
  });

  it('refuses to publish a VEX whose "not affected" says nothing of why, and publishes nothing', async () => {
    const saved = await coordinator.request('PUT', `/api/v1/cases/${world.caseId}/advisory`, draftBody());
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().preview.document.category).toBe('csaf_vex');
    const res = await coordinator.request('POST', `/api/v1/cases/${world.caseId}/advisory/publish`, {});
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('vex_incomplete');
    expect(res.json().error.details.notAffected).toEqual([{ vulnerabilityId: world.v2, vendorOrgId: orgs.b }]);
    expect((await t.db.query("SELECT 1 FROM advisories WHERE source = 'published'")).length).toBe(0);
    const bad = await coordinator.request(
      'PUT',
      `/api/v1/cases/${world.caseId}/advisory`,
      draftBody({ justifications: [{ vulnerabilityId: world.v2, vendorOrgId: orgs.b, label: 'not_a_label' }] }),
    );
    expect(bad.statusCode).toBe(400);
  });

  it('publishes a VEX that passes every test, with the product status, flags, impact statements and remediations', async () => {
    const saved = await coordinator.request(
      'PUT',
      `/api/v1/cases/${world.caseId}/advisory`,
      draftBody({
        justifications: [
          { vulnerabilityId: world.v2, vendorOrgId: orgs.b, label: 'component_not_present' },
          { vulnerabilityId: world.v1, vendorOrgId: orgs.b, label: 'vulnerable_code_not_present' },
          // Acme says affected: a justification for it is kept but not used.
          { vulnerabilityId: world.v1, vendorOrgId: orgs.a, label: 'inline_mitigations_already_exist' },
        ],
      }),
    );
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().validation).toMatchObject({ isValid: true, errors: [], warnings: [] });
    expect(saved.json().notAffected.every((x: Json) => x.ready)).toBe(true);
    const pub = await coordinator.request('POST', `/api/v1/cases/${world.caseId}/advisory/publish`, {});
    expect(pub.statusCode, pub.body).toBe(200);
    const url = pub.json().published.url as string;
    const path = url.replace('https://isao.example', '');
    expect(path).toMatch(/^\/\.well-known\/csaf\/white\/\d{4}\/isao-c-.+\.json$/);

    const file = await get(path);
    expect(file.statusCode).toBe(200);
    const bytes = file.rawPayload;
    const doc = JSON.parse(bytes.toString('utf8'));
    const check = await validateCsaf(doc, { optional: true });
    expect(check.errors).toEqual([]);
    expect(check.warnings).toEqual([]);
    expect(doc.document.category).toBe('csaf_vex');
    const ids = Object.fromEntries((doc.product_tree.branches as Json[]).map((b) => [b.name, b.branches[0].product.product_id as string]));
    const [acme, blue] = [ids['Acme Infusion'], ids['Blue Pumps']];
    const [first, second] = doc.vulnerabilities as Json[];
    expect(first!.cve).toBe(world.cve);
    expect(second!.cve).toBeUndefined();
    expect(second!.ids).toEqual([{ system_name: 'OpenISAO case', text: expect.stringMatching(/#2$/) }]);
    for (const v of [first!, second!]) {
      expect(v.product_status).toEqual({ known_affected: [acme], known_not_affected: [blue] });
      expect(v.notes.length).toBeGreaterThan(0);
      expect(v.remediations).toEqual([expect.objectContaining({ category: 'vendor_fix', product_ids: [acme] })]);
      expect(v.threats).toEqual([expect.objectContaining({ category: 'impact', product_ids: [blue] })]);
    }
    expect(first!.flags).toEqual([{ label: 'vulnerable_code_not_present', product_ids: [blue] }]);
    expect(second!.flags).toEqual([{ label: 'component_not_present', product_ids: [blue] }]);
    expect(first!.threats[0].details).toBe('BluePump never shipped a telnet service.');
    expect(second!.threats[0].details).toBe('Blue Pumps states that BluePump is not affected (the vulnerable component is not present).');
    // The validator does check the VEX profile: a flag alone is an impact statement, but without flags and threats, or
    // without the remediations, it refuses.
    const stripped = structuredClone(doc);
    for (const v of stripped.vulnerabilities as Json[]) delete v.threats;
    expect((await validateCsaf(stripped)).errors).toEqual([]);
    for (const v of stripped.vulnerabilities as Json[]) delete v.flags;
    delete stripped.vulnerabilities[0].remediations;
    const tests = (await validateCsaf(stripped)).errors.map((e) => e.test);
    expect(tests).toEqual(expect.arrayContaining(['mandatoryTest_6_1_27_9', 'mandatoryTest_6_1_27_10']));

    // Served like any advisory: listed, hashed, signed.
    expect((await get('/.well-known/csaf/white/index.txt')).body).toContain(path.split('/').pop());
    expect((await get(`${path}.sha512`)).body).toBe(`${createHash('sha512').update(bytes).digest('hex')}  ${path.split('/').pop()}\n`);
    const meta = (await get('/.well-known/csaf/provider-metadata.json')).json();
    const armoredKey = (await get(meta.public_openpgp_keys[0].url.replace('https://isao.example', ''))).body;
    const verified = await openpgp.verify({
      message: await openpgp.createMessage({ binary: bytes }),
      signature: await openpgp.readSignature({ armoredSignature: (await get(`${path}.asc`)).body }),
      verificationKeys: await openpgp.readKey({ armoredKey }),
    });
    await expect(verified.signatures[0]!.verified).resolves.toBe(true);
    const [row] = await t.db.query<{ category: string }>('SELECT category FROM advisories WHERE case_id = $1', [world.caseId]);
    expect(row!.category).toBe('csaf_vex');
    const advisory = (await get(`/api/v1/advisories/${pub.json().published.advisoryId}`)).json();
    expect(advisory.category ?? advisory.advisory?.category).toBe('csaf_vex');
  });

  it('a revision stays a VEX; the category of a published advisory does not change', async () => {
    const res = await coordinator.request('POST', `/api/v1/cases/${world.caseId}/advisory/publish`, { revisionSummary: 'Reviewed.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().published.version).toBe('2');
    const doc = JSON.parse((await get(res.json().published.url.replace('https://isao.example', ''))).body);
    expect(doc.document.category).toBe('csaf_vex');
    expect(doc.document.tracking.revision_history.map((r: Json) => r.number)).toEqual(['1', '2']);
    const change = await coordinator.request(
      'PUT',
      `/api/v1/cases/${world.caseId}/advisory`,
      draftBody({ category: 'csaf_security_advisory' }),
    );
    expect(change.statusCode).toBe(409);
    expect(change.json().error.code).toBe('conflict');
  });
});
