// The Uplift page in the built app: import a simulated campaign (seeds/campaign.ts), pick its treatment and
// outcome, run the learners in the compute worker: the balance table says the campaign looks randomised,
// the model table lists S, T and X with intervals, the customers table pages; a reload shows the run again.
import { describe, expect, inject, it } from 'vitest';
import { campaignLines } from '../../seeds/campaign';
import { buildWorld } from '../../seeds/world';
import { appSession, foreignRequests, pickFile } from './browser';

const baseUrl = inject('baseUrl');
const s = appSession(baseUrl);

describe('Uplift page', () => {
  it('runs S-, T- and X-learners on an imported campaign, and keeps the run across a reload', { timeout: 240_000 }, async () => {
    await s.page.getByTestId('dataset-list').getByText('Demo customers').waitFor({ timeout: 120_000 });
    const card = await pickFile(s, 'campaign.csv', Array.from(campaignLines(buildWorld({ customers: 500, seed: 9 }))).join(''));
    await card.getByRole('button', { name: 'Import' }).click();
    await card.getByTestId('import-summary').waitFor({ timeout: 60_000 });

    await s.page.getByRole('navigation').getByRole('button', { name: 'Uplift' }).click();
    const page = s.page.getByTestId('uplift-page');
    await expect.poll(() => page.getByLabel('Treatment column').inputValue()).toBe('treatment');
    expect(await page.getByLabel('Outcome column').inputValue()).toBe('outcome');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const models = page.getByTestId('uplift-models');
    await models.waitFor({ timeout: 120_000 });
    await expect.poll(() => models.locator('tbody tr').count()).toBe(3);
    expect(await models.innerText()).toMatch(/\(best\)/);
    await page.getByTestId('uplift-balance-ok').waitFor();
    const table = page.getByTestId('uplift-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(25);
    expect(await table.innerText()).toMatch(/1–25 of 500/);

    await s.page.reload();
    await s.page.getByTestId('uplift-models').waitFor({ timeout: 60_000 });
    await expect.poll(() => s.page.getByTestId('uplift-table').locator('tbody tr').count()).toBe(25);
  });

  it('made no request that left this machine', () => {
    expect(foreignRequests(s.requests, baseUrl)).toEqual([]);
  });
});
