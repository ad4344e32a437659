// The Actions page in the built app on the demo workspace: build the list, see actions, edit a rule,
// export the CSV, draw a hold-out and read outcomes, download the report and open it offline.
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { appSession, foreignRequests } from './browser';

const baseUrl = inject('baseUrl');
const s = appSession(baseUrl);

beforeAll(async () => {
  await s.page.setViewportSize({ width: 1360, height: 900 });
  await s.page.getByTestId('dataset-list').getByText('Demo events').waitFor({ timeout: 120_000 });
  await s.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Actions' }).click();
});

describe('Actions page', () => {
  it('picks the demo datasets by their roles', async () => {
    const page = s.page.getByTestId('actions-page');
    await expect(page.getByLabel('Customers dataset').locator('option:checked').innerText()).resolves.toBe('Demo customers');
    await expect(page.getByLabel('Churn label column').inputValue()).resolves.toBe('churned');
    await expect(page.getByLabel('Transactions dataset').locator('option:checked').innerText()).resolves.toBe('Demo transactions');
    await expect(page.getByLabel('Transactions item column').inputValue()).resolves.toBe('product_id');
    await expect(page.getByLabel('Products dataset').locator('option:checked').innerText()).resolves.toBe('Demo products');
  });

  it('builds the list: rows with actions, reasons and items; rules re-apply; CSV export', async () => {
    const page = s.page.getByTestId('actions-page');
    await page.getByRole('button', { name: 'Build action list' }).click();
    const table = page.getByTestId('action-table');
    await table.waitFor({ timeout: 180_000 });
    await expect(table.locator('tbody tr').count()).resolves.toBe(50);
    await s.page.screenshot({ path: '/tmp/actions-list.png', fullPage: true });
    const text = await table.innerText();
    expect(text).toMatch(/Call: |Email/);
    expect(text).toContain('contract is ');

    // A new first rule that catches everyone relabels the list at once.
    await page.getByRole('button', { name: 'Add rule' }).click();
    const rules = page.getByRole('region', { name: 'Action rules' });
    const n = await rules.locator('tbody tr').count();
    await rules.getByRole('button', { name: `Move rule ${n - 1} up` }).click();
    for (let i = n - 2; i > 1; i--) await rules.getByRole('button', { name: `Move rule ${i} up` }).click();
    await rules.getByLabel('Rule 1 action').fill('Everyone first');
    await rules.getByRole('button', { name: 'Apply rules' }).click();
    await table.locator('tbody').getByText('Everyone first').first().waitFor({ timeout: 30_000 });
    await expect(page.getByLabel('Filter by action').locator('option').allInnerTexts()).resolves.toEqual(['All actions', 'Everyone first (2,000)']);
    await rules.getByRole('button', { name: 'Remove rule 1' }).click();
    await rules.getByRole('button', { name: 'Apply rules' }).click();
    await table.locator('tbody').getByText('Everyone first').first().waitFor({ state: 'detached', timeout: 30_000 });

    const download = s.page.waitForEvent('download');
    await table.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('action-list.csv');
    const lines = (await readFile((await file.path())!, 'utf8')).trim().split('\r\n');
    expect(lines[0]).toMatch(/^customer,action,churn_probability,risk_band,p_alive/);
    expect(lines).toHaveLength(2001);

    // The contact list: a budget of 10 contacts + offers re-plans it without retraining; the curve exports.
    const profit = page.getByTestId('actions-profit');
    await expect(profit.getByTestId('profit-kpis').innerText()).resolves.toMatch(/^Contact [\d,]+ of 2,000 customers/);
    await profit.getByLabel('Budget', { exact: true }).fill('-5');
    await profit.getByLabel('Budget', { exact: true }).blur();
    await expect(profit.getByTestId('profit-problem').innerText()).resolves.toBe('The budget must be a number at or above 0, got -5');
    await profit.getByLabel('Budget', { exact: true }).fill('120');
    await profit.getByRole('button', { name: 'Apply costs' }).click();
    await profit.getByText('Contact 10 of 2,000 customers').waitFor({ timeout: 30_000 });
    await profit.getByText(/The budget allows 10 customers/).waitFor();
    await expect(page.getByLabel('Filter by action').locator('option').first().innerText()).resolves.toBe('All actions');
    await expect(page.getByLabel('Filter by action').locator('option', { hasText: 'No action' }).innerText()).resolves.toBe('No action (1,990)');
    const curveFile = s.page.waitForEvent('download');
    await profit.getByRole('button', { name: 'Export curve (CSV)' }).click();
    const curve = (await readFile((await (await curveFile).path())!, 'utf8')).trim().split('\r\n');
    expect(curve[0]).toBe('contacted,customer,expected_profit,cumulative_expected_profit,in_contact_list');
    expect(curve.filter((l) => l.endsWith(',1'))).toHaveLength(10);
    await profit.screenshot({ path: '/tmp/actions-profit.png' });
  });

  it('draws a hold-out, exports both groups and reads outcomes', async () => {
    const panel = s.page.getByTestId('holdout');
    await panel.getByRole('button', { name: 'Draw control group' }).click();
    await panel.getByText(/treatment · /).waitFor({ timeout: 30_000 });
    const download = s.page.waitForEvent('download');
    await panel.getByRole('button', { name: 'Export both groups (CSV)' }).click();
    const rows = (await readFile((await (await download).path())!, 'utf8')).trim().split('\r\n').slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(200);
    const outcomes = ['customer,retained', ...rows.map(([c, g], i) => `${c},${g === 'treatment' ? 1 : i % 2}`)].join('\n');
    await panel.getByLabel('Outcomes CSV').setInputFiles({ name: 'outcomes.csv', mimeType: 'text/csv', buffer: Buffer.from(outcomes) });
    const uplift = panel.getByTestId('uplift');
    await uplift.waitFor({ timeout: 30_000 });
    await expect(uplift.innerText()).resolves.toMatch(/Uplift \+\d+\.\d pts \(95% CI/);
    await expect(uplift.innerText()).resolves.toContain('200 of 200 outcome rows matched');
    await s.page.screenshot({ path: '/tmp/actions-holdout.png', fullPage: true });
  });

  it('downloads a self-contained report that opens without any request', async () => {
    const download = s.page.waitForEvent('download');
    await s.page.getByRole('button', { name: 'Download report' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('retention-report.html');
    // Saved with its .html name so Chromium renders it as a page.
    const path = join(mkdtempSync(join(tmpdir(), 'report-')), file.suggestedFilename());
    await file.saveAs(path);
    const html = await readFile(path, 'utf8');
    expect(html.length).toBeLessThan(2_000_000);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toContain('<script');
    for (const heading of ['Data', 'Segments (RFM)', 'Churn model card', 'Lifetime value', 'Cohort retention', 'Action list', 'Contact list (expected profit)']) expect(html).toContain(`<h2>${heading}</h2>`);
    expect(html).not.toMatch(/C0\d{5}/); // no customer rows unless asked

    const viewer = await s.context.newPage();
    const seen: string[] = [];
    viewer.on('request', (r) => seen.push(r.url()));
    await viewer.goto(`file://${path}`);
    await viewer.getByRole('heading', { name: 'Churn model card' }).waitFor();
    await viewer.setViewportSize({ width: 1100, height: 900 });
    await viewer.screenshot({ path: '/tmp/actions-report.png', fullPage: true });
    expect(seen).toEqual([`file://${path}`]);
    await viewer.close();
  });

  it('keeps the list, its form and its hold-out across a reload (paging and CSV from the stored list)', async () => {
    const before = await s.page.getByTestId('actions-summary').locator('h2').textContent(); // textContent: an off-screen panel skips rendering (content-visibility), so its innerText is ''
    await s.page.reload();
    const page = s.page.getByTestId('actions-page');
    // The URL brings the reload back to this page; were it the start page, go there.
    await page.or(s.page.getByTestId('dataset-list')).first().waitFor({ timeout: 60_000 });
    if (!(await page.isVisible())) await s.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Actions' }).click();
    const table = page.getByTestId('action-table');
    await table.waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('actions-summary').locator('h2').textContent()).resolves.toBe(before);
    await expect(table.locator('tbody tr').count()).resolves.toBe(50);
    await expect(page.getByLabel('Customers dataset').locator('option:checked').innerText()).resolves.toBe('Demo customers');
    await expect(page.getByTestId('stale-notice').count()).resolves.toBe(0);
    // The costs are part of the stored list's settings.
    await expect(page.getByTestId('actions-profit').getByLabel('Budget', { exact: true }).inputValue()).resolves.toBe('120');
    await page.getByTestId('actions-profit').getByText('Contact 10 of 2,000 customers').waitFor({ timeout: 30_000 });
    await s.page.getByTestId('holdout').getByText(/treatment · /).waitFor({ timeout: 30_000 });

    await table.getByText('1–50 of 2,000').waitFor({ timeout: 30_000 });
    await table.getByRole('button', { name: 'Next page' }).click();
    await table.getByText('51–100 of 2,000').waitFor({ timeout: 30_000 });
    await expect(table.locator('tbody tr').count()).resolves.toBe(50);
    const download = s.page.waitForEvent('download');
    await table.getByRole('button', { name: 'Export CSV' }).click();
    const lines = (await readFile((await (await download).path())!, 'utf8')).trim().split('\r\n');
    expect(lines).toHaveLength(2001);
  });

  it('says the list is out of date once a segmentation is saved after it was built', async () => {
    const nav = s.page.getByRole('navigation', { name: 'Sections' });
    const page = s.page.getByTestId('actions-page');
    await expect(page.getByTestId('actions-outdated').count()).resolves.toBe(0);
    await nav.getByRole('button', { name: 'Segments', exact: true }).click();
    await s.page.getByRole('button', { name: 'Segment customers' }).click();
    await s.page.getByTestId('segment-summary').waitFor({ timeout: 120_000 });
    await s.page.getByLabel('Segmentation name').fill('Later segments');
    await s.page.getByRole('button', { name: 'Save for the action list' }).click();
    await s.page.getByText('Saved “Later segments”').waitFor({ timeout: 30_000 });
    // The Actions page stayed mounted while hidden: shown again, it reads what was saved meanwhile.
    await nav.getByRole('button', { name: 'Actions' }).click();
    await page.getByTestId('actions-outdated').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('actions-outdated').innerText()).toBe('Built before the segmentation “Later segments” was saved: build again.');
  });

  it('made no request that left this machine', () => {
    const own = s.requests.filter((u) => !u.startsWith('file://'));
    expect(foreignRequests(own, baseUrl)).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });
});
