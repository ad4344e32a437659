// URLs (issue #13, item 7): the page, its dataset and its tab are in the URL. Clicking through pages, datasets and
// tabs then Back and Forward restores each view; a reload returns to the same view; a bookmark opened in a fresh
// tab shows that view, and one whose dataset no longer exists falls back to the page's default without an error.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { appSession } from './browser';

const baseUrl = inject('baseUrl');
const s = appSession(baseUrl);

const nav = (p: Page, name: string) => p.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true });
const hash = (p: Page) => p.evaluate(() => location.hash);
/** Waits until the URL's hash matches (the app writes it after a click, a Back or a default). */
async function hashMatches(p: Page, pattern: RegExp): Promise<string> {
  await p.waitForFunction((source) => new RegExp(source).test(location.hash), pattern.source, { timeout: 15_000 });
  return hash(p);
}
const current = (p: Page) => p.getByRole('navigation', { name: 'Sections' }).locator('button[aria-current="page"]').innerText();
const selectedRow = (p: Page) => p.getByTestId('dataset-list').locator('tr.selected td').first().innerText();
const clvTab = (p: Page) => p.getByTestId('clv-page').getByRole('tab', { selected: true }).innerText();
const segmentKind = (p: Page) => p.getByRole('radio', { name: 'Customer attributes' }).isChecked();
const dataTab = (p: Page) => p.getByTestId('dataset-detail').getByRole('tab', { selected: true }).innerText();
const param = (h: string, name: string) => new URLSearchParams(h.split('?')[1] ?? '').get(name) ?? '';

let transactionsId = '';
let customersId = '';
let entries = 0;

beforeAll(async () => {
  await s.page.setViewportSize({ width: 1360, height: 900 });
  await s.page.getByTestId('dataset-list').getByText('Demo events').waitFor({ timeout: 120_000 });
  await s.page.getByTestId('dataset-list').getByText('Demo transactions').waitFor({ timeout: 120_000 });
});

