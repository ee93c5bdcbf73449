import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserWorld, demoPersonPage, hasBrowser, screenshot, startBrowserWorld } from '../support/browser.ts';

const A = { email: 'analyst@acme-infusion.example', name: 'Adam Novak', org: 'Acme Infusion Systems' };
const B = { email: 'clinical.engineering@stexample-hospital.example', name: 'Luis Ortega', org: 'St. Example General Hospital' };
const C = { email: 'biomed@riverside-medical.example', name: 'Omar Haddad', org: 'Riverside Medical Center' };
const OPENING = 'Luis, your pumps on firmware 4.2: do you see **dose-limit resets** after the gateway reboots?';
const REPLY = 'Yes, twice last week on ward 3. I can share the gateway logs here.';

let w: BrowserWorld;
beforeAll(async () => {
  if (!hasBrowser) return;
  w = await startBrowserWorld();
});
afterAll(async () => {
  if (hasBrowser) await w.close();
});

const signIn = (email: string): Promise<Page> => demoPersonPage(w, email);
const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const message = (page: Page, text: string) => page.locator('.forum-post').filter({ hasText: text });
const waitLive = (page: Page) => page.locator('.live-indicator').getByText('Live', { exact: true }).waitFor();

describe.skipIf(!hasBrowser)('direct messages in the browser', { timeout: 240_000 }, () => {
  it('a manufacturer writes to a hospital analyst, who sees it arrive live and answers live; a third person sees nothing', async () => {
    // B waits on the messages page.
    const b = await signIn(B.email);
    await nav(b)
      .getByRole('link', { name: /^Messages/ })
      .click();
    await b.getByRole('heading', { name: 'Messages', exact: true }).waitFor();
    await b.getByText('No conversations yet.').waitFor();
    await waitLive(b);

    // A finds B in the directory by organisation and writes.
    const a = await signIn(A.email);
    await nav(a)
      .getByRole('link', { name: /^Messages/ })
      .click();
    await a.getByRole('link', { name: 'New message' }).click();
    await a.getByLabel('Find people by name or organisation').fill('St. Example');
    await a.getByRole('button', { name: `Add ${B.name}` }).click();
    await a.getByRole('list', { name: 'Selected people' }).getByText(`${B.name} (${B.org})`).waitFor();
    await a.getByLabel('Message', { exact: true }).fill(OPENING);
    await screenshot(a, 'dm-new-message');
    await a.getByRole('button', { name: 'Send' }).click();
    await a.getByRole('heading', { name: B.name }).waitFor();
    const conversationPath = new URL(a.url()).pathname;
    expect(conversationPath).toMatch(/^\/messages\/[0-9a-f-]{36}$/);
    expect(await a.locator('.notice-head .tlp').textContent()).toBe('TLP:RED');
    const participants = a.getByRole('list', { name: 'Participants' });
    expect(await participants.textContent()).toContain(`${A.name} (you), ${A.org}`);
    expect(await participants.textContent()).toContain(`${B.name}, ${B.org}`);
    await message(a, 'dose-limit resets').locator('strong', { hasText: 'dose-limit resets' }).waitFor();
    // A conversation is not moderated and has no channel: no moderation panel, no report, the breadcrumb leads to Messages.
    expect(await a.getByRole('heading', { name: 'Moderation' }).count()).toBe(0);
    expect(await a.locator('.breadcrumb').textContent()).toBe('Messages');

    // B's list shows it without reload, unread, with the count in the navigation; B is emailed a link only.
    const item = b.locator('.conversation-item').filter({ hasText: A.name });
    await item.waitFor();
    await item.getByText('1 new').waitFor();
    expect(await item.textContent()).toContain(A.org);
    expect(await nav(b).getByTestId('messages-unread').textContent()).toMatch(/^1/);
    await screenshot(b, 'dm-messages');
    const mail = await w.smtp.waitFor((m) => m.to === B.email && m.text.includes(conversationPath));
    expect(mail.subject).toBe('[TLP:RED] You have a new direct message in OpenISAO');
    expect(`${mail.subject} ${mail.text}`).not.toContain('dose-limit');
    expect(`${mail.subject} ${mail.text}`).not.toContain(A.name);

    // B opens it and answers; A's open page shows the answer live.
    await item.getByRole('link', { name: A.name }).click();
    await b.getByRole('heading', { name: A.name }).waitFor();
    await message(b, 'dose-limit resets').getByText('New', { exact: true }).waitFor();
    expect(await message(b, 'dose-limit resets').getByRole('button', { name: 'Report', exact: true }).count()).toBe(0);
    await waitLive(a);
    await waitLive(b);
    const composer = b.getByRole('form', { name: 'Write in the conversation' });
    await composer.getByLabel('Your message').fill(REPLY);
    await composer.getByRole('button', { name: 'Send' }).click();
    await message(b, REPLY).waitFor();
    await message(a, REPLY).waitFor();
    await message(a, REPLY).getByText('New', { exact: true }).waitFor();
    await screenshot(a, 'dm-conversation');
    await expect.poll(() => nav(b).getByTestId('messages-unread').count()).toBe(0);

    // Someone of a third organisation: no conversation, and its address is not found.
    const c = await signIn(C.email);
    await nav(c)
      .getByRole('link', { name: /^Messages/ })
      .click();
    await c.getByText('No conversations yet.').waitFor();
    await c.goto(conversationPath);
    await c.getByText('There is no such conversation, or you may not read it.').waitFor();
    expect(await c.content()).not.toContain('dose-limit');
    expect(await c.content()).not.toContain(REPLY);
    await screenshot(c, 'dm-outsider');
    await Promise.all([a.close(), b.close(), c.close()]);
  });

  it('offers to message the author of a forum post, already chosen', async () => {
    const a = await signIn(A.email);
    await nav(a).getByRole('link', { name: 'Forum' }).click();
    await a.getByRole('link', { name: 'Threats and campaigns' }).click();
    await a.getByRole('link', { name: 'Fake vendor support portal asking to re-register pumps' }).click();
    await a.getByRole('link', { name: 'Message Dana Brooks' }).waitFor();
    await screenshot(a, 'dm-forum-message-author');
    await a.getByRole('link', { name: 'Message Dana Brooks' }).click();
    await a.getByRole('heading', { name: 'New message' }).waitFor();
    await a.getByRole('list', { name: 'Selected people' }).getByText('Dana Brooks (St. Example General Hospital)').waitFor();
    // Nobody offers to message themselves.
    await a.goBack();
    await a.getByRole('link', { name: 'Message Dana Brooks' }).waitFor();
    expect(await a.getByRole('link', { name: `Message ${A.name}` }).count()).toBe(0);
    await a.close();
  });
});
