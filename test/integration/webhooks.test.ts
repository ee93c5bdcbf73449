import { createHmac } from 'node:crypto';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DISABLED_REASON,
  WEBHOOK_LIMITS,
  deliverDueWebhooks,
  fanOutWebhookEvents,
  runWebhooksOnce,
  startWebhookWorker,
} from '../../src/modules/webhooks/index.ts';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';
import { testEngine } from '../support/test-database.ts';
import { type Client, type TestApp, createTestApp, signInClient } from '../support/test-app.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What the receiver got: one POST. */
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: Json;
}

let t: TestApp;
let receiver: http.Server;
let base: string;
const received: Received[] = [];

let coordinator: Client;
let adminA: Client;
let maker: Client; // manufacturer A analyst
let adminH: Client;
let hospital: Client; // hospital analyst
let hospitalPerson: { id: string; name: string };
let adminB: Client; // the third organisation: never a recipient of the AMBER thread
let orgs: { a: string; hdo: string; b: string; r: string };
let channelId: string;
let amberThreadId: string;
const hooks: Record<'a' | 'h' | 'b', { id: string; secret: string }> = {} as never;

const json = (res: { statusCode: number; body: string }, status = 200): Json => {
  expect(res.statusCode, res.body).toBe(status);
  return JSON.parse(res.body) as Json;
};
const at = (path: string) => received.filter((r) => r.path === path);
const allTypes = ['thread.created', 'post.created', 'post.edited', 'post.retracted'];

