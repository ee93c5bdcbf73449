import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserWorld, hasBrowser, screenshot, signInPage, startBrowserWorld } from '../support/browser.ts';
import { seedAcceptedReport } from '../support/browser-disclosure.ts';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';

const VENDOR_A = 'Aurora Infusion Labs';
const VENDOR_B = 'Borealis Patient Monitoring';
const REPORT_TITLE = 'Unauthenticated dose table upload on the Aurora pump gateway';
const CASE_SUMMARY = 'The pump gateway accepts dose-table uploads without authentication. Two manufacturers ship the same gateway module.';
const VULN_TITLE = 'Missing authentication on the dose-table upload service';
const VECTOR = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';

let w: BrowserWorld;
let vendorA: { email: string };
beforeAll(async () => {
  if (!hasBrowser) return;
  w = await startBrowserWorld();
  const a = await makeOrg(w.server.ctx.db, 'manufacturer', { name: VENDOR_A });
  const b = await makeOrg(w.server.ctx.db, 'manufacturer', { name: VENDOR_B });
  vendorA = await makePerson(w.server.ctx.db, a.id, ['analyst'], { email: 'psirt@aurora-infusion.example', name: 'Ines Aurora' });
  await makePerson(w.server.ctx.db, b.id, ['org_admin'], { email: 'security@borealis.example', name: 'Bo Realis' });
});
afterAll(async () => {
  if (hasBrowser) await w.close();
});

