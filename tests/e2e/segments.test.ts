// The Segments page on the demo workspace: RFM segments, a suggested K, the map, and the CSV export.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { appSession, foreignRequests } from './browser';

const baseUrl = inject('baseUrl');
const s = appSession(baseUrl);

beforeAll(async () => {
  await s.page.getByTestId('dataset-list').getByText('Demo transactions').waitFor({ timeout: 60_000 });
});

describe('Segments page', () => {
  it('segments the demo customers by RFM with a suggested K', async () => {
    await s.page.getByRole('button', { name: 'Segments', exact: true }).click();
    // exact: the Data page's "Links between datasets" section is labelled with the word too.
    await expect(s.page.getByLabel('Dataset', { exact: true }).inputValue()).resolves.toBeTruthy();
    await s.page.getByRole('button', { name: 'Segment customers' }).click();
    const summary = s.page.getByTestId('segment-summary');
    await summary.waitFor({ timeout: 120_000 });
    expect(await summary.innerText()).toMatch(/2,000 customers in \d+ segments/);
    const rfmRows = await s.page.getByTestId('rfm-table').locator('tbody tr').count();
    expect(rfmRows).toBe(11);
    // The charts render a task after the summary (in parts): wait for them.
    await s.page.getByText('Elbow: inertia by K').waitFor({ timeout: 10_000 });
    await s.page.locator('canvas').first().waitFor({ timeout: 10_000 });
    await expect(s.page.getByText('Elbow: inertia by K').count()).resolves.toBe(1);
    // 2,000 customers are too few to be worth a second thread.
    await expect(s.page.getByText(/wasm-simd kernel, 1 thread \(engine: \w+\)/).count()).resolves.toBe(1);

    const download = s.page.waitForEvent('download');
    await s.page.getByRole('button', { name: 'Export customers (CSV)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/segments\.csv$/);
    const text = await (await file.createReadStream()).toArray();
    const csv = Buffer.concat(text).toString('utf8');
    expect(csv.split('\r\n')[0]).toBe('customer,recency,frequency,monetary,r_score,f_score,m_score,rfm_segment,cluster');
    expect(csv.trim().split('\r\n')).toHaveLength(2001);
  });

  it('shows the last segmentation again after a reload, and exports it from the store', async () => {
    const summary = s.page.getByTestId('segment-summary');
    const heading = await summary.getByRole('heading').innerText();
    const k = await s.page.getByLabel('Number of segments').inputValue();

    await s.page.reload();
    await s.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Segments', exact: true }).click();
    await summary.waitFor({ timeout: 60_000 });
    await expect(summary.getByRole('heading').innerText()).resolves.toBe(heading);
    await expect(s.page.getByTestId('rfm-table').locator('tbody tr').count()).resolves.toBe(11);
    await s.page.getByText('Elbow: inertia by K').waitFor({ timeout: 10_000 });
    await expect(s.page.getByText('Elbow: inertia by K').count()).resolves.toBe(1);
    await expect(s.page.getByLabel('Number of segments').inputValue()).resolves.toBe(k);
    await expect(s.page.getByTestId('stale-notice').count()).resolves.toBe(0);

    const download = s.page.waitForEvent('download');
    await s.page.getByRole('button', { name: 'Export customers (CSV)' }).click();
    const text = await (await (await download).createReadStream()).toArray();
    expect(Buffer.concat(text).toString('utf8').trim().split('\r\n')).toHaveLength(2001);
  });

  it('keeps a view the URL asks for (attributes) over the last RFM result, and says whose result is shown after a switch', async () => {
    const summary = s.page.getByTestId('segment-summary');
    // Switching the kind keeps the last result on screen, saying it is of another choice.
    await s.page.getByLabel('Customer attributes').check();
    await expect(s.page.getByTestId('segment-elsewhere').innerText()).resolves.toMatch(/^The result below is the last one, of “Demo transactions” \(RFM from transactions\): run to segment the current choice\.$/);
    await expect.poll(() => new URL(s.page.url()).hash).toMatch(/kind=attributes/);
    // A reload of that URL opens the attributes view: the stored RFM result does not take it over.
    await s.page.reload();
    await s.page.getByLabel('Customer attributes').waitFor();
    await s.page.waitForTimeout(1500);
    expect(new URL(s.page.url()).hash).toMatch(/kind=attributes/);
    await expect(s.page.getByLabel('Customer attributes').isChecked()).resolves.toBe(true);
    await expect(summary.count()).resolves.toBe(0);
  });

  it('made no request that left this machine', () => {
    expect(foreignRequests(s.requests, baseUrl)).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });
});
