import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preloadCsafValidator } from '../../src/modules/csaf/index.ts';
import { type BrowserWorld, hasBrowser, screenshot, signInPage, startBrowserWorld } from '../support/browser.ts';
import { apiSend, seedAcceptedReport, seedCaseWithStatement } from '../support/browser-disclosure.ts';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';

const PUBLIC_URL = 'https://isao.example';
const VENDOR = 'Aurora Infusion Labs';
const CREDIT = 'Ana Silva, Example University';
const REPORT_TITLE = 'Unauthenticated dose table upload on the Aurora pump gateway';
const VULN_TITLE = 'Missing authentication on the dose-table upload service';
const VECTOR = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
const ADVISORY_TITLE = 'Aurora pump gateway: unauthenticated dose-table upload';
const REFERENCE = 'https://aurora-infusion.example/psirt/2026-01';
const TO_VENDOR = 'We plan to publish on Friday.\nCan you confirm 4.3.0 is available to all customers by then?';
const TO_ISAO = 'Yes: 4.3.0 is on the download portal since Monday.\nThe release notes name the fix.';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** "2026-06-12T14:00" for an instant, as a datetime-local input in a time zone shows it (Swedish dates are ISO-like). */
const localInput = (at: Date, timeZone: string) => at.toLocaleString('sv-SE', { timeZone, hour12: false }).slice(0, 16).replace(' ', 'T');

let w: BrowserWorld;
let vendorPerson: { email: string };
let readOnlyPerson: { email: string };
let orgId = '';
beforeAll(async () => {
  if (!hasBrowser) return;
  w = await startBrowserWorld();
  // The browser helpers take no configuration; they set the public address on the running server's config themselves,
  // and so does this test: CSAF advisories are published only at an https:// address.
  w.server.ctx.config.publicUrl = PUBLIC_URL;
  // `isao serve` loads the CSAF validator (seconds) when it starts; the helpers' server does not.
  await preloadCsafValidator();
  orgId = (await makeOrg(w.server.ctx.db, 'manufacturer', { name: VENDOR })).id;
  vendorPerson = await makePerson(w.server.ctx.db, orgId, ['analyst'], { email: 'psirt@aurora-infusion.example', name: 'Ines Aurora' });
  readOnlyPerson = await makePerson(w.server.ctx.db, orgId, ['read_only'], { email: 'viewer@aurora-infusion.example' });
});
afterAll(async () => {
  if (hasBrowser) await w.close();
});

