import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FeedFetchError, fetchFeed } from '../../src/modules/feeds/feed-fetch.ts';
import { claimFeed, runDueFeeds } from '../../src/modules/feeds/feed-runner.ts';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';
import { type Client, type TestApp, createTestApp, signInClient } from '../support/test-app.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const fixtures = join(import.meta.dirname, '../fixtures');
const kev = readFileSync(join(fixtures, 'vulndb/kev-sample.json'));
const epssGz = gzipSync(readFileSync(join(fixtures, 'vulndb/epss-sample.csv')));
const ghsa = readFileSync(join(fixtures, 'vulndb/ghsa/GHSA-35jh-r3h4-6jhm.json'));
const advisory = readFileSync(join(fixtures, 'csaf/icsma/icsma-24-254-01.json'));
const etagOf = (b: Buffer) => `"${createHash('sha256').update(b).digest('hex').slice(0, 16)}"`;

// A real HTTP server on loopback: files with ETags (304 on If-None-Match), a 404, a hang, a lying length, a gzip bomb.
let server: Server;
let base: string;
const hits: Record<string, number> = {};
const files: Record<string, Buffer> = {
  '/known_exploited_vulnerabilities.json': kev,
  '/epss_scores-current.csv.gz': epssGz,
  '/GHSA-35jh-r3h4-6jhm.json': ghsa,
  '/icsma-24-254-01.json': advisory,
  '/bomb.csv.gz': gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x41)),
};

