import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solveProof } from '../../src/modules/disclosure/report-checks.ts';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';
import { encryptTo, gpgEncrypt, strangerKey } from '../support/pgp-samples.ts';
import { type Client, type TestApp, createTestApp, signInClient } from '../support/test-app.ts';

// Reports and replies encrypted to the ISAO's OpenPGP key: the key is published, a message encrypted to it is decrypted
// and read like the description, the coordinators see it and its original, the reporter's tracking page only its size.

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp;
let coordinator: Client;
let key: { armored: string; fingerprint: string };

const anon = (method: string, url: string, body?: unknown, ip = '203.0.113.20') =>
  t.app.inject({ method: method as 'GET', url, remoteAddress: ip, ...(body === undefined ? {} : { payload: body as object }) });

async function proof() {
  const c = (await anon('GET', '/api/v1/reports/challenge')).json<{ challenge: string; difficulty: number }>();
  return { challenge: c.challenge, nonce: solveProof(c.challenge, c.difficulty) };
}

const base = { vendorName: 'Acme Infusion', productName: 'VitaFlow pump', productVersion: '7.1.3', title: 'Hard-coded service key' };
const SECRET = [
  'The service port 7001 accepts the hard-coded key 0xC0FFEE for firmware updates.',
  'Steps: connect, send the key, upload any image. <script>alert("xss")</script> stays text.',
].join('\n');

async function submit(body: Json, ip?: string) {
  return anon('POST', '/api/v1/reports', { ...base, ...body, proof: await proof() }, ip);
}

async function reportId(reference: string): Promise<string> {
  return (await t.db.query<{ id: string }>('SELECT id FROM reports WHERE reference = $1', [reference]))[0]!.id;
}

beforeAll(async () => {
  t = await createTestApp({ env: { PUBLIC_URL: 'https://isao.example', ISAO_REPORT_LIMIT_PER_HOUR: '1000' } });
  const operator = await makeOrg(t.db, 'operator', { name: 'The ISAO' });
  coordinator = await signInClient(t.app, (await makePerson(t.db, operator.id, ['coordinator'])).email, TEST_PASSWORD);
  const res = await anon('GET', '/api/v1/reports/openpgp-key');
  key = { armored: res.body, fingerprint: (await anon('GET', '/api/v1/reports/openpgp-key.json')).json().fingerprint };
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('the ISAO’s key, published for reporters', () => {
  it('serves the armored key as text and its facts as JSON: the CSAF signing key, with a cv25519 encryption subkey', async () => {
    const text = await anon('GET', '/api/v1/reports/openpgp-key');
    expect(text.statusCode).toBe(200);
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text.body).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    const parsed = await openpgp.readKey({ armoredKey: text.body });
    expect(parsed.isPrivate()).toBe(false);
    const subkey = await parsed.getEncryptionKey();
    expect(subkey.getAlgorithmInfo()).toEqual({ algorithm: 'ecdh', curve: 'curve25519Legacy' });
    const facts = (await anon('GET', '/api/v1/reports/openpgp-key.json')).json();
    expect(facts).toMatchObject({
      fingerprint: parsed.getFingerprint().toUpperCase(),
      encryptionSubkey: { keyId: subkey.getKeyID().toHex().toUpperCase(), algorithm: 'ecdh curve25519Legacy' },
      publicKey: text.body,
      url: 'https://isao.example/api/v1/reports/openpgp-key',
      maxArmoredCharacters: 262_144,
    });
    // One key: the advisories' signatures and the reports' encryption.
    const meta = (await anon('GET', '/.well-known/csaf/provider-metadata.json')).json();
    expect(meta.public_openpgp_keys[0].fingerprint).toBe(facts.fingerprint);
    const security = (await anon('GET', '/.well-known/security.txt')).body.split('\n');
    expect(security).toContain('Encryption: https://isao.example/api/v1/reports/openpgp-key');
  });

  it('documents the key routes and the encrypted fields in OpenAPI', async () => {
    const doc = (await anon('GET', '/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/reports/openpgp-key', '/api/v1/reports/openpgp-key.json', '/api/v1/reports/{id}/encrypted-message']),
    );
    const body = doc.paths['/api/v1/reports'].post.requestBody.content['application/json'].schema;
    expect(body.properties.encryptedMessage).toMatchObject({ type: 'string', maxLength: 262_144 });
    expect(body.required).not.toContain('description');
    const reply = doc.paths['/api/v1/reports/track/{token}/messages'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(reply.properties)).toEqual(['body', 'encryptedMessage']);
  });
});