beforeAll(async () => {
  // The receiver listens on 127.0.0.1: private addresses allowed (webhooks-ssrf.test.ts covers the default, refusing them).
  t = await createTestApp({ env: { ISAO_WEBHOOK_ALLOW_PRIVATE: '1' } });
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let parsed: Json = {};
      try {
        parsed = JSON.parse(body) as Json;
      } catch {
        parsed = {};
      }
      received.push({ path: req.url ?? '', headers: req.headers, body, json: parsed });
      if (req.url === '/fail') {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('receiver broke');
      } else if (req.url === '/redirect') {
        res.writeHead(302, { location: '/redirect-target' });
        res.end();
      } else {
        res.writeHead(204);
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  const operator = await makeOrg(t.db, 'operator', { name: 'The ISAO' });
  coordinator = await signInClient(t.app, (await makePerson(t.db, operator.id, ['coordinator'])).email, TEST_PASSWORD);
  const a = await makeOrg(t.db, 'manufacturer', { name: 'Acme Infusion' });
  const hdo = await makeOrg(t.db, 'hdo', { name: 'General Hospital' });
  const b = await makeOrg(t.db, 'manufacturer', { name: 'Blue Pumps' });
  const r = await makeOrg(t.db, 'researcher', { name: 'Red Team Lab' });
  orgs = { a: a.id, hdo: hdo.id, b: b.id, r: r.id };
  adminA = await signInClient(t.app, (await makePerson(t.db, a.id, ['org_admin'])).email, TEST_PASSWORD);
  maker = await signInClient(t.app, (await makePerson(t.db, a.id, ['analyst'], { name: 'Mara Maker' })).email, TEST_PASSWORD);
  adminH = await signInClient(t.app, (await makePerson(t.db, hdo.id, ['org_admin'])).email, TEST_PASSWORD);
  const hp = await makePerson(t.db, hdo.id, ['analyst'], { name: 'Hal Hospital' });
  hospitalPerson = hp;
  hospital = await signInClient(t.app, hp.email, TEST_PASSWORD);
  adminB = await signInClient(t.app, (await makePerson(t.db, b.id, ['org_admin'])).email, TEST_PASSWORD);
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
  await new Promise((resolve) => receiver?.close(resolve));
  await t?.close();
});

/** The signature a receiver computes: HMAC-SHA256 of "<timestamp>.<raw body>" with the secret. */
function verify(r: Received, secret: string): boolean {
  const ts = r.headers['x-isao-timestamp'] as string;
  const expected = `sha256=${createHmac('sha256', secret).update(`${ts}.${r.body}`).digest('hex')}`;
  return r.headers['x-isao-signature'] === expected;
}

describe('managing webhooks', () => {
  it('creates a webhook whose secret is shown once; only org admins change it; other organisations get 404', async () => {
    const created = json(await adminA.request('POST', '/api/v1/webhooks', { url: `${base}/a`, eventTypes: allTypes }), 201);
    expect(created.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.webhook).toMatchObject({
      url: `${base}/a`,
      eventTypes: allTypes,
      enabled: true,
      consecutiveFailures: 0,
      disabledReason: null,
    });
    hooks.a = { id: created.webhook.id, secret: created.secret };
    const stored = await t.db.query<{ secret: string }>('SELECT secret FROM webhooks WHERE id = $1', [hooks.a.id]);
    expect(stored[0]!.secret).toBe(created.secret);

    const list = json(await adminA.request('GET', '/api/v1/webhooks'));
    expect(list.items.map((w: Json) => w.id)).toEqual([hooks.a.id]);
    expect(JSON.stringify(list)).not.toContain(created.secret);
    // Only the organisation's admins see its webhooks (a URL can be a credential) and change them.
    expect((await maker.request('GET', '/api/v1/webhooks')).statusCode).toBe(403);
    expect((await maker.request('GET', `/api/v1/webhooks/${hooks.a.id}/deliveries`)).statusCode).toBe(403);
    expect((await maker.request('POST', '/api/v1/webhooks', { url: `${base}/x`, eventTypes: ['post.created'] })).statusCode).toBe(403);
    expect((await maker.request('PATCH', `/api/v1/webhooks/${hooks.a.id}`, { enabled: false })).statusCode).toBe(403);
    expect((await maker.request('DELETE', `/api/v1/webhooks/${hooks.a.id}`)).statusCode).toBe(403);

    const h = json(await adminH.request('POST', '/api/v1/webhooks', { url: `${base}/h`, eventTypes: allTypes }), 201);
    hooks.h = { id: h.webhook.id, secret: h.secret };
    const b = json(await adminB.request('POST', '/api/v1/webhooks', { url: `${base}/b`, eventTypes: allTypes }), 201);
    hooks.b = { id: b.webhook.id, secret: b.secret };

    // Another organisation's webhook does not exist for B's admin.
    expect((await adminB.request('PATCH', `/api/v1/webhooks/${hooks.a.id}`, { enabled: false })).statusCode).toBe(404);
    expect((await adminB.request('DELETE', `/api/v1/webhooks/${hooks.a.id}`)).statusCode).toBe(404);
    expect((await adminB.request('GET', `/api/v1/webhooks/${hooks.a.id}/deliveries`)).statusCode).toBe(404);
    expect(json(await adminB.request('GET', '/api/v1/webhooks')).items.map((w: Json) => w.id)).toEqual([hooks.b.id]);
    const still = json(await adminA.request('GET', '/api/v1/webhooks')).items[0];
    expect(still.enabled).toBe(true);

    // URLs: http(s) only, no credentials in them.
    const bad = await adminA.request('POST', '/api/v1/webhooks', {
      url: 'https://user:pass@hooks.example/x',
      eventTypes: ['post.created'],
    });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.body).toContain('body.url');
    expect(
      (await adminA.request('POST', '/api/v1/webhooks', { url: 'https://user@hooks.example/x', eventTypes: ['post.created'] })).statusCode,
    ).toBe(400);
    expect(
      (await adminA.request('POST', '/api/v1/webhooks', { url: 'ftp://hooks.example/x', eventTypes: ['post.created'] })).statusCode,
    ).toBe(400);
    expect((await adminA.request('POST', '/api/v1/webhooks', { url: `${base}/x`, eventTypes: ['access.changed'] })).statusCode).toBe(400);

    const audited = await t.db.query<{ action: string; n: number }>(
      "SELECT action, count(*)::int AS n FROM audit_events WHERE action LIKE 'webhook.%' GROUP BY action ORDER BY action",
    );
    expect(audited).toEqual([{ action: 'webhook.created', n: 3 }]);
  });

  it('holds an organisation to 10 webhooks, and changes and removals are audited', async () => {
    const extra: string[] = [];
    for (let i = 0; i < 9; i++)
      extra.push(
        json(await adminB.request('POST', '/api/v1/webhooks', { url: `${base}/extra-${i}`, eventTypes: ['post.created'] }), 201).webhook.id,
      );
    const over = await adminB.request('POST', '/api/v1/webhooks', { url: `${base}/extra-10`, eventTypes: ['post.created'] });
    expect(over.statusCode, over.body).toBe(409);
    const changed = json(
      await adminB.request('PATCH', `/api/v1/webhooks/${extra[0]}`, { eventTypes: ['post.edited', 'post.edited'], enabled: false }),
    );
    expect(changed).toMatchObject({ eventTypes: ['post.edited'], enabled: false });
    for (const id of extra) json(await adminB.request('DELETE', `/api/v1/webhooks/${id}`));
    expect(json(await adminB.request('GET', '/api/v1/webhooks')).items).toHaveLength(1);
    const audited = await t.db.query<{ action: string; n: number }>(
      "SELECT action, count(*)::int AS n FROM audit_events WHERE action LIKE 'webhook.%' GROUP BY action ORDER BY action",
    );
    expect(audited).toEqual([
      { action: 'webhook.created', n: 12 },
      { action: 'webhook.deleted', n: 9 },
      { action: 'webhook.updated', n: 1 },
    ]);
  });
});

