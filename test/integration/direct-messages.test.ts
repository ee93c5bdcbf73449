import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startForumMail } from '../../src/modules/notifications/index.ts';
import { runWebhooksOnce } from '../../src/modules/webhooks/index.ts';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';
import { type TestSmtp, startTestSmtp } from '../support/smtp.ts';
import { type StreamClient, openStream } from '../support/stream-client.ts';
import { type Client, type TestApp, createTestApp, signInClient } from '../support/test-app.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Person = { id: string; email: string; name: string; orgId: string };

let t: TestApp;
let smtp: TestSmtp;
let mail: ReturnType<typeof startForumMail>;
let receiver: http.Server;
const hooked: string[] = [];
let base: string;
const streams: StreamClient[] = [];
const people = {} as Record<'maker' | 'hal' | 'colleague' | 'otto' | 'coordinator' | 'admin' | 'reader' | 'suspended' | 'disabled', Person>;
const as = {} as Record<'maker' | 'hal' | 'colleague' | 'otto' | 'coordinator' | 'admin' | 'reader', Client>;
/** Someone who may read a conversation they are not in: nobody. These are the people who must see nothing. */
const outsiders = () => [as.colleague, as.otto, as.coordinator, as.admin];
let conversationId: string;
const SECRET = 'DMSECRET4711';
const TITLE_SECRET = 'DMTITLE0815';

const json = (res: { statusCode: number; body: string }, status = 200): Json => {
  expect(res.statusCode, res.body).toBe(status);
  return JSON.parse(res.body) as Json;
};
const refused = (res: { statusCode: number; body: string }, status: number, code: string) => {
  expect(res.statusCode, res.body).toBe(status);
  expect(JSON.parse(res.body)).toMatchObject({ error: { code, message: expect.any(String) } });
};
/** Sends a direct message a second after the previous one (conversations are ordered by their latest message). */
const send = (c: Client, body: Json) => {
  t.clock.advance(1000);
  return c.request('POST', '/api/v1/messages', body);
};
const stream = async (c: Client) => {
  const s = await openStream(base, { cookie: c.cookie });
  streams.push(s);
  return s;
};
const caughtUp = async () => {
  const [row] = await t.db.query<{ id: number }>('SELECT COALESCE(max(id), 0)::int AS id FROM events');
  await t.ctx.events.caughtUp(row!.id);
};

