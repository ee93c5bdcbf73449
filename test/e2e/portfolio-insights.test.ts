import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importVulnData } from '../../src/modules/portfolio/index.ts';
import { type BrowserWorld, hasBrowser, screenshot, signInPage, startBrowserWorld } from '../support/browser.ts';

const DROPWIZARD_SBOM = path.resolve('test/fixtures/scan/dropwizard-1.3.15.cdx.json');
const GHSA_DIR = path.resolve('test/fixtures/vulndb/ghsa');
const PRODUCT = 'VitaFlow infusion gateway (insights)';

/** Version 2.0: the same SBOM with jackson-databind upgraded to 2.12.7 and commons-text dropped. */
function nextRelease(): Buffer {
  const bom = JSON.parse(fs.readFileSync(DROPWIZARD_SBOM, 'utf8')) as { components: Record<string, unknown>[] };
  const components = bom.components
    .filter((c) => c['name'] !== 'commons-text')
    .map((c) =>
      c['name'] === 'jackson-databind'
        ? {
            ...c,
            version: '2.12.7',
            purl: 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.12.7?type=jar',
            'bom-ref': 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.12.7?type=jar',
          }
        : c,
    );
  return Buffer.from(JSON.stringify({ ...bom, components }));
}

/** Creates the product, versions 1.0 and 2.0 and their SBOMs through the API, as the signed-in page (its cookie and CSRF token). */
async function createProduct(page: Page): Promise<string> {
  const me = (await (await page.request.get('/api/v1/me')).json()) as { csrfToken: string };
  const headers = { 'X-CSRF-Token': me.csrfToken };
  const created = await page.request.post('/api/v1/products', { headers, data: { name: PRODUCT, visibility: 'own_org' } });
  expect(created.status()).toBe(201);
  const productId = ((await created.json()) as { id: string }).id;
  for (const [version, fileName, body] of [
    ['1.0', 'dropwizard-1.3.15.cdx.json', fs.readFileSync(DROPWIZARD_SBOM)],
    ['2.0', 'gateway-2.0.cdx.json', nextRelease()],
  ] as const) {
    const v = await page.request.post(`/api/v1/products/${productId}/versions`, { headers, data: { version } });
    expect(v.ok()).toBe(true);
    const versions = ((await v.json()) as { versions: { id: string; version: string }[] }).versions;
    const versionId = versions.find((x) => x.version === version)!.id;
    const sbom = await page.request.put(`/api/v1/product-versions/${versionId}/sbom?fileName=${fileName}`, {
      headers: { ...headers, 'Content-Type': 'application/octet-stream' },
      data: body,
    });
    expect(sbom.status()).toBe(201);
  }
  return productId;
}

/** Test data (not the real catalogs): a KEV entry and an EPSS score for CVE-2022-42889, the commons-text advisory's CVE. */
function writeKevAndEpss(dir: string): string[] {
  const kev = path.join(dir, 'kev-test.json');
  fs.writeFileSync(
    kev,
    JSON.stringify({
      title: 'CISA Catalog of Known Exploited Vulnerabilities',
      catalogVersion: '2026.01.01',
      count: 1,
      vulnerabilities: [
        {
          cveID: 'CVE-2022-42889',
          vendorProject: 'Apache',
          product: 'Commons Text',
          vulnerabilityName: 'Apache Commons Text Code Injection',
          dateAdded: '2026-01-01',
          requiredAction: 'Apply mitigations per vendor instructions or discontinue use of the product if mitigations are unavailable.',
          dueDate: '2026-01-22',
        },
      ],
    }),
  );
  const epss = path.join(dir, 'epss-test.csv');
  fs.writeFileSync(
    epss,
    '#model_version:v2026.01.01,score_date:2026-01-01T00:00:00Z\ncve,epss,percentile\nCVE-2022-42889,0.94123,0.99912\n',
  );
  return [kev, epss];
}

