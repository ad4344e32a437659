// Changing a column's type from the dataset's profile in the built app: a check says which rows would
// not convert, the change is applied in the import worker, and it survives a reload.
import { describe, expect, inject, it } from 'vitest';
import { appSession } from './browser';

const baseUrl = inject('baseUrl');
const s = appSession(baseUrl);

// price: 16 numbers and 4 words (rows 2, 5, 9, 14), imported as category.
const prices = Array.from({ length: 20 }, (_, i) => ([1, 4, 8, 13].includes(i) ? ['abc', 'free', 'n.a.', 'tbd'][[1, 4, 8, 13].indexOf(i)] : (i + 0.5).toFixed(2)));
const CSV = ['customer,price', ...prices.map((p, i) => `c${i + 1},${p}`)].join('\n') + '\n';

describe('changing a column type from the profile', () => {
  it('category -> number with a check first, the rows that did not convert listed, kept after a reload', async () => {
    await s.page.getByTestId('dataset-list').getByText('Demo transactions').waitFor({ timeout: 60_000 });
    await s.page.getByTestId('file-input').setInputFiles({ name: 'prices.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    const card = s.page.getByTestId('import-card');
    await card.getByRole('button', { name: 'Import' }).waitFor();
    await card.getByLabel('Type of price').selectOption('category');
    await card.getByRole('button', { name: 'Import' }).click();
    await card.getByTestId('import-summary').waitFor({ timeout: 60_000 });

    const detail = s.page.getByTestId('dataset-detail');
    await detail.getByRole('heading', { name: 'prices' }).waitFor();
    const type = detail.getByLabel('Type of price');
    await expect(type.inputValue()).resolves.toBe('category');
    await type.selectOption('number');
    const confirm = detail.getByTestId('retype-confirm');
    await confirm.waitFor();
    await expect(confirm.innerText()).resolves.toMatch(/4 values would not convert: rows 2, 5, 9, 14/);
    // Nothing has changed yet.
    await expect(detail.getByTestId('column-card').filter({ has: s.page.getByLabel('Type of price') }).locator('.badge').first().innerText()).resolves.toBe('category');
    await confirm.getByRole('button', { name: 'Change to number' }).click();

    const result = detail.getByTestId('retype-result');
    await result.waitFor();
    await expect(result.innerText()).resolves.toMatch(/Now number\. 4 values did not convert: rows 2, 5, 9, 14 \(e\.g\. row 2: “abc” is not a number\)/);
    const priceCard = detail.getByTestId('column-card').filter({ has: s.page.getByLabel('Type of price') });
    await expect(priceCard.locator('.badge').first().innerText()).resolves.toBe('number');
    await expect(priceCard.innerText()).resolves.toMatch(/Min \/ max\s*0\.50 \/ 19\.50|Min \/ max\s*0\.5 \/ 19\.5/);

    await s.page.reload();
    await s.page.getByTestId('dataset-list').getByRole('button', { name: 'prices' }).click();
    await expect(detail.getByLabel('Type of price').inputValue()).resolves.toBe('number');
    const after = detail.getByTestId('column-card').filter({ has: s.page.getByLabel('Type of price') });
    await expect(after.innerText()).resolves.toMatch(/4 unreadable cells, e\.g\. row 2: “abc”, row 5: “free”/);
    // The rows are all still there.
    await expect(detail.innerText()).resolves.toMatch(/20 rows/);
  });

  it('refuses a type that none of the values fits, since it would empty the column', async () => {
    const detail = s.page.getByTestId('dataset-detail');
    await detail.getByLabel('Type of customer').selectOption('integer');
    const confirm = detail.getByTestId('retype-confirm');
    await confirm.waitFor();
    await expect(confirm.getByTestId('retype-refused').innerText()).resolves.toMatch(/None of its 20 values is a valid integer\s\(e\.g\. “c1”\): the column would be emptied/);
    await expect(confirm.getByRole('button', { name: /Change to/ }).count()).resolves.toBe(0);
    await confirm.getByRole('button', { name: 'Close' }).click();
    await expect(detail.getByLabel('Type of customer').inputValue()).resolves.not.toBe('integer');
  });
});

describe('results made before a change of type', () => {
  it('Segments says its result is out of date once a column of its dataset changes type', async () => {
    const nav = (name: string) => s.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true }).click();
    await nav('Segments');
    // The user's own file comes first; pick the demo transactions (labelled as demo).
    const segments = s.page.locator('.page', { has: s.page.getByRole('heading', { name: 'Segments', exact: true }) });
    const picker = segments.getByLabel('Dataset', { exact: true });
    const demo = await picker.locator('option:not([disabled])', { hasText: 'Demo transactions' }).first().getAttribute('value');
    await picker.selectOption(demo!);
    await segments.getByRole('button', { name: 'Segment customers' }).click();
    await segments.getByTestId('segment-summary').waitFor({ timeout: 120_000 });
    await expect(s.page.getByTestId('stale-notice').count()).resolves.toBe(0);

    await nav('Data');
    await s.page.getByTestId('dataset-list').getByRole('button', { name: 'Demo transactions' }).click();
    const detail = s.page.getByTestId('dataset-detail');
    await detail.getByLabel('Type of quantity').selectOption('number');
    const confirm = detail.getByTestId('retype-confirm');
    await expect(confirm.innerText()).resolves.toMatch(/Every value converts/);
    await confirm.getByRole('button', { name: 'Change to number' }).click();
    await detail.getByTestId('retype-result').waitFor();

    await nav('Segments');
    const notice = s.page.getByTestId('stale-notice');
    await notice.waitFor();
    await expect(notice.innerText()).resolves.toBe('Out of date: in “Demo transactions”, column “quantity” changed type (integer → number) since this result; run again.');
  });
});