beforeAll(async () => {
  smtp = await startTestSmtp();
  // The webhook receiver is on this machine.
  t = await createTestApp({ env: { ISAO_WEBHOOK_ALLOW_PRIVATE: '1', SMTP_URL: smtp.url, PUBLIC_URL: 'https://isao.example' } });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  mail = startForumMail(t.ctx, 60_000);
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      hooked.push(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const operator = await makeOrg(t.db, 'operator', { name: 'The ISAO' });
  const a = await makeOrg(t.db, 'manufacturer', { name: 'Acme Infusion' });
  const hdo = await makeOrg(t.db, 'hdo', { name: 'General Hospital' });
  const b = await makeOrg(t.db, 'manufacturer', { name: 'Blue Pumps' });
  const gone = await makeOrg(t.db, 'hdo', { name: 'Suspended Clinic', status: 'suspended' });
  people.maker = await makePerson(t.db, a.id, ['analyst'], { name: 'Mara Maker' });
  people.colleague = await makePerson(t.db, a.id, ['org_admin'], { name: 'Cora Colleague' });
  people.reader = await makePerson(t.db, a.id, ['read_only'], { name: 'Rita Reader' });
  people.hal = await makePerson(t.db, hdo.id, ['analyst'], { name: 'Hal Hospital' });
  people.otto = await makePerson(t.db, b.id, ['org_admin'], { name: 'Otto Outsider' });
  people.coordinator = await makePerson(t.db, operator.id, ['coordinator'], { name: 'Cas Coordinator' });
  people.admin = await makePerson(t.db, operator.id, ['platform_admin'], { name: 'Pat Admin' });
  people.suspended = await makePerson(t.db, gone.id, ['analyst'], { name: 'Sid Suspended' });
  people.disabled = await makePerson(t.db, hdo.id, ['analyst'], { name: 'Dee Disabled' });
  await t.db.query("UPDATE people SET status = 'disabled' WHERE id = $1", [people.disabled.id]);
  for (const key of ['maker', 'hal', 'colleague', 'otto', 'coordinator', 'admin', 'reader'] as const)
    as[key] = await signInClient(t.app, people[key].email, TEST_PASSWORD);
  // Every organisation of the conversation, and one outside it, has a webhook for every forum event.
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const eventTypes = ['thread.created', 'post.created', 'post.edited', 'post.retracted'];
  for (const admin of [as.colleague, as.otto]) json(await admin.request('POST', '/api/v1/webhooks', { url: hookUrl, eventTypes }), 201);
  const hdoAdmin = await makePerson(t.db, hdo.id, ['org_admin']);
  json(
    await (await signInClient(t.app, hdoAdmin.email, TEST_PASSWORD)).request('POST', '/api/v1/webhooks', { url: hookUrl, eventTypes }),
    201,
  );
  await runWebhooksOnce(t.ctx);
}, 60_000);

afterAll(async () => {
  for (const s of streams) await s.close();
  await mail?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
  await t?.close();
  await smtp?.close();
});

describe('direct conversations', () => {
  it('starts a TLP:RED conversation; the same people without a title continue it; a title starts another', async () => {
    const view = json(await send(as.maker, { personIds: [people.hal.id], body: `Can you check the pump logs? ${SECRET}` }), 201);
    conversationId = view.thread.id;
    expect(view.thread).toMatchObject({ direct: true, tlp: 'RED', title: '', anonymous: false, canModerate: false, canPost: true });
    expect(view.thread.participants).toEqual([
      { personId: people.hal.id, name: 'Hal Hospital', orgId: expect.any(String), orgName: 'General Hospital' },
      { personId: people.maker.id, name: 'Mara Maker', orgId: expect.any(String), orgName: 'Acme Infusion' },
    ]);
    const halList = json(await as.hal.request('GET', '/api/v1/messages'));
    expect(halList.items).toEqual([expect.objectContaining({ id: conversationId, title: null, posts: 1, unread: 1, lastPostMine: false })]);
    expect(json(await as.maker.request('GET', '/api/v1/messages')).items[0]).toMatchObject({ unread: 0, lastPostMine: true });

    // The same two people, from either side, without a title: the same conversation.
    expect(json(await send(as.maker, { personIds: [people.hal.id], body: 'And the gateway logs.' }), 201).thread.id).toBe(conversationId);
    const back = json(await send(as.hal, { personIds: [people.maker.id, people.maker.id], body: 'Will do.' }), 201);
    expect(back.thread.id).toBe(conversationId);
    expect(back.posts).toHaveLength(3);
    const titled = json(await send(as.maker, { personIds: [people.hal.id], title: TITLE_SECRET, body: 'Another topic' }), 201);
    expect(titled.thread.id).not.toBe(conversationId);
    expect(json(await as.hal.request('GET', '/api/v1/messages')).items.map((c: Json) => c.id)).toEqual([titled.thread.id, conversationId]);

    // Replies go through the forum's post route and stay RED to the participants; subsets, anonymity, wider labels are refused.
    const reply = json(await as.hal.request('POST', `/api/v1/forum/threads/${conversationId}/posts`, { body: 'Logs attached soon.' }), 201);
    expect(reply).toMatchObject({ tlp: 'RED', anonymous: false, contributorLabel: 'General Hospital' });
    const url = `/api/v1/forum/threads/${conversationId}/posts`;
    refused(await as.hal.request('POST', url, { body: 'x', recipientPersonIds: [people.maker.id] }), 400, 'validation_failed');
    refused(await as.hal.request('POST', url, { body: 'x', anonymous: true }), 400, 'validation_failed');
    refused(await as.hal.request('POST', url, { body: 'x', tlp: 'AMBER' }), 400, 'validation_failed');
    const halView = json(await as.hal.request('GET', `/api/v1/forum/threads/${conversationId}`));
    json(await as.hal.request('POST', `/api/v1/forum/threads/${conversationId}/read`, { position: halView.posts.at(-1).position }));
    const read = json(await as.hal.request('GET', '/api/v1/messages')).items.find((c: Json) => c.id === conversationId);
    expect(read).toMatchObject({ posts: 4, unread: 0, lastPostMine: true });
  });

  it('keeps the direct channel out of the forum: not listed, not browsable, no threads started or moved into it', async () => {
    const { channelId } = json(await as.maker.request('GET', '/api/v1/messages'));
    expect(JSON.stringify(json(await as.maker.request('GET', '/api/v1/forum/channels')))).not.toContain(channelId);
    refused(await as.maker.request('GET', `/api/v1/forum/channels/${channelId}`), 404, 'not_found');
    const thread = { title: 'Sneaky', body: 'x', tlp: 'RED', audience: 'own_org', recipientPersonIds: [people.hal.id] };
    refused(await as.maker.request('POST', `/api/v1/forum/channels/${channelId}/threads`, thread), 400, 'validation_failed');
    refused(await as.coordinator.request('POST', '/api/v1/forum/channels', { name: 'DM', kind: 'direct' }), 400, 'validation_failed');
    const topic = json(await as.coordinator.request('POST', '/api/v1/forum/channels', { name: 'Pumps', kind: 'topic' }), 201);
    const open = json(
      await as.coordinator.request('POST', `/api/v1/forum/channels/${topic.id}/threads`, {
        title: 'Open',
        body: 'x',
        tlp: 'GREEN',
        audience: 'members',
      }),
      201,
    );
    refused(await as.coordinator.request('PATCH', `/api/v1/forum/threads/${open.thread.id}`, { channelId }), 400, 'validation_failed');
  });

  it('does not apply moderation to a conversation, even for ISAO staff who take part in it', async () => {
    const view = json(await send(as.coordinator, { personIds: [people.maker.id], body: 'Staff to member' }), 201);
    const id = view.thread.id;
    const postId = view.posts[0].id;
    for (const body of [{ pinned: true }, { locked: true }])
      refused(await as.coordinator.request('PATCH', `/api/v1/forum/threads/${id}`, body), 409, 'conflict');
    refused(await as.coordinator.request('POST', `/api/v1/forum/threads/${id}/hide`, { reason: 'test it' }), 409, 'conflict');
    refused(await as.coordinator.request('POST', `/api/v1/forum/posts/${postId}/hide`, { reason: 'test it' }), 409, 'conflict');
    refused(await as.maker.request('POST', `/api/v1/forum/posts/${postId}/flag`, { reason: 'test it' }), 409, 'conflict');
  });

  it('shows a conversation to nobody else: same organisation, another one, coordinators, platform admins', async () => {
    const view = json(await as.maker.request('GET', `/api/v1/forum/threads/${conversationId}`));
    const postId = view.posts[0].id;
    for (const c of outsiders()) {
      refused(await c.request('GET', `/api/v1/forum/threads/${conversationId}`), 404, 'not_found');
      refused(await c.request('GET', `/api/v1/forum/threads/${conversationId}/export`), 404, 'not_found');
      refused(await c.request('POST', `/api/v1/forum/threads/${conversationId}/posts`, { body: 'hello' }), 404, 'not_found');
      refused(await c.request('POST', `/api/v1/forum/threads/${conversationId}/read`, { position: 1 }), 404, 'not_found');
      refused(await c.request('GET', `/api/v1/forum/posts/${postId}/revisions`), 404, 'not_found');
      for (const url of [
        '/api/v1/messages',
        `/api/v1/forum/search?q=${SECRET}`,
        `/api/v1/forum/search?q=${TITLE_SECRET}`,
        '/api/v1/notifications',
      ]) {
        const body = (await c.request('GET', url)).body;
        expect(body).not.toContain(SECRET);
        expect(body).not.toContain(TITLE_SECRET);
        expect(body).not.toContain(conversationId);
      }
    }
    refused(await as.admin.request('POST', `/api/v1/forum/posts/${postId}/reveal`), 404, 'not_found');
    // The participants find it by search and export it.
    const found = json(await as.hal.request('GET', `/api/v1/forum/search?q=${SECRET}`));
    expect(found.items.map((i: Json) => i.threadId)).toEqual([conversationId]);
    expect(JSON.stringify(json(await as.hal.request('GET', `/api/v1/forum/threads/${conversationId}/export`)))).toContain(SECRET);
  });

  it('delivers a new message live and notifies the others in the app, to nobody else and never to a webhook', async () => {
    const watching = await Promise.all([as.hal, ...outsiders()].map((c) => stream(c)));
    const sent = json(await send(as.maker, { personIds: [people.hal.id], body: `Live now ${SECRET}-LIVE` }), 201);
    const postId = sent.posts.at(-1).id as string;
    const hal = watching[0]!;
    await hal.waitFor((f) => f.type === 'event' && f.event === 'post.created' && f.data.postId === postId);
    // Hal read the conversation before: the new message is notified again.
    const note = await hal.waitFor(
      (f) => f.type === 'event' && f.event === 'notification.created' && f.data.notification.postId === postId,
    );
    expect(note.data.notification).toMatchObject({
      kind: 'direct_message',
      threadId: conversationId,
      actorLabel: 'Mara Maker (Acme Infusion)',
    });
    await caughtUp();
    for (const s of watching.slice(1)) {
      expect(JSON.stringify(s.frames)).not.toContain(SECRET);
      expect(JSON.stringify(s.frames)).not.toContain(conversationId);
    }
    const notes = json(await as.hal.request('GET', '/api/v1/notifications'));
    expect(notes.items.filter((n: Json) => n.kind === 'direct_message' && n.threadId === conversationId && !n.read)).toHaveLength(1);

    await runWebhooksOnce(t.ctx);
    const deliveries = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM webhook_deliveries d JOIN events e ON e.id = d.event_id WHERE e.thread_id = $1',
      [conversationId],
    );
    expect(deliveries[0]!.n).toBe(0);
    expect(hooked.join('\n')).not.toContain(SECRET);
    expect(hooked.some((body) => body.includes('thread.created'))).toBe(true); // the open thread of the test above did go out
  });

  it('emails the others at once with only a link, once until they read the conversation', async () => {
    const link = `https://isao.example/messages/${conversationId}`;
    const count = () => smtp.messages.filter((m) => m.to === people.hal.email && m.text.includes(link)).length;
    // The first message, and the one after Hal had read the conversation.
    await expect.poll(count, { timeout: 5000 }).toBe(2);
    const first = smtp.messages.find((m) => m.to === people.hal.email && m.text.includes(link))!;
    expect(first.subject).toBe('[TLP:RED] You have a new direct message in OpenISAO');
    for (const secret of [SECRET, 'pump logs', 'Mara', 'Acme']) expect(`${first.subject}\n${first.text}`).not.toContain(secret);
    const titled = await smtp.waitFor((m) => m.to === people.hal.email && !m.text.includes(link));
    expect(`${titled.subject}\n${titled.text}`).not.toContain(TITLE_SECRET);
    expect(smtp.messages.some((m) => [people.colleague, people.otto, people.admin].some((p) => m.to === p.email))).toBe(false);

    // Unread: another message adds no notification and no mail; once read, the next one is mailed again.
    const before = count();
    json(await send(as.maker, { personIds: [people.hal.id], body: 'One more thing.' }), 201);
    await caughtUp();
    await new Promise((r) => setTimeout(r, 300));
    expect(count()).toBe(before);
    const view = json(await as.hal.request('GET', `/api/v1/forum/threads/${conversationId}`));
    json(await as.hal.request('POST', `/api/v1/forum/threads/${conversationId}/read`, { position: view.posts.at(-1).position }));
    json(await send(as.maker, { personIds: [people.hal.id], body: 'And the last one.' }), 201);
    await expect.poll(count, { timeout: 5000 }).toBe(before + 1);
  });

  it('retracts a message: gone for the other participant, from search and export, and they are told', async () => {
    const secret = `${SECRET}-WRONG`;
    const sent = json(await send(as.maker, { personIds: [people.hal.id], body: `Wrong serials ${secret}` }), 201);
    const postId = sent.posts.at(-1).id as string;
    const view = json(await as.hal.request('GET', `/api/v1/forum/threads/${conversationId}`));
    json(await as.hal.request('POST', `/api/v1/forum/threads/${conversationId}/read`, { position: view.posts.at(-1).position }));
    json(await as.maker.request('POST', `/api/v1/forum/posts/${postId}/retract`, { reason: 'Wrong serial numbers' }));
    const after = json(await as.hal.request('GET', `/api/v1/forum/threads/${conversationId}`));
    expect(after.posts.find((p: Json) => p.id === postId).retracted.reason).toBe('Wrong serial numbers');
    expect(JSON.stringify(after)).not.toContain(secret);
    expect(JSON.stringify(json(await as.hal.request('GET', `/api/v1/forum/search?q=${secret}`)))).not.toContain(secret);
    expect(JSON.stringify(json(await as.hal.request('GET', `/api/v1/forum/threads/${conversationId}/export`)))).not.toContain(secret);
    const notes = json(await as.hal.request('GET', '/api/v1/notifications'));
    expect(notes.items.some((n: Json) => n.kind === 'retraction' && n.postId === postId)).toBe(true);
  });
});

