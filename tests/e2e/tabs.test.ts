// Two tabs of the app in one browser (issue #12, items 2 and 8): opening a second tab during an import no
// longer destroys it, and tabs see each other's new datasets, renames and deletions. (The quota case is in
// tests/browser/tabs.test.ts: CDP's quota override was not enforced reliably on the app's worker writes.)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appSession } from './browser';

const baseUrl = inject('baseUrl');
const s = appSession(baseUrl);
const dir = join(process.env.E2E_OUT ?? 'tmp/e2e-dist', '..', `tabs-files-${process.pid}`);
let second: Page;
const pageErrors: string[] = [];

/** A CSV file on disk of about `mb` MB (too big to hand over as a buffer). */
function bigCsv(name: string, mb: number): string {
  mkdirSync(dir, { recursive: true });
  const parts = ['id,amount,city\n'];
  let size = 0;
  for (let i = 0; size < mb * 1e6; i++) {
    const line = `${i},${((i * 7919) % 100_000) / 100 + Math.random()},c${i % 50}\n`;
    parts.push(line);
    size += line.length;
  }
  const path = join(dir, name);
  writeFileSync(path, parts.join(''));
  return path;
}

const list = (p: Page) => p.getByTestId('dataset-list');
const nav = (p: Page, name: string) => p.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true }).click();

beforeAll(async () => {
  s.page.on('pageerror', (e) => pageErrors.push(e.message));
  await list(s.page).getByText('Demo events').waitFor({ timeout: 120_000 });
});

afterAll(async () => {
  await second?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('two tabs', () => {
  it('a second tab opened during an import leaves it alone; the dataset appears in both', async () => {
    await s.page.getByTestId('file-input').setInputFiles(bigCsv('tabs-big.csv', 90));
    const card = s.page.getByTestId('import-card').filter({ hasText: 'tabs-big.csv' });
    await card.getByRole('button', { name: 'Import' }).click({ timeout: 60_000 });
    await card.getByTestId('import-progress').getByText('rows').waitFor({ timeout: 60_000 });

    second = await s.context.newPage();
    second.on('pageerror', (e) => pageErrors.push(e.message));
    await second.goto(baseUrl);
    await list(second).getByText('Demo events').waitFor({ timeout: 60_000 });
    // The second tab's start-up clean-up ran while the first was still importing.
    await expect(card.getByTestId('import-progress').count()).resolves.toBe(1);

    await card.getByTestId('import-summary').waitFor({ timeout: 120_000 });
    await list(s.page).locator('tr', { hasText: 'tabs-big' }).waitFor({ timeout: 5000 });
    // The second tab hears of it without a reload.
    await list(second).locator('tr', { hasText: 'tabs-big' }).waitFor({ timeout: 2000 });
    await nav(second, 'Workspace');
    await second.getByTestId('storage-health').waitFor();
    await expect(second.getByTestId('orphans').count()).resolves.toBe(0);
    await nav(second, 'Data');
  });

  it('a rename and a delete in one tab show in the other within a second', async () => {
    const row = list(second).locator('tr', { hasText: 'tabs-big' });
    await row.getByRole('button', { name: 'Rename' }).click();
    // While edited, the name is an input's value, not the row's text.
    const input = list(second).getByLabel('Dataset name');
    await input.fill('renamed elsewhere');
    await input.press('Enter');
    await list(s.page).locator('tr', { hasText: 'renamed elsewhere' }).waitFor({ timeout: 1000 });

    second.once('dialog', (d) => void d.accept());
    await list(second).locator('tr', { hasText: 'renamed elsewhere' }).getByRole('button', { name: 'Delete' }).click();
    await list(s.page).locator('tr', { hasText: 'renamed elsewhere' }).waitFor({ state: 'detached', timeout: 1000 });
    expect(pageErrors).toEqual([]);
  });
});
