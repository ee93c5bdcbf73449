import { createHash } from 'node:crypto';
import type { Locator, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserWorld, demoPersonPage, hasBrowser, screenshot, startBrowserWorld } from '../support/browser.ts';
import { apiSend } from '../support/browser-disclosure.ts';

const CHANNEL = 'Infusion pump gateways';
const DEVICE_CLASS = 'Infusion pumps';
const TITLE = 'Dose-limit bypass seen on the Acme pump gateway';
const OPENING = 'Our lab reproduced a **dose-limit bypass** through the gateway service on port 8443. Details for St. Example only.';
const REPLY = 'Same behaviour on firmware 4.2; block port 8443 at the clinical VLAN for now.';
const RETRACT_REASON = 'Wrong firmware version: 4.2 is not affected, please disregard.';

const MANUFACTURER = { email: 'analyst@acme-infusion.example', name: 'Adam Novak', org: 'Acme Infusion Systems' };
const HOSPITAL = { email: 'clinical.engineering@stexample-hospital.example', name: 'Luis Ortega', org: 'St. Example General Hospital' };
const OUTSIDER = { email: 'biomed@riverside-medical.example', name: 'Omar Haddad', org: 'Riverside Medical Center' };

let w: BrowserWorld;
beforeAll(async () => {
  if (!hasBrowser) return;
  w = await startBrowserWorld();
});
afterAll(async () => {
  if (hasBrowser) await w.close();
});

const signIn = (email: string): Promise<Page> => demoPersonPage(w, email);

/** The bell's accessible name: "Notifications" or "Notifications, N unread". */
const bell = (page: Page) => page.getByRole('banner').getByRole('link', { name: /^Notifications/ });
const post = (page: Page, text: string): Locator => page.locator('.forum-post').filter({ hasText: text });
const waitLive = (page: Page) => page.locator('.live-indicator').getByText('Live', { exact: true }).waitFor();