describe('URLs, Back and Forward', () => {
  it('the first view writes its URL without adding history', async () => {
    const h = await hashMatches(s.page, /^#\/data\?dataset=/);
    expect(h).toMatch(/^#\/data\?dataset=[^&]+&tab=profile$/);
    entries = await s.page.evaluate(() => history.length);
  });

  it('clicking through datasets, pages and tabs, then Back and Forward, restores each view', async () => {
    const p = s.page;
    const list = p.getByTestId('dataset-list');
    await list.getByRole('button', { name: 'Demo transactions', exact: true }).click();
    await p.getByTestId('dataset-detail').getByRole('heading', { name: 'Demo transactions' }).waitFor();
    transactionsId = param(await hash(p), 'dataset');
    await list.getByRole('button', { name: 'Demo customers', exact: true }).click();
    await hashMatches(p, new RegExp(`^#/data\\?dataset=(?!${transactionsId})`));
    customersId = param(await hash(p), 'dataset');
    await p.getByTestId('dataset-detail').getByRole('tab', { name: 'Column roles' }).click();
    await hashMatches(p, new RegExp(`^#/data\\?dataset=${customersId}&tab=roles$`));

    await nav(p, 'Lifetime value').click();
    await expect(hashMatches(p, /^#\/clv\?dataset=[^&]+&tab=clv$/)).resolves.toBeTruthy();
    await p.getByTestId('clv-page').getByRole('tab', { name: 'Cohorts' }).click();
    await hashMatches(p, /^#\/clv\?dataset=[^&]+&tab=cohorts$/);
    await nav(p, 'Segments').click();
    await hashMatches(p, /^#\/segments\?dataset=[^&]+&kind=rfm$/);
    await p.getByRole('radio', { name: 'Customer attributes' }).click();
    await hashMatches(p, /^#\/segments\?dataset=[^&]+&kind=attributes$/);
    // One entry per click: the defaults each page filled in (its dataset, its tab) replaced theirs.
    await expect(p.evaluate(() => history.length)).resolves.toBe(entries + 7);

    // Back, one view at a time.
    await p.goBack();
    await hashMatches(p, /^#\/segments\?dataset=[^&]+&kind=rfm$/);
    await expect(segmentKind(p)).resolves.toBe(false);
    await p.goBack();
    await hashMatches(p, /tab=cohorts$/);
    await expect(current(p)).resolves.toBe('Lifetime value');
    await expect(clvTab(p)).resolves.toBe('Cohorts');
    await p.goBack();
    await hashMatches(p, /tab=clv$/);
    await expect(clvTab(p)).resolves.toBe('Lifetime value');
    await p.goBack();
    await hashMatches(p, /^#\/data.*tab=roles$/);
    await expect(current(p)).resolves.toBe('Data');
    await expect(selectedRow(p)).resolves.toContain('Demo customers');
    await expect(dataTab(p)).resolves.toBe('Column roles');
    await p.goBack();
    await hashMatches(p, new RegExp(`^#/data\\?dataset=${customersId}&tab=profile$`));
    await expect(dataTab(p)).resolves.toBe('Profile');
    await p.goBack();
    await hashMatches(p, new RegExp(`^#/data\\?dataset=${transactionsId}&tab=profile$`));
    await expect(selectedRow(p)).resolves.toContain('Demo transactions');

    // And Forward again.
    await p.goForward();
    await hashMatches(p, new RegExp(`^#/data\\?dataset=${customersId}&tab=profile$`));
    await expect(selectedRow(p)).resolves.toContain('Demo customers');
    await p.goForward();
    await hashMatches(p, /tab=roles$/);
    await expect(dataTab(p)).resolves.toBe('Column roles');
    await p.goForward();
    await p.goForward();
    await hashMatches(p, /tab=cohorts$/);
    await expect(current(p)).resolves.toBe('Lifetime value');
    await expect(clvTab(p)).resolves.toBe('Cohorts');
    await p.goForward();
    await p.goForward();
    await hashMatches(p, /kind=attributes/);
    await expect(current(p)).resolves.toBe('Segments');
    await expect(segmentKind(p)).resolves.toBe(true);
  });

  it('choosing another dataset opens its profile, in the same step', async () => {
    const p = s.page;
    await nav(p, 'Data').click();
    await hashMatches(p, /^#\/data\?dataset=[^&]+&tab=roles$/);
    const before = await p.evaluate(() => history.length);
    await p.getByTestId('dataset-list').getByRole('button', { name: 'Demo transactions', exact: true }).click();
    await hashMatches(p, new RegExp(`^#/data\\?dataset=${transactionsId}&tab=profile$`));
    await expect(dataTab(p)).resolves.toBe('Profile');
    await expect(p.evaluate(() => history.length)).resolves.toBe(before + 1);
    await p.goBack();
    await hashMatches(p, new RegExp(`^#/data\\?dataset=${customersId}&tab=roles$`));
    await expect(dataTab(p)).resolves.toBe('Column roles');
    await p.goForward();
    await hashMatches(p, /tab=profile$/);
  });

  it('the churn mode and the datasets of the action list step back too', async () => {
    const p = s.page;
    await nav(p, 'Churn').click();
    await hashMatches(p, /^#\/churn\?dataset=[^&]+&mode=label/);
    await p.getByRole('radio', { name: 'No label: derive one from transactions' }).click();
    await hashMatches(p, /^#\/churn\?dataset=[^&]+&mode=derive&transactions=/);
    await p.goBack();
    await hashMatches(p, /^#\/churn\?dataset=[^&]+&mode=label/);
    await expect(p.getByRole('radio', { name: 'A customer dataset with a churn column' }).isChecked()).resolves.toBe(true);
    await p.goForward();
    await hashMatches(p, /mode=derive/);
    await expect(p.getByRole('radio', { name: 'No label: derive one from transactions' }).isChecked()).resolves.toBe(true);

    await nav(p, 'Actions').click();
    await hashMatches(p, new RegExp(`^#/actions\\?customers=${customersId}&(products=[^&]+&)?transactions=${transactionsId}$`));
    const customers = p.getByTestId('actions-page').getByLabel('Customers dataset');
    await customers.selectOption('');
    await hashMatches(p, /^#\/actions\?(products=[^&]+&)?transactions=[^&]+$/);
    await p.goBack();
    await hashMatches(p, new RegExp(`^#/actions\\?customers=${customersId}`));
    await expect(customers.inputValue()).resolves.toBe(customersId);

    await nav(p, 'Recommendations').click();
    await hashMatches(p, new RegExp(`^#/recommend\\?(baskets=[^&]+&)?dataset=${transactionsId}$`));
  });

  it('a reload returns to the same page, dataset and tab', async () => {
    const p = s.page;
    await nav(p, 'Lifetime value').click();
    await hashMatches(p, /tab=cohorts$/);
    await p.getByTestId('clv-page').getByRole('tab', { name: 'Survival' }).click();
    const before = await hashMatches(p, /^#\/clv\?dataset=[^&]+&tab=survival$/);
    await p.reload();
    await p.getByTestId('clv-page').waitFor({ timeout: 60_000 });
    await expect(current(p)).resolves.toBe('Lifetime value');
    await expect(clvTab(p)).resolves.toBe('Survival');
    await expect(p.getByTestId('clv-page').getByLabel('Transactions dataset').locator('option:checked').innerText()).resolves.toBe('Demo transactions');
    expect(await hash(p)).toBe(before);
  });

  it('a bookmark opened fresh shows its view; a deleted dataset falls back to the default without an error', async () => {
    const fresh = await s.context.newPage();
    const errors: string[] = [];
    fresh.on('pageerror', (e) => errors.push(e.message));
    fresh.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    try {
      await fresh.goto(`${baseUrl}#/data?dataset=${encodeURIComponent(customersId)}&tab=roles`);
      await fresh.getByTestId('dataset-detail').waitFor({ timeout: 60_000 });
      await expect(selectedRow(fresh)).resolves.toContain('Demo customers');
      await expect(dataTab(fresh)).resolves.toBe('Column roles');
      await expect(fresh.getByTestId('dataset-detail').getByRole('heading', { level: 2 }).innerText()).resolves.toBe('Demo customers');

      await fresh.goto(`${baseUrl}#/segments?kind=attributes&dataset=${encodeURIComponent(customersId)}`);
      await fresh.reload();
      await expect(fresh.getByRole('radio', { name: 'Customer attributes' }).isChecked()).resolves.toBe(true);
      await expect(fresh.getByLabel('Dataset', { exact: true }).locator('option:checked').innerText()).resolves.toBe('Demo customers');

      await fresh.goto(`${baseUrl}#/clv?dataset=no-such-dataset&tab=cohorts`);
      await fresh.reload();
      await fresh.getByTestId('clv-page').waitFor({ timeout: 60_000 });
      await expect(clvTab(fresh)).resolves.toBe('Cohorts');
      await expect(fresh.getByTestId('clv-page').getByLabel('Transactions dataset').locator('option:checked').innerText()).resolves.toBe('Demo transactions');
      await expect(hashMatches(fresh, new RegExp(`^#/clv\\?dataset=${transactionsId}&tab=cohorts$`))).resolves.toBeTruthy();
      await expect(fresh.getByRole('alert').count()).resolves.toBe(0);

      await fresh.goto(`${baseUrl}#/nowhere?dataset=x`);
      await fresh.reload();
      await hashMatches(fresh, /^#\/data/);
      await expect(current(fresh)).resolves.toBe('Data');
      expect(errors).toEqual([]);
    } finally {
      await fresh.close();
    }
  });
});