describe('an encrypted report', () => {
  let reference: string;
  let token: string;
  let armored: string;

  it('is decrypted and stored with its original; the receipt says how much arrived', async () => {
    armored = await encryptTo(key.armored, SECRET);
    const res = await submit({ description: '', encryptedMessage: armored });
    expect(res.statusCode, res.body).toBe(201);
    ({ reference, trackingToken: token } = res.json());
    expect(res.json().encryptedMessage).toEqual({ characters: SECRET.length });
    const [row] = await t.db.query<Json>(
      'SELECT description, encrypted_message, encrypted_text, encrypted_to FROM reports WHERE reference = $1',
      [reference],
    );
    expect(row).toEqual({ description: '', encrypted_message: armored, encrypted_text: SECRET, encrypted_to: key.fingerprint });
  });

  it('the coordinator reads the decrypted text and downloads the original, audited', async () => {
    const id = await reportId(reference);
    const detail = (await coordinator.request('GET', `/api/v1/reports/${id}`)).json();
    expect(detail.encryptedMessage).toEqual({ text: SECRET, characters: SECRET.length, keyFingerprint: key.fingerprint });
    expect(detail).toMatchObject({ description: '', encrypted: true });
    const queued = ((await coordinator.request('GET', '/api/v1/reports')).json().items as Json[]).find((r) => r.id === id)!;
    expect(queued.encrypted).toBe(true);
    const original = await coordinator.request('GET', `/api/v1/reports/${id}/encrypted-message`);
    expect(original.statusCode).toBe(200);
    expect(original.headers['content-type']).toBe('application/octet-stream');
    expect(original.headers['content-disposition']).toContain(`filename="${reference}.asc"`);
    expect(original.body).toBe(armored);
    const audited = await t.db.query(
      "SELECT 1 FROM audit_events WHERE action = 'report.encrypted_original_downloaded' AND target_id = $1",
      [id],
    );
    expect(audited).toHaveLength(1);
    const received = await t.db.query<{ detail: Json }>(
      "SELECT detail FROM audit_events WHERE action = 'report.received' AND target_id = $1",
      [id],
    );
    expect(received[0]!.detail.encrypted).toBe(true);
  });

  it('the tracking page says it arrived but never shows its text', async () => {
    const view = await anon('GET', `/api/v1/reports/track/${token}`);
    expect(view.json().encryptedMessage).toEqual({ characters: SECRET.length });
    expect(view.body).not.toContain('C0FFEE');
    expect(view.body).not.toContain('BEGIN PGP');
  });

  it('is compared with other reports by its decrypted text (possible duplicates)', async () => {
    const again = await submit({ description: SECRET, title: 'Service key again' }, '198.51.100.30');
    expect(again.statusCode, again.body).toBe(201);
    const dup = (await coordinator.request('GET', `/api/v1/reports/${await reportId(again.json().reference)}`)).json();
    expect(dup.possibleDuplicates.map((d: Json) => d.reference)).toContain(reference);
  });

  it('accepts what GnuPG makes with the command the report page shows, line ends normalised', async () => {
    const text = 'Über die Serviceschnittstelle: the pump accepts unsigned firmware.\r\nSecond line.\r\n';
    const res = await submit({
      description: 'See the encrypted details.',
      encryptedMessage: gpgEncrypt(key.armored, key.fingerprint, text),
    });
    expect(res.statusCode, res.body).toBe(201);
    const detail = (await coordinator.request('GET', `/api/v1/reports/${await reportId(res.json().reference)}`)).json();
    expect(detail.encryptedMessage.text).toBe('Über die Serviceschnittstelle: the pump accepts unsigned firmware.\nSecond line.');
    expect(detail.description).toBe('See the encrypted details.');
  });

  it('accepts a message signed by the reporter, compressed, or for an anonymous recipient', async () => {
    const reporter = await strangerKey('Reporter');
    for (const options of [{ signingKey: reporter.privateKey }, { zlib: true }, { wildcard: true }]) {
      const res = await submit({
        encryptedMessage: await encryptTo([key.armored, reporter.publicKey], `${SECRET} (${Object.keys(options)[0]})`, options),
      });
      expect(res.statusCode, `${Object.keys(options)[0]}: ${res.body}`).toBe(201);
    }
  });

  it('needs a description of 20 characters without it, and 20 decrypted characters with it', async () => {
    const short = await submit({ description: 'too short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toMatch(/^body\.description: describe the problem in at least 20 characters/);
    const tiny = await submit({ encryptedMessage: await encryptTo(key.armored, 'hi') });
    expect(tiny.statusCode).toBe(422);
    expect(tiny.json().error).toEqual({
      code: 'pgp_plaintext_invalid',
      message: 'The decrypted message is too short: write at least 20 characters.',
    });
  });
});

describe('encrypted replies and the case', () => {
  let token: string;
  let id: string;

  beforeAll(async () => {
    const res = await submit({ description: 'A clear report first, with enough words to count.' }, '198.51.100.40');
    token = res.json().trackingToken;
    id = await reportId(res.json().reference);
  });

  it('the reporter may answer encrypted: the coordinator reads it, the tracking page shows its size only', async () => {
    const text = 'The build is 7.1.3-r42; the key is in /etc/svc.key.';
    const res = await anon('POST', `/api/v1/reports/track/${token}/messages`, { encryptedMessage: await encryptTo(key.armored, text) });
    expect(res.statusCode, res.body).toBe(201);
    const mine = (res.json().messages as Json[]).at(-1)!;
    expect(mine).toMatchObject({ from: 'reporter', body: '', encrypted: { characters: text.length } });
    expect(res.body).not.toContain('svc.key');
    const detail = (await coordinator.request('GET', `/api/v1/reports/${id}`)).json();
    const theirs = (detail.messages as Json[]).at(-1)!;
    expect(theirs).toMatchObject({ from: 'reporter', body: text, encrypted: { characters: text.length } });
    const original = await coordinator.request('GET', `/api/v1/reports/${id}/encrypted-message?messageId=${theirs.id}`);
    expect(original.statusCode).toBe(200);
    expect(original.body).toMatch(/^-----BEGIN PGP MESSAGE-----/);
    expect((await coordinator.request('GET', `/api/v1/reports/${id}/encrypted-message`)).statusCode).toBe(404); // the report itself was clear
  });

  it('refuses a reply with both forms, or encrypted to another key, and stores nothing', async () => {
    const count = async () =>
      (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM report_messages WHERE report_id = $1', [id]))[0]!.n;
    const before = await count();
    const both = await anon('POST', `/api/v1/reports/track/${token}/messages`, { body: 'x', encryptedMessage: 'y' });
    expect(both.statusCode).toBe(400);
    const other = await encryptTo((await strangerKey()).publicKey, 'For someone else entirely.');
    const wrong = await anon('POST', `/api/v1/reports/track/${token}/messages`, { encryptedMessage: other });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.code).toBe('pgp_wrong_key');
    expect(wrong.json().error.message).toContain(key.fingerprint);
    expect(await count()).toBe(before);
  });

  it('the case marks the report that arrived encrypted', async () => {
    const encrypted = await submit({ encryptedMessage: await encryptTo(key.armored, SECRET) }, '198.51.100.41');
    const encryptedId = await reportId(encrypted.json().reference);
    for (const r of [id, encryptedId]) await coordinator.request('POST', `/api/v1/reports/${r}/decision`, { decision: 'accept' });
    const opened = await coordinator.request('POST', '/api/v1/cases', { title: 'Service key', reportIds: [id, encryptedId] });
    expect(opened.statusCode, opened.body).toBe(201);
    const reports = (await coordinator.request('GET', `/api/v1/cases/${opened.json().id}`)).json().reports as Json[];
    expect(Object.fromEntries(reports.map((r) => [r.id, r.encrypted]))).toEqual({ [id]: false, [encryptedId]: true });
  });
});
