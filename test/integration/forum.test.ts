import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/modules/audit/index.ts';
import { TEST_PASSWORD, makeGroup, makeOrg, makePerson } from '../support/factories.ts';
import { type StreamClient, openStream } from '../support/stream-client.ts';
import { type Client, type TestApp, createTestApp, signInClient } from '../support/test-app.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp;
let base: string;
let coordinator: Client;
let admin: Client;
let maker: Client; // manufacturer A analyst
let makerPerson: { id: string; name: string };
let hospital: Client; // hospital A analyst
let outsider: Client; // manufacturer B analyst: never a recipient
let reader: Client; // manufacturer A read-only
let orgs: { a: string; b: string; hdo: string };
let channelId: string;
let threadId: string;
const streams: StreamClient[] = [];

const json = (res: { statusCode: number; body: string }, status = 200): Json => {
  expect(res.statusCode, res.body).toBe(status);
  return JSON.parse(res.body) as Json;
};
const marker = 'QZX-CANARY-7731';

beforeAll(async () => {
  t = await createTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const operator = await makeOrg(t.db, 'operator', { name: 'The ISAO' });
  coordinator = await signInClient(t.app, (await makePerson(t.db, operator.id, ['coordinator'])).email, TEST_PASSWORD);
  admin = await signInClient(t.app, (await makePerson(t.db, operator.id, ['platform_admin'])).email, TEST_PASSWORD);
  const a = await makeOrg(t.db, 'manufacturer', { name: 'Acme Infusion' });
  const b = await makeOrg(t.db, 'manufacturer', { name: 'Blue Pumps' });
  const hdo = await makeOrg(t.db, 'hdo', { name: 'General Hospital' });
  orgs = { a: a.id, b: b.id, hdo: hdo.id };
  const mp = await makePerson(t.db, a.id, ['analyst'], { name: 'Mara Maker' });
  makerPerson = mp;
  maker = await signInClient(t.app, mp.email, TEST_PASSWORD);
  const hp = await makePerson(t.db, hdo.id, ['analyst'], { name: 'Hal Hospital' });
  hospital = await signInClient(t.app, hp.email, TEST_PASSWORD);
  outsider = await signInClient(t.app, (await makePerson(t.db, b.id, ['analyst'])).email, TEST_PASSWORD);
  reader = await signInClient(t.app, (await makePerson(t.db, a.id, ['read_only'])).email, TEST_PASSWORD);
  channelId = json(
    await coordinator.request('POST', '/api/v1/forum/channels', {
      name: 'Infusion pumps',
      kind: 'device_class',
      deviceClass: 'infusion pumps',
    }),
    201,
  ).id;
}, 60_000);

afterAll(async () => {
  for (const s of streams) await s.close();
  await t?.close();
});

const stream = async (c: Client, after?: number) => {
  const s = await openStream(base, { cookie: c.cookie }, after);
  streams.push(s);
  return s;
};

