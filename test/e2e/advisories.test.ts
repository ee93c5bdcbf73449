import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserWorld, hasBrowser, screenshot, screenshotDir, signInPage, startBrowserWorld } from '../support/browser.ts';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';

const ICSMA = path.resolve('test/fixtures/csaf/icsma');
const BAXTER_FILE = path.join(ICSMA, 'icsma-22-251-01.json');
const BPL_FILE = path.join(ICSMA, 'icsma-24-254-01.json');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The BPL advisory as a newer revision (version 2), as CISA would publish an update. */
function bplRevision2(): Buffer {
  const doc: Json = JSON.parse(readFileSync(BPL_FILE, 'utf8'));
  doc.document.tracking.version = '2';
  doc.document.tracking.current_release_date = '2024-10-01T00:00:00.000Z';
  doc.document.tracking.revision_history.push({ date: '2024-10-01T00:00:00.000Z', number: '2', summary: 'Update A' });
  return Buffer.from(JSON.stringify(doc));
}

/** A fixture as a file to pick (paths and buffers cannot be mixed in one pick). */
function pick(file: string, name = path.basename(file)) {
  return { name, mimeType: 'application/json', buffer: readFileSync(file) };
}

/** POST/PUT with the page's session and its CSRF token, as the web client does. */
async function apiWrite(page: Page, method: 'post' | 'put', url: string, data: unknown): Promise<Json> {
  const csrf = (await (await page.request.get('/api/v1/me')).json()).csrfToken as string;
  const response = await page.request[method](url, { data, headers: { 'x-csrf-token': csrf } });
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as Json;
}

/** The outcome row of one imported file in the import report. */
const importRow = (page: Page, fileName: string) =>
  page.getByRole('region', { name: 'Import' }).getByRole('row').filter({ hasText: fileName });

let w: BrowserWorld;
let baxter: { email: string };
let productId = '';
let baxterAdvisoryUrl = '';
beforeAll(async () => {
  if (!hasBrowser) return;
  w = await startBrowserWorld();
  // A manufacturer whose name and product are what the Baxter advisory calls them, registered before the import.
  const org = await makeOrg(w.server.ctx.db, 'manufacturer', { name: 'Baxter' });
  baxter = await makePerson(w.server.ctx.db, org.id, ['analyst'], { email: 'psirt@baxter.example', name: 'Bea Baxter' });
});
afterAll(async () => {
  if (hasBrowser) await w.close();
});

