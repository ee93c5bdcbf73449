import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbedded } from '../../src/server/db/client.ts';
import { runCli, startServe } from '../support/cli.ts';

const fixtures = path.join(import.meta.dirname, '../fixtures');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'isao-vex-cli-'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isao-vex-cli-files-'));
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

const env = { ISAO_DATA_DIR: dataDir };
const as = (email: string, version = '1.3.15') => ['--product', 'Dropwizard gateway', '--version', version, '--as', email];
const psirt = 'psirt@acme.example';
const file = (name: string, content: unknown) => {
  const p = path.join(work, name);
  fs.writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};
const openVexDoc = (id: string, statements: unknown[]) => ({
  '@context': 'https://openvex.dev/ns/v0.2.0',
  '@id': id,
  author: 'Acme Pumps PSIRT',
  timestamp: '2025-01-01T00:00:00Z',
  version: 1,
  statements,
});
type Statement = {
  vulnerability: { name: string; aliases?: string[] };
  products: { '@id': string; subcomponents?: { '@id': string }[] }[];
};
type OpenVex = { statements: (Statement & { status: string; justification?: string; impact_statement?: string })[] };
const jackson = (doc: OpenVex) =>
  doc.statements.find((s) => s.products.some((p) => p.subcomponents?.some((c) => c['@id'].includes('jackson-databind'))));

