import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preloadCsafValidator } from '../../src/modules/csaf/index.ts';
import { type BrowserWorld, hasBrowser, screenshot, signInPage, startBrowserWorld } from '../support/browser.ts';
import { apiSend, seedAcceptedReport } from '../support/browser-disclosure.ts';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';

const TITLE = 'Telnet root shell on infusion pumps';
const VECTOR = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let w: BrowserWorld;
let people: { email: string }[] = [];
let orgIds: string[] = [];
beforeAll(async () => {
  if (!hasBrowser) return;
  w = await startBrowserWorld();
  w.server.ctx.config.publicUrl = 'https://isao.example';
  await preloadCsafValidator();
  orgIds = [
    (await makeOrg(w.server.ctx.db, 'manufacturer', { name: 'Acme Infusion' })).id,
    (await makeOrg(w.server.ctx.db, 'manufacturer', { name: 'Blue Pumps' })).id,
  ];
  people = [await makePerson(w.server.ctx.db, orgIds[0]!, ['analyst']), await makePerson(w.server.ctx.db, orgIds[1]!, ['analyst'])];
});
afterAll(async () => {
  if (hasBrowser) await w.close();
});

describe.skipIf(!hasBrowser)('publishing a case as a CSAF VEX in the browser', { timeout: 300_000 }, () => {
  it('the coordinator chooses VEX, picks the justification of a "not affected" and publishes', async () => {
    const coordinator = await w.newPage();
    await signInPage(coordinator, 'coordinator@openisao.example', w.demoPassword);
    await coordinator.getByRole('heading', { name: /Welcome/ }).waitFor();
    const report = await seedAcceptedReport(coordinator, w.baseUrl, { vendorName: 'Acme Infusion', title: TITLE });
    const caseId = (
      await apiSend(coordinator, 'POST', '/api/v1/cases', { title: TITLE, summary: 'Telnet is open.', reportIds: [report.id] })
    ).id;
    const withVuln = await apiSend(coordinator, 'POST', `/api/v1/cases/${caseId}/vulnerabilities`, {
      title: 'Unauthenticated telnet root shell',
      description: 'Port 23 is open with no password.',
      cwe: 'CWE-306',
      cvss31: VECTOR,
    });
    const vulnerabilityId = withVuln.vulnerabilities[0].id as string;
    for (const orgId of orgIds) await apiSend(coordinator, 'POST', `/api/v1/cases/${caseId}/vendors`, { orgId });
    const [a, b] = [await w.newPage(), await w.newPage()];
    await signInPage(a, people[0]!.email, TEST_PASSWORD);
    await signInPage(b, people[1]!.email, TEST_PASSWORD);
    await a.getByRole('heading', { name: /Welcome/ }).waitFor();
    await b.getByRole('heading', { name: /Welcome/ }).waitFor();
    await apiSend(a, 'PUT', `/api/v1/cases/${caseId}/statements/${vulnerabilityId}`, {
      status: 'affected',
      product: 'VitaFlow pump',
      affectedVersions: '7.0 to 7.1.3',
      fixedVersions: '7.1.4',
    });
    await apiSend(b, 'PUT', `/api/v1/cases/${caseId}/statements/${vulnerabilityId}`, { status: 'not_affected', product: 'BluePump' });

    await coordinator.goto(`/cases/${caseId}`);
    const advisory = coordinator.getByRole('region', { name: 'Advisory' });
    const form = advisory.getByRole('form', { name: 'Advisory draft' });
    expect(await form.getByRole('radio', { name: 'Security advisory' }).isChecked()).toBe(true);
    await form.getByText('Suggested: VEX').waitFor();
    await form.getByRole('radio', { name: 'VEX' }).check();
    const justification = form.getByLabel('Blue Pumps BluePump: Unauthenticated telnet root shell');
    await form.getByText('The vendor gave no reason').waitFor();
    await form.getByRole('button', { name: 'Save the draft' }).click();
    await form.getByText('The draft was saved.').waitFor();
    await advisory.getByText(/Pick a justification for each/).waitFor();
    expect(await advisory.getByRole('button', { name: 'Publish', exact: true }).isDisabled()).toBe(true);
    await justification.selectOption('component_not_present');
    await form.getByRole('button', { name: 'Save the draft' }).click();
    await form.getByText('The draft was saved.').waitFor();
    await advisory.getByRole('region', { name: 'CSAF checks' }).getByText('Ready to publish').waitFor();
    await form.scrollIntoViewIfNeeded();
    await screenshot(coordinator, 'case-publishing-vex-editor');
    await form.screenshot({ path: '/tmp/vex-editor.png' });

    await advisory.getByRole('button', { name: 'Publish', exact: true }).click();
    const published = advisory.getByRole('group', { name: 'Published advisory' });
    await published.waitFor();
    const path = (await published.getByRole('link', { name: 'CSAF document (.json)' }).getAttribute('href'))!;
    const doc = (await (await coordinator.request.get(path)).json()) as Json;
    expect(doc.document.category).toBe('csaf_vex');
    expect(doc.vulnerabilities[0].flags).toEqual([{ label: 'component_not_present', product_ids: ['CSAFPID-0002'] }]);
    expect(await form.getByRole('radio', { name: 'Security advisory' }).isDisabled()).toBe(true);
  });
});
