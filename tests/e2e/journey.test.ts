// The whole journey from an empty browser profile, as issue 7 describes it: the demo data imports, churn
// trains and is saved, CLV runs, the action list is built from them, the report and the list are
// exported; then offline, after a reload, everything stored is still there and the list rebuilds.
import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import { appSession, foreignRequests } from './browser';

const baseUrl = inject('baseUrl');
const s = appSession(baseUrl);
const nav = (name: string) => s.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true }).click();

describe('from an empty profile to an action list, then offline', () => {
  it('imports the demo, trains churn, computes CLV, builds and exports the action list and report', async () => {
    await s.page.getByTestId('dataset-list').getByText('Demo events').waitFor({ timeout: 120_000 });

    await nav('Churn');
    const churn = s.page.getByTestId('churn-page');
    await churn.getByTestId('churn-label-summary').waitFor({ timeout: 60_000 });
    await churn.getByLabel('Folds').fill('3');
    await churn.getByRole('button', { name: 'Train churn model' }).click();
    await churn.getByTestId('churn-leaderboard').waitFor({ timeout: 170_000 });
    const models = s.page.getByTestId('churn-models');
    await models.getByLabel('Model name').fill('journey model');
    await models.getByRole('button', { name: 'Save this model' }).click();
    await models.getByRole('cell', { name: 'journey model', exact: true }).waitFor();

    await nav('Lifetime value');
    const clv = s.page.getByTestId('clv-page');
    await clv.getByRole('button', { name: 'Run', exact: true }).click();
    await clv.getByTestId('clv-summary').waitFor({ timeout: 120_000 });

    await nav('Actions');
    const actions = s.page.getByTestId('actions-page');
    await actions.getByRole('button', { name: 'Build action list' }).click();
    const table = actions.getByTestId('action-table');
    await table.waitFor({ timeout: 180_000 });
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(10);

    const list = s.page.waitForEvent('download');
    await table.getByRole('button', { name: 'Export CSV' }).click();
    const csv = await readFile((await (await list).path())!, 'utf8');
    expect(csv.trim().split('\r\n')).toHaveLength(2001);

    const report = s.page.waitForEvent('download');
    await s.page.getByRole('button', { name: 'Download report' }).click();
    const html = await readFile((await (await report).path())!, 'utf8');
    expect(html.length).toBeLessThan(2e6);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('after a reload with the network off, the datasets, the saved model and the action list are all there', async () => {
    await s.page.waitForFunction(() => !!navigator.serviceWorker?.controller, null, { timeout: 120_000 });
    await s.context.setOffline(true);
    await s.page.reload();
    // The reload comes back to the page in the URL (Actions): the datasets are on the Data page.
    await s.page.getByRole('navigation', { name: 'Sections' }).waitFor({ timeout: 60_000 });
    await nav('Data');
    const list = s.page.getByTestId('dataset-list');
    await list.getByText('Demo transactions').waitFor({ timeout: 60_000 });
    for (const name of ['Demo customers', 'Demo products', 'Demo events']) await expect(list.getByText(name).count()).resolves.toBe(1);

    await nav('Churn');
    await s.page.getByTestId('churn-models').getByRole('cell', { name: 'journey model', exact: true }).waitFor({ timeout: 60_000 });

    await nav('Actions');
    const actions = s.page.getByTestId('actions-page');
    // The list built before the reload is shown at once (the stored result), then it rebuilds offline.
    await actions.getByTestId('action-table').waitFor({ timeout: 60_000 });
    expect(await actions.getByTestId('action-table').locator('tbody tr').count()).toBeGreaterThan(10);
    await actions.getByRole('button', { name: 'Build action list' }).click();
    await actions.getByTestId('action-table').waitFor({ timeout: 180_000 });
    await s.context.setOffline(false);
  });

  it('made no request that left this machine', () => {
    expect(foreignRequests(s.requests, baseUrl)).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });
});