describe.skipIf(!hasBrowser)('disclosure cases in the browser', { timeout: 240_000 }, () => {
  it('a coordinator runs a case with two vendors; a vendor answers without seeing the other; the matrix shows who is missing', async () => {
    const coordinator = await w.newPage();
    await signInPage(coordinator, 'coordinator@openisao.example', w.demoPassword);
    await coordinator.getByRole('heading', { name: /Welcome/ }).waitFor();
    const report = await seedAcceptedReport(coordinator, w.baseUrl, { vendorName: VENDOR_A, title: REPORT_TITLE, productVersion: '4.2.1' });

    // From the Cases page to a new case; the accepted report is offered.
    await coordinator.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
    await coordinator.getByRole('heading', { name: 'Disclosure cases' }).waitFor();
    await coordinator.getByText('No cases yet.').waitFor();
    await coordinator.getByRole('link', { name: 'New case' }).click();
    await coordinator.getByRole('heading', { name: 'New disclosure case' }).waitFor();
    const choice = coordinator.getByRole('checkbox', { name: new RegExp(report.reference) });
    await choice.waitFor();
    expect(await choice.isChecked()).toBe(false);

    // The link from an accepted report pre-selects it and starts from its title.
    await coordinator.goto(`/cases/new?report=${report.id}`);
    await coordinator.getByRole('heading', { name: 'New disclosure case' }).waitFor();
    expect(await coordinator.getByRole('checkbox', { name: new RegExp(report.reference) }).isChecked()).toBe(true);
    await expect.poll(() => coordinator.getByLabel('Title').inputValue()).toBe(REPORT_TITLE);
    await coordinator.getByLabel('Summary (optional)').fill(CASE_SUMMARY);
    await screenshot(coordinator, 'case-new');
    await coordinator.getByRole('button', { name: 'Open the case' }).click();

    // The case: reference, title, state, the five phases with "Received" current, the report it comes from.
    await coordinator.getByRole('heading', { name: new RegExp(REPORT_TITLE) }).waitFor();
    const caseUrl = coordinator.url();
    expect(new URL(caseUrl).pathname).toMatch(/^\/cases\/[0-9a-f-]{36}$/);
    const caseRef = (await coordinator.locator('.case-ref').textContent())!.trim();
    expect(caseRef).toMatch(/^C-\d{4}-[A-Z0-9]{6}$/);
    await coordinator.locator('.case-summary').getByText(CASE_SUMMARY).waitFor();
    const stepper = coordinator.getByRole('list', { name: 'ISO/IEC 30111 phases' });
    expect(await stepper.getByRole('listitem').count()).toBe(5);
    expect(await stepper.locator('[aria-current="step"]').textContent()).toContain('Received');
    await coordinator.getByRole('link', { name: report.reference }).waitFor();

    // A vulnerability: an incomplete vector is refused with the server's message, the complete one scores 9.8.
    const vulns = coordinator.getByRole('region', { name: /Vulnerabilities/ });
    await vulns.getByRole('button', { name: 'Add a vulnerability' }).click();
    const form = coordinator.getByRole('form', { name: 'New vulnerability' });
    await form.getByLabel('Title').fill(VULN_TITLE);
    await form.getByLabel('Description').fill('Anyone on the clinical network can replace the dose limits of every connected pump.');
    await form.getByLabel('CWE (optional)').fill('CWE-306');
    expect(await form.getByLabel('CVSS 3.1 vector (optional)').getAttribute('placeholder')).toBe(VECTOR);
    await form.getByLabel('CVSS 3.1 vector (optional)').fill('CVSS:3.1/AV:N/AC:L/PR:N');
    await form.getByRole('button', { name: 'Add the vulnerability' }).click();
    await form.getByRole('alert').getByText('The vulnerability was not saved.').waitFor();
    expect(await form.getByLabel('CVSS 3.1 vector (optional)').getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('.hint .text-danger').first().textContent()).toContain('complete CVSS 3.1 base vector');
    await screenshot(coordinator, 'case-vulnerability-error');
    await form.getByLabel('CVSS 3.1 vector (optional)').fill(VECTOR);
    await form.getByRole('button', { name: 'Add the vulnerability' }).click();
    await coordinator.getByText('The vulnerability was added.').waitFor();
    const v1 = vulns.getByRole('article', { name: new RegExp(`V1 ${VULN_TITLE}`) });
    expect(await v1.textContent()).toContain('Critical 9.8');
    expect(await v1.textContent()).toContain(VECTOR);
    expect(await v1.textContent()).toContain('CWE-306');

    // Two vendors, picked from the manufacturers; their people are emailed.
    const vendors = coordinator.getByRole('region', { name: /Vendors/ });
    for (const name of [VENDOR_A, VENDOR_B]) {
      await vendors.getByRole('combobox', { name: 'Add a vendor' }).selectOption({ label: name });
      await vendors.getByRole('button', { name: 'Add vendor' }).click();
      await vendors.getByText(`${name} was added and its people were told by email.`).waitFor();
    }
    const mail = await w.smtp.waitFor((m) => m.to === vendorA.email);
    expect(mail.subject).toContain(caseRef);
    expect(mail.text).toContain(new URL(caseUrl).pathname);
    expect(await vendors.getByText('2 statements without answer').count()).toBe(1);

    // Into the next phase, with a note for the change log.
    await coordinator.getByRole('button', { name: 'Move to Verified' }).click();
    await coordinator.getByLabel('Note for the change log (optional)').fill('Reproduced on gateway firmware 4.2.1 in the lab.');
    await coordinator.getByRole('form', { name: 'Move to Verified' }).getByRole('button', { name: 'Move to Verified' }).click();
    await coordinator.getByText('The case is now in the phase “Verified”.').waitFor();
    expect(await stepper.locator('[aria-current="step"]').textContent()).toContain('Verified');
    await coordinator.getByRole('heading', { name: /Phase: Verified/ }).waitFor();
    await screenshot(coordinator, 'case-coordinator-verified');

    // Vendor A: the case is in its list; the page never names vendor B, only counts it.
    const vendor = await w.newPage();
    await signInPage(vendor, vendorA.email, TEST_PASSWORD);
    await vendor.getByRole('heading', { name: /Welcome/ }).waitFor();
    await vendor.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
    const row = vendor.getByRole('row').filter({ hasText: caseRef });
    await row.waitFor();
    expect(await row.textContent()).toContain('Verified');
    await screenshot(vendor, 'cases-vendor-list');
    await row.getByRole('link', { name: caseRef }).click();
    await vendor.getByRole('heading', { name: 'Your statements' }).waitFor();
    await vendor.getByText('1 other vendor is part of this case.').waitFor();
    expect(await vendor.content()).not.toContain(VENDOR_B);
    expect(await vendor.getByRole('button', { name: /Move to/ }).count()).toBe(0);
    expect(await vendor.getByRole('link', { name: report.reference }).count()).toBe(0);

    // Vendor A answers "affected" with the fixed version.
    const statement = vendor.getByRole('form', { name: 'Your statement on V1' });
    await statement.getByRole('radio', { name: 'Affected', exact: true }).check();
    await statement
      .getByLabel('Statement', { exact: true })
      .fill('Gateway 4.x ships the vulnerable upload service; 4.3.0 requires mutual TLS.');
    await statement.getByLabel('Product', { exact: true }).fill('Aurora pump gateway');
    await statement.getByLabel('Affected versions').fill('4.0 to 4.2.1');
    await statement.getByLabel('Fixed versions').fill('4.3.0');
    await statement.getByRole('button', { name: 'Send the statement' }).click();
    await vendor.getByText('Your statement on V1 was saved.').waitFor();
    await vendor.getByText('All answered').waitFor();
    expect(await vendor.content()).not.toContain(VENDOR_B);
    await screenshot(vendor, 'case-vendor-statement');

    // The coordinator's matrix: A answered, B has no answer yet; the change log tells it in words.
    await coordinator.reload();
    const matrix = coordinator.getByRole('table');
    await matrix.waitFor();
    const rowA = matrix.getByRole('row').filter({ hasText: VENDOR_A });
    const rowB = matrix.getByRole('row').filter({ hasText: VENDOR_B });
    expect(await rowA.textContent()).toContain('Affected');
    expect(await rowA.textContent()).toContain('Fixed in: 4.3.0');
    expect(await rowA.textContent()).toContain('Aurora pump gateway');
    expect(await rowA.textContent()).toContain('All answered');
    expect(await rowB.textContent()).toContain('No answer yet');
    await coordinator.getByText('1 statement without answer').waitFor();
    const log = coordinator.getByRole('region', { name: 'Change log' });
    const entries = log.getByRole('listitem');
    expect(await entries.first().textContent()).toContain(`Answered “Affected” for V1 “${VULN_TITLE}” on behalf of ${VENDOR_A}`);
    expect(await log.textContent()).toContain('Moved the case from Received to Verified');
    expect(await log.textContent()).toContain('Reproduced on gateway firmware 4.2.1 in the lab.');
    await screenshot(coordinator, 'case-coordinator-matrix');

    // Anyone else: no Cases link, and the case is not acknowledged to exist.
    const hospital = await w.newPage();
    await signInPage(hospital, 'ciso@stexample-hospital.example', w.demoPassword);
    await hospital.getByRole('heading', { name: /Welcome/ }).waitFor();
    expect(await hospital.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).count()).toBe(0);
    await hospital.goto(new URL(caseUrl).pathname);
    await hospital.getByText('There is no such case, or your organisation is not part of it.').waitFor();
    expect(await hospital.content()).not.toContain(VULN_TITLE);
    await hospital.close();

    // The list: state and the missing answer.
    await coordinator.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
    const listRow = coordinator.getByRole('row').filter({ hasText: caseRef });
    await listRow.waitFor();
    expect(await listRow.textContent()).toContain('Verified');
    expect(await listRow.textContent()).toContain('1 without answer');
    await screenshot(coordinator, 'cases-coordinator-list');
    await vendor.close();
    await coordinator.close();
  });
});
