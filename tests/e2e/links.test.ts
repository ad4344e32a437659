// Links between datasets in the built app: the demo workspace comes with its links confirmed; a user's
// customers and transactions files get a suggested link, Actions refuses to join them until the user
// confirms it on the Data page, and then joins on it.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { appSession } from './browser';

const baseUrl = inject('baseUrl');
const s = appSession(baseUrl);

const nav = (name: string) => s.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name });

// 40 customers; orders for 38 of them (S-0039 and S-0040 never ordered) and one order of a customer not in the file.
const customers = ['client_ref,plan,tenure_months,churned', ...Array.from({ length: 40 }, (_, i) => `S-${String(i + 1).padStart(4, '0')},${['basic', 'pro', 'team'][i % 3]},${(i * 7) % 37},${i % 3 === 0 ? 'yes' : 'no'}`)].join('\n');
const orders = [
  'order_id,ClientRef,ordered_on,total',
  ...Array.from({ length: 38 }, (_, i) =>
    Array.from({ length: (i % 4) + 1 }, (_, k) => `O${i}-${k},S-${String(i + 1).padStart(4, '0')},2024-${String(((i + 3 * k) % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')},${(10 + ((i * 13 + k * 7) % 90)).toFixed(2)}`),
  ).flat(),
  'O999-0,S-9999,2024-06-01,25.00',
].join('\n');

async function importCsv(name: string, text: string) {
  await s.page.getByTestId('file-input').setInputFiles({ name: `${name}.csv`, mimeType: 'text/csv', buffer: Buffer.from(text) });
  const card = s.page.getByTestId('import-card').last();
  await card.getByRole('button', { name: 'Import' }).click();
  await card.getByTestId('import-summary').waitFor({ timeout: 60_000 });
}

async function pick(label: string, name: string) {
  const select = s.page.getByTestId('actions-page').getByLabel(label, { exact: true });
  await select.selectOption((await select.locator('option', { hasText: name }).first().getAttribute('value'))!);
}

beforeAll(async () => {
  await s.page.setViewportSize({ width: 1360, height: 900 });
  await s.page.getByTestId('dataset-list').getByText('Demo events').waitFor({ timeout: 120_000 });
});