describe.skipIf(!hasBrowser)('CSAF advisories in the browser', { timeout: 240_000 }, () => {
  it('the coordinator imports CSAF files and sees each outcome; the advisories are searched, filtered and read', async () => {
    const maker = await w.newPage();
    await signInPage(maker, baxter.email, TEST_PASSWORD);
    await maker.getByRole('heading', { name: /Welcome/ }).waitFor();
    const product = await apiWrite(maker, 'post', '/api/v1/products', { name: 'Sigma Spectrum', model: '35700BAX2' });
    productId = product.id as string;
    await apiWrite(maker, 'post', `/api/v1/products/${productId}/versions`, { version: '8.00.01' });
    await maker.close();

    const page = await w.newPage();
    await signInPage(page, 'coordinator@openisao.example', w.demoPassword);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Advisories' }).click();
    await page.getByRole('heading', { name: 'Advisories', exact: true }).waitFor();
    await page.getByText('No advisories yet — import CSAF files').waitFor();

    // Two advisories and a file that is not CSAF, in one pick: each is sent in turn and gets its own outcome.
    const importInput = page.getByLabel('Import CSAF');
    await importInput.setInputFiles([
      pick(BAXTER_FILE),
      pick(BPL_FILE),
      { name: 'not-csaf.json', mimeType: 'application/json', buffer: Buffer.from('{"document":{"csaf_version":"2.0"}}') },
    ]);
    await importRow(page, 'not-csaf.json').filter({ hasText: 'Refused' }).waitFor({ timeout: 90_000 });
    await page.getByText('3 files done.').waitFor();
    expect(await importRow(page, 'icsma-22-251-01.json').textContent()).toContain('Added');
    expect(await importRow(page, 'icsma-22-251-01.json').textContent()).toContain('It may concern 1 registered product version');
    expect(await importRow(page, 'icsma-24-254-01.json').textContent()).toContain('Added');
    const refused = importRow(page, 'not-csaf.json');
    expect(await refused.textContent()).toContain('Refused');
    expect(await refused.textContent()).toContain('csaf_2_0_strict');
    expect(await refused.textContent()).toContain("must have required property 'category'");
    await screenshot(page, 'advisories-import');
    await page.getByRole('link', { name: 'Baxter Sigma Spectrum Infusion Pump (Update A)' }).first().waitFor();
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('region', { name: 'Import' }).waitFor({ state: 'detached' });

    // A newer revision, then the older one arriving late, then the newer one again.
    await importInput.setInputFiles([
      { name: 'icsma-24-254-01-v2.json', mimeType: 'application/json', buffer: bplRevision2() },
      pick(BPL_FILE),
      { name: 'again-v2.json', mimeType: 'application/json', buffer: bplRevision2() },
    ]);
    await importRow(page, 'again-v2.json').filter({ hasText: 'Unchanged' }).waitFor({ timeout: 90_000 });
    await page.getByText('3 files done.').waitFor();
    expect(await importRow(page, 'icsma-24-254-01-v2.json').textContent()).toContain('Newer revision');
    expect(await importRow(page, 'icsma-24-254-01.json').textContent()).toContain('Older revision');
    expect(await importRow(page, 'icsma-24-254-01.json').textContent()).toContain('Kept in the revision history');
    expect(await importRow(page, 'again-v2.json').textContent()).toContain('Unchanged');
    await screenshot(page, 'advisories-import-revisions');
    await page.getByRole('button', { name: 'Close' }).click();

    // Search: the best match first, the words highlighted (as <mark>, not as HTML), the search in the address.
    await page.getByLabel('Search', { exact: true }).fill('infusion');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/\/advisories\?q=infusion$/);
    await page.getByRole('heading', { name: 'Best matches first' }).waitFor();
    const results = page.getByRole('region', { name: 'Best matches first' });
    const baxterRow = results.getByRole('row').filter({ hasText: 'ICSMA-22-251-01' });
    await baxterRow.waitFor();
    expect(await results.getByRole('row').count()).toBe(2); // the header and Baxter
    expect((await baxterRow.locator('mark').allTextContents()).map((t) => t.toLowerCase())).toContain('infusion');
    expect(await baxterRow.textContent()).toContain('CVE-2022-26394');
    expect(await baxterRow.textContent()).toContain('High 7.5');
    await screenshot(page, 'advisories-search');

    // Filters from a shared link: vendor, and a CVE.
    await page.goto('/advisories?vendor=BPL');
    await page.getByRole('row').filter({ hasText: 'ICSMA-24-254-01' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'ICSMA-22-251-01' }).count()).toBe(0);
    expect(await page.getByLabel('Vendor').inputValue()).toBe('BPL');
    await page.getByLabel('Vendor').fill('');
    await page.getByLabel('CVE').fill('cve-2022-26390');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/cve=CVE-2022-26390/);
    await page.getByRole('row').filter({ hasText: 'ICSMA-22-251-01' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'ICSMA-24-254-01' }).count()).toBe(0);
    await page.getByLabel('Known exploited only').check();
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('No advisory matches.').waitFor();
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByRole('row').filter({ hasText: 'ICSMA-24-254-01' }).waitFor();
    await screenshot(page, 'advisories-list');

    // The advisory, as an analyst reads it.
    await page.getByRole('link', { name: 'Baxter Sigma Spectrum Infusion Pump (Update A)' }).click();
    await page.getByRole('heading', { name: 'Baxter Sigma Spectrum Infusion Pump (Update A)' }).waitFor();
    baxterAdvisoryUrl = new URL(page.url()).pathname;
    const vulns = page.getByRole('region', { name: /Vulnerabilities/ });
    expect(await vulns.getByRole('link', { name: 'CVE-2022-26394' }).getAttribute('href')).toBe('/vulnerabilities/CVE-2022-26394');
    expect(await vulns.textContent()).toContain('CVSS:3.0/AV:A/AC:H/PR:N/UI:N/S:C/C:L/I:H/A:L');
    expect(await vulns.textContent()).toContain('Missing Authentication for Critical Function');
    const products = page.getByRole('region', { name: /Products/ });
    const sigma = products.getByRole('row').filter({ hasText: '8.x model 35700BAX2' });
    expect(await sigma.textContent()).toContain('Sigma Spectrum');
    expect(await sigma.textContent()).toContain('Affected');
    expect(await sigma.textContent()).toContain('by all 4 vulnerabilities');
    const todo = page.getByRole('region', { name: 'What to do' });
    await todo.getByRole('heading', { name: /Vendor fix/ }).waitFor();
    await todo.getByRole('heading', { name: /Mitigations/ }).waitFor();
    expect(await todo.textContent()).toContain('for all 6 products and against all 4 vulnerabilities unless one says otherwise');
    const external = page.getByRole('link', { name: 'ICS Advisory ICSMA-22-251-01 Web Version' });
    expect(await external.getAttribute('rel')).toBe('noopener noreferrer');
    await page.getByText('Legal Notice').waitFor();
    expect(await page.getByText('All information products included in').isVisible()).toBe(false);
    // The stored file, byte for byte: its SHA-256 is the one shown.
    const sha = (await page.getByLabel('SHA-256 of the CSAF file').textContent())?.trim();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSAF' }).click()]);
    expect(download.suggestedFilename()).toBe('icsma-22-251-01.json');
    expect(
      createHash('sha256')
        .update(readFileSync(await download.path()))
        .digest('hex'),
    ).toBe(sha);
    expect(sha).toBe(createHash('sha256').update(readFileSync(BAXTER_FILE)).digest('hex'));
    // The coordinator's organisation makes no products: no match panel.
    expect(await page.getByRole('region', { name: /Your product versions/ }).count()).toBe(0);
    await screenshot(page, 'advisory-page');

    // The BPL advisory: the newer revision is shown, the older one kept.
    await page.goto('/advisories?q=ICSMA-24-254-01');
    await page.getByRole('link', { name: /BPL Medical Technologies PWS-01-BT/ }).click();
    const revisions = page.getByRole('region', { name: 'Revisions' });
    await revisions.waitFor();
    const received = revisions.getByRole('table').last();
    expect(await received.getByRole('row').nth(1).textContent()).toMatch(/^2\s*current/);
    expect(await received.getByRole('row').nth(2).textContent()).toMatch(/^1\s*kept/);
    await revisions.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshotDir, 'advisory-revisions.png') });
    await page.close();
  });

  it('a manufacturer sees the possible matches of its versions (registered before and after the import) and confirms one', async () => {
    expect(productId).not.toBe('');
    const page = await w.newPage();
    await signInPage(page, baxter.email, TEST_PASSWORD);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    // A version registered after the import is matched too.
    await apiWrite(page, 'post', `/api/v1/products/${productId}/versions`, { version: '6.2' });

    await page.goto(`/products/${productId}`);
    const panel = page.getByRole('region', { name: /^Advisories/ });
    await panel.waitFor();
    const toReview = panel.getByRole('group', { name: /To review/ });
    await toReview.getByRole('article').first().waitFor();
    expect(await toReview.getByRole('article').count()).toBe(2);
    const v8 = toReview.getByRole('article').filter({ hasText: 'your version 8.00.01' });
    expect(await v8.textContent()).toContain('Baxter Sigma Spectrum Infusion Pump (Update A)');
    expect(await v8.textContent()).toContain('names the product “Sigma Spectrum” of Baxter');
    expect(await toReview.getByRole('article').filter({ hasText: 'your version 6.2' }).count()).toBe(1);
    await screenshot(page, 'advisories-product-panel');

    // On the advisory page: the panel, the products that may be ours, and the decision.
    await v8.getByRole('link', { name: 'Baxter Sigma Spectrum Infusion Pump (Update A)' }).click();
    const mine = page.getByRole('region', { name: /Your product versions this may concern/ });
    await mine.waitFor();
    expect(new URL(page.url()).pathname).toBe(baxterAdvisoryUrl);
    const card = mine.getByRole('article', { name: 'Sigma Spectrum version 8.00.01' });
    expect(await card.textContent()).toContain('Possible');
    expect(await page.getByText('May be yours').count()).toBeGreaterThan(0);
    await screenshot(page, 'advisory-page-my-matches');
    await card.getByLabel('Note (optional)').fill('Our 8.00.01 firmware ships the affected WBM; fix in 8.01.');
    await card.getByRole('button', { name: 'Confirm' }).click();
    await card.getByText('Saved: Confirmed.').waitFor();
    await expect.poll(async () => (await card.textContent()) ?? '').toContain('confirmed by Bea Baxter');
    await card.getByRole('button', { name: 'Back to possible' }).waitFor();
    await mine.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshotDir, 'advisory-match-confirmed.png') });

    // Back on the product page: the confirmed one in its own group, with the note.
    await page.goto(`/products/${productId}`);
    const confirmed = page.getByRole('group', { name: /Confirmed/ });
    await confirmed.getByRole('article').filter({ hasText: 'your version 8.00.01' }).waitFor();
    expect(await confirmed.getByLabel('Note (optional)').inputValue()).toBe('Our 8.00.01 firmware ships the affected WBM; fix in 8.01.');
    expect(
      await page
        .getByRole('group', { name: /To review/ })
        .getByRole('article')
        .count(),
    ).toBe(1);
    await screenshot(page, 'advisories-product-panel-confirmed');
    // Manufacturers do not import advisories.
    await page.goto('/advisories');
    await page.getByRole('heading', { name: 'Advisories', exact: true }).waitFor();
    expect(await page.getByLabel('Import CSAF').count()).toBe(0);
    await page.close();
  });

  it('people of other organisations see no matches; signed-out visitors see the public advisories', async () => {
    const hospital = await w.newPage();
    await signInPage(hospital, 'ciso@stexample-hospital.example', w.demoPassword);
    await hospital.getByRole('heading', { name: /Welcome/ }).waitFor();
    await hospital.goto(baxterAdvisoryUrl);
    await hospital.getByRole('region', { name: /Vulnerabilities/ }).waitFor();
    expect(await hospital.getByRole('region', { name: /Your product versions/ }).count()).toBe(0);
    expect(await hospital.getByText('May be yours').count()).toBe(0);
    await hospital.close();

    const page = await w.newPage();
    await page.goto('/advisories');
    await page.getByRole('heading', { name: 'Advisories', exact: true }).waitFor();
    await page.getByText('These are the public (TLP:CLEAR) advisories').waitFor();
    await page.getByRole('row').filter({ hasText: 'ICSMA-22-251-01' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'TLP:CLEAR' }).count()).toBe(2);
    expect(await page.getByLabel('Import CSAF').count()).toBe(0);
    await screenshot(page, 'advisories-public');
    await page.getByRole('link', { name: 'Baxter Sigma Spectrum Infusion Pump (Update A)' }).click();
    await page.getByRole('region', { name: 'What to do' }).waitFor();
    expect(await page.getByRole('link', { name: 'Download CSAF' }).getAttribute('href')).toMatch(
      /^\/api\/v1\/advisories\/[0-9a-f-]{36}\/csaf$/,
    );
    expect(await page.getByRole('link', { name: 'CVE-2022-26394' }).getAttribute('href')).toBe(
      'https://www.cve.org/CVERecord?id=CVE-2022-26394',
    );
    await screenshot(page, 'advisory-public');
    // Signing in from here comes back to the advisory.
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email').fill('ciso@stexample-hospital.example');
    await page.getByLabel('Password').fill(w.demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === baxterAdvisoryUrl);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Advisories' }).waitFor();
    await page.close();
  });
});