describe('fan-out through the confidentiality policy', () => {
  it('sends a TLP:AMBER thread for [A, hospital] to their webhooks, signed, and not to a third organisation', async () => {
    // The receiver's answer resets the failure count.
    await t.db.query('UPDATE webhooks SET consecutive_failures = 5 WHERE id = $1', [hooks.a.id]);
    const view = json(
      await maker.request('POST', `/api/v1/forum/channels/${channelId}/threads`, {
        title: 'Telnet open on VitaFlow pumps AMBER-7731',
        body: 'Port 23 answers on VitaFlow pumps AMBER-7731-BODY',
        tlp: 'AMBER',
        audience: 'orgs',
        recipientOrgIds: [orgs.hdo],
      }),
      201,
    );
    amberThreadId = view.thread.id;
    const postId = view.posts[0].id;
    const result = await runWebhooksOnce(t.ctx);
    expect(result).toMatchObject({ queued: 4, delivered: 4, failed: 0, cancelled: 0 });

    for (const [path, hook] of [
      ['/a', hooks.a],
      ['/h', hooks.h],
    ] as const) {
      const got = at(path);
      expect(got.map((r) => r.json.type)).toEqual(['thread.created', 'post.created']);
      for (const r of got) {
        expect(verify(r, hook.secret), `signature of ${path}`).toBe(true);
        expect(verify(r, hooks.b.secret)).toBe(false);
        expect(r.headers['x-isao-timestamp']).toMatch(/^\d{10}$/);
        expect(Math.abs(Number(r.headers['x-isao-timestamp']) - t.clock.now().getTime() / 1000)).toBeLessThan(5);
        expect(r.headers['user-agent']).toBe('OpenISAO-Webhook/1');
        expect(r.headers['content-type']).toBe('application/json');
        expect(r.headers['x-isao-event']).toBe(r.json.type);
        expect(r.headers['x-isao-delivery']).toMatch(/^[0-9a-f-]{36}$/);
        expect(Object.keys(r.json).sort()).toEqual(['at', 'data', 'id', 'type']);
        expect(r.json.data.threadId).toBe(amberThreadId);
      }
      const post = got.find((r) => r.json.type === 'post.created')!;
      expect(post.json.data.postId).toBe(postId);
      expect(post.json.data.post.body).toContain('AMBER-7731-BODY');
      expect(post.json.data.post.contributor.orgName).toBe('Acme Infusion');
      expect(got.find((r) => r.json.type === 'thread.created')!.json.data.thread.title).toContain('AMBER-7731');
    }
    expect(at('/a')[1]!.json.id).toBeGreaterThan(at('/a')[0]!.json.id);
    // The third organisation's webhook, subscribed to everything, got nothing.
    expect(at('/b')).toHaveLength(0);
    expect(JSON.stringify(received.filter((r) => r.path === '/b'))).not.toContain('AMBER-7731');
    const bDeliveries = await t.db.query('SELECT 1 FROM webhook_deliveries WHERE webhook_id = $1', [hooks.b.id]);
    expect(bDeliveries).toHaveLength(0);

    // The delivery log: newest first, with the receiver's status; the header names the delivery.
    const log = json(await adminA.request('GET', `/api/v1/webhooks/${hooks.a.id}/deliveries`));
    expect(log.items.map((d: Json) => [d.eventType, d.status, d.lastStatusCode, d.attempts])).toEqual([
      ['post.created', 'delivered', 204, 1],
      ['thread.created', 'delivered', 204, 1],
    ]);
    expect(log.items.map((d: Json) => d.id).sort()).toEqual(
      at('/a')
        .map((r) => r.headers['x-isao-delivery'])
        .sort(),
    );
    expect(json(await adminA.request('GET', '/api/v1/webhooks')).items[0].consecutiveFailures).toBe(0);

    // Nothing is sent twice.
    expect(await runWebhooksOnce(t.ctx)).toMatchObject({ queued: 0, delivered: 0 });
    expect(at('/a')).toHaveLength(2);
  });

  it('never sends a TLP:RED post to any webhook', async () => {
    const before = received.length;
    const red = json(
      await maker.request('POST', `/api/v1/forum/threads/${amberThreadId}/posts`, {
        body: 'Serial numbers of the affected pumps RED-5512',
        tlp: 'RED',
        recipientPersonIds: [hospitalPerson.id],
      }),
      201,
    );
    expect(red.tlp).toBe('RED');
    const result = await runWebhooksOnce(t.ctx);
    expect(result).toMatchObject({ queued: 0, delivered: 0 });
    expect(received.length).toBe(before);
    expect(JSON.stringify(received)).not.toContain('RED-5512');
    const rows = await t.db.query(`SELECT 1 FROM webhook_deliveries d JOIN events e ON e.id = d.event_id WHERE e.post_id = $1`, [red.id]);
    expect(rows).toHaveLength(0);
  });

  it('shows the contributor of an anonymous post to its own organisation only', async () => {
    const topic = json(await coordinator.request('POST', '/api/v1/forum/channels', { name: 'Ransomware', kind: 'topic' }), 201).id;
    const view = json(
      await hospital.request('POST', `/api/v1/forum/channels/${topic}/threads`, {
        title: 'Ransomware note seen in radiology',
        body: 'Details inside ANON-3301',
        tlp: 'GREEN',
        audience: 'members',
        anonymous: true,
      }),
      201,
    );
    await runWebhooksOnce(t.ctx);
    const of = (path: string) => at(path).filter((r) => r.json.data.threadId === view.thread.id);
    for (const path of ['/a', '/b']) {
      const got = of(path);
      expect(got.map((r) => r.json.type)).toEqual(['thread.created', 'post.created']);
      expect(got[1]!.json.data.post.body).toContain('ANON-3301');
      expect(got[1]!.json.data.post.contributor).toBeNull();
      expect(got[0]!.json.data.thread.contributor).toBeNull();
      expect(got[1]!.json.data.post.contributorLabel).toBe('a member hospital');
      const text = JSON.stringify(got.map((r) => r.body));
      expect(text).not.toContain('General Hospital');
      expect(text).not.toContain(hospitalPerson.name);
      expect(text).not.toContain(orgs.hdo);
    }
    const own = of('/h');
    expect(own[1]!.json.data.post.contributor.orgName).toBe('General Hospital');
    expect(own[1]!.json.data.post.contributorLabel).toBe('General Hospital (shared anonymously)');
    expect(own[0]!.json.data.thread.contributor.orgName).toBe('General Hospital');
  });

  it('cancels the pending delivery of a post retracted since, and delivers the retraction', async () => {
    const p = json(
      await maker.request('POST', `/api/v1/forum/threads/${amberThreadId}/posts`, { body: 'Wrong serials RETRACT-8802' }),
      201,
    );
    expect(await fanOutWebhookEvents(t.ctx)).toBe(2); // A and the hospital
    json(await maker.request('POST', `/api/v1/forum/posts/${p.id}/retract`, { reason: 'Posted the wrong serials' }));
    const result = await runWebhooksOnce(t.ctx);
    expect(result).toMatchObject({ queued: 2, delivered: 2, cancelled: 2 });
    expect(JSON.stringify(received)).not.toContain('RETRACT-8802');
    for (const [path, hook] of [
      ['/a', hooks.a],
      ['/h', hooks.h],
    ] as const) {
      const got = at(path).filter((r) => r.json.data.postId === p.id);
      expect(got.map((r) => r.json.type)).toEqual(['post.retracted']);
      expect(got[0]!.json.data.reason).toBe('Posted the wrong serials');
      expect(verify(got[0]!, hook.secret)).toBe(true);
    }
    const log = json(await adminA.request('GET', `/api/v1/webhooks/${hooks.a.id}/deliveries`));
    expect(log.items.slice(0, 2).map((d: Json) => [d.eventType, d.status, d.attempts])).toEqual(
      expect.arrayContaining([
        ['post.retracted', 'delivered', 1],
        ['post.created', 'cancelled', 0],
      ]),
    );
    expect(log.items.find((d: Json) => d.status === 'cancelled').lastError).toBe('the post was retracted');
    expect(at('/b').some((r) => r.json.data.postId === p.id)).toBe(false);
  });
});

