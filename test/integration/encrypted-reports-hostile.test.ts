import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solveProof } from '../../src/modules/disclosure/report-checks.ts';
import { clearSigned, encryptTo, passphraseEncrypted, signedOnly, strangerKey } from '../support/pgp-samples.ts';
import { type TestApp, createTestApp } from '../support/test-app.ts';

// Hostile encrypted messages with a report: each is a clear 4xx with a typed code, and nothing is stored — no report, no
// message, no attachment, no audit record, and the proof of work stays unspent (the same proof then sends a good report).

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp;
let key: { armored: string; fingerprint: string };
const IP = '203.0.113.66';

const post = (body: unknown, ip = IP) =>
  t.app.inject({ method: 'POST', url: '/api/v1/reports', remoteAddress: ip, payload: body as object });

async function proof() {
  const c = (await t.app.inject({ method: 'GET', url: '/api/v1/reports/challenge' })).json<{ challenge: string; difficulty: number }>();
  return { challenge: c.challenge, nonce: solveProof(c.challenge, c.difficulty) };
}

const report = (encryptedMessage: string, p: { challenge: string; nonce: string }) => ({
  vendorName: 'Acme Infusion',
  productName: 'VitaFlow pump',
  title: 'A report with an encrypted message',
  description: '',
  encryptedMessage,
  proof: p,
});

/** Rows that a stored report, reply, file or audit record would add, and the proofs spent. */
async function footprint() {
  const [row] = await t.db.query<Json>(
    `SELECT (SELECT count(*)::int FROM reports) AS reports, (SELECT count(*)::int FROM report_messages) AS messages,
            (SELECT count(*)::int FROM report_attachments) AS attachments, (SELECT count(*)::int FROM audit_events) AS audit,
            (SELECT count(*)::int FROM report_challenges WHERE used_at IS NOT NULL) AS spent`,
  );
  return row!;
}