describe.skipIf(!hasBrowser)('publishing a case’s advisory, its discussion and its embargo in the browser', { timeout: 300_000 }, () => {
  it('a coordinator fixes what CSAF validation finds, publishes; coordinator and vendor talk; both see the embargo', async () => {
    const coordinator = await w.newPage();
    await signInPage(coordinator, 'coordinator@openisao.example', w.demoPassword);
    await coordinator.getByRole('heading', { name: /Welcome/ }).waitFor();
    const vendor = await w.newPage();
    await signInPage(vendor, vendorPerson.email, TEST_PASSWORD);
    await vendor.getByRole('heading', { name: /Welcome/ }).waitFor();
    // The vendor's person lives in Berlin: the embargo is shown in their zone and in UTC.
    await apiSend(vendor, 'PATCH', '/api/v1/me', { timeZone: 'Europe/Berlin' });

    // Through the API: an accepted report with credit consent, its case, one vulnerability without a CVSS vector, one
    // vendor that answered "affected" with a fixed version.
    const report = await seedAcceptedReport(coordinator, w.baseUrl, { vendorName: VENDOR, title: REPORT_TITLE, creditName: CREDIT });
    const other = await seedAcceptedReport(coordinator, w.baseUrl, {
      vendorName: VENDOR,
      title: 'Dose table upload without a session on the bedside hub',
      creditName: CREDIT,
    });
    const summary = 'The pump gateway accepts dose-table uploads without authentication.';
    const vulnerability = { title: VULN_TITLE, description: 'Anyone on the network can replace the dose limits.', cwe: 'CWE-306' };
    const { caseId } = await seedCaseWithStatement(coordinator, vendor, {
      title: REPORT_TITLE,
      summary,
      reportId: report.id,
      vulnerability,
      vendorOrgId: orgId,
      statement: {
        status: 'affected',
        product: 'Aurora pump gateway',
        statement: 'Gateway 4.x ships the vulnerable upload service; 4.3.0 requires mutual TLS.',
        affectedVersions: '4.0 to 4.2.1',
        fixedVersions: '4.3.0',
      },
    });

    // From the accepted report to its case; /cases/new offers only the report without one.
    await coordinator.goto(`/triage/${report.id}`);
    await coordinator.getByRole('heading', { name: REPORT_TITLE }).waitFor();
    expect(await coordinator.getByRole('link', { name: 'Open case' }).getAttribute('href')).toBe(`/cases/${caseId}`);
    await coordinator.goto(`/triage/${other.id}`);
    const openNew = coordinator.getByRole('link', { name: 'Open a disclosure case' });
    expect(await openNew.getAttribute('href')).toBe(`/cases/new?report=${other.id}`);
    await screenshot(coordinator, 'case-publishing-triage-link');
    await openNew.click();
    await coordinator.getByRole('checkbox', { name: new RegExp(other.reference) }).waitFor();
    expect(await coordinator.getByRole('checkbox', { name: new RegExp(report.reference) }).count()).toBe(0);

    // The case: the advisory's CSAF checks fail on 6.2.3, explained.
    await coordinator.goto(`/cases/${caseId}`);
    const advisory = coordinator.getByRole('region', { name: 'Advisory' });
    const checks = advisory.getByRole('region', { name: 'CSAF checks' });
    await checks.getByText('1 test fails').waitFor();
    const failure = checks.locator('.csaf-failure').filter({ hasText: '6.2.3' });
    expect(await failure.textContent()).toContain('Missing metric');
    expect(await failure.textContent()).toContain('add its CVSS 3.1 vector');
    expect(await failure.locator('.csaf-path').first().textContent()).toMatch(/^\/vulnerabilities\/0/);
    expect(await checks.textContent()).toContain(CREDIT);
    expect(await advisory.getByRole('button', { name: 'Publish', exact: true }).isDisabled()).toBe(true);
    await advisory.scrollIntoViewIfNeeded();
    await screenshot(coordinator, 'case-publishing-validation-fails');

    // A CVSS 3.1 vector on the vulnerability: the checks pass.
    await coordinator.getByRole('button', { name: 'Edit V1' }).click();
    await coordinator
      .getByRole('form', { name: `Edit ${VULN_TITLE}` })
      .getByLabel('CVSS 3.1 vector (optional)')
      .fill(VECTOR);
    await coordinator.getByRole('button', { name: 'Save the vulnerability' }).click();
    await coordinator.getByText('The vulnerability was saved.').waitFor();
    await checks.getByText('Ready to publish').waitFor();
    expect(await checks.locator('.csaf-failure').count()).toBe(0);

    // TLP, title and a reference; saved, the checks still pass.
    const form = advisory.getByRole('form', { name: 'Advisory draft' });
    await form.getByLabel('Title').fill(ADVISORY_TITLE);
    await form.getByRole('radio', { name: 'TLP:GREEN' }).check();
    await form.getByRole('button', { name: 'Add a reference' }).click();
    await form.getByLabel('Reference 1: address').fill(REFERENCE);
    await form.getByLabel('Reference 1: what it is').fill('Vendor advisory');
    await advisory.getByText('These results are for the saved draft').waitFor();
    await form.getByRole('button', { name: 'Save the draft' }).click();
    await form.getByText('The draft was saved.').waitFor();
    await checks.getByText('Ready to publish').waitFor();
    await advisory.locator('summary', { hasText: 'The CSAF document as it would be published now' }).click();
    const preview = JSON.parse((await advisory.getByLabel('CSAF document').textContent())!) as Json;
    expect(preview.document.distribution.tlp.label).toBe('GREEN');
    expect(preview.document.title).toBe(ADVISORY_TITLE);
    await screenshot(coordinator, 'case-publishing-ready');

    // Publish: version 1, its date, the advisory page, the canonical URL and the files.
    await advisory.getByRole('button', { name: 'Publish', exact: true }).click();
    await advisory.getByText('Version 1 was published and signed.').waitFor();
    const published = advisory.getByRole('group', { name: 'Published advisory' });
    expect(await published.textContent()).toContain('Version 1');
    const canonical = (await published.locator('.advisory-url a').textContent())!;
    expect(canonical).toMatch(/^https:\/\/isao\.example\/\.well-known\/csaf\/green\/\d{4}\/isao-c-\d{4}-[0-9a-z]{6}\.json$/);
    const path = new URL(canonical).pathname;
    expect(await published.getByRole('link', { name: 'CSAF document (.json)' }).getAttribute('href')).toBe(path);
    expect(await published.getByRole('link', { name: 'SHA-512 hash (.sha512)' }).getAttribute('href')).toBe(`${path}.sha512`);
    expect(await published.getByRole('link', { name: 'OpenPGP signature (.asc)' }).getAttribute('href')).toBe(`${path}.asc`);
    const advisoryHref = (await published.getByRole('link', { name: 'Open the advisory page' }).getAttribute('href'))!;
    expect(advisoryHref).toMatch(/^\/advisories\/[0-9a-f-]{36}$/);
    await advisory.getByRole('button', { name: 'Publish revision 2' }).waitFor();
    await published.scrollIntoViewIfNeeded();
    await screenshot(coordinator, 'case-publishing-published');

    // The .json link serves the CSAF document; its hash and signature go with it.
    await published.getByRole('link', { name: 'CSAF document (.json)' }).click();
    await coordinator.waitForURL(`**${path}`);
    const served = await (await coordinator.request.get(path)).text();
    const doc = JSON.parse((await coordinator.locator('body').innerText()).trim()) as Json;
    expect(doc.document).toMatchObject({ category: 'csaf_security_advisory', csaf_version: '2.0', title: ADVISORY_TITLE });
    expect(doc.document.tracking.version).toBe('1');
    expect(doc.document.acknowledgments[0].names).toEqual([CREDIT]);
    expect(doc.document.references.map((r: Json) => r.url)).toEqual([canonical, REFERENCE]);
    expect(doc.vulnerabilities[0].scores[0].cvss_v3.vectorString).toBe(VECTOR);
    await screenshot(coordinator, 'case-publishing-json');
    const sha512 = await (await coordinator.request.get(`${path}.sha512`)).text();
    expect(sha512.split(' ')[0]).toBe(createHash('sha512').update(served, 'utf8').digest('hex'));
    expect(await (await coordinator.request.get(`${path}.asc`)).text()).toContain('-----BEGIN PGP SIGNATURE-----');
    await coordinator.goto(advisoryHref);
    await coordinator.getByRole('heading', { name: ADVISORY_TITLE }).waitFor();
    await coordinator.goto(`/cases/${caseId}`);

    // Discussion: the coordinator writes to the vendor (the vendor's thread is the only tab).
    const discussion = coordinator.getByRole('region', { name: /Discussion with the vendors/ });
    expect(await discussion.getByRole('tab', { name: VENDOR }).getAttribute('aria-selected')).toBe('true');
    await discussion.getByLabel(`Your message to ${VENDOR}`).fill(TO_VENDOR);
    await discussion.getByRole('button', { name: 'Send' }).click();
    await discussion.locator('.msg-body', { hasText: 'We plan to publish on Friday.' }).waitFor();
    expect(await discussion.getByLabel(`Your message to ${VENDOR}`).inputValue()).toBe('');

    // Embargo three days ahead, entered in the coordinator's time zone.
    const zone = ((await (await coordinator.request.get('/api/v1/me')).json()) as Json).person.timeZone as string;
    const embargo = coordinator.getByRole('region', { name: 'Embargo' });
    await embargo.getByRole('button', { name: 'Set an embargo' }).click();
    const until = new Date(Date.now() + 3 * 86_400_000 + 5 * 60_000);
    await embargo.getByLabel(/Embargo ends/).fill(localInput(until, zone));
    await embargo.getByText(/That is .* UTC\./).waitFor();
    await embargo.getByRole('button', { name: 'Set the embargo' }).click();
    await embargo.getByText('The embargo was set.').waitFor();
    expect(await embargo.locator('.embargo-countdown').textContent()).toMatch(/^Embargo ends in (3 days|2 days 23 hours)$/);
    expect(await embargo.textContent()).toContain('UTC');
    await coordinator
      .getByRole('region', { name: 'Change log' })
      .getByText(/Set the embargo until/)
      .waitFor();
    await screenshot(coordinator, 'case-publishing-coordinator-embargo');

    // The vendor: the unread badge and the top line, the countdown in Berlin time and UTC; reads, answers.
    await vendor.goto(`/cases/${caseId}`);
    const vendorTalk = vendor.getByRole('region', { name: /Discussion with the ISAO/ });
    await vendor.locator('.case-news').getByText('1 unread message').waitFor();
    expect(await vendorTalk.locator('h2 .unread-badge').textContent()).toContain('1');
    const vendorEmbargo = vendor.getByRole('region', { name: 'Embargo' });
    expect(await vendorEmbargo.locator('.embargo-countdown').textContent()).toMatch(/^Embargo ends in (3 days|2 days 23 hours)$/);
    expect(await vendorEmbargo.textContent()).toContain('your time (Europe/Berlin)');
    expect(await vendorEmbargo.textContent()).toContain('UTC');
    expect(await vendorEmbargo.getByRole('button').count()).toBe(0);
    expect(await vendor.getByRole('region', { name: 'Advisory' }).count()).toBe(0);
    await screenshot(vendor, 'case-publishing-vendor-unread');
    await vendorTalk.scrollIntoViewIfNeeded();
    const fresh = vendorTalk.locator('.msg-new');
    await fresh.waitFor();
    expect(await fresh.locator('.msg-body').innerText()).toBe(TO_VENDOR);
    expect(await fresh.textContent()).toContain('ISAO coordinator');
    // Read: the badge goes, the highlight stays while the vendor is here.
    await vendorTalk.locator('h2 .unread-badge').waitFor({ state: 'detached' });
    expect(await vendorTalk.locator('.msg-new').count()).toBe(1);
    await vendorTalk.getByLabel('Your message to the ISAO').fill(TO_ISAO);
    await vendorTalk.getByRole('button', { name: 'Send' }).click();
    await vendorTalk.locator('.msg-body', { hasText: 'Yes: 4.3.0 is on the download portal' }).waitFor();
    // The vendor reads that the advisory was published (change log) but has no advisory controls.
    expect(await vendor.getByRole('button', { name: /Publish/ }).count()).toBe(0);
    expect(await vendor.locator('#case-advisory').count()).toBe(0);
    expect(await vendor.content()).toContain('Published the advisory');
    await screenshot(vendor, 'case-publishing-vendor-discussion');

    // The vendor also moves its statement on: a change the coordinator has not seen.
    await vendor.getByRole('form', { name: 'Your statement on V1' }).getByLabel('Fixed versions').fill('4.3.0, 4.2.2');
    await vendor.getByRole('button', { name: 'Update the statement' }).click();
    await vendor.getByText('Your statement on V1 was saved.').waitFor();

    // The coordinator comes back: the answer is new, so is the vendor's change.
    await coordinator.goto('/cases');
    await coordinator.goto(`/cases/${caseId}`);
    const eventsSeen = coordinator.waitForResponse((r) => r.url().endsWith('/seen') && r.request().postDataJSON()?.thread === 'events');
    const news = coordinator.locator('.case-news');
    await news.getByText('1 change since your last visit').waitFor();
    await news.getByText('1 unread message').waitFor();
    const log = coordinator.getByRole('region', { name: 'Change log' });
    expect(await log.locator('li.is-new').count()).toBe(1);
    expect(await log.locator('li.is-new').textContent()).toContain(`on behalf of ${VENDOR}`);
    const tab = discussion.getByRole('tab', { name: new RegExp(VENDOR) });
    expect(await tab.locator('.unread-badge').textContent()).toContain('1');
    await discussion.scrollIntoViewIfNeeded();
    const answer = discussion.locator('.msg-new');
    await answer.waitFor();
    expect(await answer.locator('.msg-body').innerText()).toBe(TO_ISAO);
    expect(await answer.textContent()).toContain(`Ines Aurora, ${VENDOR}`);
    await tab.locator('.unread-badge').waitFor({ state: 'detached' });
    await screenshot(coordinator, 'case-publishing-coordinator-discussion');
    // The statement changed: the advisory's next revision would carry it.
    await coordinator.getByRole('region', { name: 'CSAF checks' }).getByText('Ready to publish revision 2').waitFor();
    expect(await coordinator.getByLabel('CSAF document').textContent()).toContain('4.3.0, 4.2.2');

    // Seen after a few seconds on the page: the next visit has nothing new.
    expect((await eventsSeen).ok()).toBe(true);
    await coordinator.reload();
    await discussion.locator('.msg-body').first().waitFor();
    expect(await coordinator.locator('.case-news').count()).toBe(0);
    expect(await coordinator.locator('.case-events li.is-new').count()).toBe(0);

    // A read-only person of the vendor reads the thread but has no post box.
    const viewer = await w.newPage();
    await signInPage(viewer, readOnlyPerson.email, TEST_PASSWORD);
    await viewer.getByRole('heading', { name: /Welcome/ }).waitFor();
    await viewer.goto(`/cases/${caseId}`);
    const viewerTalk = viewer.getByRole('region', { name: /Discussion with the ISAO/ });
    await viewerTalk.locator('.msg-body', { hasText: 'Yes: 4.3.0 is on the download portal' }).waitFor();
    expect(await viewerTalk.getByLabel('Your message to the ISAO').count()).toBe(0);
    await viewerTalk.getByText('Your role is read-only').waitFor();
    await viewer.close();
    await vendor.close();
    await coordinator.close();
  });
});
