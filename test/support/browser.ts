import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { loadConfig } from '../../src/server/config.ts';
import { type RunningServer, startServer } from '../../src/server/main.ts';
import { type TestSmtp, startTestSmtp } from './smtp.ts';
import { createTestDatabase, testPostgresUrl } from './test-database.ts';

export const chromiumPath = process.env.ISAO_CHROMIUM ?? '/usr/bin/chromium';
/** Browser tests run when Chromium is installed; CI sets ISAO_REQUIRE_BROWSER=1 so they cannot be skipped. */
export const hasBrowser = fs.existsSync(chromiumPath);
if (!hasBrowser) {
  if (process.env.ISAO_REQUIRE_BROWSER === '1')
    throw new Error(`Chromium is required for the browser tests but ${chromiumPath} is missing (apt-get install -y chromium)`);
  console.warn(`\n  Browser tests SKIPPED: ${chromiumPath} not found (apt-get install -y chromium).\n`);
}

export const ADMIN_EMAIL = 'ops@isao.example';
export const ADMIN_PASSWORD = 'a long operator passphrase';
export const screenshotDir = path.resolve('test-results/screenshots');

/** A real server (with demo data and a real SMTP peer) and a real Chromium. */
export interface BrowserWorld {
  server: RunningServer;
  smtp: TestSmtp;
  browser: Browser;
  baseUrl: string;
  demoPassword: string;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Starts everything a browser test needs, on PGlite or (with ISAO_TEST_DATABASE_URL) PostgreSQL. */
export async function startBrowserWorld(): Promise<BrowserWorld> {
  const smtp = await startTestSmtp();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'isao-e2e-'));
  const config = loadConfig({
    PORT: '0',
    ISAO_HOST: '127.0.0.1',
    ISAO_DATA_DIR: dataDir,
    SMTP_URL: smtp.url,
    // Webhook receivers in the browser tests are on this machine.
    ISAO_WEBHOOK_ALLOW_PRIVATE: '1',
    ISAO_ADMIN_EMAIL: ADMIN_EMAIL,
    ISAO_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
  });
  let printed = '';
  const db = testPostgresUrl ? await createTestDatabase() : undefined;
  const server = await startServer(config, { ...(db ? { db } : {}), print: (text) => (printed += text) });
  const baseUrl = server.url.replace('localhost', '127.0.0.1');
  config.publicUrl = baseUrl;
  const demoPassword = /password for all: (\S+)\)/.exec(printed)?.[1] ?? '';
  const browser = await launchChromium();
  fs.mkdirSync(screenshotDir, { recursive: true });
  return {
    server,
    smtp,
    browser,
    baseUrl,
    demoPassword,
    async newPage() {
      const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 860 } });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
      await smtp.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, with nothing reaching out to the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Saves a full-page screenshot as a test artefact. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/** A new page of the world, signed in as one of the demo people (their home page shown). */
export async function demoPersonPage(w: BrowserWorld, email: string): Promise<Page> {
  return signedInPage(w, email, w.demoPassword);
}

/** A new page of the world, signed in (their home page shown). */
export async function signedInPage(w: BrowserWorld, email: string, password: string): Promise<Page> {
  const page = await w.newPage();
  await signInPage(page, email, password);
  await page.getByRole('heading', { name: /Welcome/ }).waitFor();
  return page;
}

/** Signs in through the login page. */
export async function signInPage(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
