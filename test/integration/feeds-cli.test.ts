import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

const kev = path.join(import.meta.dirname, '../fixtures/vulndb/kev-sample.json');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'isao-feeds-cli-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('isao feeds', { timeout: 240_000 }, () => {
  it('adds a feed, lists it, fetches what is due, and reports failures with exit 1', async () => {
    const env = { ISAO_DATA_DIR: dataDir };
    expect((await runCli(['org', 'create', '--name', 'The ISAO', '--kind', 'operator'], env)).code).toBe(0);
    const admin = ['user', 'create', '--org', 'The ISAO', '--email', 'admin@isao.example', '--name', 'Ada', '--roles', 'platform_admin'];
    expect((await runCli(admin, env)).code).toBe(0);

    const add = await runCli(
      ['feeds', 'add', '--name', 'KEV mirror', '--kind', 'vulndb', '--url', pathToFileURL(kev).href, '--every', '60'],
      env,
    );
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/Feed [0-9a-f-]{36} added: vulndb file:\/\/.*kev-sample\.json every 60 minutes; due now\./);
    const bad = await runCli(['feeds', 'add', '--name', 'Bad', '--kind', 'vulndb', '--url', 'ftp://example.org/x', '--every', '60'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--url: a URL starting with https:\/\//);
    const usage = await runCli(['feeds', 'add', '--name', 'Bad'], env);
    expect(usage.code).toBe(2);

    const run = await runCli(['feeds', 'run'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/: imported: 0 new records, 0 updated, 0 withdrawn; KEV 2, EPSS 0/);
    const again = await runCli(['feeds', 'run'], env);
    expect(again.stdout).toMatch(/No feed is due\./);

    const list = await runCli(['feeds', 'list'], env);
    expect(list.stdout).toMatch(/vulndb every 60 min {2}KEV mirror/);
    expect(list.stdout).toMatch(/last: \S+ imported 0 new records/);

    const missing = path.join(dataDir, 'gone.json');
    expect(
      (await runCli(['feeds', 'add', '--name', 'Gone', '--kind', 'vulndb', '--url', pathToFileURL(missing).href, '--every', '5'], env))
        .code,
    ).toBe(0);
    const failed = await runCli(['feeds', 'run'], env);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/: failed: no file .*gone\.json/);
  });
});
