/**
 * Webhooks cannot reach the platform's own network (SSRF): with ISAO_WEBHOOK_ALLOW_PRIVATE off (the default),
 * registration refuses private, loopback, link-local and reserved addresses and localhost, and delivery refuses a host
 * that resolves to one (DNS can change after registration), then connects only to the address it vetted.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ADDRESS_NOT_ALLOWED,
  type ResolvedAddress,
  isPublicAddress,
  runWebhooksOnce,
  webhookDns,
} from '../../src/modules/webhooks/index.ts';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';
import { type Client, type TestApp, createTestApp, signInClient } from '../support/test-app.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp;
let receiver: http.Server;
let port: number;
const received: { path: string; headers: IncomingHttpHeaders }[] = [];
let admin: Client;
let writer: Client;
let channelId: string;
let orgId: string;
let personId: string;

const json = (res: { statusCode: number; body: string }, status = 200): Json => {
  expect(res.statusCode, res.body).toBe(status);
  return JSON.parse(res.body) as Json;
};

beforeAll(async () => {
  t = await createTestApp();
  expect(t.ctx.config.webhookAllowPrivate).toBe(false);
  receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  port = (receiver.address() as AddressInfo).port;
  const operator = await makeOrg(t.db, 'operator', { name: 'The ISAO' });
  const coordinator = await signInClient(t.app, (await makePerson(t.db, operator.id, ['coordinator'])).email, TEST_PASSWORD);
  const org = await makeOrg(t.db, 'manufacturer', { name: 'Acme Infusion' });
  orgId = org.id;
  const person = await makePerson(t.db, org.id, ['org_admin']);
  personId = person.id;
  admin = await signInClient(t.app, person.email, TEST_PASSWORD);
  writer = await signInClient(t.app, (await makePerson(t.db, org.id, ['analyst'])).email, TEST_PASSWORD);
  channelId = json(await coordinator.request('POST', '/api/v1/forum/channels', { name: 'SSRF', kind: 'topic' }), 201).id;
}, 60_000);

afterEach(async () => {
  vi.restoreAllMocks();
  t.ctx.config.webhookAllowPrivate = false;
  await t.db.query('DELETE FROM webhooks WHERE org_id = $1', [orgId]);
});

afterAll(async () => {
  await new Promise((resolve) => receiver?.close(resolve));
  await t?.close();
});

/** Resolves the given names to the given answers (anything else fails), counting the lookups. */
function fakeDns(answers: Record<string, ResolvedAddress[]>) {
  return vi.spyOn(webhookDns, 'lookup').mockImplementation(async (host: string) => {
    const found = answers[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found;
  });
}

/** A GREEN thread (two events), then one worker round; the webhook's delivery log. */
async function publishAndDeliver(webhookId: string) {
  json(
    await writer.request('POST', `/api/v1/forum/channels/${channelId}/threads`, {
      title: 'Default credentials on the service port',
      body: 'Details SSRF-1',
      tlp: 'GREEN',
      audience: 'members',
    }),
    201,
  );
  await runWebhooksOnce(t.ctx);
  return json(await admin.request('GET', `/api/v1/webhooks/${webhookId}/deliveries`)).items as Json[];
}

/** A webhook stored as is (registered while private addresses were allowed, or before this rule existed). */
const storedWebhook = async (url: string) =>
  (
    await t.db.query<{ id: string }>(
      `INSERT INTO webhooks (org_id, url, secret, event_types, created_by, created_at) VALUES ($1, $2, 'not-a-secret', '{thread.created}', $3, $4) RETURNING id`,
      [orgId, url, personId, t.clock.now()],
    )
  )[0]!.id;

describe('registration', () => {
  it.each([
    ['IPv4 loopback', 'http://127.0.0.1:5432/'],
    ['IPv4 loopback, elsewhere in 127/8', 'http://127.1.2.3/hook'],
    ['IPv4 loopback as a decimal number', 'http://2130706433/hook'],
    ['IPv4 loopback in hex', 'http://0x7f.0.0.1/hook'],
    ['IPv6 loopback', 'http://[::1]:8080/hook'],
    ['IPv6 unspecified', 'http://[::]/hook'],
    ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/hook'],
    ['IPv4-mapped IPv6 metadata address', 'http://[::ffff:169.254.169.254]/latest/meta-data'],
    ['NAT64 of a private address', 'http://[64:ff9b::10.0.0.5]/hook'],
    ['private 10/8', 'http://10.0.0.5/hook'],
    ['private 172.16/12', 'https://172.16.0.1/hook'],
    ['private 172.16/12, top', 'https://172.31.255.254/hook'],
    ['private 192.168/16', 'http://192.168.1.10/hook'],
    ['IPv6 unique local fc00::/7', 'http://[fd12:3456::1]/hook'],
    ['link-local / cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['IPv6 link-local', 'http://[fe80::1]/hook'],
    ['carrier-grade NAT 100.64/10', 'http://100.64.0.1/hook'],
    ['"this network" 0.0.0.0/8', 'http://0.0.0.0:8080/hook'],
    ['IPv4 multicast', 'http://224.0.0.251/hook'],
    ['IPv6 multicast', 'http://[ff02::1]/hook'],
    ['broadcast', 'http://255.255.255.255/hook'],
    ['reserved 240/4', 'http://240.0.0.1/hook'],
    ['localhost', 'http://localhost:8080/hook'],
    ['localhost in capitals with a trailing dot', 'http://LOCALHOST./hook'],
    ['a name under .localhost', 'https://api.localhost/hook'],
  ])('refuses %s (%s)', async (_kind, url) => {
    const res = await admin.request('POST', '/api/v1/webhooks', { url, eventTypes: ['post.created'] });
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json<Json>();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toMatch(/^body\.url: /);
    expect(body.error.details.issues).toEqual([{ path: 'body.url', message: 'must be a public address' }]);
  });

  it('accepts public addresses and names (nothing is resolved or sent at registration)', async () => {
    const lookup = fakeDns({});
    for (const url of [
      'https://hooks.example.com/isao',
      'http://93.184.216.34:8443/hook',
      'http://172.32.0.1/hook', // just outside 172.16/12
      'http://100.128.0.1/hook', // just outside 100.64/10
      'https://[2606:4700:4700::1111]/hook',
      'https://[::ffff:8.8.8.8]/hook',
    ])
      expect(json(await admin.request('POST', '/api/v1/webhooks', { url, eventTypes: ['post.created'] }), 201).webhook.url).toBe(url);
    expect(lookup).not.toHaveBeenCalled();
  });

  it('accepts private addresses when ISAO_WEBHOOK_ALLOW_PRIVATE is on', async () => {
    t.ctx.config.webhookAllowPrivate = true;
    json(await admin.request('POST', '/api/v1/webhooks', { url: `http://127.0.0.1:${port}/ok`, eventTypes: ['post.created'] }), 201);
    json(await admin.request('POST', '/api/v1/webhooks', { url: 'http://localhost/ok', eventTypes: ['post.created'] }), 201);
  });

  it('still refuses credentials and other schemes', async () => {
    for (const url of ['https://user:pass@hooks.example.com/x', 'ftp://hooks.example.com/x'])
      expect((await admin.request('POST', '/api/v1/webhooks', { url, eventTypes: ['post.created'] })).statusCode).toBe(400);
  });
});

describe('delivery', () => {
  it('refuses a public name that now resolves to a loopback address (DNS rebinding), logging it, and sends nothing', async () => {
    const lookup = fakeDns({ 'rebind.hooks.example': [{ address: '127.0.0.1', family: 4 }] });
    const url = `http://rebind.hooks.example:${port}/rebind`;
    const hook = json(await admin.request('POST', '/api/v1/webhooks', { url, eventTypes: ['thread.created'] }), 201).webhook;
    const log = await publishAndDeliver(hook.id);
    expect(lookup).toHaveBeenCalledWith('rebind.hooks.example');
    expect(log.map((d) => [d.status, d.attempts, d.lastStatusCode, d.lastError])).toEqual([['pending', 1, null, ADDRESS_NOT_ALLOWED]]);
    expect(log[0]!.lastError).not.toContain('127.0.0.1'); // what an internal name resolves to is not told
    expect(received).toHaveLength(0);
    // An ordinary failed attempt: it backs off (no retry storm) and counts towards switching the webhook off.
    expect(new Date(log[0]!.nextAttemptAt).getTime() - t.clock.now().getTime()).toBe(30_000);
    expect(json(await admin.request('GET', '/api/v1/webhooks')).items[0].consecutiveFailures).toBe(1);
  });

  it('refuses when any one of the answers is not public', async () => {
    fakeDns({
      'mixed.hooks.example': [
        { address: '93.184.216.34', family: 4 },
        { address: '::ffff:10.0.0.5', family: 6 },
      ],
    });
    const hook = json(
      await admin.request('POST', '/api/v1/webhooks', { url: `http://mixed.hooks.example:${port}/mixed`, eventTypes: ['thread.created'] }),
      201,
    ).webhook;
    const log = await publishAndDeliver(hook.id);
    expect(log.map((d) => [d.status, d.lastError])).toEqual([['pending', ADDRESS_NOT_ALLOWED]]);
    expect(received).toHaveLength(0);
  });

  it('refuses stored webhooks to localhost and to a private address literal (registered while allowed)', async () => {
    const lookup = fakeDns({});
    for (const url of [
      `http://localhost:${port}/localhost`,
      `http://127.0.0.1:${port}/literal`,
      `http://[::ffff:127.0.0.1]:${port}/mapped`,
    ]) {
      const id = await storedWebhook(url);
      const log = await publishAndDeliver(id);
      expect(
        log.map((d) => [d.status, d.lastError]),
        url,
      ).toEqual([['pending', ADDRESS_NOT_ALLOWED]]);
    }
    expect(lookup).not.toHaveBeenCalled();
    expect(received).toHaveLength(0);
  });

  it('connects to the vetted address, resolving once, with the name in the Host header (setting on, so 127.0.0.1 may be used)', async () => {
    t.ctx.config.webhookAllowPrivate = true;
    // A resolver that would answer differently the second time: the connection must not ask again.
    let calls = 0;
    const lookup = vi.spyOn(webhookDns, 'lookup').mockImplementation(async (host: string) => {
      expect(host).toBe('pinned.hooks.example');
      calls++;
      return calls === 1 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '192.0.2.1', family: 4 }];
    });
    const url = `http://pinned.hooks.example:${port}/pinned`;
    const hook = json(await admin.request('POST', '/api/v1/webhooks', { url, eventTypes: ['thread.created'] }), 201).webhook;
    const log = await publishAndDeliver(hook.id);
    expect(log.map((d) => [d.status, d.lastStatusCode])).toEqual([['delivered', 204]]);
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(received.map((r) => [r.path, r.headers.host])).toEqual([['/pinned', `pinned.hooks.example:${port}`]]);
    received.length = 0;
  });

  it('classifies addresses as the rules say', () => {
    for (const ip of ['8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808']) expect(isPublicAddress(ip), ip).toBe(true);
    for (const ip of [
      '127.0.0.1',
      '::1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.0.1',
      '169.254.169.254',
      '100.100.100.100',
      'fc00::1',
      'fe80::1',
    ])
      expect(isPublicAddress(ip), ip).toBe(false);
    for (const ip of ['::ffff:7f00:1', '::127.0.0.1', '2002:a00:1::1', '2001:db8::1', 'ff02::1', '0.1.2.3', 'not an address'])
      expect(isPublicAddress(ip), ip).toBe(false);
  });
});