let w: BrowserWorld;
let tmp = '';
beforeAll(async () => {
  if (!hasBrowser) return;
  w = await startBrowserWorld();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'isao-insights-'));
  // Loaded as `isao vulndb import` would; SBOMs uploaded later are matched at once.
  await importVulnData(w.server.ctx, [GHSA_DIR, ...writeKevAndEpss(tmp)]);
});
afterAll(async () => {
  if (hasBrowser) await w.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(!hasBrowser)('portfolio insights in the browser', { timeout: 180_000 }, () => {
  it('a manufacturer analyst compares two versions’ SBOMs and finds which versions have a vulnerability', async () => {
    const page = await w.newPage();
    await signInPage(page, 'analyst@acme-infusion.example', w.demoPassword);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    const productId = await createProduct(page);

    // The product page offers the comparison: from 1.0 to 2.0.
    await page.goto(`/products/${productId}`);
    const compare = page.getByRole('region', { name: 'Compare SBOMs' });
    await compare.waitFor();
    await compare.getByLabel('From version').selectOption({ label: '2.0' });
    await compare.getByLabel('To version').selectOption({ label: '2.0' });
    expect(await compare.getByRole('button', { name: 'Compare' }).isDisabled()).toBe(true);
    await compare.getByText('Choose two different versions.').waitFor();
    await compare.getByLabel('From version').selectOption({ label: '1.0' });
    await screenshot(page, 'insights-product-compare');
    await compare.getByRole('link', { name: 'Compare 1.0 → 2.0' }).click();

    // What changed: jackson-databind 2.9.10 → 2.12.7, commons-text removed, nothing added.
    await page.getByRole('heading', { name: 'What changed from 1.0 to 2.0' }).waitFor();
    expect(await page.getByLabel('Summary of the changes').textContent()).toMatch(/0 added\s*1 removed\s*1 changed\s*165 unchanged/);
    const changed = page.getByRole('region', { name: 'Changed (1)' });
    const jackson = changed.getByRole('row').filter({ hasText: 'jackson-databind' });
    expect((await jackson.textContent())?.replace(/\s+/g, ' ')).toMatch(/jackson-databind.*2\.9\.10 →.*2\.12\.7/);
    const removed = page.getByRole('region', { name: 'Removed (1)' });
    expect(await removed.getByRole('row').filter({ hasText: 'commons-text' }).textContent()).toContain(
      'pkg:maven/org.apache.commons/commons-text@1.2',
    );
    await page.getByRole('region', { name: 'Added (0)' }).getByText('No package was added.').waitFor();
    expect(await page.title()).toContain('What changed from 1.0 to 2.0');
    await screenshot(page, 'insights-sbom-diff');

    // The vulnerability page, opened from the search box on "Vulnerability data".
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Vulnerability data' }).click();
    const search = page.getByRole('search', { name: 'Open a vulnerability' });
    await search.getByLabel('Vulnerability id').fill('<script>');
    await search.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('alert').filter({ hasText: 'Enter one id' }).waitFor();
    await screenshot(page, 'insights-vulndb-search');
    await search.getByLabel('Vulnerability id').fill(' CVE-2020-36518 ');
    await search.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('heading', { name: 'CVE-2020-36518', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/vulnerabilities/CVE-2020-36518');
    await page.getByRole('link', { name: 'GHSA-57j2-w4cx-62h2' }).waitFor();
    const mine = page.getByRole('region', { name: /Your products/ });
    const rows = mine.getByRole('row').filter({ hasText: PRODUCT });
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    const row = (await rows.first().textContent()) ?? '';
    expect(row).toContain('jackson-databind@2.9.10');
    expect(row).toContain('In triage');
    expect(await mine.getByRole('link', { name: `SBOM of ${PRODUCT} 2.0` }).count()).toBe(0);
    const affected = page.getByRole('region', { name: 'Affected packages' });
    await affected.getByText('≥ 2.13.0, < 2.13.2.1 (fixed in 2.13.2.1)').waitFor();
    await screenshot(page, 'insights-vulnerability');

    // Each row opens the version's SBOM, where the finding is.
    await mine.getByRole('link', { name: `SBOM of ${PRODUCT} 1.0` }).click();
    await page.getByRole('heading', { name: /SBOM of version 1\.0/ }).waitFor();

    // A known exploited one (KEV and EPSS from the test data) that none of the versions has: 1.0's commons-text 1.2 is older
    // than the affected range (1.5 to 1.10.0), and 2.0 has no commons-text.
    await page.goto('/vulnerabilities/GHSA-599f-7c49-w659');
    await page.getByRole('heading', { name: 'GHSA-599f-7c49-w659', level: 1 }).waitFor();
    const facts = page.getByRole('region', { name: 'About this vulnerability' });
    await facts.getByText('CISA’s required action:').waitFor();
    expect(await facts.textContent()).toContain('94.1 % chance of exploitation in the next 30 days');
    const noneOfMine = page.getByRole('region', { name: /Your products/ });
    await noneOfMine.getByText('None of your organisation’s current SBOMs has this vulnerability.').waitFor();
    expect(await noneOfMine.getByText(PRODUCT).count()).toBe(0);
    await page.getByRole('region', { name: 'Affected packages' }).getByText('≥ 1.5, < 1.10.0 (fixed in 1.10.0)').waitFor();
    await screenshot(page, 'insights-vulnerability-kev');

    // An id that is not in the loaded data.
    await page.goto('/vulnerabilities/CVE-1999-0001');
    await page.getByRole('alert').filter({ hasText: 'There is no vulnerability “CVE-1999-0001” in the loaded data' }).waitFor();
    await page.getByRole('search', { name: 'Open a vulnerability' }).getByLabel('Vulnerability id').waitFor();
    await screenshot(page, 'insights-vulnerability-not-found');
    await page.close();
  });

  it('a hospital person sees the vulnerability but none of the manufacturer’s products', async () => {
    const page = await w.newPage();
    await signInPage(page, 'ciso@stexample-hospital.example', w.demoPassword);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    await page.goto('/vulnerabilities/GHSA-57j2-w4cx-62h2');
    await page.getByRole('heading', { name: 'GHSA-57j2-w4cx-62h2', level: 1 }).waitFor();
    await page.getByText('None of your organisation’s current SBOMs has this vulnerability.').waitFor();
    expect(await page.getByText(PRODUCT).count()).toBe(0);
    await screenshot(page, 'insights-vulnerability-hospital');
    await page.close();
  });
});
