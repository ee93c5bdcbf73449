import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '../../src/server/routes.ts';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';
import { type TestApp, createTestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('operations endpoints', () => {
  it('answers /healthz, /readyz and /metrics', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().schema).toMatch(/^\d{4}_/);
    await t.app.inject({ url: '/api/v1/notices' });
    const metrics = await t.app.inject({ url: '/metrics' });
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toContain('isao_http_request_duration_seconds_bucket');
    expect(metrics.body).toContain('route="/api/v1/notices"');
  });

  it('serves /metrics without a token to this machine only, and with one only to whoever sends it', async () => {
    const remote = await t.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9' });
    expect(remote.statusCode).toBe(403);
    expect(remote.json().error.code).toBe('forbidden');
    const proxied = await t.app.inject({ url: '/metrics', headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.statusCode).toBe(403);

    const token = 'prometheus-scrape-token-0123';
    const withToken = await createTestApp({ config: { metricsToken: token } });
    try {
      const scrape = (authorization?: string) =>
        withToken.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9', headers: authorization ? { authorization } : {} });
      expect((await scrape()).statusCode).toBe(401);
      expect((await scrape(`Bearer ${token}x`)).statusCode).toBe(401);
      const ok = await scrape(`Bearer ${token}`);
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('isao_http_request_duration_seconds');
    } finally {
      await withToken.close();
    }
  });

  it('publishes an OpenAPI 3.1 document with every route, and the interactive docs', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json<{
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    for (const r of routeTable) {
      const path = r.url.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path]?.[r.method.toLowerCase()], `${r.method} ${r.url}`).toBeDefined();
      if (r.body) expect(doc.paths[path]![r.method.toLowerCase()]!.requestBody).toBeDefined();
    }
    const docs = await t.app.inject({ url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });
});

describe('security headers and error format', () => {
  it('sends a strict CSP without inline scripts, nosniff and frame-ancestors none', async () => {
    const res = await t.app.inject({ url: '/api/v1/notices' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('sends HSTS and Secure cookies behind TLS', async () => {
    const tls = await createTestApp({ env: { PUBLIC_URL: 'https://isao.example.org' } });
    try {
      const org = await makeOrg(tls.db, 'hdo');
      const p = await makePerson(tls.db, org.id, ['member']);
      const res = await tls.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: p.email, password: TEST_PASSWORD } });
      expect(res.headers['strict-transport-security']).toContain('max-age=');
      expect(res.cookies[0]!.secure).toBe(true);
    } finally {
      await tls.close();
    }
  });

  it('answers bad input with a typed 4xx and no stack trace', async () => {
    const cases: { payload: string | Buffer; type?: string; status: number; code: string }[] = [
      { payload: '{"email":', status: 400, code: 'invalid_json' },
      { payload: Buffer.from([0x7b, 0x22, 0x65, 0xff, 0xfe, 0x22, 0x7d]), status: 400, code: 'invalid_encoding' },
      { payload: JSON.stringify({ email: 'a@b.example', password: 'x\u0000y' }), status: 400, code: 'invalid_encoding' },
      { payload: JSON.stringify({ email: 42, password: [] }), status: 400, code: 'validation_failed' },
      { payload: JSON.stringify({ email: 'a@b.example', password: 'x', admin: true }), status: 400, code: 'validation_failed' },
      { payload: JSON.stringify({ email: 'a@b.example', password: 'x'.repeat(300) }), status: 400, code: 'validation_failed' },
      { payload: 'x'.repeat(2 * 1024 * 1024), status: 413, code: 'payload_too_large' },
      { payload: 'email=a', type: 'application/x-www-form-urlencoded', status: 415, code: 'unsupported_media_type' },
    ];
    for (const c of cases) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: c.payload,
        headers: { 'content-type': c.type ?? 'application/json' },
      });
      expect({ status: res.statusCode, code: res.json().error?.code }).toEqual({ status: c.status, code: c.code });
      expect(res.body).not.toMatch(/\n\s+at |node_modules/);
    }
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const nested = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: deep,
      headers: { 'content-type': 'application/json' },
    });
    expect(nested.statusCode).toBe(400);
    const unknown = await t.app.inject({ url: '/api/v1/does-not-exist' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('not_found');
    const badId = await t.app.inject({ url: '/api/v1/notices/not-a-uuid' });
    expect(badId.statusCode).toBe(400);
  });
});
