/**
 * Cached reads (sessions, API tokens, notice pages) must never outlive a change: every test here changes something a
 * cached answer depended on and expects the very next request to see it. Runs on both engines; on PostgreSQL it also
 * checks that a change another node commits reaches this node's cache through the change trigger.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHED_READ_TABLES, readCacheStats } from '../../src/server/db/read-cache.ts';
import { openPostgres } from '../../src/server/db/client.ts';
import { TEST_PASSWORD, makeGroup, makeOrg, makePerson } from '../support/factories.ts';
import { type Client, type TestApp, createTestApp, signInClient } from '../support/test-app.ts';
import { testPostgresUrl, withDatabase } from '../support/test-database.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const entriesOf = (name: string) => readCacheStats(t.db.changes).find((c) => c.name === name)?.entries ?? 0;
const titles = async (c: Client) => {
  const res = await c.request('GET', '/api/v1/notices?limit=100');
  expect(res.statusCode).toBe(200);
  return res.json<{ items: { title: string }[] }>().items.map((i) => i.title);
};
const share = async (c: Client, body: Record<string, unknown>) => {
  const res = await c.request('POST', '/api/v1/notices', { body: 'Details for members.', ...body });
  expect(res.statusCode, res.body).toBe(201);
};

describe('cached reads', () => {
  it('every table a cached read depends on has the change trigger, and nothing cascades into them from elsewhere', async () => {
    const triggers = await t.db.query<{ table: string }>(
      `SELECT c.relname AS table FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid WHERE g.tgname = 'isao_changes'`,
    );
    expect(triggers.map((r) => r.table).sort()).toEqual([...CACHED_READ_TABLES].sort());
    const cascades = await t.db.query<{ child: string; parent: string }>(
      `SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent FROM pg_constraint
        WHERE contype = 'f' AND conrelid::regclass::text = ANY($1) AND (confdeltype <> 'a' OR confupdtype <> 'a')`,
      [CACHED_READ_TABLES],
    );
    for (const c of cascades) expect(CACHED_READ_TABLES, `${c.child} cascades from ${c.parent}`).toContain(c.parent);
  });

  it('a notice page follows every change at once: new notices, group membership, embargoes', async () => {
    const maker = await makeOrg(t.db, 'manufacturer');
    const hospital = await makeOrg(t.db, 'hdo');
    const author = await makePerson(t.db, maker.id, ['org_admin', 'analyst']);
    const reader = await makePerson(t.db, hospital.id, ['analyst']);
    const group = await makeGroup(t.db, maker.id, author.id, [hospital.id]);
    const a = await signInClient(t.app, author.email, TEST_PASSWORD);
    const r = await signInClient(t.app, reader.email, TEST_PASSWORD);

    await share(a, { title: 'Cache: for members', tlp: 'GREEN', audience: 'members' });
    expect(await titles(r)).toContain('Cache: for members');
    expect(await titles(r)).toContain('Cache: for members'); // now from the cache
    expect(entriesOf('notice-pages')).toBeGreaterThan(0);
    expect(entriesOf('sessions-actors')).toBeGreaterThan(0);
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(Number(/isao_read_cache_hits_total\{cache="notice-pages"\} (\d+)/.exec(metrics.body)?.[1])).toBeGreaterThan(0);
    expect(metrics.body).toMatch(/isao_read_cache_entries\{cache="sessions-actors"\} [1-9]/);
    await share(a, { title: 'Cache: for the group', tlp: 'AMBER', audience: 'group', groupId: group.id });
    expect(await titles(r)).toContain('Cache: for the group');

    const removed = await a.request('DELETE', `/api/v1/sharing-groups/${group.id}/members/${hospital.id}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(await titles(r)).not.toContain('Cache: for the group');

    const until = new Date(t.clock.now().getTime() + 20 * 60_000).toISOString();
    await share(a, { title: 'Cache: embargoed', tlp: 'GREEN', audience: 'members', embargoUntil: until });
    expect(await titles(r)).not.toContain('Cache: embargoed');
    expect(await titles(r)).not.toContain('Cache: embargoed');
    t.clock.advance(20 * 60_000 + 1); // no write: the page expires by the clock (the session stays within its idle time)
    expect(await titles(r)).toContain('Cache: embargoed');
  });

  it('a session or token stops working at the first request after it is revoked, disabled or suspended', async () => {
    const org = await makeOrg(t.db, 'hdo');
    const admin = await makePerson(t.db, org.id, ['org_admin']);
    const person = await makePerson(t.db, org.id, ['analyst']);
    const adminClient = await signInClient(t.app, admin.email, TEST_PASSWORD);

    // Sign-out revokes the session.
    const first = await signInClient(t.app, person.email, TEST_PASSWORD);
    expect((await first.request('GET', '/api/v1/me')).statusCode).toBe(200);
    expect((await first.request('GET', '/api/v1/me')).statusCode).toBe(200);
    expect((await first.request('POST', '/api/v1/auth/logout')).statusCode).toBeLessThan(300);
    expect((await first.request('GET', '/api/v1/me')).statusCode).toBe(401);

    // An API token, revoked.
    const second = await signInClient(t.app, person.email, TEST_PASSWORD);
    const created = await second.request('POST', '/api/v1/me/tokens', { name: 'cache test', scopes: ['read'], expiresInDays: 1 });
    expect(created.statusCode, created.body).toBe(201);
    const { token, item } = created.json<{ token: string; item: { id: string } }>();
    const bearer = () => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect((await bearer()).statusCode).toBe(200); // records the use: a write
    expect((await bearer()).statusCode).toBe(200);
    expect(entriesOf('api_tokens-actors')).toBeGreaterThan(0);
    expect((await second.request('DELETE', `/api/v1/me/tokens/${item.id}`)).statusCode).toBe(200);
    expect((await bearer()).statusCode).toBe(401);

    // Roles change at once; then the person is disabled by their admin.
    expect((await second.request('GET', '/api/v1/me')).json().person.roles).toEqual(['analyst']);
    expect((await adminClient.request('PATCH', `/api/v1/people/${person.id}`, { roles: ['read_only'] })).statusCode).toBe(200);
    expect((await second.request('GET', '/api/v1/me')).json().person.roles).toEqual(['read_only']);
    expect((await adminClient.request('PATCH', `/api/v1/people/${person.id}`, { status: 'disabled' })).statusCode).toBe(200);
    expect((await second.request('GET', '/api/v1/me')).statusCode).toBe(401);

    // A change made in SQL through the same database (as the CLI does) counts too.
    expect((await adminClient.request('GET', '/api/v1/me')).statusCode).toBe(200);
    await t.db.query("UPDATE organisations SET status = 'suspended' WHERE id = $1", [org.id]);
    expect((await adminClient.request('GET', '/api/v1/me')).statusCode).toBe(401);
  });

  it.runIf(testPostgresUrl)('reconnects its listener after PostgreSQL ends the connection, with the caches off meanwhile', async () => {
    const waitFor = async (ok: () => boolean) => {
      const deadline = Date.now() + 10_000;
      while (!ok() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return ok();
    };
    expect(t.db.changes.current(['people'])).not.toBeNull();
    // The listener is the connection that ran LISTEN, then sends the heartbeat (a restart or an administrator ends it
    // the same way).
    const ended = await t.db.query<{ ok: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND (query LIKE 'LISTEN %' OR query LIKE '%pg_notify(%')`,
    );
    expect(ended.length).toBeGreaterThan(0);
    expect(await waitFor(() => t.db.changes.current(['people']) === null)).toBe(true);
    expect(await waitFor(() => t.db.changes.current(['people']) !== null)).toBe(true);
    // Listening again: a change another connection commits is heard.
    const [current] = await t.db.query<{ name: string }>('SELECT current_database() AS name');
    const other = openPostgres(withDatabase(testPostgresUrl!, current!.name), { max: 1 });
    try {
      const before = t.db.changes.current(['organisations']);
      await other.query("UPDATE organisations SET name = name WHERE kind = 'hdo'");
      expect(await waitFor(() => t.db.changes.current(['organisations']) !== before)).toBe(true);
    } finally {
      await other.close();
    }
  });

  it.runIf(testPostgresUrl)('stops vouching for its caches when its listener goes silent without an error (PostgreSQL)', async () => {
    // A TCP proxy that can stop forwarding without closing anything: a connection dropped silently by the network.
    const links: { frozen: boolean }[] = [];
    const target = new URL(testPostgresUrl!);
    const proxy = net.createServer((client) => {
      const server = net.connect(Number(target.port || 5432), target.hostname);
      const link = { frozen: false };
      links.push(link);
      client.on('data', (d) => void (link.frozen || server.write(d)));
      server.on('data', (d) => void (link.frozen || client.write(d)));
      for (const s of [client, server]) s.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const [current] = await t.db.query<{ name: string }>('SELECT current_database() AS name');
    const viaProxy = new URL(withDatabase(testPostgresUrl!, current!.name));
    viaProxy.host = `127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
    const node = openPostgres(viaProxy.toString(), { max: 1 });
    try {
      await node.listenForChanges();
      expect(node.changes.current(['organisations'])).not.toBeNull();
      for (const link of links) link.frozen = true;
      await new Promise((r) => setTimeout(r, 3500)); // longer than HEARD_WITHIN_MS without a heartbeat
      expect(node.changes.current(['organisations'])).toBeNull();
    } finally {
      for (const link of links) link.frozen = false;
      proxy.close();
      await Promise.race([node.close(), new Promise((r) => setTimeout(r, 2000))]);
    }
  });

  it.runIf(testPostgresUrl)('hears what another node commits (PostgreSQL: the change trigger and LISTEN)', async () => {
    const [current] = await t.db.query<{ name: string }>('SELECT current_database() AS name');
    const other = openPostgres(withDatabase(testPostgresUrl!, current!.name), { max: 1 });
    try {
      const org = await makeOrg(t.db, 'hdo');
      const person = await makePerson(t.db, org.id, ['analyst']);
      const c = await signInClient(t.app, person.email, TEST_PASSWORD);
      expect((await c.request('GET', '/api/v1/me')).statusCode).toBe(200);
      expect((await c.request('GET', '/api/v1/me')).statusCode).toBe(200);
      const before = t.db.changes.current(['people']);
      expect(before).not.toBeNull();
      // Another node disables the person: this node hears it within moments, without writing anything itself.
      await other.query("UPDATE people SET status = 'disabled' WHERE id = $1", [person.id]);
      const deadline = Date.now() + 5000;
      while (t.db.changes.current(['people']) === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(t.db.changes.current(['people'])).not.toBe(before);
      expect((await c.request('GET', '/api/v1/me')).statusCode).toBe(401);
      // A write to a table no cached read uses is not announced.
      const heard = t.db.changes.current(['people']);
      await other.query('UPDATE schema_migrations SET applied_at = applied_at');
      await new Promise((r) => setTimeout(r, 200));
      expect(t.db.changes.current(['people'])).toBe(heard);
    } finally {
      await other.close();
    }
  });

  it('every cache that depends on a table also depends on the tables whose changes cascade into it', async () => {
    const cascades = await t.db.query<{ child: string; parent: string }>(
      `SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent FROM pg_constraint
        WHERE contype = 'f' AND conrelid::regclass::text = ANY($1) AND (confdeltype <> 'a' OR confupdtype <> 'a')`,
      [CACHED_READ_TABLES],
    );
    const stats = readCacheStats(t.db.changes);
    expect(stats.map((c) => c.name).sort()).toEqual(['api_tokens-actors', 'next-embargo-end', 'notice-pages', 'sessions-actors']);
    for (const cache of stats)
      for (const c of cascades)
        if (cache.dependsOn.includes(c.child as never))
          expect(cache.dependsOn, `${cache.name}: ${c.parent} cascades into ${c.child}`).toContain(c.parent);
  });

  it('with ISAO_READ_CACHE=0 answers the same and keeps nothing', async () => {
    const off = await createTestApp({ env: { ISAO_READ_CACHE: '0' } });
    try {
      const org = await makeOrg(off.db, 'hdo');
      const c = await signInClient(off.app, (await makePerson(off.db, org.id, ['analyst'])).email, TEST_PASSWORD);
      for (let i = 0; i < 3; i++) {
        expect((await c.request('GET', '/api/v1/me')).statusCode).toBe(200);
        expect((await c.request('GET', '/api/v1/notices?limit=10')).statusCode).toBe(200);
      }
      const stats = readCacheStats(off.db.changes);
      expect(stats.reduce((n, s) => n + s.hits + s.entries, 0)).toBe(0);
    } finally {
      await off.close();
    }
  });
});
