// The delete dialog in the built app: deleting a dataset asks first, naming what goes with it (the
// results derived from it and its links); dismissed, nothing goes; accepted, the dataset and they go.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { appSession, foreignRequests } from './browser';

const baseUrl = inject('baseUrl');
const s = appSession(baseUrl);
const nav = (name: string) => s.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true }).click();

beforeAll(async () => {
  await s.page.setViewportSize({ width: 1360, height: 900 });
  await s.page.getByTestId('dataset-list').getByText('Demo events').waitFor({ timeout: 120_000 });
});

describe('the delete dialog', () => {
  it('lists the lifetime value fit and the links of "Demo transactions"; dismissed, nothing goes; accepted, it goes and no other dialog names them', async () => {
    await nav('Lifetime value');
    const clv = s.page.getByTestId('clv-page');
    await clv.getByRole('button', { name: 'Run', exact: true }).click();
    await clv.getByTestId('clv-summary').waitFor({ timeout: 120_000 });

    await nav('Data');
    const list = s.page.getByTestId('dataset-list');
    const row = list.locator('tr', { hasText: 'Demo transactions' });
    let question = '';
    s.page.once('dialog', (d) => {
      question = d.message();
      void d.dismiss();
    });
    await row.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => question, { timeout: 10_000 }).not.toBe('');
    expect(question).toMatch(/^Delete dataset "Demo transactions"\? Its stored data is removed from this browser, and with it: /);
    expect(question).toContain('lifetime value fit (Lifetime value page)');
    expect(question).toMatch(/link to "Demo customers" \(customer_id = customer_id\)/);
    expect(question.endsWith('.')).toBe(true);
    // Dismissed: nothing goes.
    await expect(row.count()).resolves.toBe(1);

    s.page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Delete' }).click();
    await row.waitFor({ state: 'detached', timeout: 30_000 });
    // Another dataset with nothing derived from it names only its remaining links (or nothing).
    let other = '';
    s.page.once('dialog', (d) => {
      other = d.message();
      void d.dismiss();
    });
    await list.locator('tr', { hasText: 'Demo customers' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => other, { timeout: 10_000 }).not.toBe('');
    expect(other).not.toContain('Demo transactions');
    expect(other).not.toContain('Lifetime value');
  });

  it('made no request that left this machine', () => {
    expect(foreignRequests(s.requests, baseUrl)).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });
});
