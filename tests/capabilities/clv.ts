// Lifetime value, cohorts and survival cases that run twice: in Node on src/lib/clv directly
// (src/lib/clv/clv.test.ts) and in the browser through the compute worker on data imported by the import
// worker (tests/browser/clv-worker.test.ts). Each runner supplies a driver; the numbers are the same.
import { expect } from 'vitest';
import type { ClvOrder, ClvRequest, ClvRowsPage, ClvRowsQuery, ClvView, CohortRequest, SurvivalRequest, SurvivalResult } from '../../src/lib/clv';
import type { CohortMatrix } from '../../src/lib/models/cohorts/cohorts';
import { generateDemo } from '../../seeds';

/** How a case reaches the capability: its datasets, runs, pages and CSV. */
export interface ClvDriver {
  /** A public dataset under ../shared/datasets, or a text file, stored as the app stores it; returns its id. */
  dataset(source: { file: string; header?: boolean; columns?: string[] } | { text: string; name: string }): Promise<string>;
  clv(request: ClvRequest, first?: Partial<ClvRowsQuery>): Promise<{ view: ClvView; stages: string[] }>;
  rows(query: ClvRowsQuery): Promise<ClvRowsPage>;
  csv(order?: ClvOrder): Promise<string>;
  cohorts(request: CohortRequest): Promise<CohortMatrix>;
  survival(request: SurvivalRequest): Promise<SurvivalResult>;
}

export interface ClvCase {
  name: string;
  run(d: ClvDriver): Promise<void>;
}

const CDNOW_SAMPLE = { file: 'cdnow/CDNOW_sample.txt', header: false, columns: ['customer', 'sample', 'date', 'cds', 'dollars'] };

