// Lifetime value, cohorts and survival through the real compute worker, on data imported by the real
// import worker: CDNOW (lifetimes' reference fit) and a small demo workspace.
import { proxy } from 'comlink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelProgress } from '../../src/contract';
import { generateDemo } from '../../seeds';
import { createComputeBridge } from '../../src/state/worker-pool';
import type { DatasetMeta } from '../../src/storage/db';
import { deleteDataset } from '../../src/storage/datasets';
import { datasetFile, importForTest, textFile } from './files';

const bridge = createComputeBridge();
const made: string[] = [];
let cdnow: DatasetMeta;

beforeAll(async () => {
  cdnow = await importForTest(await datasetFile('cdnow/CDNOW_sample.txt'), { header: false, columns: ['customer', 'sample', 'date', 'cds', 'dollars'] });
  made.push(cdnow.id);
});

afterAll(async () => {
  bridge.cancel();
  for (const id of made) await deleteDataset(id);
});

describe('lifetime value worker', () => {
  it("reproduces lifetimes' BG/NBD fit on the CDNOW sample (weeks, calibration to 1997-09-30)", async () => {
    const stages: string[] = [];
    const columns = { datasetId: cdnow.id, customer: 'customer', date: 'date', amount: 'dollars' };
    const result = await bridge.run((api) =>
      api.clv(
        { ...columns, unit: 'week', calibrationEnd: '1997-09-30', months: 12, monthlyDiscountRate: 0.01, penalizer: 0 },
        proxy((p: ModelProgress) => stages.push(p.stage)),
      ),
    );
    const p = result.analysis.bgnbd.params;
    expect(Math.abs(p.r - 0.2426)).toBeLessThan(0.005);
    expect(Math.abs(p.alpha - 4.4135)).toBeLessThan(0.005);
    expect(Math.abs(p.a - 0.7929)).toBeLessThan(0.005);
    expect(Math.abs(p.b - 2.4258)).toBeLessThan(0.005);
    expect(result.analysis.customers).toBe(result.summary.customers.length);
    expect(result.summary.holdout).not.toBeNull();
    expect(result.analysis.charts.calibrationVsHoldout?.length).toBe(8);
    expect(result.analysis.charts.clvHistogram?.counts.length).toBeGreaterThan(0);
    expect(result.analysis.gammaGamma).not.toBeNull();
    expect(stages.length).toBeGreaterThan(1);

    // The table pages, sorts and searches in the worker.
    const page = await bridge.run((api) => api.clvRows({ sort: 'clv', descending: true, offset: 0, limit: 20 }));
    expect(page.total).toBe(result.analysis.customers);
    expect(page.rows).toHaveLength(20);
    for (let i = 1; i < page.rows.length; i++) expect(page.rows[i - 1].clv!).toBeGreaterThanOrEqual(page.rows[i].clv!);
    const next = await bridge.run((api) => api.clvRows({ sort: 'clv', descending: true, offset: 20, limit: 20 }));
    expect(next.rows[0].clv!).toBeLessThanOrEqual(page.rows[19].clv!);
    const byAlive = await bridge.run((api) => api.clvRows({ sort: 'pAlive', descending: false, offset: 0, limit: 5 }));
    expect(byAlive.rows[0].pAlive).toBeLessThanOrEqual(byAlive.rows[4].pAlive);
    const one = page.rows[0].customer;
    const found = await bridge.run((api) => api.clvRows({ sort: 'customer', descending: false, offset: 0, limit: 5, search: one }));
    expect(found.rows.map((r) => r.customer)).toContain(one);

    const csv = await bridge.run((api) => api.clvCsv({ sort: 'clv', descending: true }));
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('customer,frequency,recency,age,mean_spend,p_alive,expected_purchases,expected_spend,clv');
    expect(lines).toHaveLength(result.analysis.customers + 1);
    expect(lines[1].split(',')[0]).toBe(one);
  });

  it('builds monthly cohorts whose sizes sum to the customers', async () => {
    const m = await bridge.run((api) => api.cohorts({ datasetId: cdnow.id, customer: 'customer', date: 'date', amount: 'dollars', period: 'month' }));
    expect(m.customers).toBe(2357);
    expect(m.cohorts.reduce((n, c) => n + c.size, 0)).toBe(m.customers);
    m.cohorts.forEach((c, i) => expect(m.active[i][0]).toBe(c.size));
    expect(m.revenue).not.toBeNull();
    const weeks = await bridge.run((api) => api.cohorts({ datasetId: cdnow.id, customer: 'customer', date: 'date', period: 'week' }));
    expect(weeks.cohorts.reduce((n, c) => n + c.size, 0)).toBe(2357);
    expect(weeks.revenue).toBeNull();
  });

  it('splits survival of the demo transactions by the customers contract (joined) with a log-rank test', async () => {
    const demo = generateDemo({ customers: 400 });
    const tx = await importForTest(textFile(demo.transactions, 'demo-transactions.csv'));
    made.push(tx.id);
    const customers = await importForTest(textFile(demo.customers, 'demo-customers.csv'));
    made.push(customers.id);
    expect(tx.roles.customer).toBeTruthy();
    expect(customers.roles.customer).toBeTruthy();
    const request = { datasetId: tx.id, customer: tx.roles.customer!, date: tx.roles.date!, amount: tx.roles.amount, churnAfterDays: 90 };
    const r = await bridge.run((api) => api.survival({ ...request, join: { datasetId: customers.id, key: customers.roles.customer!, column: 'contract' } }));
    expect(r.groups.map((g) => g.name).sort()).toEqual(['Month-to-month', 'One year', 'Two year']);
    expect(r.groups.reduce((n, g) => n + g.subjects, 0)).toBe(r.customers);
    expect(r.logRank).not.toBeNull();
    expect(r.logRank!.degreesOfFreedom).toBe(2);
    expect(r.logRank!.pValue).toBeGreaterThanOrEqual(0);
    expect(r.logRank!.pValue).toBeLessThanOrEqual(1);
    for (const g of r.groups) expect(g.curve.lower.length).toBe(g.curve.time.length);

    const overall = await bridge.run((api) => api.survival(request));
    expect(overall.groups).toEqual([]);
    expect(overall.overall.subjects).toBe(r.customers);
  });
});
