// Demo data stays apart (issue 11): once the user imports a customers file of their own (a 0/1 churn
// label, no transactions), no page defaults to a demo dataset; CLV and Actions say they need transactions;
// unsuitable datasets are greyed with the reason; "Remove demo data" removes the demo for good.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { appSession, foreignRequests } from './browser';

const baseUrl = inject('baseUrl');
const s = appSession(baseUrl);
const nav = (name: string) => s.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true }).click();
const DEMO = ['Demo customers', 'Demo transactions', 'Demo products', 'Demo surveys', 'Demo events'];

/** 240 customers (enough of each class to train on): an id, two numbers, a plan and a 0/1 churn label; no dates, so no transactions. */
function ownCustomers(): string {
  const lines = ['customer_id,tenure_months,monthly_charges,plan,churn'];
  for (let i = 1; i <= 240; i++) lines.push(`K${String(i).padStart(4, '0')},${(i * 7) % 48},${(20 + ((i * 13) % 70)).toFixed(2)},${['basic', 'plus', 'pro'][i % 3]},${i % 3 === 0 || i % 7 === 0 ? 1 : 0}`);
  return lines.join('\n') + '\n';
}

beforeAll(async () => {
  await s.page.setViewportSize({ width: 1360, height: 900 });
  await s.page.getByTestId('dataset-list').getByText('Demo events').waitFor({ timeout: 120_000 });
});

describe('demo data stays apart from the user’s own', () => {
  it('labels the five demo datasets as demo in the list', async () => {
    const list = s.page.getByTestId('dataset-list');
    for (const name of DEMO) await expect(list.locator('tr', { hasText: name }).locator('.badge', { hasText: 'demo' }).count()).resolves.toBe(1);
  });

  it('imports a customers file of the user’s own, which is not labelled demo', async () => {
    await s.page.getByTestId('file-input').setInputFiles({ name: 'my-customers.csv', mimeType: 'text/csv', buffer: Buffer.from(ownCustomers()) });
    const card = s.page.getByTestId('import-card');
    await card.getByRole('button', { name: 'Import' }).click();
    await card.getByTestId('import-summary').waitFor({ timeout: 60_000 });
    const row = s.page.getByTestId('dataset-list').locator('tr', { hasText: 'my-customers' });
    await row.waitFor();
    await expect(row.locator('.badge', { hasText: 'demo' }).count()).resolves.toBe(0);
  });

  it('Actions picks the user’s customers, no demo dataset, says it needs transactions, and goes on without CLV', async () => {
    await nav('Actions');
    const page = s.page.getByTestId('actions-page');
    const customers = page.getByLabel('Customers dataset');
    await expect(customers.locator('option:checked').innerText()).resolves.toBe('my-customers');
    await expect(page.getByLabel('Transactions dataset').inputValue()).resolves.toBe('');
    await expect(page.getByLabel('Products dataset').inputValue()).resolves.toBe('');
    // The demo is still there to pick, labelled as such; it is just not the default.
    await expect(page.getByLabel('Transactions dataset').locator('optgroup[label="Demo data"] option').allInnerTexts()).resolves.toEqual(['Demo transactions']);
    await expect(page.getByTestId('actions-needs-transactions').innerText()).resolves.toContain(
      'Actions needs transactions for lifetime value: import a file with customer, date and amount, or go on without CLV',
    );
    await expect(page.getByLabel('Churn label column').inputValue()).resolves.toBe('churn');
    // Without transactions, the customers' own amount column stands in for value.
    await expect(page.getByLabel('Spend column').inputValue()).resolves.toBe('monthly_charges');

    await page.getByRole('button', { name: 'Build action list' }).click();
    const summary = page.getByTestId('actions-summary');
    await summary.or(page.getByRole('alert')).first().waitFor({ timeout: 120_000 });
    await s.page.screenshot({ path: '/tmp/demo-apart-actions.png', fullPage: true });
    await expect(page.getByRole('alert').allInnerTexts()).resolves.toEqual([]);
    // Not "value at risk 0": the value comes from the user's own column, not from demo transactions.
    await expect(summary.getByRole('heading').first().innerText()).resolves.toMatch(/^240 customers · value at risk [1-9]/);
    await expect(summary.innerText()).resolves.toContain('Value: total spend ("monthly_charges")');
  });

  it('Lifetime value picks nothing, says what it needs, and greys out the datasets that do not fit', async () => {
    await nav('Lifetime value');
    const page = s.page.getByTestId('clv-page');
    const select = page.getByLabel('Transactions dataset');
    await expect(select.inputValue()).resolves.toBe('');
    await expect(page.getByTestId('clv-needs').innerText()).resolves.toContain(
      'Lifetime value needs transactions: import a file with customer, date and amount (one row per purchase).',
    );
    const greyed = await select.locator('option[disabled]').allInnerTexts();
    expect(greyed).toContain('my-customers: has no date column (roles on the Data page)');
    expect(greyed.some((t) => t.startsWith('Demo customers (demo): '))).toBe(true);
    await expect(select.locator('option:not([disabled])').allInnerTexts()).resolves.toEqual(['— choose —', 'Demo transactions']);
    // A customers file alone reaches the Survival tab's Cox regression (and Subscriptions): the tabs stay.
    await page.getByRole('tab', { name: 'Survival' }).click();
    await page.getByTestId('survival-needs').waitFor();
    await expect(page.getByLabel('Cox customers dataset').locator('option:checked').innerText()).resolves.toMatch(/^my-customers/);
    await page.getByTestId('cox-suggestion').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Fit Cox model' }).click();
    const cox = page.getByTestId('cox-table');
    await cox.waitFor({ timeout: 60_000 });
    await expect(cox.locator('tbody tr').first().locator('td').nth(2).innerText()).resolves.toBe('no');
    await page.getByRole('tab', { name: 'Lifetime value' }).click();
  });

  it('Churn defaults to the user’s labelled customers', async () => {
    await nav('Churn');
    const page = s.page.getByTestId('churn-page');
    await expect(page.getByLabel('Customer dataset').locator('option:checked').innerText()).resolves.toBe('my-customers (240 rows)');
  });

  it('"Remove demo data" asks first, then removes the five demo datasets for good', async () => {
    await nav('Data');
    const list = s.page.getByTestId('dataset-list');
    const button = s.page.getByRole('button', { name: 'Remove demo data' });

    s.page.once('dialog', (d) => void d.dismiss());
    await button.click();
    await expect(list.getByText('Demo customers').count()).resolves.toBe(1);

    let question = '';
    s.page.once('dialog', (d) => {
      question = d.message();
      void d.accept();
    });
    await button.click();
    await button.waitFor({ state: 'detached' });
    expect(question).toContain('5 datasets');
    for (const name of DEMO) await expect(list.getByText(name).count()).resolves.toBe(0);
    await expect(list.getByText('my-customers').count()).resolves.toBe(1);

    await s.page.reload();
    await s.page.getByTestId('dataset-list').getByText('my-customers').waitFor({ timeout: 30_000 });
    // Give a first-visit demo load every chance to start: it must not.
    await s.page.waitForTimeout(1500);
    await expect(s.page.getByTestId('demo-loading').count()).resolves.toBe(0);
    for (const name of DEMO) await expect(s.page.getByTestId('dataset-list').getByText(name).count()).resolves.toBe(0);
  });

  it('made no request that left this machine', () => {
    expect(foreignRequests(s.requests, baseUrl)).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });
});
