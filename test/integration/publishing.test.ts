import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCsaf } from '../../src/modules/csaf/index.ts';
import { acceptedReport } from '../support/disclosure-world.ts';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';
import { startPublishingWorld } from '../support/publishing-world.ts';
import { type Client, type TestApp, createTestApp, signInClient } from '../support/test-app.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp;
let coordinator: Client;
let vendorA: Client;
let vendorB: Client;
let hospital: Client;
let orgs: { a: string; b: string };

const get = (url: string, c?: Client) => (c ? c.request('GET', url) : t.app.inject({ method: 'GET', url }));

/** An accepted report (with credit consent) in a case with one vulnerability and two vendors who answered. */
async function caseWithStatements(title: string, cvss31: string | undefined) {
  const reportId = await acceptedReport(t, coordinator, title);
  const c = (
    await coordinator.request('POST', '/api/v1/cases', { title, summary: 'Root shell over telnet.', reportIds: [reportId] })
  ).json();
  const withVuln = await coordinator.request('POST', `/api/v1/cases/${c.id}/vulnerabilities`, {
    title: 'Unauthenticated telnet root shell',
    description: 'Port 23 is open with no password.',
    cwe: 'CWE-306',
    cve: `CVE-2026-${10000 + Math.floor(Math.random() * 80000)}`,
    ...(cvss31 ? { cvss31 } : {}),
  });
  const vulnerabilityId = withVuln.json().vulnerabilities[0].id as string;
  await coordinator.request('POST', `/api/v1/cases/${c.id}/vendors`, { orgId: orgs.a });
  await coordinator.request('POST', `/api/v1/cases/${c.id}/vendors`, { orgId: orgs.b });
  await vendorA.request('PUT', `/api/v1/cases/${c.id}/statements/${vulnerabilityId}`, {
    status: 'affected',
    product: 'VitaFlow pump',
    statement: 'Telnet is enabled in 7.x.',
    affectedVersions: '7.0 to 7.1.3',
    fixedVersions: '7.1.4',
  });
  await vendorB.request('PUT', `/api/v1/cases/${c.id}/statements/${vulnerabilityId}`, {
    status: 'not_affected',
    product: 'BluePump',
    statement: 'BluePump never shipped a telnet service.',
  });
  return { caseId: c.id as string, vulnerabilityId };
}

beforeAll(async () => {
  ({ t, coordinator, vendorA, vendorB, orgs } = await startPublishingWorld());
  hospital = await signInClient(t.app, (await makePerson(t.db, (await makeOrg(t.db, 'hdo')).id, ['analyst'])).email, TEST_PASSWORD);
}, 60_000);
afterAll(async () => t?.close());

