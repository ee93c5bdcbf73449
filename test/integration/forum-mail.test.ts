import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDigests, sendImmediateMails } from '../../src/modules/notifications/index.ts';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';
import { type TestSmtp, startTestSmtp } from '../support/smtp.ts';
import { type Client, type TestApp, createTestApp, signInClient } from '../support/test-app.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp;
let smtp: TestSmtp;
let maker: Client;
let hospital: Client;
let outsider: Client;
let people: { hospital: { id: string; email: string }; outsider: { id: string; email: string } };
let channelId: string;
let orgs: { a: string; hdo: string; b: string };

const json = (res: { statusCode: number; body: string }, status = 200): Json => {
  expect(res.statusCode, res.body).toBe(status);
  return JSON.parse(res.body) as Json;
};

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://isao.example' } });
  const operator = await makeOrg(t.db, 'operator');
  const coordinator = await signInClient(t.app, (await makePerson(t.db, operator.id, ['coordinator'])).email, TEST_PASSWORD);
  const a = await makeOrg(t.db, 'manufacturer', { name: 'Acme Infusion' });
  const hdo = await makeOrg(t.db, 'hdo', { name: 'General Hospital' });
  const b = await makeOrg(t.db, 'manufacturer', { name: 'Blue Pumps' });
  orgs = { a: a.id, hdo: hdo.id, b: b.id };
  maker = await signInClient(t.app, (await makePerson(t.db, a.id, ['analyst'], { name: 'Mara Maker' })).email, TEST_PASSWORD);
  const hp = await makePerson(t.db, hdo.id, ['analyst'], { name: 'Hal Hospital' });
  const op = await makePerson(t.db, b.id, ['analyst'], { name: 'Otto Outsider' });
  people = { hospital: hp, outsider: op };
  hospital = await signInClient(t.app, hp.email, TEST_PASSWORD);
  outsider = await signInClient(t.app, op.email, TEST_PASSWORD);
  channelId = json(await coordinator.request('POST', '/api/v1/forum/channels', { name: 'Imaging', kind: 'topic' }), 201).id;
}, 60_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const thread = async (tlp: string, audience: string, title: string, body: string, extra: Json = {}) =>
  json(await maker.request('POST', `/api/v1/forum/channels/${channelId}/threads`, { title, body, tlp, audience, ...extra }), 201);

describe('forum email', () => {
  it('emails a mention at once, with the text under TLP:AMBER, and never to someone who cannot read it', async () => {
    await thread(
      'AMBER',
      'orgs',
      'CT scanner DICOM crash',
      `@person:${people.hospital.id} @person:${people.outsider.id} crash on malformed DICOM AMBER-TEXT-1`,
      {
        recipientOrgIds: [orgs.hdo],
      },
    );
    expect(await sendImmediateMails(t.ctx)).toBe(1);
    const mail = await smtp.waitFor((m) => m.to === people.hospital.email);
    expect(mail.subject).toContain('[TLP:AMBER]');
    expect(mail.text).toContain('AMBER-TEXT-1');
    expect(mail.text).toContain('https://isao.example/forum/threads/');
    expect(smtp.messages.some((m) => m.to === people.outsider.email)).toBe(false);
    expect(json(await outsider.request('GET', '/api/v1/notifications')).items).toHaveLength(0);
  });

  it('sends only a link for TLP:RED and TLP:AMBER+STRICT', async () => {
    await thread('RED', 'orgs', 'RED-TITLE-2 secret', `@person:${people.hospital.id} RED-TEXT-2`, {
      recipientOrgIds: [orgs.hdo],
      recipientPersonIds: [people.hospital.id],
    });
    await thread('AMBER+STRICT', 'orgs', 'STRICT-TITLE-3', `@person:${people.hospital.id} STRICT-TEXT-3`, { recipientOrgIds: [orgs.hdo] });
    expect(await sendImmediateMails(t.ctx)).toBe(2);
    await smtp.waitFor((m) => m.subject.includes('TLP:AMBER+STRICT'));
    const all = JSON.stringify(smtp.messages);
    for (const secret of ['RED-TITLE-2', 'RED-TEXT-2', 'STRICT-TITLE-3', 'STRICT-TEXT-3']) expect(all).not.toContain(secret);
    expect(smtp.messages.filter((m) => m.text.includes('not sent by email'))).toHaveLength(2);
  });

  it('builds the digest at send time: a post retracted before the digest is not in it; an emailed one is retracted by email', async () => {
    const v = await thread('GREEN', 'members', 'Weekly imaging notes', 'DIGEST-KEEP-4 firmware notes');
    const gone = json(await maker.request('POST', `/api/v1/forum/threads/${v.thread.id}/posts`, { body: 'DIGEST-GONE-5 wrong' }), 201);
    json(await maker.request('POST', `/api/v1/forum/posts/${gone.id}/retract`, { reason: 'wrong numbers' }));
    json(await hospital.request('PUT', '/api/v1/me/notification-settings', { digest: 'hourly' }));
    await t.db.query("UPDATE people SET digest = 'off' WHERE id <> $1", [people.hospital.id]);
    // The last digest went out 61 minutes ago (test clock), before these posts.
    await t.db.query('UPDATE people SET digest_sent_at = $2 WHERE id = $1', [
      people.hospital.id,
      new Date(t.clock.now().getTime() - 61 * 60_000),
    ]);
    expect(await sendDigests(t.ctx)).toBe(1);
    const digest = await smtp.waitFor((m) => m.subject.includes('hourly OpenISAO forum digest'));
    expect(digest.to).toBe(people.hospital.email);
    expect(digest.text).toContain('DIGEST-KEEP-4');
    expect(digest.text).not.toContain('DIGEST-GONE-5');
    expect(digest.text).not.toContain('RED-TEXT-2');
    // Nothing due again in the same hour.
    expect(await sendDigests(t.ctx)).toBe(0);

    // The post that went out in the digest is retracted: the hospital is told by email.
    const sent = v.posts[0].id;
    json(await maker.request('POST', `/api/v1/forum/posts/${sent}/retract`, { reason: 'superseded' }));
    await sendImmediateMails(t.ctx);
    const notice = await smtp.waitFor((m) => m.subject.includes('was retracted') && m.to === people.hospital.email);
    expect(notice.text).not.toContain('DIGEST-KEEP-4');
  });
});
