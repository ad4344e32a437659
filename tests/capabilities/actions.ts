// The action list's cases, run twice with the same numbers: in Node on the src/lib/actions functions
// (src/lib/actions/actions.test.ts) and in the browser through the real compute worker and IndexedDB
// (tests/browser/actions-worker.test.ts). A driver is the one difference between the two.
import { describe, expect, it } from 'vitest';
import type { ChurnScores } from '../../src/contract/churn';
import type { SavedSegmentation } from '../../src/contract/segment';
import type { UpliftScores } from '../../src/contract/uplift';
import { DEFAULT_PROFIT, type ProfitSettings } from '../../src/lib/actions/profit';
import { DEFAULT_RULES } from '../../src/lib/actions/rules';
import { DEFAULT_CUTOFFS, type ActionQuery, type ActionRule } from '../../src/lib/actions/types';
import type { ActionsPageRequest, ActionsPageView, ActionsRequest, ActionsSummary, HoldoutRequest, HoldoutSummary, OutcomeResult } from '../../src/lib/actions/views';
import type { StoredRecommend } from '../../src/lib/recommend/serve';
import { generateDemo } from '../../seeds';

export interface ActionsDriver {
  /** A dataset of a CSV text (imported as the app imports it); its id. */
  dataset(csv: string, name: string): Promise<string>;
  /** The Churn page's last scores, as it stores them. */
  saveChurn(scores: ChurnScores): Promise<void>;
  /** The segmentation the Segments page saved for the action list. */
  saveSegmentation(seg: SavedSegmentation): Promise<void>;
  /** Runs `f` while `stored` is the Recommendations page's last run (the one before comes back after). */
  withRecommend<T>(stored: StoredRecommend, f: () => Promise<T>): Promise<T>;
  /** Runs `f` while `scores` are the Uplift page's stored per-customer uplift (none before and after). */
  withUplift<T>(scores: UpliftScores, f: () => Promise<T>): Promise<T>;
  /** A role of the dataset moves (its version moves on): what was computed from it is out of date. */
  changeRoles(datasetId: string): Promise<void>;
  build(request: ActionsRequest): Promise<ActionsSummary>;
  /** New rules, and with `profit` new costs (the contact list is re-planned on the same scores). */
  setRules(rules: ActionRule[], profit?: ProfitSettings): Promise<ActionsSummary>;
  /** The profit curve as CSV. */
  profitCsv(): Promise<string>;
  page(request: ActionsPageRequest): Promise<ActionsPageView>;
  csv(query: ActionQuery): Promise<string>;
  holdout(request: HoldoutRequest): Promise<HoldoutSummary>;
  holdoutCsv(): Promise<string>;
  outcomes(csv: string): Promise<OutcomeResult>;
  report(options: { includeCustomers: boolean }): Promise<string>;
}

/** What the demo's 500 customers give with the default request (the same in Node and through the worker). */
export const DEMO_500 = {
  actions: [
    { action: 'No action', customers: 395 },
    { action: 'Call: offer an annual plan', customers: 49 },
    { action: 'Email: retention offer', customers: 38 },
    { action: 'Call: personal retention offer', customers: 17 },
    { action: 'Email win-back with recommended items', customers: 1 },
  ],
};

export function demoRequest(ids: { customers: string; transactions: string; products: string }): ActionsRequest {
  return {
    customers: { datasetId: ids.customers, id: 'customer_id', target: 'churned' },
    transactions: { datasetId: ids.transactions, customer: 'customer_id', date: 'date', amount: 'amount', item: 'product_id' },
    products: { datasetId: ids.products, key: 'product_id', name: 'name' },
    useSavedChurn: false,
    useSavedSegments: false,
    model: 'logistic',
    seed: 42,
    months: 12,
    items: 3,
    cutoffs: DEFAULT_CUTOFFS,
    rules: DEFAULT_RULES,
  };
}

/** A Recommendations page run that serves popularity on the demo transactions (only what serving reads). */
export function popularityRun(transactionsId: string): StoredRecommend {
  return {
    result: {} as StoredRecommend['result'],
    request: { datasetId: transactionsId, customer: 'customer_id', item: 'product_id', weighting: 'binary', k: 10, models: [], auto: false, seed: 1 },
    spec: { model: 'popularity' },
    tuned: false,
    candidates: [],
    specs: {},
  };
}

export async function demoDatasets(driver: ActionsDriver, options: { customers: number; seed?: number }) {
  const demo = generateDemo(options);
  return {
    customers: await driver.dataset(demo.customers, 'customers.csv'),
    transactions: await driver.dataset(demo.transactions, 'transactions.csv'),
    products: await driver.dataset(demo.products, 'products.csv'),
  };
}