describe('who may send what', () => {
  it('refuses yourself, unknown, disabled and suspended people, more than 20, empty and oversized messages', async () => {
    const body = 'Hello';
    refused(await send(as.maker, { personIds: [people.maker.id], body }), 400, 'validation_failed');
    refused(await send(as.maker, { personIds: [people.hal.id, people.maker.id], body }), 400, 'validation_failed');
    refused(await send(as.maker, { personIds: ['6f1c1f8e-8c1e-4c4f-9a51-3b1f0e1e2a3b'], body }), 400, 'validation_failed');
    refused(await send(as.maker, { personIds: [people.disabled.id], body }), 400, 'validation_failed');
    refused(await send(as.maker, { personIds: [people.suspended.id], body }), 400, 'validation_failed');
    refused(await send(as.maker, { personIds: [], body }), 400, 'validation_failed');
    const many = await Promise.all(Array.from({ length: 21 }, () => makePerson(t.db, people.hal.orgId, ['member'])));
    refused(await send(as.maker, { personIds: many.map((p) => p.id), body }), 400, 'validation_failed');
    refused(await send(as.maker, { personIds: [people.hal.id], body: '   ' }), 400, 'validation_failed');
    refused(await send(as.maker, { personIds: [people.hal.id], body: 'x'.repeat(20_001) }), 400, 'validation_failed');
    refused(await send(as.maker, { personIds: [people.hal.id], body, anonymous: true }), 400, 'validation_failed');
    expect(json(await send(as.maker, { personIds: many.slice(0, 20).map((p) => p.id), body }), 201).thread.participants).toHaveLength(21);
  });

  it('lets read-only members receive but not write; needs the CSRF token and a write-scoped token', async () => {
    const view = json(await send(as.hal, { personIds: [people.reader.id], body: 'For your information' }), 201);
    expect(json(await as.reader.request('GET', '/api/v1/messages')).items.map((c: Json) => c.id)).toEqual([view.thread.id]);
    refused(await send(as.reader, { personIds: [people.hal.id], body: 'Thanks' }), 403, 'forbidden');
    const reply = await as.reader.request('POST', `/api/v1/forum/threads/${view.thread.id}/posts`, { body: 'Thanks' });
    refused(reply, 403, 'forbidden');
    refused(
      await as.hal.request('POST', '/api/v1/messages', { personIds: [people.reader.id], body: 'x' }, { 'x-csrf-token': 'forged' }),
      403,
      'csrf_failed',
    );
    const token = json(
      await as.hal.request('POST', '/api/v1/me/tokens', { name: 'read only', scopes: ['read'], expiresInDays: 1 }),
      201,
    ).token;
    const byToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/messages',
      headers: { authorization: `Bearer ${token}` },
      payload: { personIds: [people.reader.id], body: 'x' },
    });
    refused(byToken, 403, 'forbidden');
  });

  it('applies the posting limit to direct messages', async () => {
    const sender = await makePerson(t.db, people.hal.orgId, ['analyst']);
    const c = await signInClient(t.app, sender.email, TEST_PASSWORD);
    for (let i = 0; i < t.ctx.config.postLimitPerMinute; i++)
      json(await send(c, { personIds: [people.otto.id], body: `Message ${i}` }), 201);
    refused(await send(c, { personIds: [people.otto.id], body: 'One too many' }), 429, 'too_many_requests');
  });
});
