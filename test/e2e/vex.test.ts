import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importVulnData } from '../../src/modules/portfolio/index.ts';
import { type BrowserWorld, hasBrowser, screenshot, screenshotDir, signInPage, startBrowserWorld } from '../support/browser.ts';

const DROPWIZARD_SBOM = readFileSync(path.resolve('test/fixtures/scan/dropwizard-1.3.15.cdx.json'));
const GHSA_DIR = path.resolve('test/fixtures/vulndb/ghsa');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let w: BrowserWorld;
beforeAll(async () => {
  if (hasBrowser) w = await startBrowserWorld();
});
afterAll(async () => {
  if (hasBrowser) await w.close();
});

/** A product with a version and its SBOM, made through the API with the page's session; returns the SBOM page. */
async function productWithSbom(page: Page, name: string): Promise<string> {
  const csrf = (await (await page.request.get('/api/v1/me')).json()).csrfToken as string;
  const headers = { 'x-csrf-token': csrf };
  const product = await (await page.request.post('/api/v1/products', { data: { name }, headers })).json();
  const version = await (
    await page.request.post(`/api/v1/products/${product.id}/versions`, { data: { version: '1.3.15' }, headers })
  ).json();
  const sbom = await page.request.put(`/api/v1/product-versions/${version.versions[0].id}/sbom?fileName=gateway.cdx.json`, {
    data: DROPWIZARD_SBOM,
    headers: { ...headers, 'content-type': 'application/octet-stream' },
  });
  expect(sbom.status()).toBe(201);
  return `/sboms/${(await sbom.json()).id}`;
}

describe.skipIf(!hasBrowser)('VEX export and import in the browser', { timeout: 180_000 }, () => {
  it('a manufacturer exports its not_affected decision as CycloneDX VEX, then imports a VEX that marks it exploitable', async () => {
    const page = await w.newPage();
    await signInPage(page, 'analyst@acme-infusion.example', w.demoPassword);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    const sbomUrl = await productWithSbom(page, 'VitaFlow VEX gateway');
    await importVulnData(w.server.ctx, [GHSA_DIR]);

    // The decision, in the finding panel.
    await page.goto(sbomUrl);
    const findingButton = page.getByRole('button', { name: /GHSA-57j2-w4cx-62h2 on jackson-databind@2\.9\.10/ });
    await findingButton.click();
    const dialog = page.getByRole('dialog', { name: 'GHSA-57j2-w4cx-62h2' });
    await dialog.getByLabel('State').selectOption('not_affected');
    await dialog.getByLabel('Justification').selectOption('code_not_reachable');
    await dialog.getByLabel('Detail').fill('The gateway never deserialises untrusted JSON with default typing enabled.');
    await dialog.getByRole('button', { name: 'Save decision' }).click();
    await dialog.getByText(/Decision saved: Not affected\./).waitFor();
    await page.keyboard.press('Escape');

    // Export: the downloaded CycloneDX VEX states the decision.
    const panel = page.getByRole('region', { name: 'VEX statements' });
    await panel.waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: /Export VEX as CycloneDX/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('vitaflow-vex-gateway-1.3.15.vex.cdx.json');
    const vex: Json = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(vex).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.5', metadata: { component: { name: 'VitaFlow VEX gateway' } } });
    const stated = vex.vulnerabilities.find((v: Json) => v.references?.some((r: Json) => r.id === 'GHSA-57j2-w4cx-62h2'));
    expect(stated.analysis).toMatchObject({
      state: 'not_affected',
      justification: 'code_not_reachable',
      detail: expect.stringContaining('untrusted JSON'),
    });
    await panel.getByText('Saved vitaflow-vex-gateway-1.3.15.vex.cdx.json').waitFor();
    for (const [format, name] of [
      ['OpenVEX', /\.openvex\.json$/],
      ['CSAF', /^openisao-vex-vitaflow-vex-gateway-1_3_15-\d{8}t\d{6}z\.json$/],
    ] as const) {
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        panel.getByRole('button', { name: new RegExp(`Export VEX as ${format}`) }).click(),
      ]);
      expect(file.suggestedFilename()).toMatch(name);
    }
    await screenshot(page, 'vex-panel-exported');

    // A file with an error changes nothing and says where.
    const importInput = panel.getByLabel('Import VEX');
    await importInput.setInputFiles({
      name: 'broken.vex.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ ...vex, vulnerabilities: {} })),
    });
    const refused = page.getByRole('alert').filter({ hasText: 'The VEX file was not imported' });
    await refused.waitFor();
    expect(await refused.textContent()).toContain('vulnerabilities');
    await screenshot(page, 'vex-import-invalid');

    // Import: the same document, now saying the finding is exploitable.
    stated.analysis = { state: 'exploitable', response: ['update'], detail: 'Reachable through the HL7 import; update to 1.3.16.' };
    await importInput.setInputFiles({
      name: 'exploitable.vex.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(vex)),
    });
    await panel.getByText('CycloneDX VEX imported: 1 finding changed.').waitFor();
    const report = panel.getByRole('table');
    expect(await report.getByRole('row').count()).toBe(vex.vulnerabilities.length + 1);
    expect(await report.textContent()).toContain('Applied');
    await screenshot(page, 'vex-import-result');

    // The finding shows the new state, and its history names the import.
    const row = page.getByRole('row').filter({ hasText: 'GHSA-57j2-w4cx-62h2' }).last();
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('Exploitable');
    await findingButton.click();
    const history = dialog.getByRole('list', { name: 'Finding history' });
    await expect.poll(async () => (await history.textContent()) ?? '').toContain('Reachable through the HL7 import');
    await history.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshotDir, 'vex-finding-after-import.png') });
    await page.close();
  });

  it('a hospital that sees the shared SBOM sees no VEX panel', async () => {
    const maker = await w.newPage();
    await signInPage(maker, 'analyst@acme-infusion.example', w.demoPassword);
    await maker.getByRole('heading', { name: /Welcome/ }).waitFor();
    const sbomUrl = await productWithSbom(maker, 'Shared VEX gateway');
    await maker.goto(sbomUrl);
    await maker.getByRole('region', { name: 'VEX statements' }).waitFor();
    const csrf = (await (await maker.request.get('/api/v1/me')).json()).csrfToken as string;
    const productId = (await (await maker.request.get(`/api/v1${sbomUrl}`)).json()).productId as string;
    await maker.request.patch(`/api/v1/products/${productId}`, { data: { visibility: 'members' }, headers: { 'x-csrf-token': csrf } });
    await maker.close();

    const page = await w.newPage();
    await signInPage(page, 'ciso@stexample-hospital.example', w.demoPassword);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    await page.goto(sbomUrl);
    await page.getByRole('heading', { name: 'NTIA minimum elements' }).waitFor();
    expect(await page.getByRole('region', { name: 'VEX statements' }).count()).toBe(0);
    expect(await page.getByText('Export VEX').count()).toBe(0);
    await page.close();
  });
});