describe('the worker, leases and several nodes', () => {
  const postAmber = async (body: string) =>
    json(await maker.request('POST', `/api/v1/forum/threads/${amberThreadId}/posts`, { body }), 201);
  const sentTo = (path: string, postId: string) => at(path).filter((r) => r.json.data.postId === postId);

  it('the worker is woken by new events and delivers without waiting for its interval', async () => {
    const worker = startWebhookWorker(t.ctx, { intervalMs: 600_000 });
    try {
      const p = await postAmber('Live through the worker WORKER-1');
      const until = Date.now() + 10_000;
      while (sentTo('/a', p.id).length === 0 || sentTo('/h', p.id).length === 0) {
        if (Date.now() > until) throw new Error('the worker did not deliver');
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await worker.stop();
    }
  });

  it('a delivery leased by another node is left alone until its lease runs out', async () => {
    const p = await postAmber('Leased LEASE-1');
    expect(await fanOutWebhookEvents(t.ctx)).toBe(2);
    await t.db.query(`UPDATE webhook_deliveries SET lease_until = $1 WHERE event_id IN (SELECT id FROM events WHERE post_id = $2)`, [
      new Date(t.clock.now().getTime() + WEBHOOK_LIMITS.leaseMs),
      p.id,
    ]);
    expect(await deliverDueWebhooks(t.ctx)).toMatchObject({ delivered: 0 });
    expect(sentTo('/a', p.id)).toHaveLength(0);
    t.clock.advance(WEBHOOK_LIMITS.leaseMs + 1000);
    expect(await deliverDueWebhooks(t.ctx)).toMatchObject({ delivered: 2 });
    expect(sentTo('/a', p.id)).toHaveLength(1);
  });

  it('a delivery whose organisation can no longer read the event is cancelled, not sent', async () => {
    const p = await postAmber('Before the hospital was dropped DROP-1');
    expect(await fanOutWebhookEvents(t.ctx)).toBe(2);
    // Pretend the thread now names only A (an event's facts are what every reader must pass at delivery time too).
    await t.db.query(
      `UPDATE events SET facts = (SELECT jsonb_agg(jsonb_set(f, '{recipientOrgIds}', '[]'::jsonb)) FROM jsonb_array_elements(facts) f) WHERE post_id = $1`,
      [p.id],
    );
    expect(await deliverDueWebhooks(t.ctx)).toMatchObject({ delivered: 1, cancelled: 1 });
    expect(sentTo('/a', p.id)).toHaveLength(1);
    expect(sentTo('/h', p.id)).toHaveLength(0);
    const log = json(await adminH.request('GET', `/api/v1/webhooks/${hooks.h.id}/deliveries`));
    expect(log.items[0]).toMatchObject({ status: 'cancelled', lastError: 'no longer visible to the organisation' });
  });

  it.skipIf(testEngine === 'pglite')('one node fans out at a time: a node that finds the cursor held skips the round', async () => {
    const p = await postAmber('Two nodes CURSOR-1');
    await t.db.transaction(async (tx) => {
      await tx.query("SELECT last_id FROM event_cursors WHERE name = 'webhooks' FOR UPDATE");
      expect(await fanOutWebhookEvents(t.ctx)).toBe(0);
    });
    expect(await fanOutWebhookEvents(t.ctx)).toBe(2);
    expect(await fanOutWebhookEvents(t.ctx)).toBe(0);
    expect(await deliverDueWebhooks(t.ctx)).toMatchObject({ delivered: 2 });
    expect(sentTo('/a', p.id)).toHaveLength(1);
  });
});

describe('failing receivers', () => {
  it('retries with growing waits, gives up after 6 attempts, never follows redirects, and switches off after 20 failures', async () => {
    const adminR = await signInClient(t.app, (await makePerson(t.db, orgs.r, ['org_admin'])).email, TEST_PASSWORD);
    const failing = json(
      await adminR.request('POST', '/api/v1/webhooks', { url: `${base}/fail`, eventTypes: ['post.created'] }),
      201,
    ).webhook;
    const redirecting = json(
      await adminR.request('POST', '/api/v1/webhooks', { url: `${base}/redirect`, eventTypes: ['post.created'] }),
      201,
    ).webhook;
    const green = json(
      await maker.request('POST', `/api/v1/forum/channels/${channelId}/threads`, {
        title: 'Default passwords on the service port',
        body: 'GREEN-4410',
        tlp: 'GREEN',
        audience: 'members',
      }),
      201,
    );
    const delivery = async (webhookId: string) =>
      (
        await t.db.query<{
          attempts: number;
          status: string;
          next_attempt_at: Date;
          last_status_code: number | null;
          last_error: string | null;
        }>(
          `SELECT d.attempts, d.status, d.next_attempt_at, d.last_status_code, d.last_error FROM webhook_deliveries d JOIN events e ON e.id = d.event_id
            WHERE d.webhook_id = $1 AND e.post_id = $2`,
          [webhookId, green.posts[0].id],
        )
      )[0]!;

    await runWebhooksOnce(t.ctx);
    expect(at('/fail')).toHaveLength(1);
    expect(at('/redirect')).toHaveLength(1);
    expect(at('/redirect-target')).toHaveLength(0);
    const redirected = await delivery(redirecting.id);
    expect(redirected).toMatchObject({ attempts: 1, status: 'pending', last_status_code: 302 });
    expect(redirected.last_error).toContain('redirects are not followed');
    await t.db.query('DELETE FROM webhooks WHERE id = $1', [redirecting.id]);

    // Not due yet: nothing is sent.
    await runWebhooksOnce(t.ctx);
    expect(at('/fail')).toHaveLength(1);

    const waits: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      const d = await delivery(failing.id);
      expect(d.attempts).toBe(attempt);
      expect(d.last_status_code).toBe(500);
      expect(d.last_error).toBe('HTTP 500'); // the answer's body is never stored
      if (attempt === 6) {
        expect(d.status).toBe('failed');
        break;
      }
      expect(d.status).toBe('pending');
      const wait = new Date(d.next_attempt_at).getTime() - t.clock.now().getTime();
      waits.push(wait);
      t.clock.advance(wait - 1000);
      await runWebhooksOnce(t.ctx);
      expect(at('/fail'), 'not before it is due').toHaveLength(attempt);
      t.clock.advance(1000);
      await runWebhooksOnce(t.ctx);
      expect(at('/fail')).toHaveLength(attempt + 1);
    }
    expect(waits).toEqual(WEBHOOK_LIMITS.backoffMs);
    for (const r of at('/fail')) expect(r.headers['x-isao-delivery']).toBe(at('/fail')[0]!.headers['x-isao-delivery']);
    t.clock.advance(24 * 3_600_000);
    await runWebhooksOnce(t.ctx);
    expect(at('/fail')).toHaveLength(6);

    // The sessions idled out while the clock moved: sign in again.
    const admin = await signInClient(t.app, (await makePerson(t.db, orgs.r, ['org_admin'])).email, TEST_PASSWORD);
    const writer = await signInClient(t.app, (await makePerson(t.db, orgs.a, ['analyst'])).email, TEST_PASSWORD);
    const log = json(await admin.request('GET', `/api/v1/webhooks/${failing.id}/deliveries`));
    expect(log.items.map((d: Json) => [d.status, d.attempts, d.lastStatusCode])).toEqual([['failed', 6, 500]]);
    expect(json(await admin.request('GET', '/api/v1/webhooks')).items[0].consecutiveFailures).toBe(6);

    // 20 failed attempts in a row switch the webhook off, audited as the system.
    await t.db.query('UPDATE webhooks SET consecutive_failures = 19 WHERE id = $1', [failing.id]);
    json(await writer.request('POST', `/api/v1/forum/threads/${green.thread.id}/posts`, { body: 'One more' }), 201);
    // A, the hospital and B get it too (GREEN to members).
    expect(await runWebhooksOnce(t.ctx)).toMatchObject({ queued: 4, delivered: 3, failed: 1 });
    const off = json(await admin.request('GET', '/api/v1/webhooks')).items[0];
    expect(off).toMatchObject({ enabled: false, consecutiveFailures: 20, disabledReason: DISABLED_REASON });
    expect(DISABLED_REASON).toBe('disabled after 20 consecutive failed deliveries');
    const audit = await t.db.query<{ actor_label: string; actor_person_id: string | null }>(
      "SELECT actor_label, actor_person_id FROM audit_events WHERE action = 'webhook.disabled' AND target_id = $1",
      [failing.id],
    );
    expect(audit).toEqual([{ actor_label: 'system', actor_person_id: null }]);

    // Switched off: no new deliveries and no retries.
    t.clock.advance(60_000);
    json(await writer.request('POST', `/api/v1/forum/threads/${green.thread.id}/posts`, { body: 'While it is off' }), 201);
    expect(await runWebhooksOnce(t.ctx)).toMatchObject({ queued: 3, delivered: 3, failed: 0 });
    expect(at('/fail')).toHaveLength(7);

    // Switched on again by an admin: the failure count and the reason are cleared; the pending retry resumes.
    const on = json(await admin.request('PATCH', `/api/v1/webhooks/${failing.id}`, { enabled: true }));
    expect(on).toMatchObject({ enabled: true, consecutiveFailures: 0, disabledReason: null });
    const statuses = json(await admin.request('GET', `/api/v1/webhooks/${failing.id}/deliveries`)).items.map((d: Json) => d.lastStatusCode);
    expect(statuses).toEqual([500, 500]);
  });
});