describe('publishing a case as CSAF and serving it as a provider', () => {
  let white: { caseId: string; vulnerabilityId: string };
  let path: string;

  it('previews the CSAF document with the validator’s verdict; only coordinators draft', async () => {
    white = await caseWithStatements('Telnet root shell on VitaFlow', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
    for (const c of [vendorA, hospital]) expect((await c.request('GET', `/api/v1/cases/${white.caseId}/advisory`)).statusCode).toBe(403);
    const draft = (await coordinator.request('GET', `/api/v1/cases/${white.caseId}/advisory`)).json();
    expect(draft).toMatchObject({ saved: false, tlp: 'WHITE', credits: ['Dr. R. Searcher'], published: null });
    expect(draft.validation).toMatchObject({ isValid: true, errors: [], warnings: [] });
    const doc = draft.preview;
    expect(doc.document.acknowledgments[0].names).toEqual(['Dr. R. Searcher']);
    expect(doc.product_tree.branches.map((b: Json) => [b.name, b.branches[0].name])).toEqual([
      ['Acme Infusion', 'VitaFlow pump'],
      ['Blue Pumps', 'BluePump'],
    ]);
    expect(doc.vulnerabilities[0].product_status).toEqual({ known_affected: ['CSAFPID-0001'], known_not_affected: ['CSAFPID-0002'] });
    expect(doc.vulnerabilities[0].remediations[0]).toMatchObject({ category: 'vendor_fix' });
    expect(doc.vulnerabilities[0].cwe).toEqual({ id: 'CWE-306', name: 'Missing Authentication for Critical Function' });
  });

  it('publishes only what passes every mandatory and optional test', async () => {
    const noScore = await caseWithStatements('Telnet without a score', undefined);
    const res = await coordinator.request('POST', `/api/v1/cases/${noScore.caseId}/advisory/publish`, {});
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('csaf_invalid');
    expect(res.json().error.details.tests).toContain('optionalTest_6_2_3');
    expect((await t.db.query("SELECT 1 FROM advisories WHERE source = 'published'")).length).toBe(0);
    expect((await vendorA.request('POST', `/api/v1/cases/${white.caseId}/advisory/publish`, {})).statusCode).toBe(403);
  });

  it('publishes a signed advisory the provider directory serves with hashes and an OpenPGP signature', async () => {
    const saved = await coordinator.request('PUT', `/api/v1/cases/${white.caseId}/advisory`, {
      title: 'Acme VitaFlow pump: unauthenticated telnet root shell',
      summary: 'An attacker on the network gets a root shell; update to 7.1.4.',
      tlp: 'WHITE',
      references: [{ url: 'https://example.org/writeup', summary: 'Researcher write-up' }],
      creditReporter: true,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const pub = await coordinator.request('POST', `/api/v1/cases/${white.caseId}/advisory/publish`, {});
    expect(pub.statusCode, pub.body).toBe(200);
    const published = pub.json().published;
    expect(published.version).toBe('1');
    const year = new Date().getUTCFullYear();
    expect(published.url).toMatch(
      new RegExp(`^https://isao\\.example/\\.well-known/csaf/white/${year}/isao-c-${year}-[2-9a-z]{6}\\.json$`),
    );
    path = published.url.replace('https://isao.example', '');

    const meta = (await get('/.well-known/csaf/provider-metadata.json')).json();
    expect(meta).toMatchObject({
      canonical_url: 'https://isao.example/.well-known/csaf/provider-metadata.json',
      metadata_version: '2.0',
      role: 'csaf_trusted_provider',
      publisher: { category: 'coordinator', name: 'Medical Device ISAO', namespace: 'https://isao.example' },
    });
    expect(meta.distributions.map((d: Json) => d.directory_url)).toContain('https://isao.example/.well-known/csaf/white/');
    expect(meta.distributions[0].rolie.feeds[0]).toEqual({
      summary: 'TLP:WHITE advisories',
      tlp_label: 'WHITE',
      url: 'https://isao.example/.well-known/csaf/feed-tlp-white.json',
    });
    const feed = (await get('/.well-known/csaf/feed-tlp-white.json')).json().feed;
    expect(feed.category).toEqual([{ scheme: 'urn:ietf:params:rolie:category:information-type', term: 'csaf' }]);
    expect(feed.entry).toHaveLength(1);
    expect(feed.entry[0]).toMatchObject({
      title: 'Acme VitaFlow pump: unauthenticated telnet root shell',
      content: { type: 'application/json', src: published.url },
      format: { version: '2.0' },
    });
    expect(feed.entry[0].link).toContainEqual({ rel: 'signature', href: `${published.url}.asc` });
    const index = (await get('/.well-known/csaf/white/index.txt')).body;
    expect(index).toBe(`${path.replace('/.well-known/csaf/white/', '')}\n`);
    expect((await get('/.well-known/csaf/white/changes.csv')).body).toMatch(
      new RegExp(`^"${year}/isao-c-[^"]+\\.json","${year}-[^"]+Z"\\n$`),
    );

    const file = await get(path);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/json; charset=utf-8');
    const bytes = file.rawPayload;
    const doc = JSON.parse(bytes.toString('utf8'));
    const check = await validateCsaf(doc, { optional: true });
    expect(check.errors).toEqual([]);
    expect(check.warnings).toEqual([]);
    expect(doc.document.references[0]).toEqual({ category: 'self', summary: 'This advisory (canonical URL)', url: published.url });
    expect((await get(`${path}.sha512`)).body).toBe(`${createHash('sha512').update(bytes).digest('hex')}  ${path.split('/').pop()}\n`);
    expect((await get(`${path}.sha256`)).body.split(' ')[0]).toBe(createHash('sha256').update(bytes).digest('hex'));

    // The signature verifies with the published key, in openpgp.js and in GnuPG.
    const key = meta.public_openpgp_keys[0];
    const armoredKey = (await get(key.url.replace('https://isao.example', ''))).body;
    const signature = (await get(`${path}.asc`)).body;
    const verified = await openpgp.verify({
      message: await openpgp.createMessage({ binary: bytes }),
      signature: await openpgp.readSignature({ armoredSignature: signature }),
      verificationKeys: await openpgp.readKey({ armoredKey }),
    });
    await expect(verified.signatures[0]!.verified).resolves.toBe(true);
    const home = mkdtempSync(join(tmpdir(), 'isao-gpg-'));
    try {
      writeFileSync(join(home, 'key.asc'), armoredKey);
      writeFileSync(join(home, 'doc.json'), bytes);
      writeFileSync(join(home, 'doc.json.asc'), signature);
      execFileSync('gpg', ['--batch', '--homedir', home, '--import', join(home, 'key.asc')], { stdio: 'pipe' });
      const out = execFileSync(
        'gpg',
        ['--batch', '--homedir', home, '--status-fd', '1', '--verify', join(home, 'doc.json.asc'), join(home, 'doc.json')],
        {
          stdio: 'pipe',
        },
      ).toString();
      expect(out).toContain(`[GNUPG:] VALIDSIG ${key.fingerprint}`);
      bytes[10] = bytes[10] === 0x20 ? 0x21 : 0x20;
      writeFileSync(join(home, 'doc.json'), bytes);
      expect(() =>
        execFileSync('gpg', ['--batch', '--homedir', home, '--verify', join(home, 'doc.json.asc'), join(home, 'doc.json')], {
          stdio: 'pipe',
        }),
      ).toThrow();
    } finally {
      rmSync(home, { recursive: true, force: true });
    }

    const listed = (await get('/api/v1/advisories?q=VitaFlow')).json().items as Json[];
    expect(listed.map((a) => a.title)).toContain('Acme VitaFlow pump: unauthenticated telnet root shell');
  });

  it('security.txt names the report page, the key and the CSAF provider', async () => {
    const res = await get('/.well-known/security.txt');
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    const lines = res.body.trim().split('\n');
    expect(lines).toContain('Contact: https://isao.example/report');
    expect(lines).toContain('CSAF: https://isao.example/.well-known/csaf/provider-metadata.json');
    expect(lines).toContain('Canonical: https://isao.example/.well-known/security.txt');
    expect(lines).toContain('Encryption: https://isao.example/api/v1/reports/openpgp-key');
    const expires = new Date(lines.find((l) => l.startsWith('Expires: '))!.slice(9));
    expect(expires.getTime()).toBeGreaterThan(Date.now() + 300 * 86_400_000);
  });

  it('a new revision bumps the version and the history; the directory still holds one file, changed', async () => {
    await vendorB.request('PUT', `/api/v1/cases/${white.caseId}/statements/${white.vulnerabilityId}`, {
      status: 'not_affected',
      product: 'BluePump',
      statement: 'Confirmed by a code review: no telnet service.',
    });
    const res = await coordinator.request('POST', `/api/v1/cases/${white.caseId}/advisory/publish`, {
      revisionSummary: 'Blue Pumps statement clarified.',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().published.version).toBe('2');
    const doc = JSON.parse((await get(path)).body);
    expect(doc.document.tracking.version).toBe('2');
    expect(doc.document.tracking.revision_history.map((r: Json) => [r.number, r.summary])).toEqual([
      ['1', 'Initial version.'],
      ['2', 'Blue Pumps statement clarified.'],
    ]);
    expect((await get('/.well-known/csaf/white/index.txt')).body.trim().split('\n')).toHaveLength(1);
    const revisions = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM advisory_revisions r JOIN advisories a ON a.id = r.advisory_id WHERE a.source = 'published'",
    );
    expect(revisions[0]!.n).toBe(2);
    expect(
      (await coordinator.request('PUT', `/api/v1/cases/${white.caseId}/advisory`, { title: 'Changed TLP', tlp: 'GREEN' })).statusCode,
    ).toBe(409);
  });

  it('an AMBER advisory is served only to members, by the policy', async () => {
    const amber = await caseWithStatements('Telnet root shell, amber', 'CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
    await coordinator.request('PUT', `/api/v1/cases/${amber.caseId}/advisory`, { title: 'Amber advisory for members', tlp: 'AMBER' });
    const pub = await coordinator.request('POST', `/api/v1/cases/${amber.caseId}/advisory/publish`, {});
    expect(pub.statusCode, pub.body).toBe(200);
    const amberPath = pub.json().published.url.replace('https://isao.example', '') as string;
    expect(amberPath).toContain('/.well-known/csaf/amber/');
    expect((await get('/.well-known/csaf/amber/index.txt')).body).toBe('');
    expect((await get('/.well-known/csaf/feed-tlp-amber.json')).json().feed.entry).toEqual([]);
    expect((await get('/.well-known/csaf/feed-tlp-amber.json', hospital)).json().feed.entry).toHaveLength(1);
    expect((await get(amberPath)).statusCode).toBe(404);
    expect((await get(`${amberPath}.asc`)).statusCode).toBe(404);
    expect((await get('/.well-known/csaf/amber/index.txt', hospital)).body).toContain('.json');
    expect((await get(amberPath, hospital)).statusCode).toBe(200);
    expect((await get('/api/v1/advisories?q=amber')).json().items).toHaveLength(0);
    expect((await get('/.well-known/csaf/white/index.txt')).body).not.toContain('amber');
  });

  it('refuses to publish without an https address', async () => {
    const plain = await createTestApp();
    try {
      const operator = await makeOrg(plain.db, 'operator');
      const c = await signInClient(plain.app, (await makePerson(plain.db, operator.id, ['coordinator'])).email, TEST_PASSWORD);
      const res = await c.request('POST', '/api/v1/cases/00000000-0000-4000-8000-000000000000/advisory/publish', {});
      expect(res.statusCode).toBe(409);
      expect(res.json().error.message).toMatch(/PUBLIC_URL/);
    } finally {
      await plain.close();
    }
  });
});
