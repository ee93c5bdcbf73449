import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbedded } from '../../src/server/db/client.ts';
import { runCli, startServe } from '../support/cli.ts';

const fixtures = path.join(import.meta.dirname, '../fixtures/csaf');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'isao-advisories-cli-'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isao-advisories-files-'));
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

describe('isao import csaf', { timeout: 240_000 }, () => {
  it('imports a folder, refuses invalid files with their test ids (exit 1), and works through a running server', async () => {
    const env = { ISAO_DATA_DIR: dataDir };
    // Without a platform admin (and with a person who is not ISAO staff) nothing is imported.
    expect((await runCli(['org', 'create', '--name', 'Acme Pumps', '--kind', 'manufacturer'], env)).code).toBe(0);
    const maker = ['user', 'create', '--org', 'Acme Pumps', '--email', 'psirt@acme.example', '--name', 'Priya', '--roles', 'analyst'];
    expect((await runCli(maker, env)).code).toBe(0);
    const noAdmin = await runCli(['import', 'csaf', path.join(fixtures, 'icsma')], env);
    expect(noAdmin.code).toBe(1);
    expect(noAdmin.stderr).toMatch(/no active platform admin/);
    const notStaff = await runCli(['import', 'csaf', path.join(fixtures, 'icsma'), '--as', 'psirt@acme.example'], env);
    expect(notStaff.code).toBe(1);
    expect(notStaff.stderr).toMatch(/Only ISAO coordinators and platform admins/);

    expect((await runCli(['org', 'create', '--name', 'The ISAO', '--kind', 'operator'], env)).code).toBe(0);
    const admin = ['user', 'create', '--org', 'The ISAO', '--email', 'admin@isao.example', '--name', 'Ada', '--roles', 'platform_admin'];
    expect((await runCli(admin, env)).code).toBe(0);

    const imported = await runCli(['import', 'csaf', path.join(fixtures, 'icsma')], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/Read 98 CSAF files: 98 new advisories, 0 newer revisions, 0 unchanged, 0 older .*, 0 refused/);

    // A folder with one good file, one invalid CSAF and one that is not JSON; the MANIFEST is not read (not .json).
    fs.copyFileSync(path.join(fixtures, 'csaf__bsi-2022-0001.json'), path.join(work, 'bsi.json'));
    const bad = JSON.parse(fs.readFileSync(path.join(fixtures, 'icsma/icsma-24-254-01.json'), 'utf8'));
    bad.document.tracking.id = 'ICSMA-99-999-99';
    bad.vulnerabilities[0].product_status.known_affected.push('CSAFPID-4242');
    fs.writeFileSync(path.join(work, 'bad.json'), JSON.stringify(bad));
    fs.writeFileSync(path.join(work, 'garbage.json'), 'PK\u0003\u0004 not json');
    const mixed = await runCli(['import', 'csaf', work, path.join(work, 'missing.json')], env);
    expect(mixed.code).toBe(1);
    expect(mixed.stdout).toMatch(/Read 3 CSAF files: 1 new advisories, .* 2 refused/);
    expect(mixed.stderr).toMatch(/refused .*bad\.json: .*6\.1\.1/);
    expect(mixed.stderr).toMatch(/refused .*garbage\.json: .*invalid JSON/);
    expect(mixed.stderr).toMatch(/No file or folder .*missing\.json/);

    const db = await openEmbedded(dataDir);
    const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM advisories')) as [{ n: number }];
    const audited = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_events WHERE action = 'advisory.imported'");
    await db.close();
    expect(n).toBe(99);
    expect(audited[0]!.n).toBe(99);

    const server = await startServe({ ...env, PORT: '0' });
    try {
      const again = await runCli(['import', 'csaf', path.join(fixtures, 'icsma'), '--as', 'admin@isao.example'], env);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/0 new advisories, 0 newer revisions, 98 unchanged/);
      const url = /OpenISAO is running at (\S+)/.exec(server.output())![1]!;
      const res = await fetch(`${url}/api/v1/advisories?vendor=baxter&limit=200`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { items: unknown[] }).items.length).toBeGreaterThan(3);
    } finally {
      await server.stop();
    }
  });
});