export const clvCases: ClvCase[] = [
  {
    name: "reproduces lifetimes' BG/NBD fit on the CDNOW sample (weeks, calibration to 1997-09-30); the table pages, sorts, searches and exports",
    async run(d) {
      const datasetId = await d.dataset(CDNOW_SAMPLE);
      const request: ClvRequest = { datasetId, customer: 'customer', date: 'date', amount: 'dollars', unit: 'week', calibrationEnd: '1997-09-30', months: 12, monthlyDiscountRate: 0.01, penalizer: 0 };
      const { view: result, stages } = await d.clv(request);
      const p = result.analysis.bgnbd.params;
      expect(Math.abs(p.r - 0.2426)).toBeLessThan(0.005);
      expect(Math.abs(p.alpha - 4.4135)).toBeLessThan(0.005);
      expect(Math.abs(p.a - 0.7929)).toBeLessThan(0.005);
      expect(Math.abs(p.b - 2.4258)).toBeLessThan(0.005);
      expect(result.analysis.customers).toBe(result.summary.customers);
      expect(result.summary.holdout).not.toBeNull();
      expect(result.analysis.charts.calibrationVsHoldout?.length).toBe(8);
      expect(result.analysis.charts.clvHistogram?.counts.length).toBeGreaterThan(0);
      expect(result.analysis.gammaGamma).not.toBeNull();
      expect(result.analysis.hasClv).toBe(true);
      expect(result.summary.hasSpend).toBe(true);
      expect(stages.length).toBeGreaterThan(1);
      // The view carries no per-customer arrays: only the first page of the table, by CLV.
      expect('perCustomer' in result.analysis).toBe(false);
      expect(result.table.query).toMatchObject({ sort: 'clv', descending: true, offset: 0, limit: 20 });

      // The table pages, sorts and searches where the fit is kept.
      const page = await d.rows({ sort: 'clv', descending: true, offset: 0, limit: 20 });
      expect(page).toEqual(result.table.page);
      expect(page.total).toBe(result.analysis.customers);
      expect(page.rows).toHaveLength(20);
      for (let i = 1; i < page.rows.length; i++) expect(page.rows[i - 1].clv!).toBeGreaterThanOrEqual(page.rows[i].clv!);
      const next = await d.rows({ sort: 'clv', descending: true, offset: 20, limit: 20 });
      expect(next.rows[0].clv!).toBeLessThanOrEqual(page.rows[19].clv!);
      const byAlive = await d.rows({ sort: 'pAlive', descending: false, offset: 0, limit: 5 });
      expect(byAlive.rows[0].pAlive).toBeLessThanOrEqual(byAlive.rows[4].pAlive);
      const one = page.rows[0].customer;
      const found = await d.rows({ sort: 'customer', descending: false, offset: 0, limit: 5, search: one });
      expect(found.rows.map((r) => r.customer)).toContain(one);

      const csv = await d.csv({ sort: 'clv', descending: true });
      const lines = csv.trim().split('\r\n');
      expect(lines[0]).toBe('customer,frequency,recency,age,mean_spend,p_alive,expected_purchases,expected_spend,clv');
      expect(lines).toHaveLength(result.analysis.customers + 1);
      expect(lines[1].split(',')[0]).toBe(one);
    },
  },
  {
    name: 'without an amount there is no CLV: the first page is by P(alive), in the order asked for',
    async run(d) {
      const datasetId = await d.dataset(CDNOW_SAMPLE);
      const request: ClvRequest = { datasetId, customer: 'customer', date: 'date', unit: 'week', months: 12, monthlyDiscountRate: 0.01, penalizer: 0 };
      const { view } = await d.clv(request, { sort: 'clv', descending: false, limit: 7 });
      expect(view.analysis.hasClv).toBe(false);
      expect(view.summary.hasSpend).toBe(false);
      expect(view.analysis.gammaGamma).toBeNull();
      expect(view.summary.holdout).toBeNull();
      expect(view.table.query).toMatchObject({ sort: 'pAlive', descending: false, limit: 7 });
      expect(view.table.page.rows).toHaveLength(7);
      for (let i = 1; i < 7; i++) expect(view.table.page.rows[i - 1].pAlive).toBeLessThanOrEqual(view.table.page.rows[i].pAlive);
      expect(view.table.page.rows.every((r) => r.clv === null && r.spend === null)).toBe(true);
      const lines = (await d.csv()).trim().split('\r\n');
      expect(lines).toHaveLength(view.analysis.customers + 1);
    },
  },
  {
    name: 'builds monthly cohorts whose sizes sum to the customers',
    async run(d) {
      const datasetId = await d.dataset(CDNOW_SAMPLE);
      const m = await d.cohorts({ datasetId, customer: 'customer', date: 'date', amount: 'dollars', period: 'month' });
      expect(m.customers).toBe(2357);
      expect(m.cohorts.reduce((n, c) => n + c.size, 0)).toBe(m.customers);
      m.cohorts.forEach((c, i) => expect(m.active[i][0]).toBe(c.size));
      expect(m.revenue).not.toBeNull();
      const weeks = await d.cohorts({ datasetId, customer: 'customer', date: 'date', period: 'week' });
      expect(weeks.cohorts.reduce((n, c) => n + c.size, 0)).toBe(2357);
      expect(weeks.revenue).toBeNull();
    },
  },
  {
    name: 'splits survival of the demo transactions by the customers contract (joined) with a log-rank test',
    async run(d) {
      const demo = generateDemo({ customers: 400 });
      const tx = await d.dataset({ text: demo.transactions, name: 'demo-transactions.csv' });
      const customers = await d.dataset({ text: demo.customers, name: 'demo-customers.csv' });
      const request = { datasetId: tx, customer: 'customer_id', date: 'date', amount: 'amount', churnAfterDays: 90 };
      const r = await d.survival({ ...request, join: { datasetId: customers, key: 'customer_id', column: 'contract' } });
      expect(r.groups.map((g) => g.name).sort()).toEqual(['Month-to-month', 'One year', 'Two year']);
      expect(r.groups.reduce((n, g) => n + g.subjects, 0)).toBe(r.customers);
      expect(r.logRank).not.toBeNull();
      expect(r.logRank!.degreesOfFreedom).toBe(2);
      expect(r.logRank!.pValue).toBeGreaterThanOrEqual(0);
      expect(r.logRank!.pValue).toBeLessThanOrEqual(1);
      for (const g of r.groups) expect(g.curve.lower.length).toBe(g.curve.time.length);

      const overall = await d.survival(request);
      expect(overall.groups).toEqual([]);
      expect(overall.overall.subjects).toBe(r.customers);
    },
  },
];
