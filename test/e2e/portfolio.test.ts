import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importVulnData } from '../../src/modules/portfolio/index.ts';
import type { Page } from 'playwright-core';
import { type BrowserWorld, hasBrowser, screenshot, screenshotDir, signInPage, startBrowserWorld } from '../support/browser.ts';

const DROPWIZARD_SBOM = path.resolve('test/fixtures/scan/dropwizard-1.3.15.cdx.json');
const GHSA_DIR = path.resolve('test/fixtures/vulndb/ghsa');

/** The modal finding panel is fixed to the viewport: a full-page screenshot would cut it, so take the viewport. */
async function viewportScreenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

let w: BrowserWorld;
beforeAll(async () => {
  if (hasBrowser) w = await startBrowserWorld();
});
afterAll(async () => {
  if (hasBrowser) await w.close();
});

describe.skipIf(!hasBrowser)('the product portfolio in the browser', { timeout: 180_000 }, () => {
  let productUrl = '';

  it('a manufacturer analyst lists a product, uploads its SBOM, reviews quality and components, and records a VEX decision', async () => {
    const page = await w.newPage();
    await signInPage(page, 'analyst@acme-infusion.example', w.demoPassword);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Products' }).click();
    await page.getByRole('heading', { name: 'Products', exact: true }).waitFor();

    // A new product, visible only to the organisation.
    await page.getByRole('button', { name: 'New product' }).click();
    await page.getByLabel('Product name').fill('VitaFlow infusion gateway');
    await page.getByLabel('Model').fill('VF-GW 200');
    await page.getByLabel('UDI-DI').fill('00812345678906');
    await page.getByLabel('Description').fill('Java gateway between the infusion pumps and the hospital EHR.');
    expect(await page.getByLabel('Only my organisation').isChecked()).toBe(true);
    await screenshot(page, 'portfolio-new-product');
    await page.getByRole('button', { name: 'Create product' }).click();
    await page.getByRole('heading', { name: 'VitaFlow infusion gateway' }).waitFor();
    productUrl = new URL(page.url()).pathname;
    expect(productUrl).toMatch(/^\/products\/[0-9a-f-]{36}$/);
    await page.getByText('No versions yet — add the first one below').waitFor();

    // A version, then an SBOM that is not valid: the error names the place in the file.
    await page.getByLabel('Version', { exact: true }).fill('1.3.15');
    await page.getByLabel('Release date').fill('2020-08-02');
    await page.getByRole('button', { name: 'Add version' }).click();
    await page.getByRole('rowheader', { name: '1.3.15' }).waitFor();
    await page.getByText('No SBOM yet — upload one').waitFor();
    const uploadInput = page.getByLabel('Upload SBOM for version 1.3.15');
    await uploadInput.setInputFiles({
      name: 'broken.cdx.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"type":"library"}]}'),
    });
    const invalid = page.getByRole('alert').filter({ hasText: 'The SBOM was not accepted.' });
    await invalid.waitFor();
    expect(await invalid.textContent()).toContain('components[0].name');
    await screenshot(page, 'portfolio-sbom-invalid');

    // The real SBOM.
    await uploadInput.setInputFiles(DROPWIZARD_SBOM);
    await page.getByText('SBOM dropwizard-1.3.15.cdx.json uploaded.').waitFor();
    await screenshot(page, 'portfolio-product-uploaded');
    await page.getByRole('link', { name: /CycloneDX 1\.2/i }).waitFor();

    // The SBOM page: metadata, NTIA report, components.
    await page.getByRole('link', { name: 'Open the SBOM and its quality report' }).click();
    await page.getByRole('heading', { name: 'NTIA minimum elements' }).waitFor();
    await page.getByText('Author of the SBOM data').waitFor();
    expect(await page.getByText('Unique identifier (purl, CPE or hash)').count()).toBeGreaterThan(0);
    await page.getByRole('tab', { name: /Findings/ }).waitFor();
    await page.getByText('No findings. Findings appear when').waitFor();
    await page.getByRole('tab', { name: /Components/ }).click();
    await page.getByLabel('Search components').fill('jackson-databind');
    const jackson = page.getByRole('row').filter({ hasText: 'jackson-databind' });
    await jackson.first().waitFor();
    expect(await jackson.first().textContent()).toContain('2.9.10');
    await screenshot(page, 'portfolio-sbom-components');
    await page.getByLabel('Search components').fill('');
    await page.getByLabel('Only incomplete components').check();
    await page
      .getByRole('navigation', { name: 'Pages of components' })
      .or(page.getByText('Every component has all NTIA'))
      .first()
      .waitFor();
    await screenshot(page, 'portfolio-sbom-incomplete');

    // Vulnerability data arrives (as `isao vulndb import` would load it): the finding appears.
    const result = await importVulnData(w.server.ctx, [GHSA_DIR]);
    expect(result).toBeTruthy();
    await page.reload();
    await page.getByRole('tab', { name: /Findings/ }).click();
    const findingButton = page.getByRole('button', { name: /GHSA-57j2-w4cx-62h2 on jackson-databind@2\.9\.10/ });
    await findingButton.waitFor();
    await page.getByText('Confidential: visible only to your organisation.').waitFor();
    await screenshot(page, 'portfolio-sbom-findings');

    // The VEX decision.
    await findingButton.click();
    const dialog = page.getByRole('dialog', { name: 'GHSA-57j2-w4cx-62h2' });
    await dialog.waitFor();
    await dialog.getByText('Visible only to your organisation.').waitFor();
    await viewportScreenshot(page, 'portfolio-finding-panel');
    await dialog.getByLabel('State').selectOption('not_affected');
    await dialog.getByLabel('Justification').selectOption('code_not_reachable');
    await dialog.getByLabel('Detail').fill('The gateway never deserialises untrusted JSON with default typing enabled.');
    await viewportScreenshot(page, 'portfolio-finding-decision');
    await dialog.getByRole('button', { name: 'Save decision' }).click();
    await dialog.getByText(/Decision saved: Not affected\./).waitFor();
    const history = dialog.getByRole('list', { name: 'Finding history' });
    await expect.poll(async () => (await history.textContent()) ?? '').toContain('The gateway never deserialises untrusted JSON');
    expect(await history.textContent()).toContain('Not affected');
    await history.scrollIntoViewIfNeeded();
    await viewportScreenshot(page, 'portfolio-finding-history');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByLabel('Show').selectOption('all');
    const row = page.getByRole('row').filter({ hasText: 'GHSA-57j2-w4cx-62h2' });
    await expect.poll(async () => (await row.first().textContent()) ?? '').toContain('Not affected');
    await screenshot(page, 'portfolio-sbom-findings-decided');

    // The feed status.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Vulnerability data' }).click();
    await page.getByRole('heading', { name: 'Last imports' }).waitFor();
    await page.getByRole('cell', { name: /fixtures\/vulndb\/ghsa/ }).waitFor();
    await screenshot(page, 'portfolio-vulndb-status');

    // Back on the products list: the product with its version count.
    await page.goto('/products');
    await page.getByRole('link', { name: 'VitaFlow infusion gateway' }).waitFor();
    await screenshot(page, 'portfolio-products-list');
    await page.close();
  });

  it('a hospital person cannot open a product kept to its own organisation, and sees no findings once it is shared', async () => {
    expect(productUrl).not.toBe('');
    const page = await w.newPage();
    await signInPage(page, 'ciso@stexample-hospital.example', w.demoPassword);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    await page.goto('/products');
    await page.getByRole('heading', { name: 'Products you can see' }).waitFor();
    expect(await page.getByRole('button', { name: 'New product' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'VitaFlow infusion gateway' }).count()).toBe(0);
    await page.goto(productUrl);
    const alert = page.getByRole('alert').filter({ hasText: /Not found|You do not have access/ });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('not shared with your organisation');
    expect(await page.getByText('VitaFlow infusion gateway').count()).toBe(0);
    await screenshot(page, 'portfolio-product-denied');

    // The manufacturer shares the product with all members: the hospital sees it and its SBOM, never the findings.
    const maker = await w.newPage();
    await signInPage(maker, 'analyst@acme-infusion.example', w.demoPassword);
    await maker.getByRole('heading', { name: /Welcome/ }).waitFor();
    await maker.goto(productUrl);
    await maker.getByText('Edit product details and visibility').click();
    await maker.getByLabel('All ISAO members').check();
    await maker.getByRole('button', { name: 'Save product' }).click();
    await maker.getByText('Product saved.').waitFor();
    await maker.close();

    await page.goto(productUrl);
    await page.getByRole('heading', { name: 'VitaFlow infusion gateway' }).waitFor();
    expect(await page.getByRole('columnheader', { name: 'Open findings' }).count()).toBe(0);
    expect(await page.getByText('Upload', { exact: false }).count()).toBe(0);
    await screenshot(page, 'portfolio-product-shared-hospital');
    await page.getByRole('link', { name: /CycloneDX 1\.2/ }).click();
    await page.getByRole('heading', { name: 'NTIA minimum elements' }).waitFor();
    await page.getByRole('tab', { name: /Components/ }).waitFor();
    expect(await page.getByRole('tab', { name: /Findings/ }).count()).toBe(0);
    expect(await page.getByText('GHSA-57j2-w4cx-62h2').count()).toBe(0);
    await screenshot(page, 'portfolio-sbom-shared-hospital');
    await page.close();
  });
});
