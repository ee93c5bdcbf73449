import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../support/test-app.ts';

let t: TestApp;
let port: number;

beforeAll(async () => {
  // Headers must arrive within 600 ms here (15 s in production).
  t = await createTestApp({ config: { headersTimeoutMs: 600 } });
  const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = Number(new URL(base).port);
}, 60_000);
afterAll(async () => t?.close());

describe('slow clients (slowloris)', () => {
  it('drops a WebSocket upgrade whose headers trickle in, and keeps serving everyone else', async () => {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(performance.now())));
    const started = performance.now();
    socket.write('GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n');
    // One more header line every 150 ms, never the blank line that ends them.
    let n = 0;
    const trickle = setInterval(() => {
      if (!socket.destroyed) socket.write(`X-Slow-${n++}: ${'a'.repeat(10)}\r\n`);
    }, 150);
    try {
      const healthy = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(healthy.status).toBe(200);
      const at = await Promise.race([closed, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 5000))]);
      expect(at).toBeGreaterThan(0); // closed by the server, within 5 s
      expect(at - started).toBeGreaterThanOrEqual(500);
      expect(received).not.toContain('101 Switching Protocols');
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
  });
});
