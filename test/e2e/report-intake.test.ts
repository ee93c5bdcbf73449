import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solveProof } from '../../src/modules/disclosure/report-checks.ts';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  type BrowserWorld,
  hasBrowser,
  screenshot,
  signInPage,
  startBrowserWorld,
} from '../support/browser.ts';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';

const VENDOR = 'Helix Cardiac Devices';
const PRODUCT = 'PaceLink Programmer';
const TITLE = 'Unauthenticated telemetry write on the PaceLink programmer';
const DESCRIPTION = [
  'The programmer accepts telemetry write commands over its service port without any authentication.',
  'Steps: connect to port 7000 and send the pairing frame; the session is granted.',
  'A hostile name field is stored as given: <script>alert(1)</script>',
].join('\n');
const POC = Buffer.from('frame 01 02 03\nsession granted\n');
const INTERNAL_NOTE = 'Lab reproduced it on 4.2.1 — internal only, do not share yet.';
const QUESTION = 'Which firmware build did you test, and does the attack need physical access to the port?';
const ANSWER = 'Build 4.2.1-b17. Physical access to the service port is needed.';

/** POST with the page's session and its CSRF token, as the web client does. */
async function apiPost(page: Page, url: string, data: unknown): Promise<Record<string, unknown>> {
  const csrf = (await (await page.request.get('/api/v1/me')).json()).csrfToken as string;
  const response = await page.request.post(url, { data, headers: { 'x-csrf-token': csrf } });
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as Record<string, unknown>;
}