describe.skipIf(!hasBrowser)('the forum in the browser', { timeout: 240_000 }, () => {
  it('a manufacturer and a hospital talk live under TLP:AMBER; a retraction reaches the reader live; a third organisation sees nothing', async () => {
    // ISAO staff open a device-class channel.
    const coordinator = await signIn('coordinator@openisao.example');
    await coordinator.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Forum' }).click();
    await coordinator.getByRole('heading', { name: 'Forum', exact: true }).waitFor();
    await coordinator.getByLabel('Name').fill(CHANNEL);
    await coordinator.getByLabel('Kind').selectOption('device_class');
    await coordinator.getByLabel('Device class').fill(DEVICE_CLASS);
    await coordinator.getByRole('button', { name: 'Open the channel' }).click();
    await coordinator.getByText(`The channel “${CHANNEL}” is open.`).waitFor();
    const channelRow = coordinator.getByRole('row').filter({ hasText: CHANNEL });
    await channelRow.waitFor();
    expect(await channelRow.textContent()).toContain(`Device class: ${DEVICE_CLASS}`);
    await screenshot(coordinator, 'forum-channels-staff');
    await coordinator.close();

    // The manufacturer's analyst starts a TLP:AMBER thread for the hospital only.
    const a = await signIn(MANUFACTURER.email);
    await a.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Forum' }).click();
    await a.getByRole('link', { name: CHANNEL }).click();
    await a.getByRole('heading', { name: CHANNEL }).waitFor();
    const channelPath = new URL(a.url()).pathname;
    await a.getByLabel('Title').fill(TITLE);
    await a.getByLabel('Message').fill(OPENING);
    await a.getByLabel('TLP label').selectOption('AMBER');
    await a
      .getByText(/Limited: the recipient organisations and their clients/)
      .first()
      .waitFor();
    await a.getByLabel('Audience').selectOption('orgs');
    await a.getByRole('checkbox', { name: HOSPITAL.org }).check();
    await screenshot(a, 'forum-new-thread');
    await a.getByRole('button', { name: 'Start the thread' }).click();
    await a.getByRole('heading', { name: TITLE }).waitFor();
    const threadPath = new URL(a.url()).pathname;
    expect(threadPath).toMatch(/^\/forum\/threads\/[0-9a-f-]{36}$/);
    expect(await a.locator('.notice-head .tlp').textContent()).toBe('TLP:AMBER');
    await post(a, 'dose-limit bypass').locator('strong', { hasText: 'dose-limit bypass' }).waitFor();
    expect(await a.locator('.details').textContent()).toContain(HOSPITAL.org);

    // The hospital's analyst sees one unread thread, opens it.
    const b = await signIn(HOSPITAL.email);
    await b.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Forum' }).click();
    const bChannelRow = b.getByRole('row').filter({ hasText: CHANNEL });
    await bChannelRow.getByText('1 new').waitFor();
    await screenshot(b, 'forum-channels-unread');
    await bChannelRow.getByRole('link', { name: CHANNEL }).click();
    const listed = b.locator('.thread-item').filter({ hasText: TITLE });
    await listed.waitFor();
    expect(await listed.textContent()).toContain('TLP:AMBER');
    expect(await listed.textContent()).toContain(MANUFACTURER.org);
    await screenshot(b, 'forum-channel-threads');
    await listed.getByRole('link', { name: TITLE }).click();
    await b.getByRole('heading', { name: TITLE }).waitFor();
    expect(new URL(b.url()).pathname).toBe(threadPath);
    expect(await post(b, 'dose-limit bypass').textContent()).toContain(`${MANUFACTURER.name}, ${MANUFACTURER.org}`);
    expect(await bell(b).getAttribute('aria-label')).toBe('Notifications');
    await waitLive(a);
    await waitLive(b);

    // A replies, mentioning B through the autocomplete; B's open page shows it without reload, and B's bell counts it.
    const composer = a.getByRole('form', { name: 'Reply to the thread' });
    await composer.getByLabel('Your reply').fill(`${REPLY} @Lui`);
    await composer.getByRole('option', { name: new RegExp(HOSPITAL.name) }).click();
    await composer.getByLabel('Your reply').pressSequentially('can you confirm on your pumps?');
    expect(await composer.getByLabel('Your reply').inputValue()).toMatch(/@person:[0-9a-f-]{36} can you confirm/);
    await composer.getByRole('button', { name: 'Post the reply' }).click();
    await post(a, REPLY).waitFor();
    expect(await post(a, REPLY).textContent()).toContain(`@${HOSPITAL.name}`);

    const bReply = post(b, REPLY);
    await bReply.waitFor();
    expect(await bReply.textContent()).toContain(`@${HOSPITAL.name}`);
    await bReply.getByText('New', { exact: true }).waitFor();
    await b
      .getByRole('banner')
      .getByRole('link', { name: /^Notifications, \d+ unread$/ })
      .waitFor();
    await screenshot(b, 'forum-thread-live-reply');

    // B reacts to the opening post; A sees the count without reload.
    await post(b, 'dose-limit bypass')
      .getByRole('button', { name: /we see this too/ })
      .click();
    await post(b, 'dose-limit bypass')
      .getByRole('button', { name: /we see this too\s*1/ })
      .waitFor();
    await post(a, 'dose-limit bypass')
      .getByRole('button', { name: /we see this too\s*1/ })
      .waitFor();

    // A retracts the reply; B's page shows the retraction live, and B acknowledges it.
    await post(a, REPLY).getByRole('button', { name: 'Retract', exact: true }).click();
    await a.getByLabel('Why are you retracting it?').fill(RETRACT_REASON);
    await a.getByRole('button', { name: 'Retract the post' }).click();
    await a.locator('.post-retracted').getByText(RETRACT_REASON).waitFor();

    const bRetracted = b.locator('.forum-post.is-retracted');
    await bRetracted.getByText(RETRACT_REASON).waitFor();
    expect(await bRetracted.textContent()).toContain('Retracted on');
    expect(await b.locator('.forum-posts').textContent()).not.toContain(REPLY);
    await screenshot(b, 'forum-thread-live-retracted');
    await bRetracted.getByRole('button', { name: 'Acknowledge' }).click();
    await bRetracted.getByText('You acknowledged the retraction.').waitFor();
    await screenshot(a, 'forum-thread-author');

    // B finds the thread by search, the match highlighted.
    await b.goto('/forum/search?q=gateway');
    const hit = b.getByRole('list', { name: 'Search results' }).getByRole('listitem').filter({ hasText: TITLE });
    await hit.waitFor();
    expect(await hit.locator('mark').count()).toBeGreaterThan(0);
    expect(await hit.textContent()).toContain('TLP:AMBER');
    await screenshot(b, 'forum-search');

    // B's notifications: the mention (and the retraction); marking all read empties the bell.
    await bell(b).click();
    await b.getByRole('heading', { name: 'Notifications' }).waitFor();
    await b
      .getByText(/mentioned you in/)
      .first()
      .waitFor();
    await screenshot(b, 'forum-notifications');
    await b.getByRole('button', { name: 'Mark all read' }).click();
    await expect.poll(() => bell(b).getAttribute('aria-label')).toBe('Notifications');

    // Someone of a third organisation: the channel does not list the thread, search does not find it, its URL is not found.
    const c = await signIn(OUTSIDER.email);
    await c.goto(channelPath);
    await c.getByRole('heading', { name: CHANNEL }).waitFor();
    await c.getByText('No threads you may read here yet.').waitFor();
    expect(await c.content()).not.toContain(TITLE);
    await c.goto('/forum/search?q=dose-limit');
    await c.getByText('Nothing you may read matches “dose-limit”.').waitFor();
    expect(await c.content()).not.toContain(TITLE);
    await c.goto(threadPath);
    await c.getByText('There is no such thread, or you may not read it.').waitFor();
    expect(await c.content()).not.toContain(TITLE);
    expect(await c.content()).not.toContain('8443');
    await screenshot(c, 'forum-thread-outsider');

    await c.close();
    await b.close();
    await a.close();
  });

  it('an author corrects a post and attaches a file; a reader reports it; a moderator hides it and locks the thread, live for the reader', async () => {
    const coordinator = await signIn('coordinator@openisao.example');
    const channel = await apiSend(coordinator, 'POST', '/api/v1/forum/channels', { name: 'Patient monitors', kind: 'topic' });
    const a = await signIn(MANUFACTURER.email);
    const created = await apiSend(a, 'POST', `/api/v1/forum/channels/${channel.id}/threads`, {
      title: 'Telemetry drop-outs after the 3.1 update',
      body: 'Monitors on firmware 3.1 lose telemetry for up to 40 seconds.',
      tlp: 'GREEN',
      audience: 'members',
    });
    const threadPath = `/forum/threads/${created.thread.id}`;
    const b = await signIn(HOSPITAL.email);
    // B's live connection goes through the test, which can cut it and keep it down for a while.
    const streamUrls: string[] = [];
    const streams: WebSocketRoute[] = [];
    let down = false;
    await b.routeWebSocket(/\/api\/v1\/stream/, async (ws) => {
      streamUrls.push(ws.url());
      if (down) return ws.close({ code: 1006, reason: 'test: network down' });
      ws.connectToServer();
      streams.push(ws);
    });
    await Promise.all([a.goto(threadPath), b.goto(threadPath)]);
    await post(b, 'lose telemetry').waitFor();
    await waitLive(a);
    await waitLive(b);

    // B's connection drops; A replies meanwhile; once B is back it gets the reply it missed, without reload.
    down = true;
    await streams.at(-1)!.close({ code: 1006, reason: 'test: network down' });
    await b.locator('.live-indicator').getByText('Reconnecting…').waitFor();
    await a.getByRole('form', { name: 'Reply to the thread' }).getByLabel('Your reply').fill('Seen on 12 monitors in our ICU as well.');
    await a.getByRole('button', { name: 'Post the reply' }).click();
    await post(a, 'Seen on 12 monitors').waitFor();
    await screenshot(b, 'forum-thread-reconnecting');
    expect(await b.locator('.forum-posts').textContent()).not.toContain('Seen on 12 monitors');
    down = false;
    await post(b, 'Seen on 12 monitors').waitFor({ timeout: 30_000 });
    await waitLive(b);
    expect(streamUrls.at(-1)).toMatch(/\?after=\d+$/);

    // A corrects the post; B sees the new text, the "Corrected" mark and the earlier version.
    await post(a, 'lose telemetry').getByRole('button', { name: 'Edit', exact: true }).click();
    const edit = a.getByRole('form', { name: 'Edit your post' });
    await edit.getByLabel('Your post').fill('Monitors on firmware 3.1 lose telemetry for up to 90 seconds.');
    await edit.getByRole('checkbox', { name: /This is a correction/ }).check();
    await edit.getByRole('button', { name: 'Save and notify' }).click();
    const bPost = post(b, 'lose telemetry');
    await bPost.getByText('up to 90 seconds').waitFor();
    await bPost.getByText('Corrected', { exact: true }).waitFor();
    await bPost.getByRole('button', { name: /edited · 1 revision/ }).click();
    await bPost.getByRole('region', { name: 'Revision 1' }).getByText('up to 40 seconds').waitFor();

    // A attaches a file: it is a download link with its SHA-256.
    const file = Buffer.from('10.20.30.40 telemetry-gw\n');
    await post(a, 'lose telemetry')
      .locator('input[type="file"]')
      .setInputFiles({ name: 'indicators.txt', mimeType: 'text/plain', buffer: file });
    const link = post(a, 'lose telemetry').getByRole('link', { name: 'indicators.txt' });
    await link.waitFor();
    expect(await link.getAttribute('download')).toBe('indicators.txt');
    expect(await post(a, 'lose telemetry').textContent()).toContain(createHash('sha256').update(file).digest('hex'));
    await screenshot(b, 'forum-thread-corrected');

    // B reports the post; the coordinator hides it from the queue and locks the thread.
    await bPost.getByRole('button', { name: 'Report', exact: true }).click();
    await b.getByLabel('What is wrong with it?').fill('Contains an internal IP address of our network.');
    await b.getByRole('button', { name: 'Report to the moderators' }).click();
    await b.getByText('Reported to the moderators. Thank you.').waitFor();

    await coordinator.goto('/forum/moderation');
    const report = coordinator.locator('.flag-item').filter({ hasText: 'internal IP address' });
    await report.waitFor();
    expect(await report.textContent()).toContain(`Reported by ${HOSPITAL.name}`);
    await report.getByLabel('Resolution').fill('Removed the internal address.');
    await report.getByRole('checkbox', { name: 'Hide the post' }).check();
    await screenshot(coordinator, 'forum-moderation-queue');
    await report.getByRole('button', { name: 'Resolve' }).click();
    await report.getByText('Resolved', { exact: true }).waitFor();
    await b.locator('.forum-post.is-hidden').getByText('Hidden by the moderators.').waitFor();
    expect(await b.locator('.forum-posts').textContent()).not.toContain('90 seconds');

    await coordinator.goto(threadPath);
    await coordinator.getByRole('heading', { name: 'Moderation' }).waitFor();
    await coordinator.getByRole('button', { name: 'Lock (no more replies)' }).click();
    await coordinator.getByRole('button', { name: 'Unlock' }).waitFor();
    await b.getByText('This thread is locked.').waitFor();
    expect(await b.getByRole('form', { name: 'Reply to the thread' }).count()).toBe(0);
    await screenshot(coordinator, 'forum-thread-moderator');
    await screenshot(b, 'forum-thread-locked');
    await Promise.all([a.close(), b.close(), coordinator.close()]);
  });

  it('an organisation admin adds a webhook (secret shown once), sees its delivery log, disables and deletes it; chooses a digest', async () => {
    const coordinator = await signIn('coordinator@openisao.example');
    const channel = await apiSend(coordinator, 'POST', '/api/v1/forum/channels', { name: 'Imaging', kind: 'topic' });
    await coordinator.close();
    const admin = await signIn('ciso@stexample-hospital.example');
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await admin.getByRole('heading', { name: 'Webhooks' }).waitFor();
    await admin.getByText('No webhooks yet.').waitFor();
    // A loopback port nobody listens on: deliveries fail, and are logged.
    const url = 'http://127.0.0.1:9/isao-forum-hook';
    await admin.getByLabel('URL').fill(url);
    await admin.getByRole('checkbox', { name: 'A post was retracted' }).uncheck();
    await admin.getByRole('button', { name: 'Add the webhook' }).click();
    await admin.getByText('Copy the signing secret now: it is shown only once.').waitFor();
    expect((await admin.locator('.secret code').textContent())!.length).toBeGreaterThan(16);
    const item = admin.locator('.webhook').filter({ hasText: url });
    await item.getByText('Enabled', { exact: true }).waitFor();
    expect(await item.textContent()).not.toContain('A post was retracted');

    await apiSend(admin, 'POST', `/api/v1/forum/channels/${channel.id}/threads`, {
      title: 'CT scanner console asks for a password reset',
      body: 'Reported by two radiographers this morning.',
      tlp: 'GREEN',
      audience: 'members',
    });
    const hooks = await apiSend(admin, 'GET', '/api/v1/webhooks');
    const hookId = (hooks.items as { id: string }[])[0]!.id;
    await expect
      .poll(async () => (await apiSend(admin, 'GET', `/api/v1/webhooks/${hookId}/deliveries`)).items.length, { timeout: 20_000 })
      .toBeGreaterThan(0);
    await item.getByRole('button', { name: 'Delivery log' }).click();
    await item.getByRole('row').filter({ hasText: 'thread.created' }).waitFor();
    await screenshot(admin, 'forum-webhooks');

    await item.getByRole('button', { name: 'Disable' }).click();
    await item.getByText('Disabled', { exact: true }).waitFor();
    await item.getByRole('button', { name: 'Delete' }).click();
    await item.getByRole('button', { name: 'Delete for good' }).click();
    await admin.getByText('No webhooks yet.').waitFor();

    await bell(admin).click();
    await admin.getByRole('heading', { name: 'Notifications' }).waitFor();
    await admin.getByLabel('Send me').selectOption('hourly');
    await admin.getByText('Saved.').waitFor();
    await admin.reload();
    await expect.poll(() => admin.getByLabel('Send me').inputValue()).toBe('hourly');
    await admin.close();
  });
});
