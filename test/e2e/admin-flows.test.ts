import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserWorld, hasBrowser, screenshot, signInPage, startBrowserWorld } from '../support/browser.ts';

let w: BrowserWorld;
beforeAll(async () => {
  if (hasBrowser) w = await startBrowserWorld();
});
afterAll(async () => {
  if (hasBrowser) await w.close();
});

describe.skipIf(!hasBrowser)('in the browser, as an administrator', { timeout: 120_000 }, () => {
  it('creates an API token shown once that works as a bearer token, then revokes it', async () => {
    const page = await w.newPage();
    await signInPage(page, 'psirt@acme-infusion.example', w.demoPassword);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    await page.goto('/account/security');
    await page.getByLabel('Token name').fill('SIEM export');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('new-token').textContent())!.trim();
    expect(token).toMatch(/^isao_/);
    await screenshot(page, 'token-created');
    const me = await fetch(`${w.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    await page.getByRole('button', { name: 'I have copied the token' }).click();
    expect(await page.getByTestId('new-token').count()).toBe(0);
    await page.getByRole('button', { name: 'Revoke token SIEM export' }).click();
    await expect
      .poll(async () => (await fetch(`${w.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status)
      .toBe(401);
    await page.close();
  });

  it('sees its sessions and revokes another one, which is signed out', async () => {
    const laptop = await w.newPage();
    await signInPage(laptop, 'security@northwind-imaging.example', w.demoPassword);
    await laptop.getByRole('heading', { name: /Welcome/ }).waitFor();
    const phone = await w.newPage();
    await signInPage(phone, 'security@northwind-imaging.example', w.demoPassword);
    await phone.getByRole('heading', { name: /Welcome/ }).waitFor();
    await phone.goto('/account/security');
    const revoke = phone.getByRole('button', { name: /^Revoke session/ });
    await revoke.first().waitFor();
    expect(await revoke.count()).toBe(1);
    await screenshot(phone, 'sessions');
    await revoke.click();
    await expect.poll(() => revoke.count()).toBe(0);
    await laptop.goto('/notices');
    await laptop.getByRole('heading', { name: 'Sign in' }).waitFor();
    await laptop.close();
    await phone.close();
  });

  it('creates a confidential sharing group and adds an organisation; a member sees only its own membership', async () => {
    const admin = await w.newPage();
    await signInPage(admin, 'it.security@riverside-medical.example', w.demoPassword);
    await admin.getByRole('heading', { name: /Welcome/ }).waitFor();
    await admin.goto('/groups');
    await admin.getByLabel('Group name').fill('Imaging vendors liaison');
    await admin.getByLabel('Confidential group').check();
    await admin.getByRole('button', { name: 'Create group' }).click();
    await admin.getByRole('link', { name: 'Imaging vendors liaison' }).first().click();
    await admin.getByLabel('Organisation to add').selectOption({ label: 'Northwind Imaging' });
    await admin.getByRole('button', { name: 'Add to group' }).click();
    await admin.getByRole('button', { name: 'Remove Northwind Imaging' }).waitFor();
    await screenshot(admin, 'group-managed');

    const member = await w.newPage();
    await signInPage(member, 'engineer@northwind-imaging.example', w.demoPassword);
    await member.getByRole('heading', { name: /Welcome/ }).waitFor();
    await member.goto('/groups');
    await member.getByRole('link', { name: 'Imaging vendors liaison' }).first().click();
    await member.getByText('Confidential group: members are not shown.').waitFor();
    expect(await member.getByText('Riverside Medical Center').count()).toBe(0);
    await screenshot(member, 'group-confidential-member-view');
    await admin.close();
    await member.close();
  });

  it('changes a colleague’s roles and requires MFA for the organisation', async () => {
    const page = await w.newPage();
    await signInPage(page, 'ciso@stexample-hospital.example', w.demoPassword);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    await page.goto('/organisation');
    const readOnly = page.getByRole('checkbox', { name: 'Read-only (Luis Ortega)' });
    await readOnly.check();
    await expect.poll(() => readOnly.isChecked()).toBe(true);
    await page.reload();
    expect(await page.getByRole('checkbox', { name: 'Read-only (Luis Ortega)' }).isChecked()).toBe(true);
    // Checking it sends me to enrol at once (the page goes away), so a plain click.
    await page.getByLabel('Require MFA for everyone in my organisation').click();
    await page.waitForURL(/\/account\/security/);
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).waitFor();
    await screenshot(page, 'mfa-required-redirect');
    await page.close();
  });
});