describe('links between datasets', () => {
  it('shows the demo workspace linked and confirmed: customers - transactions - products - events - surveys', async () => {
    const panel = s.page.getByTestId('dataset-links');
    const rows = panel.getByTestId('link-row');
    await rows.first().waitFor({ timeout: 30_000 });
    const texts = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    expect(texts).toHaveLength(4);
    for (const [from, to] of [
      ['Demo transactions.customer_id', 'Demo customers.customer_id'],
      ['Demo transactions.product_id', 'Demo products.product_id'],
      ['Demo events.customer_id', 'Demo customers.customer_id'],
      ['Demo surveys.customer_id', 'Demo customers.customer_id'],
    ]) {
      const text = texts.find((t) => t.startsWith(`${from} → ${to}`));
      expect(text, `${from} -> ${to} in ${texts.join(' | ')}`).toBeDefined();
      expect(text).toContain('confirmed');
      expect(text).toMatch(/100% of [\d,]+ \w+ values of Demo \w+ found in Demo \w+/);
    }
    await expect(panel.getByRole('button', { name: 'Confirm' }).count()).resolves.toBe(0);
  });

  it("suggests the key a user's customers and orders share; Actions joins them only once it is confirmed", async () => {
    await importCsv('shop-customers', customers);
    await importCsv('shop-orders', orders);
    const row = s.page.getByTestId('dataset-links').getByTestId('link-row').filter({ hasText: 'shop-orders.ClientRef → shop-customers.client_ref' });
    await row.waitFor({ timeout: 30_000 });
    // 38 of the 39 distinct order customers are in the customers file.
    await expect(row.innerText()).resolves.toMatch(/suggested[\s\S]*97% of 39 ClientRef values of shop-orders found in shop-customers/);
    await s.page.getByTestId('dataset-links').screenshot({ path: '/tmp/links-data.png' });

    await nav('Actions').click();
    await pick('Customers dataset', 'shop-customers');
    await pick('Transactions dataset', 'shop-orders');
    const page = s.page.getByTestId('actions-page');
    await expect(page.getByTestId('link-problems').innerText()).resolves.toContain(
      'No confirmed link between shop-customers and shop-orders: confirm one on the Data page.',
    );
    await expect(page.getByRole('button', { name: 'Build action list' }).isDisabled()).resolves.toBe(true);

    await nav('Data').click();
    await row.getByRole('button', { name: 'Confirm' }).click();
    await row.getByText('confirmed').waitFor();

    await nav('Actions').click();
    await expect(page.getByTestId('link-problems').count()).resolves.toBe(0);
    await expect(page.getByTestId('customer-join').innerText()).resolves.toBe('Customers joined on shop-customers.client_ref = shop-orders.ClientRef (confirmed link).');
    await expect(page.getByLabel('Transactions customer column').inputValue()).resolves.toBe('ClientRef');
    // Too few customers to train a churn model: P(churn) = 1 - P(alive), which needs the join too.
    await page.getByLabel('Churn label column').selectOption('');
    await page.getByRole('button', { name: 'Build action list' }).click();
    const summary = page.getByTestId('actions-summary');
    await summary.or(page.getByRole('alert')).first().waitFor({ timeout: 120_000 });
    expect(await page.getByRole('alert').allInnerTexts()).toEqual([]);
    const text = await summary.innerText();
    expect(text).toMatch(/^40 customers/);
    // Joined on the link: only the two customers without orders lack a CLV.
    expect(text).toContain('2 of 40 customers have no CLV');
  });

  it('removing the link brings the refusal back, on Actions and for survival by a customer attribute', async () => {
    await nav('Data').click();
    const row = s.page.getByTestId('dataset-links').getByTestId('link-row').filter({ hasText: 'shop-orders.ClientRef → shop-customers.client_ref' });
    await row.getByRole('button', { name: 'Remove' }).click();
    await row.waitFor({ state: 'detached' });
    await nav('Actions').click();
    await expect(s.page.getByTestId('actions-page').getByTestId('link-problems').innerText()).resolves.toContain('No confirmed link between shop-customers and shop-orders');

    await nav('Lifetime value').click();
    const clv = s.page.getByTestId('clv-page');
    const tx = clv.getByLabel('Transactions dataset');
    await tx.selectOption((await tx.locator('option', { hasText: 'shop-orders' }).first().getAttribute('value'))!);
    await clv.getByRole('tab', { name: 'Survival' }).click();
    await expect(clv.getByTestId('survival-unlinked').innerText()).resolves.toContain('No confirmed link between shop-customers and shop-orders: confirm one on the Data page.');
    // Without the link, no attribute of the customers file is offered as a split.
    await expect(clv.getByLabel('Split by').locator('optgroup[label="shop-customers"]').count()).resolves.toBe(0);
  });

  it('adds a link by picking two columns; survival can then split by a customer attribute', async () => {
    await nav('Data').click();
    const panel = s.page.getByTestId('dataset-links');
    // A removed suggestion does not come back when links are looked for again.
    await panel.getByRole('button', { name: 'Find links again' }).click();
    await expect(panel.getByTestId('links-detected').innerText({ timeout: 30_000 })).resolves.toBe('Looked again: nothing new.');
    await expect(panel.getByTestId('link-row').filter({ hasText: 'shop-orders' }).count()).resolves.toBe(0);

    await panel.getByRole('button', { name: 'Add a link' }).click();
    const form = panel.getByTestId('link-form');
    const choose = async (label: string, text: string) => {
      const select = form.getByLabel(label, { exact: true });
      await select.selectOption((await select.locator('option', { hasText: text }).first().getAttribute('value'))!);
    };
    await choose('From dataset', 'shop-orders');
    // Dates and amounts cannot link: only id, category and integer columns are offered.
    await expect(form.getByLabel('From column', { exact: true }).locator('option').allInnerTexts()).resolves.not.toContain('total (number)');
    await choose('From column', 'ClientRef');
    await choose('To dataset', 'shop-customers');
    await choose('To column', 'client_ref');
    await form.getByRole('button', { name: 'Add link' }).click();
    const row = panel.getByTestId('link-row').filter({ hasText: 'shop-orders.ClientRef → shop-customers.client_ref' });
    await row.waitFor({ timeout: 30_000 });
    await expect(row.innerText()).resolves.toMatch(/confirmed[\s\S]*97% of 39 ClientRef values of shop-orders found in shop-customers/);

    await nav('Lifetime value').click();
    const clv = s.page.getByTestId('clv-page');
    await expect(clv.getByTestId('survival-unlinked').count()).resolves.toBe(0);
    const split = clv.getByLabel('Split by');
    await split.selectOption((await split.locator('optgroup[label="shop-customers"] option', { hasText: 'plan' }).getAttribute('value'))!);
    await expect(clv.getByTestId('survival-join').innerText()).resolves.toBe('joined on shop-customers.client_ref = shop-orders.ClientRef (confirmed link)');
    await clv.getByRole('button', { name: /Compute survival|Recompute/ }).click();
    const summary = clv.getByTestId('survival-summary');
    await summary.waitFor({ timeout: 60_000 });
    // A summary from an earlier run (no split) may still be on screen: wait for the split one.
    for (const plan of ['basic', 'pro', 'team']) await expect.poll(() => summary.getByText(plan, { exact: true }).count(), { timeout: 60_000 }).toBe(1);
  });
});
