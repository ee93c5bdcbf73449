import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launchChromium, screenshot, screenshotDir, signInPage } from '../support/browser.ts';
import { type ServerProcess, startServe } from '../support/cli.ts';
import { createPostgresDatabase, postgresReachable } from '../support/test-database.ts';
import type { Db } from '../../src/server/db/client.ts';

// The "done when": two people of different organisations converse live in one thread, in the browser, each on
// a different node (two `isao serve` processes sharing one PostgreSQL and one NATS JetStream), under TLP:AMBER, and a
// third organisation sees nothing; a retraction reaches the other node's reader live.
const url = process.env.ISAO_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const natsUrl = process.env.ISAO_TEST_NATS_URL || 'nats://127.0.0.1:4222';
const hasWeb = fs.existsSync('dist/web/index.html');

const MANUFACTURER = { email: 'analyst@acme-infusion.example', org: 'Acme Infusion Systems' };
const HOSPITAL = { email: 'clinical.engineering@stexample-hospital.example', org: 'St. Example General Hospital' };
const OUTSIDER = { email: 'biomed@riverside-medical.example' };
const TITLE = 'Telnet open on VitaFlow gateways (two nodes)';
const REPLY = 'Confirmed on 12 of our gateways, node A speaking';
const ANSWER = 'Thanks, we block 23/tcp at the VLAN, node B answering';

let reachable = false;
let db: Db | undefined;
let browser: Browser | undefined;
const nodes: ServerProcess[] = [];

beforeAll(async () => {
  reachable = await postgresReachable(url);
}, 30_000);
afterAll(async () => {
  await browser?.close();
  for (const n of nodes) await n.stop().catch(() => undefined);
  await db?.close();
});

describe.skipIf(!hasBrowser || !hasWeb)('the forum across two nodes, in the browser', () => {
  it('a manufacturer on node A and a hospital on node B converse live under TLP:AMBER; a third organisation sees nothing', async (test) => {
    if (!reachable) test.skip(); // every CI run has PostgreSQL and NATS
    db = await createPostgresDatabase(url, 'isao_e2e2n');
    const name = (await db.query<{ d: string }>('SELECT current_database() AS d'))[0]!.d;
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    const port = 20000 + Math.floor(Math.random() * 20000);
    const env = (p: number, demo: string) => ({
      DATABASE_URL: dbUrl.toString(),
      NATS_URL: natsUrl,
      PORT: String(p),
      ISAO_HOST: '127.0.0.1',
      ISAO_DEMO: demo,
      ISAO_ADMIN_EMAIL: 'ops@isao.example',
      ISAO_ADMIN_PASSWORD: 'a long operator passphrase',
      ISAO_FEED_CHECK_SECONDS: '0',
    });
    // Node A creates the demo community; node B joins the same database.
    const a = await startServe(env(port, '1'));
    nodes.push(a);
    const b = await startServe(env(port + 1, '0'));
    nodes.push(b);
    const password = /password for all: (\S+)\)/.exec(a.output())?.[1] ?? '';
    expect(password).not.toBe('');

    browser = await launchChromium();
    fs.mkdirSync(screenshotDir, { recursive: true });
    const open = async (base: string, email: string): Promise<Page> => {
      const context = await browser!.newContext({ baseURL: base, viewport: { width: 1280, height: 860 } });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      await signInPage(page, email, password);
      await page.getByRole('heading', { name: /Welcome/ }).waitFor();
      return page;
    };
    const baseA = `http://127.0.0.1:${port}`;
    const baseB = `http://127.0.0.1:${port + 1}`;
    const post = (page: Page, text: string) => page.locator('.forum-post').filter({ hasText: text });

    // The coordinator opens a channel on node A.
    const coordinator = await open(baseA, 'coordinator@openisao.example');
    await coordinator.goto('/forum');
    await coordinator.getByLabel('Name').fill('Gateways');
    await coordinator.getByLabel('Kind').selectOption('topic');
    await coordinator.getByRole('button', { name: 'Open the channel' }).click();
    await coordinator.getByText('The channel “Gateways” is open.').waitFor();
    await coordinator.context().close();

    // The manufacturer (node A) starts a TLP:AMBER thread for the hospital only.
    const maker = await open(baseA, MANUFACTURER.email);
    await maker.goto('/forum');
    await maker.getByRole('link', { name: 'Gateways' }).click();
    await maker.getByLabel('Title').fill(TITLE);
    await maker.getByLabel('Message').fill('Port 23 answers with a root shell on firmware 3.x.');
    await maker.getByLabel('TLP label').selectOption('AMBER');
    await maker.getByLabel('Audience').selectOption('orgs');
    await maker.getByRole('checkbox', { name: HOSPITAL.org }).check();
    await maker.getByRole('button', { name: 'Start the thread' }).click();
    await maker.getByRole('heading', { name: TITLE }).waitFor();
    const threadPath = new URL(maker.url()).pathname;

    // The hospital (node B) opens it; both pages are live.
    const nurse = await open(baseB, HOSPITAL.email);
    await nurse.goto(threadPath);
    await nurse.getByRole('heading', { name: TITLE }).waitFor();
    await maker.locator('.live-indicator').getByText('Live', { exact: true }).waitFor();
    await nurse.locator('.live-indicator').getByText('Live', { exact: true }).waitFor();

    // A post on node A appears on node B's open page without reload, and the answer from B appears on A.
    const reply = maker.getByRole('form', { name: 'Reply to the thread' });
    await reply.getByLabel('Your reply').fill(REPLY);
    await reply.getByRole('button', { name: 'Post the reply' }).click();
    await post(nurse, REPLY).waitFor();
    const answer = nurse.getByRole('form', { name: 'Reply to the thread' });
    await answer.getByLabel('Your reply').fill(ANSWER);
    await answer.getByRole('button', { name: 'Post the reply' }).click();
    await post(maker, ANSWER).waitFor();
    expect(await post(maker, ANSWER).textContent()).toContain(HOSPITAL.org);
    expect(await nurse.locator('.notice-head .tlp').textContent()).toBe('TLP:AMBER');
    await screenshot(nurse, 'forum-two-nodes-hospital-on-b');

    // A retraction on node A reaches node B live.
    await post(maker, REPLY).getByRole('button', { name: 'Retract', exact: true }).click();
    await maker.getByLabel('Why are you retracting it?').fill('Wrong count, it was 2 gateways');
    await maker.getByRole('button', { name: 'Retract the post' }).click();
    await nurse.locator('.forum-post.is-retracted').getByText('Wrong count, it was 2 gateways').waitFor();
    expect(await nurse.locator('.forum-posts').textContent()).not.toContain(REPLY);
    await screenshot(nurse, 'forum-two-nodes-retracted-on-b');

    // A third organisation, on node B, sees nothing: not the thread, not in search.
    const outsider = await open(baseB, OUTSIDER.email);
    await outsider.goto(threadPath);
    await outsider
      .getByText(/not found/i)
      .first()
      .waitFor();
    await outsider.goto(`/forum/search?q=${encodeURIComponent('telnet gateways')}`);
    await outsider
      .getByRole('heading', { name: /Search/ })
      .first()
      .waitFor();
    await outsider.waitForTimeout(500);
    expect(await outsider.locator('main').textContent()).not.toContain(TITLE);
  }, 240_000);
});
