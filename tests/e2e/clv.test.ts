// The Lifetime value page in the built app on the demo workspace: CLV with its charts and CSV export,
// the cohort matrix and survival curves, and not one request off this machine.
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { appSession, foreignRequests } from './browser';

const baseUrl = inject('baseUrl');
const s = appSession(baseUrl);

beforeAll(async () => {
  await s.page.setViewportSize({ width: 1360, height: 900 });
  await s.page.getByTestId('dataset-list').getByText('Demo events').waitFor({ timeout: 120_000 });
  // The demo loader imports the five files in turn; the page needs the last of them profiled too.
  await s.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Lifetime value' }).click();
});

describe('Lifetime value page', () => {
  it('picks the demo transactions and their roles by default', async () => {
    const page = s.page.getByTestId('clv-page');
    await expect(page.getByLabel('Transactions dataset').locator('option:checked').innerText()).resolves.toBe('Demo transactions');
    await expect(page.getByLabel('Customer column').inputValue()).resolves.toBe('customer_id');
    await expect(page.getByLabel('Amount column').inputValue()).resolves.toBe('amount');
    await expect(page.getByLabel('Calibration end').inputValue()).resolves.toMatch(/^2025-\d{2}-\d{2}$/);
  });

  it('fits CLV: parameters, heat map, histogram, customer table and CSV', async () => {
    const page = s.page.getByTestId('clv-page');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const summary = page.getByTestId('clv-summary');
    await summary.waitFor({ timeout: 120_000 });
    await expect(summary.getByRole('table', { name: 'Purchase model parameters' }).innerText()).resolves.toMatch(/r\s+\d/);
    // The charts render in parts after the summary; the dense P(alive) grid is drawn on a canvas under its axes.
    await page.getByTestId('clv-alive-heatmap').locator('canvas[data-chart-canvas]').waitFor({ timeout: 10_000 });
    await page.getByTestId('clv-histogram').locator('svg[data-chart] rect').first().waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('clv-histogram').locator('svg[data-chart] rect').count()).resolves.toBeGreaterThan(5);
    const table = page.getByTestId('clv-table');
    await expect(table.locator('tbody tr').count()).resolves.toBe(20);
    await s.page.screenshot({ path: '/tmp/clv-lifetime.png', fullPage: true });

    const download = s.page.waitForEvent('download');
    await table.getByRole('button', { name: 'Download CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('Demo-transactions-clv.csv');
    const csv = await readFile((await file.path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('customer,frequency,recency,age,mean_spend,p_alive,expected_purchases,expected_spend,clv');
    expect(lines.length).toBeGreaterThan(100);

    // The purchase models compared (best of three by default): one row each, the choice as CSV, the tracking chart drawn.
    const choice = page.getByTestId('clv-model-choice');
    await expect(choice.locator('tbody tr').count()).resolves.toBe(3);
    await expect(choice.innerText()).resolves.toMatch(/Best: (BG\/NBD|Pareto\/NBD|MBG\/NBD), the lowest holdout error/);
    const choiceDownload = s.page.waitForEvent('download');
    await choice.getByRole('button', { name: 'CSV' }).click();
    const choiceCsv = await readFile((await (await choiceDownload).path())!, 'utf8');
    expect(choiceCsv.split('\r\n')[0]).toMatch(/^model,chosen,parameters,log_likelihood,bic,holdout_mae/);
    await page.getByTestId('clv-tracking-cumulative').locator('svg[data-chart] path').first().waitFor({ timeout: 10_000 });
  });

  it('shows the cohort matrix and retention curves', async () => {
    const page = s.page.getByTestId('clv-page');
    await page.getByRole('tab', { name: 'Cohorts' }).click();
    const matrix = page.getByTestId('cohort-matrix');
    await matrix.waitFor({ timeout: 60_000 });
    // Each chart renders in a task of its own after its frame (ChartFrame's Later): wait for the marks.
    await matrix.locator('svg[data-chart] rect').first().waitFor({ timeout: 10_000 });
    await page.getByTestId('cohort-curves').locator('svg[data-chart] path').first().waitFor({ timeout: 10_000 });
    await expect(matrix.locator('svg[data-chart] rect').count()).resolves.toBeGreaterThan(100);
    await expect(page.getByTestId('cohort-curves').locator('svg[data-chart] path').count()).resolves.toBeGreaterThan(2);
    await page.getByRole('radio', { name: 'Revenue' }).click();
    await expect(matrix.innerText()).resolves.toContain('revenue');
    await page.getByRole('radio', { name: 'Percent' }).click();
    await s.page.screenshot({ path: '/tmp/clv-cohorts.png', fullPage: true });
    // Weekly cohorts: about 105 rows, still one screen tall.
    await page.getByLabel('Cohort period').selectOption('week');
    await matrix.getByText(/2025-12-\d\d \(\d+\)/).first().waitFor({ timeout: 60_000 });
    const box = await matrix.boundingBox();
    expect(box!.height).toBeLessThan(1000);
    await s.page.screenshot({ path: '/tmp/clv-cohorts-weeks.png', fullPage: true });
  });

  it('Lifecycle: stacked chart, revenue cohorts, and a clicked cohort cell saved as a segment', async () => {
    const page = s.page.getByTestId('clv-page');
    await page.getByRole('tab', { name: 'Lifecycle' }).click();
    await page.getByTestId('lifecycle-chart').locator('svg[data-chart] rect').first().waitFor({ timeout: 60_000 });
    await page.getByTestId('lifecycle-revenue').locator('svg[data-chart] rect').first().waitFor({ timeout: 10_000 });
    const retention = page.getByTestId('lifecycle-retention');
    await retention.locator('svg[data-chart] rect.cell').nth(1).click(); // first cohort, one month after
    const save = page.getByRole('button', { name: /^Save these [\d,]+ customers as a segment$/ }).first();
    const n = Number((await save.innerText()).replace(/\D/g, ''));
    expect(n).toBeGreaterThan(0);
    await save.click();
    await expect(page.getByRole('region', { name: 'Retention' }).getByRole('status').innerText({ timeout: 30_000 })).resolves.toContain(`Saved ${n.toLocaleString('en')} customers as the segmentation "Cohort `);
    await s.page.screenshot({ path: '/tmp/clv-lifecycle.png', fullPage: true });
    // Weekly, then a reload: the stored weekly result comes back (the default would be monthly).
    await page.getByLabel('Lifecycle period').selectOption('week');
    await page.getByTestId('lifecycle-chart').getByText(/per week/).waitFor({ timeout: 60_000 });
    await s.page.reload();
    await s.page.getByTestId('lifecycle-chart').getByText(/per week/).waitFor({ timeout: 60_000 });
    await expect(s.page.getByLabel('Lifecycle period').inputValue()).resolves.toBe('week');
  });

  it('shows survival curves split by contract with the log-rank verdict', async () => {
    const page = s.page.getByTestId('clv-page');
    await page.getByRole('tab', { name: 'Survival' }).click();
    const summary = page.getByTestId('survival-summary');
    await summary.waitFor({ timeout: 60_000 });
    await s.page.screenshot({ path: '/tmp/clv-survival.png', fullPage: true });
    await expect(summary.innerText()).resolves.toMatch(/The difference between groups is (not )?statistically significant/);
    for (const name of ['Month-to-month', 'One year', 'Two year']) await expect(summary.getByText(name, { exact: true }).count()).resolves.toBe(1);
    await page.getByTestId('survival-chart').locator('svg[data-chart] path').first().waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('survival-chart').locator('svg[data-chart] path').count()).resolves.toBeGreaterThan(3);

    // Cox regression on the demo customers (tenure_months, churned and the default attributes) in the worker.
    await page.getByRole('button', { name: 'Fit Cox model' }).click();
    const cox = page.getByTestId('cox-summary');
    await cox.waitFor({ timeout: 60_000 });
    await expect(cox.getByRole('table', { name: 'Cox coefficients' }).locator('tbody tr').count()).resolves.toBeGreaterThan(1);
    await expect(cox.innerText()).resolves.toMatch(/Concordance 0\.\d{3}/);
    await page.getByTestId('cox-forest').locator('svg[data-chart] rect').first().waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('cox-curves').locator('svg[data-chart] path').count()).resolves.toBeGreaterThan(1);
    await expect(page.getByTestId('cox-table').locator('tbody tr').count()).resolves.toBe(20);
    // The remaining lifetimes name their units: the time column's own.
    await expect(page.getByTestId('cox-remaining-note').innerText()).resolves.toContain('more in units of tenure_months');
    await expect(page.getByTestId('cox-table').locator('thead th').nth(1).innerText()).resolves.toMatch(/^time so far \(tenure_months\)/);
    await s.page.screenshot({ path: '/tmp/clv-cox.png', fullPage: true });
    // Leaving the tab drops the panel's state; coming back shows the stored run again.
    const concordance = await page.getByTestId('cox-concordance').innerText();
    await page.getByRole('tab', { name: 'Cohorts' }).click();
    await page.getByRole('tab', { name: 'Survival' }).click();
    await expect(page.getByTestId('cox-concordance').innerText({ timeout: 30_000 })).resolves.toBe(concordance);
  });

  it('shows the last fit again after a reload, and pages and exports it from the store', async () => {
    const nav = () => s.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Lifetime value' }).click();
    const page = s.page.getByTestId('clv-page');
    await page.getByRole('tab', { name: 'Lifetime value' }).click();
    const summary = page.getByTestId('clv-summary');
    const table = page.getByTestId('clv-table');
    const params = await summary.getByRole('table', { name: 'Purchase model parameters' }).innerText();
    const first = await table.locator('tbody tr').first().innerText();
    const horizon = await page.getByLabel('Horizon in months').inputValue();

    await s.page.reload();
    await nav();
    await page.getByRole('tab', { name: 'Lifetime value' }).click();
    await summary.waitFor({ timeout: 60_000 });
    await expect(summary.getByRole('table', { name: 'Purchase model parameters' }).innerText()).resolves.toBe(params);
    await page.getByTestId('clv-alive-heatmap').locator('canvas[data-chart-canvas]').waitFor({ timeout: 10_000 });
    await expect(table.locator('tbody tr').count()).resolves.toBe(20);
    await expect(table.locator('tbody tr').first().innerText()).resolves.toBe(first);
    await expect(page.getByLabel('Horizon in months').inputValue()).resolves.toBe(horizon);
    await expect(page.getByRole('button', { name: 'Run again' }).count()).resolves.toBe(1);
    await expect(page.getByTestId('stale-notice').count()).resolves.toBe(0);

    // Paging and the export work from the stored fit (a fresh worker).
    await table.getByRole('button', { name: 'Next page' }).click();
    await table.getByText(/21–40 of/).waitFor({ timeout: 30_000 });
    const download = s.page.waitForEvent('download');
    await table.getByRole('button', { name: 'Download CSV' }).click();
    const csv = await readFile((await (await download).path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('customer,frequency,recency,age,mean_spend,p_alive,expected_purchases,expected_spend,clv');
    expect(lines[1].split(',')[0]).toBe(first.split(/\s/)[0]);
  });

  it('marks the stored fit out of date when its transactions change, before and after a reload', async () => {
    const nav = (name: string) => s.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true }).click();
    const page = s.page.getByTestId('clv-page');
    await nav('Data');
    await s.page.getByTestId('dataset-list').getByRole('button', { name: 'Demo transactions' }).click();
    const detail = s.page.getByTestId('dataset-detail');
    await detail.getByLabel('Type of quantity').selectOption('number');
    await detail.getByTestId('retype-confirm').getByRole('button', { name: 'Change to number' }).click();
    await detail.getByTestId('retype-result').waitFor();
    await nav('Lifetime value');
    await page.getByRole('tab', { name: 'Lifetime value' }).click();
    const notice = page.getByTestId('stale-notice');
    await notice.waitFor();
    await expect(notice.innerText()).resolves.toMatch(/^Out of date: .*Demo transactions/);
    await s.page.reload();
    await nav('Lifetime value');
    await page.getByRole('tab', { name: 'Lifetime value' }).click();
    await page.getByTestId('clv-summary').waitFor({ timeout: 60_000 });
    await expect(notice.innerText()).resolves.toBe('Out of date: “Demo transactions” changed since this result; run again.');
  });

  it('Subscriptions (sBG): fits the demo customers and typed counts, refuses rising counts, keeps the fit after a reload', async () => {
    const page = s.page.getByTestId('clv-page');
    await page.getByRole('tab', { name: 'Subscriptions' }).click();
    await expect(page.getByLabel('Subscriptions dataset').locator('option:checked').innerText()).resolves.toBe('Demo customers');
    await expect(page.getByLabel('Tenure column').inputValue()).resolves.toBe('tenure_months');
    await expect(page.getByLabel('Churn column').inputValue()).resolves.toBe('churned');
    await page.getByRole('button', { name: 'Fit the retention model' }).click();
    await page.getByTestId('sbg-summary').waitFor({ timeout: 60_000 });
    await page.getByTestId('sbg-survival-chart').locator('svg[data-chart] path').first().waitFor({ timeout: 10_000 });
    const table = page.getByTestId('sbg-table');
    await expect(table.locator('tbody tr').count()).resolves.toBe(20);
    const download = s.page.waitForEvent('download');
    await table.getByRole('button', { name: 'Download CSV' }).click();
    const lines = (await readFile((await (await download).path())!, 'utf8')).trim().split('\r\n');
    expect(lines[0]).toBe('customer,tenure,status,expected_remaining_periods,median_remaining_periods,derl,value_per_period,residual_value');
    expect(lines.length).toBeGreaterThan(100);
    await s.page.screenshot({ path: '/tmp/clv-subscriptions.png', fullPage: true });

    await page.getByRole('radio', { name: 'Type the counts of one cohort' }).check();
    await page.getByLabel('Customers alive per period').fill('1000, 600, 700');
    await page.getByRole('button', { name: 'Fit again' }).click();
    await expect(page.getByTestId('sbg-error').innerText()).resolves.toMatch(/must not increase: period 2 has 700/);
    await page.getByRole('button', { name: "Use Fader-Hardie's example" }).click();
    await page.getByRole('button', { name: 'Fit again' }).click();
    await page.getByTestId('sbg-alpha').getByText('0.704').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('sbg-beta').innerText()).resolves.toBe('1.182');

    await s.page.reload();
    await s.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Lifetime value' }).click();
    await page.getByRole('tab', { name: 'Subscriptions' }).click();
    await page.getByTestId('sbg-alpha').getByText('0.704').waitFor({ timeout: 30_000 });
    await expect(page.getByLabel('Customers alive per period').inputValue()).resolves.toBe('1000, 631, 468, 382, 326, 289, 262, 241');
    await page.getByRole('tab', { name: 'Lifetime value' }).click();
  });

  it('made no request that left this machine', () => {
    expect(foreignRequests(s.requests, baseUrl)).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });
});
