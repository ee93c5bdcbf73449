import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserWorld, hasBrowser, screenshot, signInPage, startBrowserWorld } from '../support/browser.ts';
import { apiSend, seedAcceptedReport } from '../support/browser-disclosure.ts';
import { makeOrg } from '../support/factories.ts';

const MEMBER = 'Aurora Infusion Labs';
const EXTERNAL = 'Nordlicht Medizintechnik GmbH';
const CONTACT = 'psirt@nordlicht-med.example';
const REPORT_TITLE = 'Hard-coded service password in the Nordlicht infusion bridge';
const VULN_TITLE = 'Hard-coded service password on the maintenance port';
const VECTOR = 'CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';

let w: BrowserWorld;
let memberOrgId = '';
beforeAll(async () => {
  if (!hasBrowser) return;
  w = await startBrowserWorld();
  memberOrgId = (await makeOrg(w.server.ctx.db, 'manufacturer', { name: MEMBER })).id;
});
afterAll(async () => {
  if (hasBrowser) await w.close();
});

/** The path and fragment of the newest link mailed to the contact (`n`: how many links to wait for). */
async function mailedLink(n: number): Promise<string> {
  const links = () => w.smtp.messages.filter((m) => m.to === CONTACT && m.text.includes('/vendor/access#'));
  await w.smtp.waitFor(() => links().length >= n);
  const url = /(https?:\/\/\S+\/vendor\/access#[A-Za-z0-9_-]+)/.exec(links()[n - 1]!.text)![1]!;
  return `${new URL(url).pathname}${new URL(url).hash}`;
}

const shoot = async (page: Page, name: string) => {
  await page.screenshot({ path: `/tmp/vendor-${name}.png`, fullPage: true });
  await screenshot(page, `vendor-${name}`);
};

describe.skipIf(!hasBrowser)('a vendor that is not a member, through its one-time link', { timeout: 240_000 }, () => {
  it('the coordinator adds it; the contact opens the mailed link in a fresh browser and answers; the coordinator sees it', async () => {
    const coordinator = await w.newPage();
    await signInPage(coordinator, 'coordinator@openisao.example', w.demoPassword);
    await coordinator.getByRole('heading', { name: /Welcome/ }).waitFor();
    const report = await seedAcceptedReport(coordinator, w.baseUrl, {
      vendorName: EXTERNAL,
      title: REPORT_TITLE,
      creditName: 'R. Searcher',
    });
    const created = await apiSend(coordinator, 'POST', '/api/v1/cases', {
      title: REPORT_TITLE,
      summary: 'The infusion bridge accepts a fixed maintenance password on port 2323. A member manufacturer ships the same module.',
      reportIds: [report.id],
    });
    await apiSend(coordinator, 'POST', `/api/v1/cases/${created.id}/vulnerabilities`, {
      title: VULN_TITLE,
      description: 'Anyone on the clinical network can log in to the maintenance console with a password printed in the manual.',
      cwe: 'CWE-798',
      cvss31: VECTOR,
    });
    await apiSend(coordinator, 'POST', `/api/v1/cases/${created.id}/vendors`, { orgId: memberOrgId });
    const embargo = new Date(Date.now() + 30 * 86_400_000);
    embargo.setUTCHours(14, 0, 0, 0);
    await apiSend(coordinator, 'PATCH', `/api/v1/cases/${created.id}`, { embargoUntil: embargo.toISOString() });

    // The coordinator adds the external vendor on the case page.
    await coordinator.goto(`/cases/${created.id}`);
    const vendors = coordinator.getByRole('region', { name: /Vendors/ });
    await vendors.getByRole('button', { name: 'Add a vendor that is not a member' }).click();
    const form = coordinator.getByRole('form', { name: 'Add a vendor that is not a member' });
    await form.getByLabel('Organisation').fill(EXTERNAL);
    await form.getByLabel('Contact name (optional)').fill('Lena Nordlicht');
    await form.getByLabel('Contact email').fill('not an address');
    expect(await form.getByRole('button', { name: 'Add and email the link' }).isDisabled()).toBe(true);
    await form.getByLabel('Contact email').fill(CONTACT);
    await form.getByLabel('Note for the coordinators (optional)').fill('Address from their security.txt; phone +49 30 1234567.');
    await form.screenshot({ path: '/tmp/vendor-add-form.png' });
    await form.getByRole('button', { name: 'Add and email the link' }).click();
    await vendors.getByText(`${EXTERNAL} was added and ${CONTACT} was emailed a one-time link.`).waitFor();
    const row = vendors.getByRole('row').filter({ hasText: EXTERNAL });
    expect(await row.textContent()).toContain('External (email)');
    expect(await row.textContent()).toContain('Link sent, not opened');
    await vendors.getByText('2 statements without answer').waitFor();

    // The mail holds the link and nothing of the case's content.
    const link = await mailedLink(1);
    const mail = w.smtp.messages.find((m) => m.to === CONTACT)!;
    expect(mail.text).not.toContain(VULN_TITLE);
    expect(mail.text).not.toContain(MEMBER);

    // A fresh browser (no account): the link page, then the case.
    const vendor = await w.newPage();
    await vendor.goto(link);
    await vendor.getByRole('heading', { name: 'Your organisation is asked about a vulnerability' }).waitFor();
    await shoot(vendor, 'link-page');
    await vendor.getByRole('button', { name: 'Open the case' }).click();
    await vendor.getByRole('heading', { name: new RegExp(REPORT_TITLE) }).waitFor();
    expect(new URL(vendor.url()).pathname).toBe(`/vendor/cases/${created.id}`);
    expect(new URL(vendor.url()).hash).toBe('');
    await vendor.getByText('Embargo ends in').waitFor();
    const v1 = vendor.getByRole('article', { name: new RegExp(`V1 ${VULN_TITLE}`) });
    expect(await v1.textContent()).toContain('CWE-798');
    expect(await v1.textContent()).toContain(VECTOR);
    const page = await vendor.content();
    for (const secret of [MEMBER, 'R. Searcher', report.reference, 'security.txt']) expect(page).not.toContain(secret);

    // It answers V1 and writes to the coordinators.
    const statement = vendor.getByRole('form', { name: 'Your statement on V1' });
    await statement.getByRole('radio', { name: 'Affected', exact: true }).check();
    await statement.getByLabel('Statement', { exact: true }).fill('Bridge firmware 3.x has the password; 3.4 removes the account.');
    await statement.getByLabel('Product', { exact: true }).fill('Nordlicht infusion bridge');
    await statement.getByLabel('Affected versions').fill('3.0 to 3.3.2');
    await statement.getByLabel('Fixed versions').fill('3.4.0');
    await statement.getByRole('button', { name: 'Send the statement' }).click();
    await vendor.getByText('Your statement on V1 was saved.').waitFor();
    await vendor.getByText('All answered').waitFor();
    const composer = vendor.getByRole('form', { name: 'Write to the coordinators' });
    await composer.getByLabel('Your message to the coordinators').fill('Can you share the exact build you tested?');
    await composer.getByRole('button', { name: 'Send' }).click();
    await vendor.getByRole('list', { name: 'Messages with the ISAO' }).getByText('Can you share the exact build you tested?').waitFor();
    await shoot(vendor, 'case-page');

    // The link works once: a second browser is told to ask for a new one.
    const again = await w.newPage();
    await again.goto(link);
    await again.getByRole('button', { name: 'Open the case' }).click();
    await again.getByText('This link no longer works.').waitFor();
    await again.getByText(/already used.*Ask the ISAO for a new link/).waitFor();
    expect(await again.content()).not.toContain(REPORT_TITLE);
    await again.close();

    // The coordinator: the answer in the matrix, the link opened, the change log, the message.
    await coordinator.reload();
    const matrixRow = coordinator
      .getByRole('region', { name: /Vendors/ })
      .getByRole('row')
      .filter({ hasText: EXTERNAL });
    await matrixRow.getByText('Link opened').waitFor();
    const text = (await matrixRow.textContent())!;
    for (const part of ['Affected', 'Fixed in: 3.4.0', 'Nordlicht infusion bridge', 'Lena Nordlicht', 'All answered', 'Access until'])
      expect(text).toContain(part);
    await coordinator.getByText('1 statement without answer').waitFor();
    const log = coordinator.getByRole('region', { name: 'Change log' });
    expect(await log.getByRole('listitem').first().textContent()).toContain(
      `Answered “Affected” for V1 “${VULN_TITLE}” on behalf of ${EXTERNAL}`,
    );
    expect(await log.textContent()).toContain('Lena Nordlicht (by email link)');
    await coordinator.getByRole('tab', { name: new RegExp(EXTERNAL) }).click();
    await coordinator.getByText('Can you share the exact build you tested?').waitFor();
    await coordinator.getByRole('region', { name: /Vendors/ }).screenshot({ path: '/tmp/vendor-coordinator-list.png' });
    await shoot(coordinator, 'coordinator-case');

    // A new link ends the vendor's access in that browser.
    await matrixRow.getByRole('button', { name: 'Send a new link' }).click();
    await coordinator
      .getByRole('form', { name: `New link for ${EXTERNAL}` })
      .getByRole('button', { name: 'Send' })
      .click();
    await coordinator.getByText(`A new link was emailed to ${CONTACT}; the previous link of ${EXTERNAL} no longer works.`).waitFor();
    await mailedLink(2);
    await vendor.reload();
    await vendor.getByText('You have no access to this case in this browser.').waitFor();
    await vendor.close();
    await coordinator.close();
  });
});
