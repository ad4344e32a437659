// The Recommendations page in the built app: demo data, run with auto, the model table, a
// customer's list with reasons and names, the CSV export; with auto off the best model serves and a
// pinned one serves the lists and the CSV; a reload keeps the result (served from the store); market
// baskets refuse price and quantity columns; datasets without customer and item columns are greyed
// with the reason; and no request off this machine.
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { appSession, foreignRequests } from './browser';

const baseUrl = inject('baseUrl');
const s = appSession(baseUrl);
const nav = (name: string) => s.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true }).click();

/** One CSV line's fields (quoted fields may hold commas and doubled quotes). */
function csvFields(line: string): string[] {
  return [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1].replace(/^"|"$/g, '').replace(/""/g, '"'));
}

beforeAll(async () => {
  await s.page.getByTestId('dataset-list').getByText('Demo transactions').waitFor({ timeout: 120_000 });
});

describe('Recommendations page', () => {
  it('compares models on the demo transactions and marks the chosen one', async () => {
    await s.page.getByRole('button', { name: 'Recommendations' }).click();
    const form = s.page.getByTestId('recommend-form');
    await expect(form.getByLabel('Customer column').inputValue()).resolves.toBe('customer_id');
    await expect(form.getByLabel('Item column').inputValue()).resolves.toBe('product_id');
    await form.getByRole('button', { name: 'Run' }).click();
    const table = s.page.getByTestId('model-table');
    await table.waitFor({ timeout: 240_000 });
    await expect(table.getByTestId('protocol').innerText()).resolves.toMatch(/Leave-last-out by time/);
    await expect(table.locator('tbody tr').count()).resolves.toBeGreaterThanOrEqual(4);
    await expect(table.getByTestId('chosen-badge').count()).resolves.toBe(1);
  }, 300_000);

  it('shows a customer list with reasons and product names, and exports every customer', async () => {
    const view = s.page.getByTestId('customer-view');
    await view.getByTestId('customer-matches').locator('button').first().click();
    const recs = view.getByTestId('customer-recs');
    await recs.waitFor({ timeout: 60_000 });
    await expect(recs.locator('tbody tr').count()).resolves.toBe(10);
    await expect(recs.locator('tbody tr').first().innerText()).resolves.toMatch(/because you bought|popular with customers like you/);
    await view.getByTestId('item-matches').locator('button').first().click();
    await view.getByTestId('also-bought').waitFor({ timeout: 60_000 });
    const download = s.page.waitForEvent('download');
    await view.getByRole('button', { name: /Export recommendations/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('recommendations.csv');
    await s.page.screenshot({ path: '/tmp/recommend-page.png', fullPage: true });
  }, 120_000);

  it('with auto off serves the best model by NDCG and says so; a pinned model serves the lists and the CSV', async () => {
    const form = s.page.getByTestId('recommend-form');
    const table = s.page.getByTestId('model-table');
    const reason = table.getByTestId('served-reason');
    await form.getByLabel('auto (tune on validation)').uncheck();
    await form.getByRole('button', { name: 'Run' }).click();
    await s.page.waitForFunction(() => /on the test split/.test(document.querySelector('[data-testid="served-reason"]')?.textContent ?? ''), null, { timeout: 240_000 });
    // NDCG@10 is the third column; the served row must hold the highest.
    const rows = table.locator('tbody tr');
    const ndcg = new Map<string, number>();
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      ndcg.set((await row.getAttribute('data-model'))!, Number((await row.locator('td').nth(2).innerText()).split(/\s/)[0]));
    }
    const best = Math.max(...ndcg.values());
    const servedRow = table.locator('tr', { has: s.page.getByTestId('chosen-badge') });
    const served = (await servedRow.getAttribute('data-model'))!;
    expect(ndcg.get(served)).toBe(best);
    await expect(servedRow.getByTestId('chosen-badge').innerText()).resolves.toBe('served');
    const text = await reason.innerText();
    expect(text).toMatch(/^\S.* served: best NDCG@10 \d\.\d{3} vs .+ \d\.\d{3} on the test split\.$/);
    expect(Math.abs(Number(/best NDCG@10 (\d\.\d{3})/.exec(text)![1]) - best)).toBeLessThanOrEqual(0.0006);

    // Pin the baseline: the page says so, and every list is customers-per-item counts, most bought first.
    await table.locator('tr[data-model="popularity"]').getByRole('button', { name: 'Serve this' }).click();
    await s.page.waitForFunction(() => /^Popularity served: pinned by you/.test(document.querySelector('[data-testid="served-reason"]')?.textContent ?? ''), null, { timeout: 120_000 });
    await expect(table.locator('tr[data-model="popularity"]').getByTestId('chosen-badge').innerText()).resolves.toBe('served (pinned)');
    await expect(table.locator(`tr[data-model="${served}"]`).getByTestId('best-badge').count()).resolves.toBe(1);
    const view = s.page.getByTestId('customer-view');
    const buyers = new Map<string, number>();
    for (const li of await view.getByTestId('item-matches').locator('li').all()) {
      const name = await li.locator('button').innerText();
      buyers.set(name, Number((await li.locator('span').innerText()).replace(/\D/g, '')));
    }
    const download = s.page.waitForEvent('download');
    await view.getByRole('button', { name: /Export recommendations/ }).click();
    const csv = (await readFile((await (await download).path())!, 'utf8')).trim().split(/\r?\n/).slice(1).map(csvFields);
    expect(csv.length).toBeGreaterThan(100);
    let checked = 0;
    for (const [, , item, name, score] of csv) {
      expect(Number.isInteger(Number(score))).toBe(true);
      const shown = name || item;
      if (buyers.has(shown)) {
        expect(Number(score)).toBe(buyers.get(shown));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
    await table.getByRole('button', { name: 'Serve the best instead' }).click();
    await s.page.waitForFunction((m) => (document.querySelector('[data-testid="served-reason"]')?.textContent ?? '').startsWith(m), text.split(' served:')[0], { timeout: 120_000 });
    await expect(table.locator(`tr[data-model="${served}"]`).getByTestId('chosen-badge').innerText()).resolves.toBe('served');
  }, 400_000);

  it('keeps its result after a reload: the table, the served model, the form; lists, also-bought and the CSV from the stored run', async () => {
    const table = s.page.getByTestId('model-table');
    const reason = await table.getByTestId('served-reason').innerText();
    const models = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => `${tr.getAttribute('data-model')} ${tr.querySelectorAll('td')[2]?.textContent}`));
    await s.page.reload();
    const page = s.page.getByTestId('recommend-page');
    // The URL brings the reload back to this page; were it the start page, go there.
    await page.or(s.page.getByTestId('dataset-list')).first().waitFor({ timeout: 60_000 });
    if (!(await page.isVisible())) await nav('Recommendations');
    await table.waitFor({ timeout: 60_000 });
    await expect(table.getByTestId('served-reason').innerText()).resolves.toBe(reason);
    await expect(table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => `${tr.getAttribute('data-model')} ${tr.querySelectorAll('td')[2]?.textContent}`))).resolves.toEqual(models);
    const form = s.page.getByTestId('recommend-form');
    await expect(form.getByLabel('auto (tune on validation)').isChecked()).resolves.toBe(false);
    await expect(form.getByLabel('Item column').inputValue()).resolves.toBe('product_id');
    await expect(s.page.getByTestId('stale-notice').count()).resolves.toBe(0);
    // A fresh worker serves the stored run: customer lists, also-bought, the CSV.
    const view = s.page.getByTestId('customer-view');
    await view.getByTestId('customer-matches').locator('button').first().click({ timeout: 120_000 });
    const recs = view.getByTestId('customer-recs');
    await recs.waitFor({ timeout: 60_000 });
    await expect(recs.locator('tbody tr').count()).resolves.toBe(10);
    await view.getByTestId('item-matches').locator('button').first().click();
    await view.getByTestId('also-bought').waitFor({ timeout: 60_000 });
    const download = s.page.waitForEvent('download');
    await view.getByRole('button', { name: /Export recommendations/ }).click();
    const csv = (await readFile((await (await download).path())!, 'utf8')).trim().split(/\r?\n/);
    expect(csv[0]).toBe('customer,rank,item,name,score,reason');
    expect(csv.length).toBeGreaterThan(100);
  }, 240_000);

  it('market baskets use the invoice and product columns and refuse prices and quantities', async () => {
    const view = s.page.getByTestId('basket-view');
    const datasets = view.getByLabel('Baskets dataset');
    await datasets.selectOption({ label: 'Demo transactions' });
    await expect(view.getByLabel('Basket column').inputValue()).resolves.toBe('invoice_id');
    const item = view.getByLabel('Basket item column');
    await expect(item.inputValue()).resolves.toBe('product_id');
    for (const [column, text] of [['unit_price', 'unit_price — number: numbers (prices, amounts) are not ids'], ['quantity', 'quantity — integer: whole numbers']]) {
      const option = item.locator(`option[value="${column}"]`);
      await expect(option.isDisabled()).resolves.toBe(true);
      await expect(option.innerText()).resolves.toContain(text);
    }
    // Suitable columns are listed first, the refused ones (with a reason) after them.
    const refused = await item.locator('option').evaluateAll((os) => os.slice(1).map((o) => (o as HTMLOptionElement).disabled && o.textContent!.includes(' — ')));
    expect(refused.indexOf(true)).toBeGreaterThan(0);
    expect(refused.slice(refused.indexOf(true)).every(Boolean)).toBe(true);
    // Every cell as an item, the old reading of this file, is refused with the reason.
    await view.getByLabel('Basket column').selectOption('');
    await expect(view.getByTestId('basket-problem').innerText()).resolves.toMatch(/"quantity" \(integer\), "unit_price" \(number\).* would be read as items/);
    await expect(view.getByRole('button', { name: 'Find pairs' }).isDisabled()).resolves.toBe(true);
    await view.getByLabel('Basket column').selectOption('invoice_id');
    await view.getByLabel('Minimum support').fill('0.0005');
    await view.getByRole('button', { name: 'Find pairs' }).click();
    const pairs = view.getByTestId('basket-pairs');
    await pairs.waitFor({ timeout: 120_000 });
    const cells = await pairs.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent ?? '')));
    expect(cells.length).toBeGreaterThan(0);
    for (const pair of cells) for (const cell of pair) expect(cell).toMatch(/^P\d+$/);
  }, 180_000);

  it('greys out datasets without customer and item columns, with the reason', async () => {
    await nav('Data');
    const lines = ['customer,spend,score', ...Array.from({ length: 30 }, (_, i) => `K${100 + i},${(i * 3.7 + 0.01).toFixed(2)},${(i * 1.3 + 0.05).toFixed(2)}`)];
    await s.page.getByTestId('file-input').setInputFiles({ name: 'spend.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
    const card = s.page.getByTestId('import-card').last();
    await card.getByRole('button', { name: 'Import' }).click();
    await card.getByTestId('import-summary').waitFor({ timeout: 60_000 });
    await nav('Recommendations');
    for (const label of ['Interactions dataset', 'Baskets dataset']) {
      const option = s.page.getByLabel(label).locator('option', { hasText: 'spend' });
      await expect(option.isDisabled()).resolves.toBe(true);
      await expect(option.innerText()).resolves.toMatch(/needs a (customer and an item|basket \(invoice\) column and an item) column of category or id type; only "customer" is one/);
      if (label === 'Interactions dataset') {
        // A customers file: ids and categories, but each customer once.
        const customers = s.page.getByLabel(label).locator('option', { hasText: 'Demo customers' });
        await expect(customers.isDisabled()).resolves.toBe(true);
        await expect(customers.innerText()).resolves.toContain('one row per customer ("customer_id" never repeats)');
      }
      // Listed after every suitable dataset.
      const disabled = await s.page.getByLabel(label).locator('option').evaluateAll((os) => os.slice(1).map((o) => (o as HTMLOptionElement).disabled));
      expect(disabled.indexOf(true)).toBeGreaterThan(0);
      expect(disabled.slice(disabled.indexOf(true)).every(Boolean)).toBe(true);
    }
  }, 120_000);

  it('made no request that left this machine', () => {
    expect(foreignRequests(s.requests, baseUrl)).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });
});