describe('forum threads under TLP:AMBER to named organisations', () => {
  it('starts a thread only the named organisations can see, anywhere', async () => {
    const view = json(
      await maker.request('POST', `/api/v1/forum/channels/${channelId}/threads`, {
        title: `Pump telnet exposure ${marker}`,
        body: `We see telnet open on port 23 of **VitaFlow** pumps ${marker}. @org:${orgs.hdo}`,
        tlp: 'AMBER',
        audience: 'orgs',
        recipientOrgIds: [orgs.hdo],
      }),
      201,
    );
    threadId = view.thread.id;
    expect(view.thread.tlp).toBe('AMBER');
    expect(view.posts).toHaveLength(1);
    expect(view.posts[0].html).toContain('<strong>VitaFlow</strong>');
    expect(view.posts[0].html).toContain('@General Hospital');

    const seen = json(await hospital.request('GET', `/api/v1/forum/threads/${threadId}`));
    expect(seen.posts[0].body).toContain(marker);
    expect(seen.posts[0].isNew).toBe(true);

    // The third organisation: not in the channel list counts, not in the channel, 404, not in search, no export.
    const list = json(await outsider.request('GET', `/api/v1/forum/channels/${channelId}`));
    expect(JSON.stringify(list)).not.toContain(marker);
    expect(list.channel.threads).toBe(0);
    expect((await outsider.request('GET', `/api/v1/forum/threads/${threadId}`)).statusCode).toBe(404);
    expect((await outsider.request('GET', `/api/v1/forum/threads/${threadId}/export`)).statusCode).toBe(404);
    expect(JSON.stringify(json(await outsider.request('GET', `/api/v1/forum/search?q=telnet`)))).not.toContain(marker);
    expect((await outsider.request('POST', `/api/v1/forum/threads/${threadId}/posts`, { body: 'hello' })).statusCode).toBe(404);
    const found = json(await hospital.request('GET', `/api/v1/forum/search?q=telnet`));
    expect(found.items.map((i: Json) => i.threadId)).toContain(threadId);
    expect(found.items[0].snippet).toContain('««');
  });

  it('mentions notify the mentioned organisation people who can read it', async () => {
    const notes = json(await hospital.request('GET', '/api/v1/notifications'));
    expect(notes.items.some((n: Json) => n.kind === 'mention' && n.threadId === threadId)).toBe(true);
    expect(json(await outsider.request('GET', '/api/v1/notifications')).items).toHaveLength(0);
  });

  it('delivers replies live to readers and to nobody else, and replays what a reconnecting client missed', async () => {
    const hs = await stream(hospital);
    const os = await stream(outsider);
    const reply = json(
      await maker.request('POST', `/api/v1/forum/threads/${threadId}/posts`, { body: `Firmware 4.2 closes it ${marker}-2` }),
      201,
    );
    const frame = await hs.waitFor((f) => f.type === 'event' && f.event === 'post.created' && f.data.postId === reply.id);
    expect(frame.data.post.body).toContain(`${marker}-2`);
    expect(frame.data.threadId).toBe(threadId);
    await t.ctx.events.caughtUp(frame.id);
    expect(JSON.stringify(os.frames)).not.toContain(marker);

    // Resume: events after a given id come back in order, without gaps or duplicates.
    const before = frame.id - 1;
    const again = await stream(hospital, before);
    const replay = await again.waitFor((f) => f.type === 'event' && f.id === frame.id);
    expect(replay.data.postId).toBe(reply.id);
    const ids = again.events().map((f) => f.id as number);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
  });

  it('keeps edits as visible history and a reply never wider than its thread', async () => {
    const p = json(await hospital.request('POST', `/api/v1/forum/threads/${threadId}/posts`, { body: 'We see this on 40 pumps too' }), 201);
    expect(p.tlp).toBe('AMBER');
    expect(p.contributorLabel).toBe('General Hospital');
    // Opening the label is refused; a stricter one is fine.
    expect((await hospital.request('POST', `/api/v1/forum/threads/${threadId}/posts`, { body: 'x', tlp: 'GREEN' })).statusCode).toBe(400);
    const edited = json(await hospital.request('PATCH', `/api/v1/forum/posts/${p.id}`, { body: 'We see this on 41 pumps too' }));
    expect(edited.revisions).toBe(1);
    const revs = json(await maker.request('GET', `/api/v1/forum/posts/${p.id}/revisions`));
    expect(revs.items[0].body).toBe('We see this on 40 pumps too');
    expect((await maker.request('PATCH', `/api/v1/forum/posts/${p.id}`, { body: 'not mine' })).statusCode).toBe(403);
    // Maker's org (the thread's) can read the hospital's reply; the outsider cannot.
    const seen = json(await maker.request('GET', `/api/v1/forum/threads/${threadId}`));
    expect(seen.posts.map((x: Json) => x.id)).toContain(p.id);
    const reacted = json(await maker.request('PUT', `/api/v1/forum/posts/${p.id}/reactions/seen_too`));
    expect(reacted.reactions).toEqual([{ reaction: 'seen_too', count: 1, mine: true }]);
    expect((await reader.request('POST', `/api/v1/forum/threads/${threadId}/posts`, { body: 'read only' })).statusCode).toBe(403);
  });

  it('retracts everywhere: live, the thread, search, export, replay; recipients are told and acknowledge', async () => {
    const secret = `${marker}-RETRACT`;
    const p = json(await maker.request('POST', `/api/v1/forum/threads/${threadId}/posts`, { body: `Wrong serial numbers ${secret}` }), 201);
    json(await hospital.request('GET', `/api/v1/forum/threads/${threadId}`));
    const last = json(await hospital.request('GET', `/api/v1/forum/threads/${threadId}`)).posts.at(-1).position;
    json(await hospital.request('POST', `/api/v1/forum/threads/${threadId}/read`, { position: last }));
    const hs = await stream(hospital);
    const retracted = json(await maker.request('POST', `/api/v1/forum/posts/${p.id}/retract`, { reason: 'Posted the wrong serials' }));
    expect(retracted.retracted.reason).toBe('Posted the wrong serials');
    expect(retracted.body).toBe('');
    const frame = await hs.waitFor((f) => f.type === 'event' && f.event === 'post.retracted' && f.data.postId === p.id);
    expect(frame.data.reason).toBe('Posted the wrong serials');
    await hs.waitFor((f) => f.type === 'event' && f.event === 'notification.created' && f.data.notification.kind === 'retraction');

    const view = json(await hospital.request('GET', `/api/v1/forum/threads/${threadId}`));
    expect(JSON.stringify(view)).not.toContain(secret);
    expect(JSON.stringify(json(await hospital.request('GET', `/api/v1/forum/search?q=serial`)))).not.toContain(secret);
    const exported = json(await hospital.request('GET', `/api/v1/forum/threads/${threadId}/export`));
    expect(JSON.stringify(exported)).not.toContain(secret);
    expect(exported.retracted.map((r: Json) => r.id)).toContain(p.id);
    const replay = await stream(hospital, 0);
    await replay.waitFor((f) => f.type === 'event' && f.event === 'post.retracted' && f.data.postId === p.id);
    expect(JSON.stringify(replay.frames)).not.toContain(secret);
    const rows = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE payload::text LIKE $1`, [`%${secret}%`]);
    expect(rows[0]!.n).toBe(0);

    json(await hospital.request('POST', `/api/v1/forum/posts/${p.id}/acknowledge`));
    const acked = json(await hospital.request('GET', `/api/v1/forum/threads/${threadId}`)).posts.find((x: Json) => x.id === p.id);
    expect(acked.retracted.acknowledged).toBe(true);
  });

  it('orders concurrent replies: dense positions, events in commit order, each delivered once, the audit chain intact', async () => {
    const hs = await stream(hospital);
    const before = json(await hospital.request('GET', `/api/v1/forum/threads/${threadId}`)).posts.at(-1).position as number;
    const bodies = Array.from({ length: 12 }, (_, i) => `Concurrent note ${i} ${marker}-C`);
    const made = await Promise.all(
      bodies.map(async (body, i) =>
        json(await (i % 2 ? hospital : maker).request('POST', `/api/v1/forum/threads/${threadId}/posts`, { body }), 201),
      ),
    );
    const positions = made.map((p) => p.position as number).sort((x, y) => x - y);
    expect(positions).toEqual(Array.from({ length: 12 }, (_, i) => before + 1 + i));

    const rows = await t.db.query<{ id: number; post_id: string }>(
      "SELECT id, post_id FROM events WHERE type = 'post.created' AND thread_id = $1 ORDER BY id",
      [threadId],
    );
    const positionOf = new Map(made.map((p) => [p.id as string, p.position as number]));
    const logged = rows.filter((r) => positionOf.has(r.post_id));
    expect(logged.map((r) => positionOf.get(r.post_id))).toEqual(positions); // the log's order is the thread's order
    const all = await t.db.query<{ id: number }>('SELECT id FROM events ORDER BY id');
    expect(all.map((r) => r.id)).toEqual(all.map((_, i) => i + 1)); // dense ids

    const lastId = logged.at(-1)!.id;
    await hs.waitFor((f) => f.type === 'event' && f.id === lastId);
    const seen = hs.events().filter((f) => f.event === 'post.created' && positionOf.has(f.data.postId));
    expect(seen.map((f) => f.data.post.position)).toEqual(positions);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});

describe('anonymous posting through the ISAO', () => {
  it('shows "a member hospital" to others, the organisation to itself, and reveals only to platform admins, audited', async () => {
    const topic = json(await coordinator.request('POST', '/api/v1/forum/channels', { name: 'Ransomware', kind: 'topic' }), 201).id;
    const view = json(
      await hospital.request('POST', `/api/v1/forum/channels/${topic}/threads`, {
        title: 'Ransomware note seen in radiology',
        body: 'Details inside',
        tlp: 'GREEN',
        audience: 'members',
        anonymous: true,
      }),
      201,
    );
    const postId = view.posts[0].id;
    const other = json(await maker.request('GET', `/api/v1/forum/threads/${view.thread.id}`));
    expect(other.thread.contributorLabel).toBe('a member hospital');
    expect(other.thread.contributor).toBeNull();
    expect(JSON.stringify(other)).not.toContain('General Hospital');
    expect(JSON.stringify(other)).not.toContain('Hal Hospital');
    expect((await coordinator.request('POST', `/api/v1/forum/posts/${postId}/reveal`)).statusCode).toBe(403);
    const who = json(await admin.request('POST', `/api/v1/forum/posts/${postId}/reveal`));
    expect(who.orgName).toBe('General Hospital');
    const audit = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_events WHERE action = 'anonymity.revealed' AND target_id = $1",
      [postId],
    );
    expect(audit[0]!.n).toBe(1);
    // The live frame hides the contributor from other organisations.
    const ms = await stream(maker);
    const reply = json(
      await hospital.request('POST', `/api/v1/forum/threads/${view.thread.id}/posts`, { body: 'more', anonymous: true }),
      201,
    );
    const frame = await ms.waitFor((f) => f.type === 'event' && f.data.postId === reply.id);
    expect(frame.data.post.contributor).toBeNull();
    expect(JSON.stringify(frame)).not.toContain('General Hospital');
  });
});

describe('group channels and access changes', () => {
  it('a removed organisation stops receiving at once', async () => {
    const group = await makeGroup(t.db, orgs.a, makerPerson.id, [orgs.hdo, orgs.b]);
    // Memberships are loaded at sign-in: sign in again to carry the group.
    const m = await signInClient(
      t.app,
      (await t.db.query<{ email: string }>('SELECT email FROM people WHERE id = $1', [makerPerson.id]))[0]!.email,
      TEST_PASSWORD,
    );
    const adminA = await makePerson(t.db, orgs.a, ['org_admin']);
    const adminAClient = await signInClient(t.app, adminA.email, TEST_PASSWORD);
    const ch = json(
      await adminAClient.request('POST', '/api/v1/forum/channels', { name: 'Acme customers', kind: 'group', groupId: group.id }),
      201,
    );
    const b = await signInClient(t.app, (await makePerson(t.db, orgs.b, ['analyst'])).email, TEST_PASSWORD);
    const view = json(
      await m.request('POST', `/api/v1/forum/channels/${ch.id}/threads`, {
        title: 'Group thread',
        body: 'first',
        tlp: 'AMBER',
        audience: 'group',
      }),
      201,
    );
    const bs = await stream(b);
    const p1 = json(await m.request('POST', `/api/v1/forum/threads/${view.thread.id}/posts`, { body: 'while B is in' }), 201);
    await bs.waitFor((f) => f.type === 'event' && f.data.postId === p1.id);
    json(await adminAClient.request('DELETE', `/api/v1/sharing-groups/${group.id}/members/${orgs.b}`));
    const p2 = json(await m.request('POST', `/api/v1/forum/threads/${view.thread.id}/posts`, { body: 'after B left GONE-7' }), 201);
    const events = await t.db.query<{ id: number }>('SELECT max(id)::int AS id FROM events');
    await t.ctx.events.caughtUp(events[0]!.id);
    await new Promise((r) => setTimeout(r, 100));
    expect(JSON.stringify(bs.frames)).not.toContain('GONE-7');
    expect(bs.events().some((f) => f.data.postId === p2.id)).toBe(false);
    expect((await b.request('GET', `/api/v1/forum/threads/${view.thread.id}`)).statusCode).toBe(404);
  });
});

describe('stream abuse', () => {
  it('refuses unauthenticated and cross-site upgrades before upgrading', async () => {
    await expect(openStream(base, {})).rejects.toThrow(/401/);
    const WebSocket = (await import('ws')).default;
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${base.replace('http', 'ws')}/api/v1/stream`, {
        headers: { cookie: `isao_session=${hospital.cookie}`, origin: 'https://evil.example' },
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(refused).toBe(403);
    expect((await hospital.request('GET', '/api/v1/stream')).statusCode).toBe(400);
    expect((await hospital.request('GET', '/api/v1/stream?after=abc', undefined, { upgrade: 'websocket' })).statusCode).toBe(400);
  });

  it('closes a client that sends oversized frames or floods', async () => {
    const s = await stream(hospital);
    const closed = new Promise<number>((resolve) => s.socket.on('close', (code) => resolve(code)));
    s.socket.send('x'.repeat(10_000));
    expect(await closed).toBe(1009);
    const f = await stream(hospital);
    const closed2 = new Promise<number>((resolve) => f.socket.on('close', (code) => resolve(code)));
    for (let i = 0; i < 40; i++) f.socket.send(JSON.stringify({ type: 'ping' }));
    expect(await closed2).toBe(1008);
  });

  it('refuses more than 20 open streams per person, with a 429 before the upgrade', async () => {
    // The read-only member has no stream open yet.
    const open = await Promise.all(Array.from({ length: 20 }, () => stream(reader)));
    const extra = await openStream(base, { cookie: reader.cookie }).then(
      () => 'opened',
      (err: Error) => err.message,
    );
    expect(extra).toMatch(/429/);
    for (const s of open) await s.close();
  });

  it('hostile Markdown is rendered inert', async () => {
    const p = json(
      await hospitalPost(
        `<script>alert(1)</script> [x](javascript:alert(1)) ![i](https://evil.example/t.png) <img src=x onerror=alert(1)>`,
      ),
      201,
    );
    expect(p.html).not.toMatch(/<script|<img|href="javascript:|<[^>]*onerror=/i);
    expect(p.html).toContain('&lt;script&gt;');
    expect((await hospitalPostRaw('x'.repeat(20_001))).statusCode).toBe(400);
  });
});

function hospitalPost(body: string) {
  return hospital.request('POST', `/api/v1/forum/threads/${threadId}/posts`, { body });
}
function hospitalPostRaw(body: string) {
  return hospitalPost(body);
}