let t: TestApp;
let admin: Client;
let coordinator: Client;
let maker: Client;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits[path] = (hits[path] ?? 0) + 1;
    if (path === '/hang') return; // never answers
    const body = files[path];
    if (!body) {
      res.writeHead(404).end('no');
      return;
    }
    const etag = etagOf(body);
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { etag, 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  t = await createTestApp();
  const operator = await makeOrg(t.db, 'operator', { name: 'The ISAO' });
  emails.admin = (await makePerson(t.db, operator.id, ['platform_admin'])).email;
  emails.coordinator = (await makePerson(t.db, operator.id, ['coordinator'])).email;
  emails.maker = (await makePerson(t.db, (await makeOrg(t.db, 'manufacturer')).id, ['org_admin'])).email;
}, 60_000);
// The tests move the clock by hours: everyone signs in afresh before each test.
const emails: Record<'admin' | 'coordinator' | 'maker', string> = { admin: '', coordinator: '', maker: '' };
beforeEach(async () => {
  admin = await signInClient(t.app, emails.admin, TEST_PASSWORD);
  coordinator = await signInClient(t.app, emails.coordinator, TEST_PASSWORD);
  maker = await signInClient(t.app, emails.maker, TEST_PASSWORD);
});
afterAll(async () => {
  await t?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

const addFeed = async (c: Client, body: Json) => c.request('POST', '/api/v1/feeds', body);
const feedsOf = async (c: Client) => (await c.request('GET', '/api/v1/feeds')).json<{ items: Json[] }>().items;
const count = async (sql: string) => (await t.db.query<{ n: number }>(sql))[0]!.n;

describe('fetching a feed file', () => {
  const opts = { maxBytes: 1024 * 1024, timeoutMs: 5000 };

  it('fetches over HTTP with validators, then answers not modified; inflates gzip', async () => {
    const first = await fetchFeed(`${base}/known_exploited_vulnerabilities.json`, opts);
    expect(first.status).toBe('fetched');
    if (first.status !== 'fetched') return;
    expect(readFileSync(first.file).equals(kev)).toBe(true);
    expect(first.etag).toBe(etagOf(kev));
    await first.cleanup();
    expect((await fetchFeed(`${base}/known_exploited_vulnerabilities.json`, { ...opts, etag: first.etag })).status).toBe('not_modified');
    const gz = await fetchFeed(`${base}/epss_scores-current.csv.gz`, opts);
    if (gz.status !== 'fetched') throw new Error('expected a file');
    expect(gz.file.endsWith('epss_scores-current.csv')).toBe(true);
    expect(readFileSync(gz.file, 'utf8')).toMatch(/^#model_version/);
    await gz.cleanup();
  });

  it('reads file: URLs (a mirror on disk) and answers not modified when the file did not change', async () => {
    const path = join(tmpdir(), `feed-${process.pid}-kev.json`);
    writeFileSync(path, kev);
    const first = await fetchFeed(pathToFileURL(path).href, opts);
    if (first.status !== 'fetched') throw new Error('expected a file');
    await first.cleanup();
    expect((await fetchFeed(pathToFileURL(path).href, { ...opts, lastModified: first.lastModified })).status).toBe('not_modified');
  });

  it('refuses what it cannot or must not take, with a message: 404, timeout, size, gzip bomb, scheme, missing file', async () => {
    const cases: [string, Partial<typeof opts>, RegExp][] = [
      [`${base}/missing.json`, {}, /answered 404/],
      [`${base}/hang`, { timeoutMs: 300 }, /no answer within|not received within/],
      [`${base}/known_exploited_vulnerabilities.json`, { maxBytes: 100 }, /larger than 100 bytes/],
      [`${base}/bomb.csv.gz`, {}, /inflated file is larger than/],
      ['ftp://example.org/feed.json', {}, /unsupported URL scheme ftp:/],
      ['file:///nonexistent/feed.json', {}, /no file/],
      ['http://127.0.0.1:1/feed.json', {}, /could not connect/],
    ];
    for (const [url, o, message] of cases) {
      const error = await fetchFeed(url, { ...opts, ...o }).catch((e: unknown) => e);
      expect(error, url).toBeInstanceOf(FeedFetchError);
      expect((error as Error).message, url).toMatch(message);
    }
  });
});

describe('scheduled feeds', () => {
  it('only platform admins set feeds up; ISAO staff see them; nobody else does', async () => {
    const body = { name: 'CISA KEV', kind: 'vulndb', url: `${base}/known_exploited_vulnerabilities.json`, intervalMinutes: 60 };
    expect((await addFeed(coordinator, body)).statusCode).toBe(403);
    expect((await addFeed(maker, body)).statusCode).toBe(403);
    const res = await addFeed(admin, body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'vulndb', intervalMinutes: 60, enabled: true, running: false, lastRunAt: null });
    expect((await addFeed(admin, body)).statusCode).toBe(409);
    expect((await addFeed(admin, { ...body, url: 'javascript:alert(1)' })).statusCode).toBe(400);
    expect((await addFeed(admin, { ...body, url: `${base}/x`, intervalMinutes: 1 })).statusCode).toBe(400);
    expect((await feedsOf(coordinator)).map((f) => f.name)).toEqual(['CISA KEV']);
    expect((await maker.request('GET', '/api/v1/feeds')).statusCode).toBe(403);
  });

  it('imports what is due, then nothing until the interval passes; unchanged files are not imported again', async () => {
    for (const [name, path] of [
      ['EPSS', '/epss_scores-current.csv.gz'],
      ['GHSA lodash', '/GHSA-35jh-r3h4-6jhm.json'],
    ])
      expect((await addFeed(admin, { name, kind: 'vulndb', url: `${base}${path}`, intervalMinutes: 120 })).statusCode).toBe(201);
    expect(
      (await addFeed(admin, { name: 'ICSMA', kind: 'csaf', url: `${base}/icsma-24-254-01.json`, intervalMinutes: 60 })).statusCode,
    ).toBe(201);
    const first = await runDueFeeds(t.ctx);
    expect(first.map((r) => r.status)).toEqual(['imported', 'imported', 'imported', 'imported']);
    expect(await count('SELECT count(*)::int AS n FROM kev_entries')).toBe(2);
    expect(await count('SELECT count(*)::int AS n FROM epss_scores')).toBeGreaterThan(0);
    expect(await count("SELECT count(*)::int AS n FROM vuln_records WHERE id = 'GHSA-35jh-r3h4-6jhm'")).toBe(1);
    expect(await count("SELECT count(*)::int AS n FROM advisories WHERE tracking_id = 'ICSMA-24-254-01'")).toBe(1);
    const sources = await t.db.query<{ source: string }>('SELECT source FROM vulndb_imports ORDER BY started_at');
    // The feed's URL (it may carry a token) is not repeated in the import history every member sees.
    expect(sources.map((s) => s.source)).toContain('feed: CISA KEV');
    expect(sources.some((s) => s.source.includes(base))).toBe(false);

    expect(await runDueFeeds(t.ctx)).toEqual([]);
    t.clock.advance(61 * 60_000);
    const second = await runDueFeeds(t.ctx);
    // The hourly ones are due again; the server says 304 for both, so nothing is imported twice.
    expect(second.map((r) => r.status)).toEqual(['not_modified', 'not_modified']);
    admin = await signInClient(t.app, emails.admin, TEST_PASSWORD);
    const listed = await feedsOf(admin);
    const kevFeed = listed.find((f) => f.name === 'CISA KEV')!;
    expect(kevFeed).toMatchObject({ lastStatus: 'not_modified', consecutiveFailures: 0, running: false });
    expect(new Date(kevFeed.nextRunAt).getTime()).toBe(t.clock.now().getTime() + 60 * 60_000);
    expect(listed.find((f) => f.name === 'EPSS')!.lastMessage).toMatch(/EPSS \d+/);
    expect(listed.find((f) => f.name === 'ICSMA')!.lastStatus).toBe('not_modified');
    expect(listed.find((f) => f.name === 'EPSS')!.lastStatus).toBe('imported');
  });

  it('records a failure on the feed, retries it sooner with back-off, and keeps running the others', async () => {
    const res = await addFeed(admin, { name: 'Broken', kind: 'vulndb', url: `${base}/gone.json`, intervalMinutes: 1440 });
    const id = res.json().id as string;
    const results = await runDueFeeds(t.ctx);
    expect(results).toEqual([{ feedId: id, status: 'failed', message: expect.stringMatching(/answered 404/) }]);
    let feed = (await feedsOf(admin)).find((f) => f.id === id)!;
    expect(feed).toMatchObject({ lastStatus: 'failed', consecutiveFailures: 1 });
    expect(new Date(feed.nextRunAt).getTime() - t.clock.now().getTime()).toBe(15 * 60_000);
    t.clock.advance(15 * 60_000);
    await runDueFeeds(t.ctx);
    feed = (await feedsOf(admin)).find((f) => f.id === id)!;
    expect(feed.consecutiveFailures).toBe(2);
    expect(new Date(feed.nextRunAt).getTime() - t.clock.now().getTime()).toBe(30 * 60_000);
    // Disabled: never due.
    expect((await admin.request('PATCH', `/api/v1/feeds/${id}`, { enabled: false })).json().enabled).toBe(false);
    t.clock.advance(24 * 60 * 60_000);
    expect((await runDueFeeds(t.ctx)).map((r) => r.feedId)).not.toContain(id);
  });

  it('a feed is fetched by one runner at a time; a stale claim is taken over after the lease', async () => {
    const [feed] = await t.db.query<{ id: string }>("SELECT id FROM feed_sources WHERE name = 'CISA KEV'");
    const now = t.clock.now();
    expect(await claimFeed(t.db, now, feed!.id)).not.toBeNull();
    expect(await claimFeed(t.db, now, feed!.id)).toBeNull();
    expect((await admin.request('POST', `/api/v1/feeds/${feed!.id}/run`)).statusCode).toBe(409);
    expect(await claimFeed(t.db, new Date(now.getTime() + 61 * 60_000), feed!.id)).not.toBeNull();
    await t.db.query('UPDATE feed_sources SET running_since = NULL WHERE id = $1', [feed!.id]);
  });

  it('"fetch now" runs in the background and is audited; deleting a feed keeps what it imported', async () => {
    const [feed] = await t.db.query<{ id: string }>("SELECT id FROM feed_sources WHERE name = 'GHSA lodash'");
    const hitsBefore = hits['/GHSA-35jh-r3h4-6jhm.json'] ?? 0;
    expect((await maker.request('POST', `/api/v1/feeds/${feed!.id}/run`)).statusCode).toBe(403);
    const res = await coordinator.request('POST', `/api/v1/feeds/${feed!.id}/run`);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().running).toBe(true);
    for (let i = 0; i < 100 && (await feedsOf(admin)).find((f) => f.id === feed!.id)!.running; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect((await feedsOf(admin)).find((f) => f.id === feed!.id)).toMatchObject({ running: false, lastStatus: 'not_modified' });
    expect(hits['/GHSA-35jh-r3h4-6jhm.json']).toBe(hitsBefore + 1);
    expect(await count("SELECT count(*)::int AS n FROM audit_events WHERE action = 'feed.run_requested'")).toBe(1);
    expect((await coordinator.request('DELETE', `/api/v1/feeds/${feed!.id}`)).statusCode).toBe(403);
    expect((await admin.request('DELETE', `/api/v1/feeds/${feed!.id}`)).statusCode).toBe(200);
    expect(await count("SELECT count(*)::int AS n FROM vuln_records WHERE id = 'GHSA-35jh-r3h4-6jhm'")).toBe(1);
    expect((await admin.request('DELETE', `/api/v1/feeds/${feed!.id}`)).statusCode).toBe(404);
  });
});
