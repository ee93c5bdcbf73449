import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserWorld, hasBrowser, screenshot, signInPage, startBrowserWorld } from '../support/browser.ts';
import { encryptTo, strangerKey } from '../support/pgp-samples.ts';

// A researcher sends the details of a report encrypted to the ISAO's OpenPGP key from the report page; the tracking
// page shows only that they arrived; a coordinator reads them decrypted in the triage and downloads the original.

const TITLE = 'Hard-coded service key on the Aurora infusion gateway';
const SECRET = [
  'The gateway accepts the hard-coded service key 0xC0FFEE on TCP 7001 and then any firmware image.',
  'Reproduce: nc gateway 7001, send the key, upload. <script>alert("pgp")</script> is text.',
].join('\n');
const REPLY = 'Firmware 4.2.1-b17; the key sits in /etc/svc.key on the gateway.';

let w: BrowserWorld;
let key: { armored: string; fingerprint: string };
beforeAll(async () => {
  if (!hasBrowser) return;
  w = await startBrowserWorld();
  const facts = (await (await fetch(`${w.baseUrl}/api/v1/reports/openpgp-key.json`)).json()) as { publicKey: string; fingerprint: string };
  key = { armored: facts.publicKey, fingerprint: facts.fingerprint };
});
afterAll(async () => {
  if (hasBrowser) await w.close();
});

describe.skipIf(!hasBrowser)('an OpenPGP-encrypted report in the browser', { timeout: 240_000 }, () => {
  it('a researcher encrypts the details to the published key; a coordinator reads them decrypted in the triage', async () => {
    const visitor = await w.newPage();
    await visitor.goto('/report');
    await visitor.getByRole('heading', { name: 'Report a vulnerability' }).waitFor();

    // The key: its fingerprint in the side panel in groups of four, as gpg prints it, and a download of the armored key.
    expect(await visitor.getByTestId('pgp-fingerprint').textContent()).toBe(key.fingerprint.match(/.{4}/g)!.join(' '));
    const [download] = await Promise.all([
      visitor.waitForEvent('download'),
      visitor.getByRole('link', { name: 'Download the key (.asc)' }).click(),
    ]);
    expect(readFileSync(await download.path(), 'utf8')).toBe(key.armored);

    await visitor.getByRole('combobox', { name: 'Manufacturer' }).fill('Aurora Medical');
    await visitor.getByRole('combobox', { name: 'Product' }).fill('Aurora infusion gateway');
    await visitor.getByLabel('Title').fill(TITLE);
    await visitor.getByText('Send the details encrypted with OpenPGP (optional)').click();
    expect(await visitor.locator('.pgp-command code').textContent()).toBe(
      `gpg --armor --encrypt --recipient ${key.fingerprint} report.txt`,
    );

    // Pasting a key instead of a message is caught on the form.
    const field = visitor.getByLabel('Encrypted message');
    await field.fill(key.armored);
    await visitor.getByRole('button', { name: 'Send the report' }).click();
    await visitor.getByText('This is a public key, not an encrypted message.').waitFor();

    // The description stays empty: the encrypted message holds it.
    await field.fill(await encryptTo(key.armored, SECRET));
    await visitor.getByText('Optional: your encrypted message holds the details.', { exact: false }).waitFor();
    await screenshot(visitor, 'report-form-openpgp');
    await visitor.getByRole('button', { name: 'Send the report' }).click();
    await visitor.getByRole('heading', { name: 'Report received' }).waitFor({ timeout: 60_000 });
    await visitor.getByText(`Your encrypted message was decrypted (${SECRET.length} characters)`, { exact: false }).waitFor();
    const reference = (await visitor.locator('.report-ref').first().textContent())!.trim();

    // The tracking page: that it arrived, never its text. A reply for another key is refused by the server, naming the
    // ISAO's fingerprint; one encrypted to the ISAO is sent as such.
    await visitor.getByRole('button', { name: 'Open the tracking page' }).click();
    await visitor.getByText(`Received and decrypted (${SECRET.length} characters)`, { exact: false }).waitFor();
    expect(await visitor.content()).not.toContain('0xC0FFEE');
    const reply = visitor.getByLabel('Write to the coordinators');
    await reply.fill(await encryptTo((await strangerKey()).publicKey, REPLY));
    await visitor.getByRole('button', { name: 'Send', exact: true }).click();
    await visitor.getByText(`This message is not encrypted to the ISAO’s key ${key.fingerprint}`, { exact: false }).waitFor();
    await reply.fill(await encryptTo(key.armored, REPLY));
    await visitor.getByText('This will be sent as an OpenPGP-encrypted message').waitFor();
    await visitor.getByRole('button', { name: 'Send', exact: true }).click();
    await visitor.getByText('Your message was sent.').waitFor();
    await visitor.getByText(`Encrypted message received (${REPLY.length} characters)`, { exact: false }).waitFor();
    expect(await visitor.content()).not.toContain('svc.key');
    await screenshot(visitor, 'report-tracking-openpgp');

    // The coordinator: marked in the queue, decrypted in the report, the original to download.
    const coordinator = await w.newPage();
    await signInPage(coordinator, 'coordinator@openisao.example', w.demoPassword);
    await coordinator.getByRole('heading', { name: /Welcome/ }).waitFor();
    await coordinator.goto('/triage');
    const row = coordinator.getByRole('row').filter({ hasText: reference });
    await row.getByText('Encrypted', { exact: true }).waitFor();
    await row.getByRole('link', { name: reference }).click();
    await coordinator.getByRole('heading', { name: TITLE }).waitFor();
    const sent = coordinator.getByRole('region', { name: 'What the reporter sent' });
    await sent.getByText('arrived OpenPGP-encrypted').waitFor();
    expect(await sent.locator('.report-encrypted .report-text-body').textContent()).toBe(SECRET);
    expect(await coordinator.evaluate(() => [...document.scripts].some((s) => (s.textContent ?? '').includes('alert("pgp")')))).toBe(false);
    const conversation = coordinator.getByRole('region', { name: 'Conversation' });
    await conversation.locator('.msg-reporter').filter({ hasText: REPLY }).getByText('OpenPGP-encrypted').waitFor();
    const [original] = await Promise.all([
      coordinator.waitForEvent('download'),
      sent.getByRole('link', { name: 'Download the original message (.asc)' }).click(),
    ]);
    expect(original.suggestedFilename()).toBe(`${reference}.asc`);
    expect(readFileSync(await original.path(), 'utf8')).toMatch(/^-----BEGIN PGP MESSAGE-----/);
    await screenshot(coordinator, 'triage-report-openpgp');
    await visitor.close();
    await coordinator.close();
  });
});