describe('isao vex export and import', { timeout: 480_000 }, () => {
  it('exports, imports and exports again, as the manufacturer only, locally and through a running server', async () => {
    expect((await runCli(['org', 'create', '--name', 'Acme Pumps', '--kind', 'manufacturer'], env)).code).toBe(0);
    expect((await runCli(['org', 'create', '--name', 'City Hospital', '--kind', 'hdo'], env)).code).toBe(0);
    const people = [
      ['Acme Pumps', psirt, 'analyst'],
      ['Acme Pumps', 'reader@acme.example', 'read_only'],
      ['City Hospital', 'nurse@hospital.example', 'analyst'],
    ];
    for (const [org, email, role] of people)
      expect((await runCli(['user', 'create', '--org', org!, '--email', email!, '--name', 'Someone', '--roles', role!], env)).code).toBe(0);
    const db = await openEmbedded(dataDir);
    // Visible to every member, so that the hospital's person finds it and the policy (not the lookup) refuses them.
    const [product] = await db.query<{ id: string }>(
      `INSERT INTO products (owner_org_id, name, visibility, created_by, created_at)
       SELECT o.id, 'Dropwizard gateway', 'members', p.id, now() FROM organisations o JOIN people p ON p.org_id = o.id
        WHERE o.name = 'Acme Pumps' AND p.email = '${psirt}' RETURNING id`,
    );
    await db.query(`INSERT INTO product_versions (product_id, version, created_at) VALUES ($1, '1.3.15', now()), ($1, '2.0', now())`, [
      product!.id,
    ]);
    await db.close();
    expect((await runCli(['vulndb', 'import', path.join(fixtures, 'vulndb/ghsa')], env)).code).toBe(0);

    // Before any SBOM: a clear refusal.
    const early = await runCli(['vex', 'export', ...as(psirt)], env);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/no SBOM yet/);
    const sbom = path.join(fixtures, 'scan/dropwizard-1.3.15.cdx.json');
    expect((await runCli(['sbom', 'upload', sbom, ...as(psirt)], env)).stdout).toMatch(/Open findings: 1 /);

    const first = path.join(work, 'first.openvex.json');
    const exported = await runCli(['vex', 'export', ...as(psirt), '--format', 'openvex', '--output', first], env);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toBe('');
    expect(exported.stderr).toMatch(/Wrote the OpenVEX document of Dropwizard gateway 1\.3\.15 \(1 statement\) to /);
    const before = JSON.parse(fs.readFileSync(first, 'utf8')) as OpenVex;
    const statement = jackson(before)!;
    expect([statement.vulnerability.name, ...(statement.vulnerability.aliases ?? [])]).toContain('CVE-2020-36518');
    expect(statement.status).toBe('under_investigation');

    // The manufacturer's decision, as a PSIRT writes it: the product (from the export) and the component.
    const decision = file(
      'decision.openvex.json',
      openVexDoc('urn:uuid:0f5b1c2e-1111-4c1e-9d7a-000000000001', [
        {
          vulnerability: { name: 'CVE-2020-36518' },
          products: [
            { '@id': statement.products[0]!['@id'], subcomponents: [{ '@id': statement.products[0]!.subcomponents![0]!['@id'] }] },
          ],
          status: 'not_affected',
          justification: 'vulnerable_code_not_in_execute_path',
          impact_statement: 'The gateway never deserialises untrusted JSON with default typing.',
        },
        { vulnerability: { name: 'CVE-2021-23337' }, products: [{ '@id': statement.products[0]!['@id'] }], status: 'fixed' },
      ]),
    );
    const imported = await runCli(['vex', 'import', decision, ...as(psirt)], env);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(
      /OpenVEX document urn:uuid:0f5b1c2e-\S+: 2 statements, 1 applied \(1 finding changed\), 1 without a matching/,
    );
    expect(imported.stdout).toMatch(/applied\s+statements\[0\]\s+CVE-2020-36518 .*→ not_affected \(1 finding\)/);
    expect(imported.stdout).toMatch(/no_matching_finding\s+statements\[1\]\s+CVE-2021-23337/);

    const after = await runCli(['vex', 'export', ...as(psirt), '--format', 'openvex'], env);
    expect(after.code).toBe(0);
    expect(after.stderr).toMatch(/the API names this file dropwizard-gateway-1\.3\.15\.openvex\.json/);
    const decided = jackson(JSON.parse(after.stdout) as OpenVex)!;
    expect(decided).toMatchObject({
      status: 'not_affected',
      justification: 'vulnerable_code_not_in_execute_path',
      impact_statement: 'The gateway never deserialises untrusted JSON with default typing.',
    });

    // Importing the same document again changes nothing and still succeeds; --json is the service's answer.
    const again = await runCli(['vex', 'import', decision, ...as(psirt), '--json'], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ format: 'openvex', counts: { statements: 2, applied: 1, findingsChanged: 0 } });

    // Nothing applied: exit 1, the outcomes still printed.
    const unrelated = file(
      'unrelated.openvex.json',
      openVexDoc('urn:x:unrelated', [
        { vulnerability: { name: 'CVE-2021-23337' }, products: [{ '@id': statement.products[0]!['@id'] }], status: 'fixed' },
      ]),
    );
    const none = await runCli(['vex', 'import', unrelated, ...as(psirt)], env);
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(/0 applied/);
    expect(none.stderr).toMatch(/No statement of .*unrelated\.openvex\.json matched an open finding of Dropwizard gateway 1\.3\.15/);

    // Refused files: exit 1 with the parser's message and place.
    const notVex = await runCli(['vex', 'import', file('notes.txt', 'hello'), ...as(psirt)], env);
    expect(notVex.code).toBe(1);
    expect(notVex.stderr).toMatch(/notes\.txt was refused, nothing was recorded: the file is neither JSON nor XML/);
    const badStatus = file(
      'bad.openvex.json',
      openVexDoc('urn:x:bad', [{ ...JSON.parse(fs.readFileSync(decision, 'utf8')).statements[0], status: 'fine' }]),
    );
    const bad = await runCli(['vex', 'import', badStatus, ...as(psirt)], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /status must be one of not_affected, affected, fixed, under_investigation, not "fine" \(at statements\[0\]\.status\)/,
    );
    const missing = await runCli(['vex', 'import', path.join(work, 'nowhere.json'), ...as(psirt)], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No file .*nowhere\.json/);

    // The policy, exactly as the API: another organisation's person, a read-only person, unknown things.
    const nurse = await runCli(['vex', 'export', ...as('nurse@hospital.example')], env);
    expect(nurse.code).toBe(1);
    expect(nurse.stdout).toBe('');
    expect(nurse.stderr).toMatch(/only the manufacturer sees/);
    const nurseImport = await runCli(['vex', 'import', decision, ...as('nurse@hospital.example')], env);
    expect(nurseImport.code).toBe(1);
    expect(nurseImport.stderr).toMatch(/Only the manufacturer’s people who may write record VEX decisions/);
    const reader = await runCli(['vex', 'import', decision, ...as('reader@acme.example')], env);
    expect(reader.code).toBe(1);
    expect(reader.stderr).toMatch(/Only the manufacturer’s people who may write/);
    expect((await runCli(['vex', 'export', ...as('reader@acme.example')], env)).code).toBe(0);
    const stranger = await runCli(['vex', 'export', ...as('nobody@acme.example')], env);
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toMatch(/No active person with the email "nobody@acme\.example"/);
    const noVersion = await runCli(['vex', 'export', ...as(psirt, '9.9')], env);
    expect(noVersion.code).toBe(1);
    expect(noVersion.stderr).toMatch(/Acme Pumps has no product "Dropwizard gateway" with a version "9\.9"/);
    // Usage errors: 2.
    expect((await runCli(['vex', 'export', ...as(psirt), '--format', 'spdx'], env)).code).toBe(2);
    expect((await runCli(['vex', 'export', '--product', 'Dropwizard gateway', '--version', '1.3.15'], env)).code).toBe(2);
    expect((await runCli(['vex', 'import', '--product', 'Dropwizard gateway', '--version', '1.3.15', '--as', psirt], env)).code).toBe(2);

    const server = await startServe({ ...env, PORT: '0' });
    try {
      // A large document (500 statements) with text beyond ASCII must come through the server whole, to stdout and to a file.
      const big = file('big.cdx.json', {
        bomFormat: 'CycloneDX',
        specVersion: '1.5',
        serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
        version: 1,
        metadata: { component: { type: 'application', name: 'Dropwizard gateway', version: '2.0' } },
        components: Array.from({ length: 500 }, (_, i) => ({
          type: 'library',
          'bom-ref': `jackson-${i}`,
          group: 'com.fasterxml.jackson.core',
          name: 'jackson-databind',
          version: `2.9.10.${i + 1}`,
          purl: `pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10.${i + 1}`,
        })),
      });
      const uploaded = await runCli(['sbom', 'upload', big, ...as(psirt, '2.0')], env);
      expect(uploaded.code).toBe(0);
      expect(uploaded.stdout).toMatch(/Open findings: 500 /);
      const wideText = `Mise à jour prévue — Größe ✓ 🚑 ${'é'.repeat(4000)}`;
      const wide = file(
        'wide.openvex.json',
        openVexDoc('urn:x:wide', [
          {
            vulnerability: { name: 'CVE-2020-36518' },
            products: [{ '@id': statement.products[0]!['@id'].replace(/@1\.3\.15$/, '@2.0') }],
            status: 'affected',
            action_statement: wideText,
          },
        ]),
      );
      const viaServer = await runCli(['vex', 'import', wide, ...as(psirt, '2.0')], env);
      expect(viaServer.code).toBe(0);
      expect(viaServer.stdout).toMatch(/1 applied \(500 findings changed\)/);
      const toStdout = await runCli(['vex', 'export', ...as(psirt, '2.0'), '--format', 'openvex'], env);
      expect(toStdout.code).toBe(0);
      expect(toStdout.stdout.length).toBeGreaterThan(2_000_000);
      const streamed = JSON.parse(toStdout.stdout) as OpenVex;
      expect(streamed.statements).toHaveLength(500);
      expect(
        streamed.statements.every((s) => s.status === 'affected' && (s as { action_statement?: string }).action_statement === wideText),
      ).toBe(true);
      const target = path.join(work, 'through-server.openvex.json');
      const written = await runCli(['vex', 'export', ...as(psirt, '2.0'), '--format', 'openvex', '--output', target], env);
      expect(written.code).toBe(0);
      expect(written.stdout).toBe('');
      expect(written.stderr).toMatch(/\(500 statements\)/);
      expect((JSON.parse(fs.readFileSync(target, 'utf8')) as OpenVex).statements).toEqual(streamed.statements);
      expect(fs.existsSync(`${target}.partial`)).toBe(false);
      const csaf = await runCli(['vex', 'export', ...as(psirt), '--format', 'csaf'], env);
      expect(csaf.code).toBe(0);
      expect((JSON.parse(csaf.stdout) as { document: { category: string } }).document.category).toBe('csaf_vex');
      const refused = await runCli(['vex', 'export', ...as('nurse@hospital.example')], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/only the manufacturer sees/);
      const badThroughServer = await runCli(['vex', 'import', file('notes2.txt', 'hello'), ...as(psirt)], env);
      expect(badThroughServer.code).toBe(1);
      expect(badThroughServer.stderr).toMatch(/was refused, nothing was recorded: the file is neither JSON nor XML/);
    } finally {
      await server.stop();
    }
  });
});
