// The built app in headless Chromium, as a user meets it: demo on first visit, import by file input,
// rejected rows, persistence across reload, escaping, and not one request off this machine.
import { describe, expect, inject, it } from 'vitest';
import { datasetPath } from '../datasets';
import { appSession, foreignRequests } from './browser';

const baseUrl = inject('baseUrl');
const s = appSession(baseUrl);

describe('Retention Lab in a browser', () => {
  it('loads the demo workspace on a first visit', async () => {
    const list = s.page.getByTestId('dataset-list');
    await list.getByText('Demo transactions').waitFor({ timeout: 60_000 });
    for (const name of ['Demo customers', 'Demo products', 'Demo events']) {
      await expect(list.getByText(name).count()).resolves.toBe(1);
    }
    await expect(s.page.getByTestId('column-card').count()).resolves.toBeGreaterThan(5);
    // ICU's locale data is loaded off the UI thread (src/state/icu-warm.ts): its worker was started, and has ended.
    expect(s.requests.some((u) => /\/assets\/icu-warm\.worker-[\w-]+\.js$/.test(u))).toBe(true);
    expect(s.page.workers().some((w) => w.url().includes('icu-warm'))).toBe(false);
  });

  it('imports a file with a preview, type override and rejected rows', async () => {
    await s.page.getByTestId('file-input').setInputFiles(datasetPath('online-retail/online_retail_sample.csv'));
    const card = s.page.getByTestId('import-card');
    await card.getByRole('button', { name: 'Import' }).waitFor();
    // The preview shows the parsed rows and each column's inferred type, which the user may change.
    await expect(card.getByLabel('Type of CustomerID').inputValue()).resolves.toBe('id');
    await card.getByLabel('Type of StockCode').selectOption('category');
    await card.getByRole('button', { name: 'Import' }).click();
    const summary = card.getByTestId('import-summary');
    await summary.waitFor({ timeout: 60_000 });
    const text = await summary.innerText();
    expect(text).toContain('119 rejected');
    expect(text).toMatch(/8,?373 = 8,?254 accepted \+ 119 rejected/);

    const detail = s.page.getByTestId('dataset-detail');
    await detail.getByRole('tab', { name: /Rejected rows/ }).click();
    const rejected = s.page.getByTestId('rejected-rows');
    await expect(rejected.locator('tbody tr').first().innerText()).resolves.toMatch(/^111\s/);
    const download = s.page.waitForEvent('download');
    await rejected.getByRole('button', { name: /Download rejected rows/ }).click();
    expect((await download).suggestedFilename()).toMatch(/rejected-rows\.csv$/);
  });

  it('shows cell text as text, never as markup', async () => {
    await s.page.getByTestId('file-input').setInputFiles({
      name: 'xss.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('id,note\n1,<img src=x onerror="window.__xss=1">\n2,<b>bold</b>\n'),
    });
    const card = s.page.getByTestId('import-card').last();
    await card.getByRole('button', { name: 'Import' }).waitFor();
    await card.locator('td', { hasText: '<b>bold</b>' }).waitFor(); // the sample rows come a frame after the editors
    await expect(card.locator('td', { hasText: '<b>bold</b>' }).count()).resolves.toBe(1);
    await expect(card.locator('b').count()).resolves.toBe(0);
    await expect(s.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).resolves.toBeUndefined();
  });

  it('keeps datasets across a reload', async () => {
    await s.page.reload();
    const list = s.page.getByTestId('dataset-list');
    await list.getByText('online_retail_sample').waitFor();
    await expect(list.getByText('Demo customers').count()).resolves.toBe(1);
  });

  it('shows the measured engine, and remembers an override across a reload', async () => {
    const chip = s.page.getByTestId('engine-button');
    await chip.click();
    const dialog = s.page.getByRole('dialog', { name: 'Compute engine' });
    await dialog.getByRole('table').waitFor({ timeout: 60_000 });
    const rows = await dialog.locator('tbody tr').allInnerTexts();
    expect(rows.some((r) => /^wasm.*\d+\.\d ms/s.test(r))).toBe(true);
    expect(rows.some((r) => /^cpu/.test(r))).toBe(true);
    const threads = Math.min(await s.page.evaluate(() => navigator.hardwareConcurrency), 4);
    await expect(dialog.getByTestId('engine-kmeans').innerText()).resolves.toMatch(new RegExp(`WebAssembly SIMD kernel on up to ${threads} thread`));
    await dialog.getByTestId('engine-override').selectOption('cpu');
    await s.page.waitForFunction(() => document.querySelector('[data-testid=engine-button]')?.textContent?.includes('cpu'));
    await s.page.reload();
    await s.page.getByTestId('dataset-list').getByText('Demo customers').waitFor();
    await chip.click();
    await dialog.getByRole('table').waitFor({ timeout: 60_000 });
    await expect(chip.innerText()).resolves.toBe('Engine: cpu');
    await expect(dialog.getByTestId('engine-override').inputValue()).resolves.toBe('cpu');
    await dialog.getByTestId('engine-override').selectOption('');
    await s.page.waitForFunction(() => !document.querySelector('[data-testid=engine-button]')?.textContent?.includes('cpu'));
    await chip.click();
  });

  it('made no request that left this machine', () => {
    expect(s.requests.length).toBeGreaterThan(0);
    expect(foreignRequests(s.requests, baseUrl)).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });
});