/** Sends a report as a script would (a solved challenge, from the test's own address, like the browser's). */
async function apiReport(fields: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  const challenge = (await (await fetch(`${w.baseUrl}/api/v1/reports/challenge`)).json()) as { challenge: string; difficulty: number };
  const proof = { challenge: challenge.challenge, nonce: solveProof(challenge.challenge, challenge.difficulty) };
  const response = await fetch(`${w.baseUrl}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ vendorName: VENDOR, productName: PRODUCT, ...fields, proof }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

let w: BrowserWorld;
let earlier = '';
beforeAll(async () => {
  if (!hasBrowser) return;
  w = await startBrowserWorld();
  // A member manufacturer with a public product, for the form's suggestions.
  const org = await makeOrg(w.server.ctx.db, 'manufacturer', { name: VENDOR });
  const maker = await makePerson(w.server.ctx.db, org.id, ['analyst'], { email: 'psirt@helix.example' });
  const page = await w.newPage();
  await signInPage(page, maker.email, TEST_PASSWORD);
  await page.getByRole('heading', { name: /Welcome/ }).waitFor();
  await apiPost(page, '/api/v1/products', { name: PRODUCT, model: 'PL-7', visibility: 'public' });
  await page.close();
  // An earlier report of the same problem, received three days ago: overdue, and a possible duplicate of the new one.
  const first = await apiReport({
    title: 'Telemetry writes without authentication on the PaceLink',
    description: DESCRIPTION.split('\n').slice(0, 2).join('\n'),
  });
  expect(first.status).toBe(201);
  earlier = first.body['reference'] as string;
  await w.server.ctx.db.query("UPDATE reports SET received_at = received_at - interval '3 days' WHERE reference = $1", [earlier]);
});
afterAll(async () => {
  if (hasBrowser) await w.close();
});

describe.skipIf(!hasBrowser)('coordinated vulnerability disclosure in the browser', { timeout: 240_000 }, () => {
  it('a visitor reports without an account and follows it; a coordinator triages it; hostile text stays text', async () => {
    const visitor = await w.newPage();
    const dialogs: string[] = [];
    visitor.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });

    // From the sign-in page to the form; sending it empty shows what is missing, next to each field.
    await visitor.goto('/login');
    await visitor.getByRole('link', { name: 'Report a vulnerability' }).first().click();
    await visitor.getByRole('heading', { name: 'Report a vulnerability' }).waitFor();
    await visitor.getByRole('button', { name: 'Send the report' }).click();
    await visitor.getByText('Name the manufacturer.').waitFor();
    expect(await visitor.getByText('Describe the problem in at least 20 characters.').count()).toBe(1);
    expect(await visitor.getByRole('combobox', { name: 'Manufacturer' }).getAttribute('aria-invalid')).toBe('true');
    await screenshot(visitor, 'report-form-errors');

    // The honeypot is in the form for robots, off-screen and out of reach for people.
    const honeypot = visitor.locator('input[name="website"]');
    expect(await honeypot.getAttribute('tabindex')).toBe('-1');
    expect(await honeypot.getAttribute('autocomplete')).toBe('off');
    expect(await visitor.locator('.report-hp').getAttribute('aria-hidden')).toBe('true');
    expect((await honeypot.boundingBox())!.x).toBeLessThan(0);

    // What is affected: the manufacturer and its product chosen from the member directory.
    await visitor.getByRole('combobox', { name: 'Manufacturer' }).fill('heli');
    await visitor.getByRole('option', { name: new RegExp(VENDOR) }).waitFor();
    await screenshot(visitor, 'report-form-suggestions');
    await visitor.getByRole('option', { name: new RegExp(VENDOR) }).click();
    await visitor.getByText('A member of the ISAO: the coordinators can reach this manufacturer directly.').waitFor();
    await visitor.getByRole('combobox', { name: 'Product' }).click();
    await visitor.getByRole('option', { name: new RegExp(PRODUCT) }).click();
    await visitor.getByText('Listed in the member directory.').waitFor();
    await visitor.getByLabel('Version (if known)').fill('4.2.1');
    await visitor.getByLabel('Title').fill(TITLE);
    await visitor.getByLabel('Description').fill(DESCRIPTION);
    await visitor.getByLabel('Impact on patients (if known)').fill('An attacker nearby could change pacing parameters.');
    await visitor.getByLabel('How you found it (optional)').fill('Bench test with a programmer bought second-hand.');
    await visitor.getByRole('group', { name: 'Is it being exploited?' }).getByLabel('No', { exact: true }).check();
    await visitor.getByLabel('Credit me when the vulnerability is published').check();
    await visitor.getByLabel('Name to credit').fill('Ana Silva, Example University');
    await visitor.getByLabel('Your name').fill('Ana Silva');
    await visitor.getByLabel('Add files').setInputFiles({ name: 'poc.txt', mimeType: 'text/plain', buffer: POC });
    await visitor.getByRole('list', { name: 'Files to send' }).getByText('poc.txt').waitFor();
    await screenshot(visitor, 'report-form-filled');

    // Sent: the reference and the private tracking link, shown once; the file follows to the tracking link.
    await visitor.getByRole('button', { name: 'Send the report' }).click();
    await visitor.getByRole('heading', { name: 'Report received' }).waitFor({ timeout: 60_000 });
    await visitor.getByText('1 of 1 file sent.').waitFor();
    const reference = (await visitor.locator('.report-ref').first().textContent())!.trim();
    expect(reference).toMatch(/^R-\d{4}-[A-Z0-9]{6}$/);
    const link = (await visitor.getByTestId('tracking-link').textContent())!.trim();
    expect(link).toMatch(new RegExp(`^${w.baseUrl.replace(/[.]/g, '\\.')}/report/track#[A-Za-z0-9_-]{43}$`));
    const token = link.slice(link.indexOf('#') + 1);
    await visitor.getByText('this link is the only way to follow your report').waitFor();
    await screenshot(visitor, 'report-receipt');

    // The tracking page: the token stays in the fragment; status, summary, the file with its SHA-256.
    await visitor.getByRole('button', { name: 'Open the tracking page' }).click();
    await visitor.getByRole('heading', { name: /Status: Received/ }).waitFor();
    const here = new URL(visitor.url());
    expect([here.pathname, here.search, here.hash]).toEqual(['/report/track', '', `#${token}`]);
    await visitor.getByText('Received: waiting for an ISAO coordinator to triage it.').waitFor();
    const files = visitor.getByRole('region', { name: 'Files' });
    expect(await files.textContent()).toContain('poc.txt');
    expect(await files.textContent()).toContain(createHash('sha256').update(POC).digest('hex'));
    await screenshot(visitor, 'report-tracking-received');
    // The download is fetched through the token and saved from memory: the token is not in the download's address.
    const [saved] = await Promise.all([visitor.waitForEvent('download'), files.getByRole('button', { name: 'Download' }).click()]);
    expect(saved.url()).toMatch(/^blob:/);
    expect(saved.suggestedFilename()).toBe('poc.txt');
    expect(readFileSync(await saved.path())).toEqual(POC);

    // Without a token in the address, the page asks for the link; a wrong link says so.
    const stranger = await w.newPage();
    await stranger.goto('/report/track');
    await stranger.getByLabel('Your tracking link').fill(link);
    await stranger.getByRole('button', { name: 'Open' }).click();
    await stranger.getByRole('heading', { name: TITLE }).waitFor();
    expect(new URL(stranger.url()).hash).toBe(`#${token}`);
    await stranger.goto(`/report/track#${'x'.repeat(43)}`);
    await stranger.getByText('No report has this tracking link.').waitFor();
    await stranger.close();

    // The coordinator sees it in the triage queue with its next target, then opens it.
    const coordinator = await w.newPage();
    await signInPage(coordinator, 'coordinator@openisao.example', w.demoPassword);
    await coordinator.getByRole('heading', { name: /Welcome/ }).waitFor();
    await coordinator.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Triage' }).click();
    await coordinator.getByRole('heading', { name: 'Vulnerability reports' }).waitFor();
    const row = coordinator.getByRole('row').filter({ hasText: reference });
    await row.waitFor();
    const rowText = (await row.textContent())!;
    expect(rowText).toContain(TITLE);
    expect(rowText).toContain(VENDOR);
    expect(rowText).toContain('Acknowledge by');
    expect(rowText).toContain('Received');
    expect(rowText).toContain(`Possible duplicate of ${earlier}`);
    const overdue = coordinator.getByRole('row').filter({ has: coordinator.getByRole('link', { name: earlier, exact: true }) });
    expect(await overdue.textContent()).toContain('Overdue: Acknowledge by');
    expect(await overdue.getAttribute('class')).toContain('row-overdue');
    await coordinator.getByText('1 overdue').waitFor();
    await coordinator.getByText('1 day to acknowledge').waitFor();
    await screenshot(coordinator, 'triage-queue');

    await row.getByRole('link', { name: reference }).click();
    await coordinator.getByRole('heading', { name: TITLE }).waitFor();
    const sent = coordinator.getByRole('region', { name: 'What the reporter sent' });
    expect(await sent.textContent()).toContain('<script>alert(1)</script>');
    expect(await sent.textContent()).toContain('member of the ISAO');
    expect(await coordinator.evaluate(() => [...document.scripts].some((s) => (s.textContent ?? '').includes('alert(1)')))).toBe(false);
    expect(await coordinator.getByRole('region', { name: 'Reporter', exact: true }).textContent()).toContain(
      'Ana Silva, Example University',
    );
    await coordinator.getByRole('region', { name: 'Possible duplicates' }).getByRole('link', { name: earlier }).waitFor();
    const [fetched] = await Promise.all([
      coordinator.waitForEvent('download'),
      coordinator.getByRole('region', { name: 'Files' }).getByRole('link', { name: 'Download' }).click(),
    ]);
    expect(readFileSync(await fetched.path())).toEqual(POC);

    // An internal note, then a question to the reporter.
    await coordinator.getByRole('textbox', { name: 'Internal note' }).fill(INTERNAL_NOTE);
    await coordinator.getByRole('button', { name: 'Add internal note' }).click();
    await coordinator.getByText('The internal note was added.').waitFor();
    const note = coordinator.locator('.msg-internal').filter({ hasText: INTERNAL_NOTE });
    expect(await note.textContent()).toContain('Internal — the reporter never sees this');
    await coordinator.getByRole('button', { name: 'Ask for more information' }).click();
    const ask = coordinator.getByRole('button', { name: 'Ask the reporter' });
    expect(await ask.isDisabled()).toBe(true); // the question is required
    await coordinator.getByLabel('Your question to the reporter').fill(QUESTION);
    await ask.click();
    await coordinator.getByText('The question was sent to the reporter.').waitFor();
    await coordinator.locator('.title-row .pill').filter({ hasText: 'Needs information' }).waitFor();
    await screenshot(coordinator, 'triage-report-needs-info');

    // The reporter sees the question, never the internal note, and answers.
    await visitor.reload();
    await visitor.getByRole('heading', { name: /Status: Needs information/ }).waitFor();
    expect(await visitor.getByRole('region', { name: 'Conversation' }).textContent()).toContain(QUESTION);
    expect(await visitor.content()).not.toContain('Lab reproduced it');
    expect(await visitor.getByRole('region', { name: 'Conversation' }).textContent()).toContain('ISAO coordinator');
    expect(await visitor.getByRole('region', { name: 'Conversation' }).textContent()).not.toContain('Casey');
    await visitor.getByLabel('Write to the coordinators').fill(ANSWER);
    await visitor.getByRole('button', { name: 'Send', exact: true }).click();
    await visitor.getByText('Your message was sent.').waitFor();
    await visitor.getByRole('heading', { name: /Status: Received/ }).waitFor();
    await screenshot(visitor, 'report-tracking-reply');

    // The coordinator sees the unread answer, then accepts the report.
    await coordinator.getByRole('link', { name: 'Vulnerability reports' }).click();
    const answered = coordinator.getByRole('row').filter({ hasText: reference });
    await answered.filter({ hasText: '1 new' }).waitFor();
    await screenshot(coordinator, 'triage-queue-unread');
    await answered.getByRole('link', { name: reference }).click();
    await coordinator.locator('.msg-reporter').filter({ hasText: ANSWER }).filter({ hasText: 'New' }).waitFor();
    await coordinator.getByRole('button', { name: 'Accept', exact: true }).click();
    await coordinator.getByRole('button', { name: 'Accept the report' }).click();
    await coordinator.getByText('The report was accepted.').waitFor();
    await coordinator.locator('.title-row .pill').filter({ hasText: 'Accepted' }).waitFor();
    expect(await coordinator.getByRole('region', { name: 'Decision' }).textContent()).toContain('Accepted by Casey Coordinator');
    await screenshot(coordinator, 'triage-report-accepted');

    // The reporter sees the decision.
    await visitor.reload();
    await visitor.getByRole('heading', { name: /Status: Accepted/ }).waitFor();
    await visitor.getByText('Accepted: the ISAO is coordinating with the manufacturer.').first().waitFor();
    await screenshot(visitor, 'report-tracking-accepted');

    expect(dialogs).toEqual([]);
    await visitor.close();
    await coordinator.close();
  });

  it('keeps everything typed when the address has sent too many reports, and says when to try again', async () => {
    // Use up this address's reports for the hour (the browser shares the test's address).
    let status = 201;
    for (let i = 0; i < 6 && status === 201; i++) {
      status = (await apiReport({ title: `Filler report number ${i}`, description: `An unrelated filler description, number ${i}.` }))
        .status;
    }
    expect(status).toBe(429);
    const page = await w.newPage();
    await page.goto('/report');
    await page.getByRole('combobox', { name: 'Manufacturer' }).fill('Small Pump Maker Ltd');
    await page.getByRole('combobox', { name: 'Product' }).fill('Syringe driver SD-2');
    await page.getByLabel('Title').fill('Default password on the service menu');
    await page.getByLabel('Description').fill('The service menu opens with the default password 0000 printed in the manual.');
    await page.getByRole('button', { name: 'Send the report' }).click();
    await page
      .getByText(
        /Too many reports were sent from your address recently\. You can send this one in about (an hour|\d+ minutes); what you typed stays here\./,
      )
      .waitFor({ timeout: 60_000 });
    expect(await page.getByLabel('Title').inputValue()).toBe('Default password on the service menu');
    expect(await page.getByLabel('Description').inputValue()).toContain('default password 0000');
    expect(await page.getByRole('combobox', { name: 'Manufacturer' }).inputValue()).toBe('Small Pump Maker Ltd');
    await screenshot(page, 'report-form-rate-limited');
    await page.close();
  });

  it('a platform admin changes the service levels; the coordinator cannot', async () => {
    const admin = await w.newPage();
    await signInPage(admin, ADMIN_EMAIL, ADMIN_PASSWORD);
    await admin.getByRole('heading', { name: /Welcome/ }).waitFor();
    await admin.goto('/triage');
    const levels = admin.getByRole('region', { name: 'Service levels' });
    await levels.getByText('1 day to acknowledge').waitFor();
    await levels.getByRole('button', { name: 'Change' }).click();
    await levels.getByLabel('Acknowledge within (hours)').fill('200');
    await levels.getByText('Acknowledge, then triage, then contact the manufacturer: each no later than the next.').waitFor();
    expect(await levels.getByRole('button', { name: 'Save service levels' }).isDisabled()).toBe(true);
    await levels.getByLabel('Acknowledge within (hours)').fill('48');
    await levels.getByRole('button', { name: 'Save service levels' }).click();
    await levels.getByText('The service levels were saved.').waitFor();
    await levels.getByText('2 days to acknowledge').waitFor();
    await screenshot(admin, 'triage-service-levels');
    // Signed in, the form is in the navigation; the report is still not tied to the account.
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Report a vulnerability' }).click();
    await admin.getByText('You are signed in, but the report is not linked to your account').waitFor();
    await screenshot(admin, 'report-form-signed-in');
    await admin.close();

    const coordinator = await w.newPage();
    await signInPage(coordinator, 'coordinator@openisao.example', w.demoPassword);
    await coordinator.getByRole('heading', { name: /Welcome/ }).waitFor();
    await coordinator.goto('/triage');
    await coordinator.getByText('2 days to acknowledge').waitFor();
    expect(await coordinator.getByRole('region', { name: 'Service levels' }).getByRole('button', { name: 'Change' }).count()).toBe(0);
    await coordinator.close();
  });
});
