import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbedded } from '../../src/server/db/client.ts';
import { runCli, startServe } from '../support/cli.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'isao-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('the isao command', { timeout: 240_000 }, () => {
  it('prints help listing its commands', async () => {
    const r = await runCli(['--help'], {});
    expect(r.code).toBe(0);
    for (const c of ['serve', 'migrate', 'user', 'org', 'audit', 'backup', 'restore']) expect(r.stdout).toContain(c);
  });

  it('reports bad configuration clearly and exits 2', async () => {
    const r = await runCli(['migrate'], { PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PORT must be a whole number');
    expect(r.stderr).toContain('DATABASE_URL must be a URL starting with postgres://');
  });

  it('administers the embedded database directly, and verify catches a tampered audit record', async () => {
    const dataDir = tempDir();
    const env = { ISAO_DATA_DIR: dataDir };
    expect((await runCli(['migrate'], env)).stdout).toContain('Applied 0001_foundation');
    expect((await runCli(['org', 'create', '--name', 'Acme Pumps', '--kind', 'manufacturer'], env)).code).toBe(0);
    const created = await runCli(
      ['user', 'create', '--org', 'Acme Pumps', '--email', 'psirt@acme.example', '--name', 'Priya', '--roles', 'org_admin,analyst'],
      env,
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Password: \S{20,}/);
    const bad = await runCli(
      ['user', 'create', '--org', 'Acme Pumps', '--email', 'x@acme.example', '--name', 'X', '--roles', 'platform_admin'],
      env,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Roles for a manufacturer');
    expect((await runCli(['user', 'list'], env)).stdout).toContain('psirt@acme.example');
    const ok = await runCli(['audit', 'verify'], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Audit chain intact: 2 records verified');

    const db = await openEmbedded(dataDir);
    await db.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only'); // an intruder with owner rights
    await db.query("UPDATE audit_events SET actor_label = 'someone else' WHERE seq = 1");
    await db.close();
    const broken = await runCli(['audit', 'verify'], env);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('Audit chain BROKEN at record 1');
  });

  it('goes through the running server when it holds the embedded database; backup and restore round-trip', async () => {
    const dataDir = tempDir();
    const env = {
      ISAO_DATA_DIR: dataDir,
      PORT: '0',
      ISAO_ADMIN_EMAIL: 'ops@isao.example',
      ISAO_ADMIN_PASSWORD: 'a very long admin passphrase',
    };
    const server = await startServe(env);
    try {
      expect(server.output()).toContain('Operator admin: ops@isao.example');
      expect(server.output()).toContain('Demo people (password for all:');
      const created = await runCli(
        ['user', 'create', '--org', 'OpenISAO Operator', '--email', 'coord2@isao.example', '--name', 'C2', '--roles', 'coordinator'],
        { ISAO_DATA_DIR: dataDir },
      );
      expect(created.code).toBe(0);
      expect((await runCli(['user', 'list'], { ISAO_DATA_DIR: dataDir })).stdout).toContain('coord2@isao.example');
      const verify = await runCli(['audit', 'verify'], { ISAO_DATA_DIR: dataDir });
      expect(verify.code).toBe(0);
      const backupFile = path.join(tempDir(), 'isao.backup.gz');
      const backup = await runCli(['backup', backupFile], { ISAO_DATA_DIR: dataDir });
      expect(backup.code).toBe(0);
      expect(backup.stdout).toContain('through the running server');
      const refused = await runCli(['restore', backupFile], { ISAO_DATA_DIR: dataDir });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('Stop it first');
      expect(await server.stop()).toBe(0);

      const second = tempDir();
      const restored = await runCli(['restore', backupFile], { ISAO_DATA_DIR: second });
      expect(restored.code).toBe(0);
      expect((await runCli(['user', 'list'], { ISAO_DATA_DIR: second })).stdout).toContain('coord2@isao.example');
      expect((await runCli(['audit', 'verify'], { ISAO_DATA_DIR: second })).code).toBe(0);
      const again = await runCli(['restore', backupFile], { ISAO_DATA_DIR: second });
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('not empty');

      // A second start reuses the data: no new admin, no new demo.
      const restart = await startServe({ ...env, ISAO_DATA_DIR: second });
      expect(restart.output()).toContain('Existing data reused');
      expect(restart.output()).not.toContain('Operator admin:');
      await restart.stop();
    } finally {
      await server.stop();
    }
  });
});