beforeAll(async () => {
  t = await createTestApp({ env: { PUBLIC_URL: 'https://isao.example' } });
  const facts = (await t.app.inject({ method: 'GET', url: '/api/v1/reports/openpgp-key.json' })).json();
  key = { armored: facts.publicKey, fingerprint: facts.fingerprint };
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('hostile encrypted messages', () => {
  it('each gets the right 4xx with a message a reporter can act on, and nothing is stored', async () => {
    const stranger = await strangerKey();
    const good = await encryptTo(key.armored, 'The pump accepts unsigned firmware over the service port. '.repeat(10));
    const lines = good.trim().split('\n');
    /** The armor with one character changed on line `n` (line 3 is in the session key, line 8 in the encrypted data). */
    const changed = (n: number) => lines.map((l, i) => (i === n ? `${l[0] === 'A' ? 'B' : 'A'}${l.slice(1)}` : l)).join('\n');
    const control = new TextEncoder().encode('A report with a NUL \u0000 byte in the middle of it.');
    const tooMany = await Promise.all(Array.from({ length: 17 }, async (_, i) => (await strangerKey(`Extra${i}`)).publicKey));
    const cases: [string, string, number, string, RegExp?][] = [
      ['random bytes', Buffer.from(randomBytes(2048).map((b) => b | 0x80)).toString('latin1'), 400, 'validation_failed'],
      ['random text', randomBytes(2048).toString('base64'), 422, 'pgp_message_invalid', /from -----BEGIN PGP MESSAGE----- to/],
      ['a public key block', key.armored, 422, 'pgp_message_invalid', /This is an OpenPGP key, not a message/],
      ['a zip file as text', `PK\u0003\u0004${'x'.repeat(100)}`, 400, 'validation_failed'],
      ['encrypted to another key', await encryptTo(stranger.publicKey, 'Meant for somebody else, not the ISAO.'), 422, 'pgp_wrong_key'],
      ['signed, not encrypted', await signedOnly('Signed but readable by anyone.', stranger.privateKey), 422, 'pgp_not_encrypted'],
      ['cleartext-signed', await clearSigned('Signed but readable by anyone.', stranger.privateKey), 422, 'pgp_not_encrypted'],
      ['encrypted with a passphrase', await passphraseEncrypted('Secret behind a passphrase only.'), 422, 'pgp_wrong_key', /passphrase/],
      ['truncated armor (no end line)', good.slice(0, good.length - 80), 422, 'pgp_message_invalid', /incomplete/],
      ['truncated body, end line kept', `${lines.slice(0, 4).join('\n')}\n-----END PGP MESSAGE-----\n`, 422, 'pgp_message_invalid'],
      ['session key changed', changed(3), 422, 'pgp_message_invalid', /damaged or incomplete/],
      ['ciphertext changed', changed(8), 422, 'pgp_message_invalid', /damaged or incomplete/],
      ['two blocks in one', `${good}\n${good}`, 422, 'pgp_message_invalid', /more than one block/],
      [
        'non-UTF-8 plaintext',
        await encryptTo(key.armored, new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0xc3, 0x28])),
        422,
        'pgp_plaintext_invalid',
        /UTF-8/,
      ],
      ['control characters', await encryptTo(key.armored, control), 422, 'pgp_plaintext_invalid', /control characters/],
      ['20,001 characters decrypted', await encryptTo(key.armored, 'a'.repeat(20_001)), 413, 'payload_too_large', /longer than 20,000/],
      ['18 recipients', await encryptTo([key.armored, ...tooMany], 'Encrypted to far too many keys at once.'), 422, 'pgp_message_invalid'],
      [
        'a huge armored block',
        `-----BEGIN PGP MESSAGE-----\n\n${'A'.repeat(300_000)}\n-----END PGP MESSAGE-----`,
        400,
        'validation_failed',
      ],
      ['an empty field', '', 422, 'pgp_message_invalid'],
    ];
    const before = await footprint();
    const p = await proof();
    for (const [what, armored, status, code, message] of cases) {
      const res = await post(report(armored, p));
      expect(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBe(status);
      expect(res.json().error.code, what).toBe(code);
      if (message) expect(res.json().error.message, what).toMatch(message);
    }
    const wrongKey = await post(report(cases[4]![1], p));
    expect(wrongKey.json().error.message).toMatch(
      new RegExp(`not encrypted to the ISAO’s key ${key.fingerprint} \\(it is encrypted to key [0-9A-F]{16}\\)`),
    );
    expect(wrongKey.json().error.message).toContain(`gpg --armor --encrypt --recipient ${key.fingerprint}`);
    expect(await footprint()).toEqual(before);
    // Nothing was spent: the same proof sends a good report from the same address, within its hourly limit of 5.
    const ok = await post(report(good, p));
    expect(ok.statusCode, ok.body).toBe(201);
  }, 120_000);

  it('stops a compression bomb early: 64 MiB of zeros, compressed to a few dozen KiB and encrypted to the ISAO', async () => {
    const bomb = await encryptTo(key.armored, new Uint8Array(64 * 1024 * 1024), { zlib: true });
    expect(bomb.length).toBeLessThan(256 * 1024);
    const before = await footprint();
    const started = performance.now();
    const res = await post(report(bomb, await proof()), '203.0.113.67');
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toEqual({ code: 'payload_too_large', message: 'The encrypted message decompresses to more than 128 KiB.' });
    expect(await footprint()).toEqual(before);
  }, 60_000);

  it('answers bytes that are not UTF-8 with 400, and a body over the server’s limit with 413', async () => {
    const raw = Buffer.concat([Buffer.from('{"encryptedMessage":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}')]);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      remoteAddress: IP,
      payload: raw,
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_encoding');
    const huge = `-----BEGIN PGP MESSAGE-----\n\n${'A'.repeat(2 * 1024 * 1024)}\n-----END PGP MESSAGE-----`;
    const res = await post(report(huge, { challenge: 'x', nonce: 'y' }));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });
});
