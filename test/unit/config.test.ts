import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/server/config.ts';

describe('configuration', () => {
  it('needs no variables at all', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toMatch(/data$/);
    expect(c.demo).toBe(true);
    expect(c.publicUrl).toBe('http://localhost:8080');
  });

  it('names every bad variable in one error', () => {
    try {
      loadConfig({ PORT: '70000', DATABASE_URL: 'mysql://x', SMTP_URL: 'nope', ISAO_ADMIN_EMAIL: 'a@b.example' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      expect(msg).toContain('PORT must be between 0 and 65535');
      expect(msg).toContain('DATABASE_URL');
      expect(msg).toContain('SMTP_URL');
    }
    expect(() => loadConfig({ ISAO_ADMIN_EMAIL: 'a@b.example' })).toThrow(/must be set together/);
    expect(() => loadConfig({ ISAO_ADMIN_PASSWORD: 'short' })).toThrow(/at least 12/);
  });

  it('reads every documented variable', () => {
    const c = loadConfig({
      PORT: '9000',
      ISAO_DATA_DIR: '/var/lib/isao',
      DATABASE_URL: 'postgres://u@db:5432/isao',
      NATS_URL: 'nats://127.0.0.1:4222',
      SMTP_URL: 'smtp://mail:25',
      PUBLIC_URL: 'https://isao.example.org/',
      ISAO_ADMIN_EMAIL: 'Ops@Example.org',
      ISAO_ADMIN_PASSWORD: 'a long admin passphrase',
      ISAO_DEMO: '0',
      ISAO_READ_CACHE: '0',
    });
    expect(c).toMatchObject({
      port: 9000,
      dataDir: '/var/lib/isao',
      databaseUrl: 'postgres://u@db:5432/isao',
      natsUrl: 'nats://127.0.0.1:4222',
      smtpUrl: 'smtp://mail:25',
      publicUrl: 'https://isao.example.org',
      adminEmail: 'ops@example.org',
      demo: false,
      readCache: false,
    });
  });
});
