import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbedded } from '../../src/server/db/client.ts';
import { runCli, startServe } from '../support/cli.ts';

const fixtures = path.join(import.meta.dirname, '../fixtures');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'isao-portfolio-cli-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('isao vulndb and isao sbom upload', { timeout: 240_000 }, () => {
  it('imports vulnerability data, uploads an SBOM that is matched at once, and works through a running server', async () => {
    const env = { ISAO_DATA_DIR: dataDir };
    expect((await runCli(['org', 'create', '--name', 'Acme Pumps', '--kind', 'manufacturer'], env)).code).toBe(0);
    const user = ['user', 'create', '--org', 'Acme Pumps', '--email', 'psirt@acme.example', '--name', 'Priya', '--roles', 'analyst'];
    expect((await runCli(user, env)).code).toBe(0);
    const db = await openEmbedded(dataDir);
    const [product] = await db.query<{ id: string }>(
      `INSERT INTO products (owner_org_id, name, created_by, created_at)
       SELECT o.id, 'Dropwizard gateway', p.id, now() FROM organisations o JOIN people p ON p.org_id = o.id WHERE o.name = 'Acme Pumps' RETURNING id`,
    );
    await db.query(`INSERT INTO product_versions (product_id, version, created_at) VALUES ($1, '1.3.15', now())`, [product!.id]);
    await db.close();

    const imported = await runCli(
      ['vulndb', 'import', path.join(fixtures, 'vulndb/ghsa'), path.join(fixtures, 'vulndb/kev-sample.json')],
      env,
    );
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/Imported 4 files: 3 new records, 0 updated/);
    expect(imported.stdout).toMatch(/KEV 2 entries/);

    const upload = [
      'sbom',
      'upload',
      path.join(fixtures, 'scan/dropwizard-1.3.15.cdx.json'),
      '--product',
      'dropwizard GATEWAY',
      '--version',
      '1.3.15',
    ];
    const uploaded = await runCli([...upload, '--as', 'psirt@acme.example'], env);
    expect(uploaded.code).toBe(0);
    expect(uploaded.stdout).toMatch(/cyclonedx 1\.2, 167 components, NTIA: insufficient\. Open findings: 1 \(0 known exploited\)/);
    const again = await runCli([...upload, '--as', 'psirt@acme.example'], env);
    expect(again.stdout).toMatch(/already uploaded/);
    const stranger = await runCli([...upload, '--as', 'nobody@acme.example'], env);
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toMatch(/No active person/);
    const noVersion = await runCli(
      [
        'sbom',
        'upload',
        path.join(fixtures, 'scan/dropwizard-1.3.15.cdx.json'),
        '--product',
        'Dropwizard gateway',
        '--version',
        '9',
        '--as',
        'psirt@acme.example',
      ],
      env,
    );
    expect(noVersion.code).toBe(1);
    expect(noVersion.stderr).toMatch(/no product "Dropwizard gateway" with a version "9"/);

    const server = await startServe({ ...env, PORT: '0' });
    try {
      const status = await runCli(['vulndb', 'status'], env);
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(/Vulnerability records: 3 \(0 withdrawn\), osv 3/);
      expect(status.stdout).toMatch(/KEV: 2 entries \(catalogue 2025\.08\.25\)/);
      const reimport = await runCli(['vulndb', 'import', path.join(fixtures, 'vulndb/ghsa')], env);
      expect(reimport.code).toBe(0);
      expect(reimport.stdout).toMatch(/0 new records, 0 updated/);
    } finally {
      await server.stop();
    }
  });
});