export function actionsCases(driver: ActionsDriver): void {
  describe('the action list', () => {
    it('builds the list on demo data, re-applies rules, pages, exports, holds out and reports', async () => {
      const ids = await demoDatasets(driver, { customers: 500 });
      const summary = await driver.build(demoRequest(ids));
      expect(summary.customers).toBe(500);
      expect(summary.sources.churn).toContain('logistic');
      // No Lifetime value run on these transactions: the list fits all three purchase models and serves the lowest BIC.
      expect(summary.sources.clv).toMatch(/^(BG\/NBD|Pareto\/NBD|MBG\/NBD) \+ Gamma-Gamma, 12 months \(best of three by BIC\)$/);
      expect(summary.sources.segment).toContain('RFM');
      expect(summary.sources.items).toMatch(/^item-kNN \(cosine\) on "product_id"/);
      expect(summary.actions.reduce((n, a) => n + a.customers, 0)).toBe(500);
      expect(summary.actions.some((a) => a.action !== 'No action')).toBe(true);
      expect(summary.bands.reduce((n, b) => n + b.customers, 0)).toBe(500);
      expect(summary.actions.map(({ action, customers }) => ({ action, customers }))).toEqual(DEMO_500.actions);

      const page = await driver.page({ sort: 'valueAtRisk', descending: true, offset: 0, limit: 20 });
      expect(page.total).toBe(500);
      expect(page.rows).toHaveLength(20);
      for (let i = 1; i < page.rows.length; i++) expect(page.rows[i - 1].valueAtRisk!).toBeGreaterThanOrEqual(page.rows[i].valueAtRisk!);
      const top = page.rows[0];
      expect(top.valueAtRisk).toBeCloseTo(top.probability! * top.clv!, 6);
      expect(top.reasons.length).toBeGreaterThan(0);
      expect(top.items.length).toBeGreaterThan(0);
      expect(top.items[0]).toMatch(/\(P\d+\)$/); // product name with its id

      // Rules re-apply without retraining: one catch-all rule labels everyone.
      const relabelled = await driver.setRules([{ action: 'Everyone' }]);
      expect(relabelled.actions).toEqual([{ action: 'Everyone', customers: 500, valueAtRisk: relabelled.totalValueAtRisk }]);
      const back = await driver.setRules(DEFAULT_RULES);
      expect(back.actions).toEqual(summary.actions);
      await expect(driver.setRules([{ bands: ['extreme' as never], action: 'Call' }])).rejects.toThrow(/unknown risk band "extreme"/);

      // The contact list: the default rules give an action to exactly the customers whose contact is expected
      // to pay (no budget: the curve's maximum), and the list sorts by expected profit.
      const p = summary.profit!;
      expect(p.settings).toEqual(DEFAULT_PROFIT);
      expect(p.chosen.customers).toBe(500 - DEMO_500.actions[0].customers);
      expect(p.chosen.profit).toBeCloseTo(Math.max(...p.curve.profit), 9);
      const byProfit = (await driver.page({ sort: 'profit', descending: true, offset: 0, limit: 500 })).rows;
      const listed = p.chosen.customers;
      expect(byProfit.slice(0, listed).every((r) => r.inList && r.action !== 'No action' && r.profit! > 0)).toBe(true);
      expect(byProfit.slice(listed).every((r) => !r.inList && r.action === 'No action' && r.profit! <= 0)).toBe(true);
      expect(byProfit.slice(0, listed).reduce((t, r) => t + r.profit!, 0)).toBeCloseTo(p.chosen.profit, 6);
      // New costs re-plan without retraining: a budget of 10 contacts + offers keeps the 10 best.
      const budgeted = await driver.setRules(DEFAULT_RULES, { ...DEFAULT_PROFIT, budget: 10 * (DEFAULT_PROFIT.contactCost + DEFAULT_PROFIT.offerCost) });
      expect(budgeted.profit!.chosen.customers).toBe(10);
      expect(budgeted.profit!.best.customers).toBe(listed);
      expect(budgeted.actions.find((a) => a.action === 'No action')!.customers).toBe(490);
      const curve = (await driver.profitCsv()).trim().split('\r\n');
      expect(curve[0]).toBe('contacted,customer,expected_profit,cumulative_expected_profit,in_contact_list');
      expect(curve[1].split(',').slice(0, 2)).toEqual(['1', byProfit[0].customer]);
      expect(curve.slice(1).filter((l) => l.endsWith(',1'))).toHaveLength(10);
      await expect(driver.setRules(DEFAULT_RULES, { ...DEFAULT_PROFIT, saveRate: 2 })).rejects.toThrow('The save rate must be between 0 and 1, got 2');
      await driver.setRules(DEFAULT_RULES, DEFAULT_PROFIT);

      const highOnly = await driver.page({ sort: 'probability', descending: true, band: 'high', offset: 0, limit: 500 });
      expect(highOnly.rows.every((r) => r.band === 'high')).toBe(true);

      const lines = (await driver.csv({ sort: 'valueAtRisk', descending: true })).trim().split('\r\n');
      expect(lines[0]).toBe('customer,action,churn_probability,risk_band,p_alive,disagreement,clv,value_tier,value_at_risk,expected_profit,in_contact_list,segment,reason_1,reason_2,reason_3,recommended_items');
      expect(lines).toHaveLength(501);
      expect(lines[1].startsWith(`${top.customer},`)).toBe(true);

      const holdout = await driver.holdout({ from: { kind: 'top', n: 200 }, share: 0.2, seed: 7 });
      expect(holdout.customers).toBe(200);
      expect(holdout.control).toBe(holdout.strata.reduce((n, s) => n + s.control, 0));
      expect(Math.abs(holdout.control - 40)).toBeLessThanOrEqual(2);
      const groups = (await driver.holdoutCsv()).trim().split('\r\n').slice(1).map((l) => l.split(','));
      expect(groups).toHaveLength(200);
      expect(groups.filter(([, g]) => g === 'control')).toHaveLength(holdout.control);

      // Outcomes: every treatment customer retained, half the control group.
      let k = 0;
      const outcomes = ['customer_id,retained', ...groups.map(([c, g]) => `${c},${g === 'treatment' ? 'yes' : k++ % 2 ? 'yes' : 'no'}`), 'C999999,yes'].join('\n');
      const uplift = await driver.outcomes(outcomes);
      expect(uplift.matched).toBe(200);
      expect(uplift.notInHoldout).toBe(1);
      expect(uplift.treatment.rate).toBe(1);
      expect(uplift.control.rate).toBeCloseTo(Math.floor(holdout.control / 2) / holdout.control, 10);
      expect(uplift.lower).toBeGreaterThan(0);
      expect(uplift.upper).toBeLessThan(1);
      // A churn column counts inverted.
      const churned = await driver.outcomes(['customer,churned', ...groups.map(([c]) => `${c},no`)].join('\n'));
      expect(churned.outcomeColumn).toBe('churned (inverted: churned = not retained)');
      expect(churned.treatment.rate).toBe(1);

      const report = await driver.report({ includeCustomers: false });
      expect(report.startsWith('<!doctype html>')).toBe(true);
      expect(report).not.toMatch(/https?:/i);
      expect(report).not.toContain('<script');
      expect(report).not.toContain(top.customer);
      expect(report).toContain('Churn model card');
      for (const name of ['customers.csv', 'transactions.csv', 'products.csv']) expect(report).toContain(name);
      expect(report.length).toBeLessThan(2_000_000);
      expect(await driver.report({ includeCustomers: true })).toContain(top.customer);
    }, 240_000);

    it('uses the saved segmentation and the Churn page scores when they exist; works without transactions', async () => {
      const demo = generateDemo({ customers: 200, seed: 3 });
      const customers = await driver.dataset(demo.customers, 'customers.csv');
      const ids = Array.from({ length: 200 }, (_, i) => `C${String(i + 1).padStart(6, '0')}`);
      await driver.saveSegmentation({ id: 's', name: 'My segments', createdAt: 1, datasetId: customers, customers: ids, segment: ids.map((_, i) => (i % 2 ? 'Odd' : 'Even')) });
      await driver.saveChurn({
        datasetId: customers,
        createdAt: '2026-01-01T00:00:00Z',
        customers: ids,
        probability: Float64Array.from(ids, (_, i) => (i < 50 ? 0.9 : 0.1)),
        band: new Uint8Array(200),
        bandNames: ['low', 'medium', 'high'],
        reasons: ids.map(() => ['contract = Month-to-month']),
      });
      const request: ActionsRequest = {
        customers: { datasetId: customers, id: 'customer_id', target: 'churned', spend: 'monthly_fee' },
        transactions: null,
        products: null,
        useSavedChurn: true,
        useSavedSegments: true,
        model: 'logistic',
        seed: 1,
        months: 12,
        items: 3,
        cutoffs: DEFAULT_CUTOFFS,
        rules: [{ bands: ['high'], segments: ['even'], action: 'Call evens' }],
      };
      const summary = await driver.build(request);
      expect(summary.sources.churn).toBe("the Churn page's scores of 2026-01-01");
      expect(summary.sources.segment).toBe('saved segmentation "My segments"');
      expect(summary.sources.clv).toContain('monthly_fee');
      expect(summary.sources.items).toBe('none');
      expect(summary.segments).toEqual(['Even', 'Odd']);
      expect(summary.actions.find((a) => a.action === 'Call evens')?.customers).toBe(25);
      expect(summary.bands.find((b) => b.band === 'high')?.customers).toBe(50);
      const report = await driver.report({ includeCustomers: false });
      expect(report).toContain('saved on the Churn page');

      // The uplift basis: the Uplift page's scores rank the contact list (an uplift of 0.2 for the first 10 customers).
      const byUplift = { ...request, profit: { ...DEFAULT_PROFIT, basis: 'uplift' as const, offerCost: 0, contactCost: 1 } };
      await expect(driver.build(byUplift)).rejects.toThrow('No uplift scores: fit an uplift model on the Uplift page first');
      const scores: UpliftScores = { datasetId: 'campaign', createdAt: Date.UTC(2026, 0, 2), customers: ids.slice(0, 20), uplift: Float64Array.from({ length: 20 }, (_, i) => (i < 10 ? 0.2 : 0)), model: 'x' };
      const ranked = await driver.withUplift(scores, () => driver.build(byUplift));
      expect(ranked.profit!.basis).toBe("uplift model X-learner (the Uplift page's scores of 2026-01-02; 20 customers scored)");
      expect([ranked.profit!.valued, ranked.profit!.noScore, ranked.profit!.chosen.customers]).toEqual([20, 180, 10]);
      expect(ranked.notes).toContain('180 of 200 customers have no uplift score: they are not in the contact list.');

      // A column of the customers changes role: the Churn page's scores are out of date and are not used.
      await driver.changeRoles(customers);
      const stale = await driver.build({ ...request, useSavedSegments: false, items: 0, rules: DEFAULT_RULES });
      expect(stale.sources.churn).toMatch(/^logistic regression trained here on "churned" \(cross-validated AUC 0\.\d{3}\)$/);
      expect(stale.notes[0]).toMatch(/Churn page's scores are out of date/);
      expect(stale.sources.segment).toBe('none');
    }, 120_000);

    it('recommends items with the model the Recommendations page chose for these transactions, else fits item-kNN and says why', async () => {
      const ids = await demoDatasets(driver, { customers: 300, seed: 21 });
      const request = demoRequest(ids);
      const stored = popularityRun(ids.transactions);
      const served = await driver.withRecommend(stored, () => driver.build(request));
      expect(served.sources.items).toBe('Popularity (baseline) (most customers first) on "product_id" from the Recommendations page, names from the products dataset');
      const rows = (await driver.page({ sort: 'valueAtRisk', descending: true, offset: 0, limit: 100 })).rows;
      expect(rows.every((r) => r.items.length === 3 && r.items.every((i) => /\(P\d+\)$/.test(i)))).toBe(true);
      // Popularity gives (nearly) everyone the same most bought items (4 first items for 100 customers here);
      // item-kNN follows each history (about 50: the exact count moves with the top 100 by value at risk).
      expect(new Set(rows.map((r) => r.items[0])).size).toBe(4);

      const other = await driver.withRecommend({ ...stored, request: { ...stored.request, datasetId: ids.customers } }, () => driver.build(request));
      expect(other.sources.items).toBe('item-kNN (cosine) on "product_id", names from the products dataset (the Recommendations page ran on another dataset)');
      expect(other.actions).toEqual(served.actions); // the items change, not the list
      const columns = await driver.withRecommend({ ...stored, request: { ...stored.request, item: 'invoice_id' } }, () => driver.build(request));
      expect(columns.sources.items).toBe('item-kNN (cosine) on "product_id", names from the products dataset (the Recommendations page ran on "customer_id" and "invoice_id")');
      const knnRows = (await driver.page({ sort: 'valueAtRisk', descending: true, offset: 0, limit: 100 })).rows;
      expect(new Set(knnRows.map((r) => r.items[0])).size).toBeGreaterThan(30);
    }, 240_000);

    it('says what is missing before anything is built', async () => {
      const demo = generateDemo({ customers: 300, seed: 5 });
      const customers = await driver.dataset(demo.customers, 'customers.csv');
      const request = { ...demoRequest({ customers, transactions: '', products: '' }), transactions: null, products: null, useSavedChurn: true };
      await expect(driver.build({ ...request, rules: [{ action: ' ' }] })).rejects.toThrow('rule 1: the action text is empty');
      const keyless = await driver.build({ ...request, customers: { datasetId: customers, id: '', target: 'churned' }, items: 0 });
      expect(keyless.notes[0]).toMatch(/no customer key column/);
      expect(keyless.notes).toContain('No saved churn scores for this customers dataset: a model was trained here.');
      await expect(driver.holdout({ from: { kind: 'top', n: 1 }, share: 0.2, seed: 7 })).rejects.toThrow('top N must be at least 2, got 1');
    }, 120_000);
  });
}
