import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  type BrowserWorld,
  hasBrowser,
  screenshot,
  signInPage,
  startBrowserWorld,
} from '../support/browser.ts';

const KEV_SAMPLE = path.resolve('test/fixtures/vulndb/kev-sample.json');
const FEED_NAME = 'KEV mirror (test)';

let w: BrowserWorld;
let feedServer: http.Server;
let feedUrl = '';
let fetches = 0;

beforeAll(async () => {
  if (!hasBrowser) return;
  w = await startBrowserWorld();
  // A tiny feed server: the KEV sample, without validators (so every fetch imports it again), after a pause long enough
  // to see the feed running.
  feedServer = http.createServer((req, res) => {
    if (req.url === '/feeds/known_exploited_vulnerabilities.json') {
      fetches++;
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(fs.readFileSync(KEV_SAMPLE));
      }, 2000);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => feedServer.listen(0, '127.0.0.1', resolve));
  feedUrl = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}/feeds/known_exploited_vulnerabilities.json`;
});
afterAll(async () => {
  if (!hasBrowser) return;
  await w.close();
  await new Promise((resolve) => feedServer.close(resolve));
});

async function openVulnData(page: Page, email: string, password: string): Promise<void> {
  await signInPage(page, email, password);
  await page.getByRole('heading', { name: /Welcome/ }).waitFor();
  await page.goto('/vulnerability-data');
  await page.getByRole('heading', { name: 'Loaded data' }).waitFor();
}

/** The "Known exploited (CISA KEV)" number of the loaded-data panel. */
async function kevCount(page: Page): Promise<number> {
  const text = await page.locator('.stat', { hasText: 'Known exploited' }).locator('.stat-value').textContent();
  return Number((text ?? '').replace(/\D/g, ''));
}

const feedCard = (page: Page) => page.getByRole('article', { name: FEED_NAME });

describe.skipIf(!hasBrowser)('scheduled feeds in the browser', { timeout: 120_000 }, () => {
  it('a platform admin adds a feed, fetches it now, sees it imported and the KEV count go up, then disables it', async () => {
    const page = await w.newPage();
    await openVulnData(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.getByRole('heading', { name: 'Scheduled feeds' }).waitFor();
    await page.getByText('No feeds yet: add one below.').waitFor();
    const kevBefore = await kevCount(page);

    // The server's validation message shows next to the field.
    await page.getByLabel('Name').fill(FEED_NAME);
    await page.getByLabel('URL').fill(feedUrl);
    await page.getByLabel('Fetch every').fill('2');
    await page.getByLabel('Interval unit').selectOption('minutes');
    await page.getByRole('button', { name: 'Add feed' }).click();
    const intervalError = page.locator('.field-error');
    await intervalError.waitFor();
    expect(await intervalError.textContent()).toMatch(/5/);
    expect(await page.getByLabel('Fetch every').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'feeds-validation');

    await page.getByLabel('Fetch every').fill('60');
    await page.getByRole('button', { name: 'Add feed' }).click();
    await page.getByText(`${FEED_NAME} was added`).waitFor();
    const card = feedCard(page);
    await card.waitFor();
    expect(await card.textContent()).toContain('vulnerability data (OSV, CVE 5, NVD, KEV, EPSS)');
    expect(await card.textContent()).toContain('Every hour');
    expect(await card.textContent()).toContain(feedUrl);

    await card.getByRole('button', { name: 'Fetch now' }).click();
    await card.getByRole('status').filter({ hasText: 'Fetching…' }).waitFor();
    expect(await card.getByRole('button', { name: 'Fetching…' }).isDisabled()).toBe(true);
    await screenshot(page, 'feeds-running');
    await expect
      .poll(
        async () =>
          card
            .getByTestId('feed-status')
            .textContent()
            .catch(() => ''),
        { timeout: 30_000 },
      )
      .toBe('Imported');
    expect(fetches).toBeGreaterThan(0);
    expect(await card.textContent()).toContain('KEV 2');
    await expect.poll(() => kevCount(page), { timeout: 15_000 }).toBeGreaterThan(kevBefore);
    await card.getByRole('button', { name: 'Fetch now' }).waitFor();
    await screenshot(page, 'feeds-imported');

    await card.getByRole('button', { name: 'Disable' }).click();
    await card.getByText('not scheduled: the feed is disabled').waitFor();
    await card.getByRole('button', { name: 'Enable' }).waitFor();

    await card.getByRole('button', { name: 'Edit' }).click();
    await card.getByLabel('Fetch every').fill('6');
    await card.getByLabel('Interval unit').selectOption('hours');
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText('Every 6 hours').waitFor();
    await screenshot(page, 'feeds-disabled');
    await page.close();
  });

  it('a coordinator sees the feeds and may fetch one, but not add, change or remove them', async () => {
    const page = await w.newPage();
    await openVulnData(page, 'coordinator@openisao.example', w.demoPassword);
    const card = feedCard(page);
    await card.waitFor();
    expect(await card.getByRole('button', { name: 'Fetch now' }).count()).toBe(1);
    for (const name of ['Edit', 'Disable', 'Enable', 'Delete']) expect(await card.getByRole('button', { name }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Add feed' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Add a feed' }).count()).toBe(0);
    await screenshot(page, 'feeds-coordinator');
    await page.close();
  });

  it('a manufacturer’s person does not see the feeds', async () => {
    const page = await w.newPage();
    await openVulnData(page, 'psirt@acme-infusion.example', w.demoPassword);
    await page.getByRole('heading', { name: 'Last imports' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Scheduled feeds' }).count()).toBe(0);
    // (The feed's import still shows in "Last imports", by its source, as every import does.)
    expect(await feedCard(page).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Fetch now' }).count()).toBe(0);
    await screenshot(page, 'feeds-manufacturer');
    await page.close();
  });

  it('a platform admin deletes the feed after confirming', async () => {
    const page = await w.newPage();
    await openVulnData(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    const card = feedCard(page);
    await card.getByRole('button', { name: 'Delete' }).click();
    await card.getByRole('button', { name: 'Keep it' }).click();
    await card.getByRole('button', { name: 'Delete' }).click();
    await card.getByText('What it imported stays.').waitFor();
    await screenshot(page, 'feeds-delete-confirm');
    await card.getByRole('button', { name: 'Delete feed' }).click();
    await page.getByText('No feeds yet: add one below.').waitFor();
    expect(await kevCount(page)).toBeGreaterThan(0);
    await page.close();
  });
});
