import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type Db } from '../../src/server/db/client.ts';
import { startServe, type ServerProcess } from '../support/cli.ts';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';
import { openStream, type StreamClient } from '../support/stream-client.ts';
import { createPostgresDatabase, postgresReachable } from '../support/test-database.ts';

// Two real `isao serve` processes on different ports, one PostgreSQL database, one NATS: a post made on node A reaches
// a client connected to node B; when node B is killed its client resumes on node A from its last event id.
const url = process.env.ISAO_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const natsUrl = process.env.ISAO_TEST_NATS_URL || 'nats://127.0.0.1:4222';
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let reachable = false;
let shared: Db;
let dbUrl: string;
const nodes: ServerProcess[] = [];
const streams: StreamClient[] = [];

beforeAll(async () => {
  reachable = await postgresReachable(url);
  if (!reachable) return;
  shared = await createPostgresDatabase(url, 'isao_live');
  const name = (await shared.query<{ d: string }>('SELECT current_database() AS d'))[0]!.d;
  const u = new URL(url);
  u.pathname = `/${name}`;
  dbUrl = u.toString();
}, 60_000);

afterAll(async () => {
  for (const s of streams) await s.close().catch(() => undefined);
  for (const n of nodes) await n.stop().catch(() => undefined);
  await shared?.close();
});

async function signIn(base: string, email: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = /isao_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
  return { cookie, csrf: ((await res.json()) as Json).csrfToken as string };
}

async function call(base: string, who: { cookie: string; csrf: string }, method: string, path: string, body?: unknown): Promise<Json> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { cookie: `isao_session=${who.cookie}`, 'x-csrf-token': who.csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as Json;
}

describe('live delivery across two nodes (PostgreSQL + NATS JetStream)', () => {
  it('delivers a post made on node A to a client on node B, and resumes on A after B is killed', async (test) => {
    if (!reachable) test.skip(); // every CI run has PostgreSQL and NATS
    const env = (port: number) => ({
      DATABASE_URL: dbUrl,
      NATS_URL: natsUrl,
      PORT: String(port),
      ISAO_HOST: '127.0.0.1',
      ISAO_DEMO: '0',
      ISAO_ADMIN_EMAIL: 'ops@isao.example',
      ISAO_ADMIN_PASSWORD: 'a long operator passphrase',
      ISAO_FEED_CHECK_SECONDS: '0',
    });
    const portA = 20000 + Math.floor(Math.random() * 20000);
    const a = await startServe(env(portA));
    nodes.push(a);
    const b = await startServe(env(portA + 1));
    nodes.push(b);
    const baseA = `http://127.0.0.1:${portA}`;
    const baseB = `http://127.0.0.1:${portA + 1}`;

    const db = openPostgres(dbUrl, { max: 2 });
    const operator = (await db.query<{ id: string }>("SELECT id FROM organisations WHERE kind = 'operator'"))[0]!;
    const maker = await makePerson(db, (await makeOrg(db, 'manufacturer', { name: 'Acme Infusion' })).id, ['analyst']);
    const hdo = await makeOrg(db, 'hdo', { name: 'General Hospital' });
    const nurse = await makePerson(db, hdo.id, ['analyst']);
    const third = await makePerson(db, (await makeOrg(db, 'manufacturer', { name: 'Blue Pumps' })).id, ['analyst']);
    const coordinator = await makePerson(db, operator.id, ['coordinator']);
    await db.close();

    const coord = await signIn(baseA, coordinator.email);
    const makerA = await signIn(baseA, maker.email);
    const nurseB = await signIn(baseB, nurse.email);
    const thirdB = await signIn(baseB, third.email);
    const channel = await call(baseA, coord, 'POST', '/api/v1/forum/channels', { name: 'Pumps', kind: 'topic' });
    const thread = await call(baseA, makerA, 'POST', `/api/v1/forum/channels/${channel.id}/threads`, {
      title: 'Telnet on pumps',
      body: 'first',
      tlp: 'AMBER',
      audience: 'orgs',
      recipientOrgIds: [hdo.id],
    });

    const onB = await openStream(baseB, { cookie: nurseB.cookie });
    const thirdOnB = await openStream(baseB, { cookie: thirdB.cookie });
    streams.push(onB, thirdOnB);
    const p1 = await call(baseA, makerA, 'POST', `/api/v1/forum/threads/${thread.thread.id}/posts`, { body: 'AMBER-LIVE-1' });
    const f1 = await onB.waitFor((f) => f.type === 'event' && f.data.postId === p1.id, 10_000);
    expect(f1.data.post.body).toBe('AMBER-LIVE-1');

    // Node B dies; a post is made meanwhile; the client reconnects to node A with its last id and gets it.
    b.child.kill('SIGKILL');
    await new Promise<void>((resolve) =>
      onB.socket.readyState === onB.socket.CLOSED ? resolve() : onB.socket.once('close', () => resolve()),
    );
    const p2 = await call(baseA, makerA, 'POST', `/api/v1/forum/threads/${thread.thread.id}/posts`, { body: 'AMBER-LIVE-2' });
    const resumed = await openStream(baseA, { cookie: nurseB.cookie }, onB.lastId());
    streams.push(resumed);
    const f2 = await resumed.waitFor((f) => f.type === 'event' && f.data.postId === p2.id, 10_000);
    expect(f2.id).toBeGreaterThan(f1.id);
    const p3 = await call(baseA, makerA, 'POST', `/api/v1/forum/threads/${thread.thread.id}/posts`, { body: 'AMBER-LIVE-3' });
    await resumed.waitFor((f) => f.type === 'event' && f.data.postId === p3.id, 10_000);
    const ids = [...onB.events(), ...resumed.events()].map((f) => f.id as number);
    expect(new Set(ids).size).toBe(ids.length); // no duplicates across the reconnect
    expect(JSON.stringify(thirdOnB.frames)).not.toContain('AMBER-LIVE');
  }, 120_000);
});
