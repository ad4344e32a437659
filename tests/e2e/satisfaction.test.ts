// The Satisfaction page in the built app on the demo workspace: the demo surveys picked by default, joined
// to the demo customers by their confirmed link; NPS with its interval and split, NPS by month, by contract,
// churn by promoter / passive / detractor and the odds ratio; no wider than a 1280x800 window; kept after a reload.
import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { appSession } from './browser';

const baseUrl = inject('baseUrl');
const s = appSession(baseUrl);
const SHOTS = 'tmp/shots';
const nav = (name: string) => s.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true }).click();

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await s.page.setViewportSize({ width: 1280, height: 800 });
  await s.page.getByTestId('dataset-list').getByText('Demo events').waitFor({ timeout: 120_000 });
  await nav('Satisfaction');
});

describe('Satisfaction page', () => {
  it('picks the demo surveys, their score and date, and the linked customers for segments and churn', async () => {
    const page = s.page.getByTestId('satisfaction-page');
    await expect(page.getByLabel('Survey dataset').locator('option:checked').innerText()).resolves.toBe('Demo surveys');
    await expect(page.getByLabel('Score column').inputValue()).resolves.toBe('nps');
    await expect(page.getByLabel('Date column').inputValue()).resolves.toBe('responded_at');
    await expect(page.getByLabel('Churn label column').inputValue()).resolves.toBe('churned');
    await expect(page.getByTestId('satisfaction-link').innerText()).resolves.toContain('Joined with Demo customers on customer_id');
  });

  it('shows NPS with its interval, over time, by segment and churn by group; no wider than the window', async () => {
    const page = s.page.getByTestId('satisfaction-page');
    await page.getByLabel('Segment column').selectOption('contract');
    await page.getByRole('button', { name: 'Compute', exact: true }).click();
    await page.getByTestId('satisfaction-headline').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('nps-value').innerText()).resolves.toMatch(/^[+-]?\d+\.\d$/);
    await expect(page.getByTestId('satisfaction-headline').innerText()).resolves.toMatch(/95% interval [+-]?\d+\.\d to [+-]?\d+\.\d/);
    // The chart renders in a task of its own after its frame (ChartFrame's Later).
    await page.getByTestId('satisfaction-months').locator('svg[data-chart] path').first().waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('satisfaction-segments').innerText()).resolves.toContain('Month-to-month');
    const rows = page.getByTestId('satisfaction-churn-table').locator('tbody tr');
    await expect(rows.allInnerTexts()).resolves.toEqual([expect.stringMatching(/^detractor/), expect.stringMatching(/^passive/), expect.stringMatching(/^promoter/)]);
    // Churners lean detractor in the demo: detractors churn more than promoters.
    const rate = async (i: number) => Number((await rows.nth(i).locator('td').nth(3).innerText()).replace('%', ''));
    expect(await rate(0)).toBeGreaterThan(await rate(2));
    await expect(page.getByTestId('odds-ratio').innerText()).resolves.toMatch(/^Odds ratio per point: 0\.\d\d/);
    const width = await s.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(1280);
    await s.page.screenshot({ path: `${SHOTS}/satisfaction.png`, fullPage: true });
  });

  it('keeps its result after a reload', async () => {
    const page = s.page.getByTestId('satisfaction-page');
    const nps = await page.getByTestId('nps-value').innerText();
    await s.page.reload();
    await nav('Satisfaction');
    await page.getByTestId('satisfaction-headline').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('nps-value').innerText()).resolves.toBe(nps);
    await expect(page.getByLabel('Segment column').inputValue()).resolves.toBe('contract');
    await expect(page.getByTestId('satisfaction-churn-table').locator('tbody tr').count()).resolves.toBe(3);
  });
});
