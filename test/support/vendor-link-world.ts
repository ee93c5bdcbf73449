import { randomBytes, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { sha256 } from '../../src/server/security/tokens.ts';
import type { Caller } from './policy-world.ts';
import type { TestSmtp } from './smtp.ts';
import type { Client, TestApp } from './test-app.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** An external vendor's browser: its scoped cookie and the CSRF token the case view gave it. */
export interface VendorClient {
  cookie: string;
  csrf: string;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** The token of the `nth` link mailed to `to` (waiting for it): a new link comes in a new mail. */
export async function linkTokenFor(smtp: TestSmtp, to: string, nth = 1): Promise<string> {
  const links = () => smtp.messages.filter((m) => m.to === to && m.text.includes('/vendor/access#'));
  await smtp.waitFor(() => links().length >= nth);
  const token = /\/vendor\/access#([A-Za-z0-9_-]+)/.exec(links()[nth - 1]!.text)?.[1];
  if (!token) throw new Error(`no link in mail ${nth} to ${to}`);
  return token;
}

/** POST /api/v1/vendor-access from an address. */
export const exchangeLink = (t: TestApp, token: string, ip = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/v1/vendor-access', payload: { token }, remoteAddress: ip });

/** Opens the link and returns the vendor's client (cookie and CSRF token), or throws. */
export async function openLink(t: TestApp, token: string): Promise<VendorClient & { caseId: string; setCookie: string }> {
  const res = await exchangeLink(t, token);
  if (res.statusCode !== 200) throw new Error(`exchange: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'isao_vendor')!.value;
  const { caseId } = res.json<{ caseId: string }>();
  const client = vendorClient(t, cookie, '');
  const view = (await client.request('GET', `/api/v1/vendor-access/cases/${caseId}`)).json<Json>();
  return { ...vendorClient(t, cookie, view.access.csrfToken as string), caseId, setCookie: String(res.headers['set-cookie']) };
}

/** A client sending the scoped cookie (and the CSRF header). */
export function vendorClient(t: TestApp, cookie: string, csrf: string): VendorClient {
  return {
    cookie,
    csrf,
    request: (method, url, body, headers = {}) =>
      t.app.inject({
        method: method as 'GET',
        url,
        cookies: { isao_vendor: cookie },
        headers: { 'x-csrf-token': csrf, ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
  };
}

/** A coordinator adds an external vendor; returns its organisation id. */
export async function addExternalVendor(coordinator: Client, caseId: string, orgName: string, contactEmail: string): Promise<string> {
  const res = await coordinator.request('POST', `/api/v1/cases/${caseId}/external-vendors`, {
    orgName,
    contactEmail,
    contactName: 'Pat Contact',
  });
  if (res.statusCode !== 201) throw new Error(`add external vendor: ${res.statusCode} ${res.body}`);
  return (res.json<Json>().vendors as Json[]).find((v) => v.orgName === orgName)!.orgId as string;
}

/** An external vendor in a fresh case (one vulnerability), written as the services write it, with a known link token. */
export async function insertExternalVendor(t: TestApp, createdBy: string, title = `VENDOR-CANARY-${randomUUID()}`) {
  const now = t.clock.now();
  const token = randomBytes(32).toString('base64url');
  const [c] = await t.db.query<{ id: string }>(
    `INSERT INTO cases (reference, title, state, created_by, created_at, updated_at) VALUES ($1, $2, 'received', $3, $4, $4) RETURNING id`,
    [`C-EXT-${randomUUID().slice(0, 8)}`, title, createdBy, now],
  );
  const [v] = await t.db.query<{ id: string }>(
    `INSERT INTO case_vulnerabilities (case_id, position, title, created_at, updated_at) VALUES ($1, 1, 'Flaw', $2, $2) RETURNING id`,
    [c!.id, now],
  );
  const [o] = await t.db.query<{ id: string }>(
    "INSERT INTO organisations (name, kind, status, created_at) VALUES ($1, 'manufacturer', 'external', $2) RETURNING id",
    [`EXTERNAL-${randomUUID()}`, now],
  );
  await t.db.query('INSERT INTO case_vendors (case_id, org_id, added_by, notified_at) VALUES ($1, $2, $3, $4)', [
    c!.id,
    o!.id,
    createdBy,
    now,
  ]);
  await t.db.query("INSERT INTO external_vendor_contacts (case_id, org_id, contact_email) VALUES ($1, $2, 'contact@external.test')", [
    c!.id,
    o!.id,
  ]);
  await t.db.query(
    `INSERT INTO vendor_links (token_hash, case_id, org_id, sent_to, created_by, created_at, expires_at) VALUES ($1, $2, $3, 'contact@external.test', $4, $5, $6)`,
    [sha256(token), c!.id, o!.id, createdBy, now, new Date(now.getTime() + 86_400_000)],
  );
  return { caseId: c!.id, vulnerabilityId: v!.id, orgId: o!.id, token, title };
}

/** The route × role tests' caller for an external vendor's scoped session: to every other route, it is the public. */
export async function externalVendorCaller(t: TestApp, token: string, key = 'external-vendor'): Promise<Caller> {
  const client = await openLink(t, token);
  return {
    key,
    via: 'public',
    person: null,
    policy: null,
    scopes: null,
    send: (method, url, payload, headers = {}) =>
      t.app.inject({
        method: method as 'GET',
        url,
        cookies: { isao_vendor: client.cookie },
        headers: { 'x-csrf-token': client.csrf, ...headers },
        ...(payload === undefined ? {} : { payload: payload as object }),
      }),
  };
}
