// Launches Debian's Chromium through playwright-core and records every request a page makes.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';

export interface Session {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  requests: string[];
  consoleErrors: string[];
  close(): Promise<void>;
}

export async function openApp(baseUrl: string): Promise<Session> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('No Chromium found (set CHROME_PATH)');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  const context = await browser.newContext({ acceptDownloads: true });
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(baseUrl);
  return { browser, context, page, requests, consoleErrors, close: () => browser.close() };
}

/** Requests that went anywhere but the app's own origin (blob: and data: URLs stay on the device). */
export function foreignRequests(requests: string[], baseUrl: string): string[] {
  const origin = new URL(baseUrl).origin;
  return requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
}

/** The app open in a fresh browser for the tests of one file: opened before them, closed after them. */
export function appSession(baseUrl: string): Session {
  const session = {} as Session;
  beforeAll(async () => {
    Object.assign(session, await openApp(baseUrl));
  });
  afterAll(async () => {
    await session.close?.();
  });
  return session;
}

/** Drops a file on the Data page's file input and waits for its preview card to finish reading. */
export async function pickFile(s: Session, name: string, content: string | Buffer) {
  await s.page.getByTestId('file-input').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.isBuffer(content) ? content : Buffer.from(content) });
  const card = s.page.getByTestId('import-card').filter({ has: s.page.getByRole('heading', { name, exact: true }) });
  await card.getByText('Reading the first rows…').waitFor({ state: 'detached', timeout: 30_000 });
  return card;
}
