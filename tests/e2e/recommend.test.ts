// The Recommendations page in the built app: demo data, run with auto, the model table, a
// customer's list with reasons and names, the CSV export, and no request off this machine.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { appSession, foreignRequests } from './browser';

const baseUrl = inject('baseUrl');
const s = appSession(baseUrl);

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

  it('made no request that left this machine', () => {
    expect(foreignRequests(s.requests, baseUrl)).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });
});
