// The churn monitor in the built app: train and save a model on the demo customers, import the generated
// next month (seeds/next-month.ts: contracts shifted), score it: the Monitor shows the shifted column
// first, the crossings and the warning; the header badge counts the newly high-risk customers and links
// to the monitor; a reload keeps both; deleting the scored dataset takes them away.
import { describe, expect, inject, it } from 'vitest';
import { NEXT_MONTH_SHIFT, nextMonthCustomers } from '../../seeds/next-month';
import { appSession, foreignRequests, pickFile } from './browser';

const baseUrl = inject('baseUrl');
const s = appSession(baseUrl);

describe('Churn monitor', () => {
  it('scores next month with a saved model: drift ranked, newly high risk listed, badge kept across a reload', { timeout: 240_000 }, async () => {
    await s.page.getByTestId('dataset-list').getByText('Demo customers').waitFor({ timeout: 120_000 });
    await s.page.getByRole('navigation').getByRole('button', { name: 'Churn' }).click();
    const page = s.page.getByTestId('churn-page');
    await page.getByTestId('churn-label-summary').waitFor({ timeout: 60_000 });
    await page.getByLabel('Model', { exact: true }).selectOption('logistic');
    await page.getByLabel('Folds').fill('3');
    await page.getByRole('button', { name: 'Train churn model' }).click();
    await page.getByTestId('churn-leaderboard').waitFor({ timeout: 120_000 });
    const models = page.getByTestId('churn-models');
    await models.getByLabel('Model name').fill('monitored');
    await models.getByRole('button', { name: 'Save this model' }).click();
    await models.getByRole('button', { name: 'Delete model monitored' }).waitFor();

    const nav = s.page.getByRole('navigation');
    await nav.getByRole('button', { name: 'Data', exact: true }).click();
    const card = await pickFile(s, 'customers_next_month.csv', nextMonthCustomers());
    await card.getByRole('button', { name: 'Import' }).click();
    await card.getByTestId('import-summary').waitFor({ timeout: 60_000 });
    await nav.getByRole('button', { name: 'Churn' }).click();
    const target = models.getByLabel('Dataset to score');
    await target.locator('option', { hasText: 'customers_next_month (' }).waitFor({ state: 'attached' });
    await target.selectOption((await target.locator('option', { hasText: 'customers_next_month (' }).getAttribute('value'))!);
    await models.getByRole('button', { name: 'Score', exact: true }).click();

    const monitor = page.getByTestId('churn-monitor');
    await monitor.waitFor({ timeout: 60_000 });
    const scorings = await monitor.getByTestId('monitor-scorings').innerText();
    expect(scorings).toMatch(/monitored: Demo customers \(the model's training customers, .*\) → customers_next_month \(/);
    const crossed = Number((await monitor.getByTestId('monitor-crossed').innerText()).replace(/[^\d]/g, ''));
    expect(crossed).toBeGreaterThan(0);
    await expect(monitor.getByTestId('monitor-drift').locator('g.bar').first().getAttribute('data-feature')).resolves.toBe(NEXT_MONTH_SHIFT.column);
    expect(await monitor.getByTestId('monitor-warning').innerText()).toMatch(/^contract shifted \(PSI 0\.\d\d\)/);
    const rows = monitor.getByTestId('monitor-crossed-table').locator('tbody tr');
    await expect(rows.count()).resolves.toBe(Math.min(20, crossed));

    const badge = s.page.getByTestId('monitor-badge');
    expect(await badge.innerText()).toBe(`${crossed} newly high risk`);
    // The CSV comes from the compute worker, which may still be finishing another page's call on a busy machine.
    const download = s.page.waitForEvent('download', { timeout: 90_000 });
    await monitor.getByRole('button', { name: 'Export CSV' }).click();
    expect((await download).suggestedFilename()).toBe('newly-high-risk-customers_next_month.csv');
    await monitor.getByRole('button', { name: 'Target in the action list' }).click();
    expect(await monitor.getByTestId('monitor-targeted').innerText()).toBe(`Saved ${crossed} customers as the segmentation "Newly high risk": the Actions page joins it ("use the saved segmentation").`);

    // Kept across a reload; the badge opens the monitor from another page.
    await s.page.reload();
    await badge.waitFor({ timeout: 60_000 });
    expect(await badge.innerText()).toBe(`${crossed} newly high risk`);
    await nav.getByRole('button', { name: 'Data', exact: true }).click();
    await badge.click();
    await monitor.waitFor({ timeout: 60_000 });
    await expect(monitor.getByTestId('monitor-drift').locator('g.bar').first().getAttribute('data-feature')).resolves.toBe(NEXT_MONTH_SHIFT.column);

    // Deleting the scored dataset deletes the comparison: the badge goes at once, without a reload.
    await nav.getByRole('button', { name: 'Data', exact: true }).click();
    s.page.once('dialog', (d) => void d.accept());
    await s.page.getByTestId('dataset-list').locator('tr', { hasText: 'customers_next_month' }).getByRole('button', { name: 'Delete' }).click();
    await badge.waitFor({ state: 'detached', timeout: 30_000 });
    expect(foreignRequests(s.requests, baseUrl)).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });
});
