import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode, totpStep } from '../../src/server/security/totp.ts';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  type BrowserWorld,
  hasBrowser,
  screenshot,
  signInPage,
  startBrowserWorld,
} from '../support/browser.ts';

let w: BrowserWorld;
beforeAll(async () => {
  if (hasBrowser) w = await startBrowserWorld();
});
afterAll(async () => {
  if (hasBrowser) await w.close();
});

describe.skipIf(!hasBrowser)('in the browser', { timeout: 120_000 }, () => {
  it('a person enrols TOTP with the QR code, saves recovery codes, and signs in again with a code', async () => {
    const page = await w.newPage();
    await signInPage(page, 'analyst@acme-infusion.example', w.demoPassword);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    await page.goto('/account/security');
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    await expect.poll(() => page.getByRole('img', { name: /QR code/ }).isVisible()).toBe(true);
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    await page.getByLabel('Authentication code').fill(totpCode(secret, totpStep(new Date())));
    await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
    expect(await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').count()).toBe(10);
    await screenshot(page, 'mfa-recovery-codes');
    await page.getByRole('button', { name: 'I have saved these codes' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();

    await signInPage(page, 'analyst@acme-infusion.example', w.demoPassword);
    await page.getByLabel('Authentication code').waitFor();
    await screenshot(page, 'sign-in-totp-step');
    // The enrolment used this step's code: wait for the next step so the code is fresh.
    const used = totpStep(new Date());
    while (totpStep(new Date()) === used) await page.waitForTimeout(250);
    await page.getByLabel('Authentication code').fill(totpCode(secret, totpStep(new Date())));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('heading', { name: /Welcome, Adam/ }).waitFor();
    await screenshot(page, 'signed-in-with-totp');
    await page.close();
  });

  it('an org admin invites a colleague by email; the colleague accepts the link and is signed in', async () => {
    const page = await w.newPage();
    await signInPage(page, 'ciso@stexample-hospital.example', w.demoPassword);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    await page.goto('/organisation');
    await page.getByLabel('Colleague’s email').fill('new.nurse.it@stexample-hospital.example');
    await page.getByLabel('Role').selectOption('analyst');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('new.nurse.it@stexample-hospital.example').first().waitFor();
    await screenshot(page, 'invitation-sent');
    const mail = await w.smtp.waitFor((m) => m.to === 'new.nurse.it@stexample-hospital.example');
    const link = /(https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+)/.exec(mail.text)![1]!;

    const invitee = await w.newPage();
    await invitee.goto(new URL(link).pathname);
    await invitee.getByText('St. Example General Hospital').first().waitFor();
    await invitee.getByLabel('Your name').fill('Noor Invitee');
    await invitee.getByLabel('Password').fill('a sensible long passphrase');
    await screenshot(invitee, 'invitation-accept');
    await invitee.getByRole('button', { name: 'Create account and sign in' }).click();
    await invitee.getByRole('heading', { name: /Welcome, Noor/ }).waitFor();
    await page.close();
    await invitee.close();
  });

  it('an organisation applies for membership, confirms its email, and an operator admin approves it', async () => {
    const applicant = await w.newPage();
    await applicant.goto('/apply');
    await applicant.getByLabel('Organisation name').fill('Contoso Cardiac Devices');
    await applicant.getByLabel('Kind of organisation').selectOption('manufacturer');
    await applicant.getByLabel('Your name').fill('Morgan Reyes');
    await applicant.getByLabel('Work email').fill('morgan@contoso-cardiac.example');
    await applicant.getByLabel('Password', { exact: true }).fill('pacemakers need patches');
    await applicant.getByLabel(/I accept the participant agreement/).check();
    await screenshot(applicant, 'apply-form');
    await applicant.getByRole('button', { name: 'Submit application' }).click();
    await applicant.getByRole('heading', { name: 'Check your email' }).waitFor();
    await screenshot(applicant, 'apply-check-email');
    const mail = await w.smtp.waitFor((m) => m.to === 'morgan@contoso-cardiac.example');
    const link = /(https?:\/\/\S+\/apply\/confirm\/[A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    await applicant.goto(new URL(link).pathname);
    await applicant.getByRole('heading', { name: 'Your application is being reviewed' }).waitFor();
    await screenshot(applicant, 'apply-pending');

    const admin = await w.newPage();
    await signInPage(admin, ADMIN_EMAIL, ADMIN_PASSWORD);
    await admin.getByRole('heading', { name: /Welcome/ }).waitFor();
    await admin.goto('/admin/applications');
    const card = admin.getByRole('article', { name: /Contoso Cardiac Devices/ });
    await card.waitFor();
    await expect.poll(async () => (await card.textContent()) ?? '').toContain('2026-01');
    await screenshot(admin, 'applications-queue');
    await card.getByRole('button', { name: 'Approve' }).click();
    await admin.getByText('Contoso Cardiac Devices was approved.').waitFor();
    await screenshot(admin, 'applications-approved');

    await applicant.reload();
    await applicant.getByRole('heading', { name: /Welcome, Morgan/ }).waitFor();
    await screenshot(applicant, 'apply-approved-home');
    await admin.close();
    await applicant.close();
  });

  it('a person who may not see a page gets a clear denial', async () => {
    const page = await w.newPage();
    await signInPage(page, 'biomed@riverside-medical.example', w.demoPassword);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    await page.goto('/audit');
    const alert = page.getByRole('alert').filter({ hasText: 'You do not have access' });
    await alert.waitFor();
    expect(await alert.isVisible()).toBe(true);
    await screenshot(page, 'denied-audit');
    await page.goto('/admin/applications');
    await page.getByRole('alert').filter({ hasText: 'You do not have access' }).waitFor();
    await page.close();
  });
});
