// The action list through the real compute worker on the demo data (500 customers): build, rules,
// paging, CSV, hold-out, outcomes and the report.
import { afterAll, describe, expect, it } from 'vitest';
import type { ActionsRequest, ChurnScores, SavedSegmentation } from '../../src/contract';
import { DEFAULT_CUTOFFS } from '../../src/lib/actions/types';
import { DEFAULT_RULES } from '../../src/lib/actions/rules';
import { generateDemo } from '../../seeds';
import { createComputeBridge } from '../../src/state/worker-pool';
import { deleteDataset, deleteSetting, getSetting, setSetting, updateDataset } from '../../src/storage/datasets';
import { importForTest, textFile } from './files';

const bridge = createComputeBridge();
const made: string[] = [];

afterAll(async () => {
  bridge.cancel();
  for (const id of made) await deleteDataset(id);
});

describe('actions worker', () => {
  it('builds the list on demo data, re-applies rules, pages, exports, holds out and reports', async () => {
    const demo = generateDemo({ customers: 500 });
    const customers = await importForTest(textFile(demo.customers, 'customers.csv'));
    const tx = await importForTest(textFile(demo.transactions, 'transactions.csv'));
    const products = await importForTest(textFile(demo.products, 'products.csv'));
    made.push(customers.id, tx.id, products.id);

    const request: ActionsRequest = {
      customers: { datasetId: customers.id, id: 'customer_id', target: 'churned' },
      transactions: { datasetId: tx.id, customer: 'customer_id', date: 'date', amount: 'amount', item: 'product_id' },
      products: { datasetId: products.id, key: 'product_id', name: 'name' },
      useSavedChurn: false,
      useSavedSegments: false,
      model: 'logistic',
      seed: 42,
      months: 12,
      items: 3,
      cutoffs: DEFAULT_CUTOFFS,
      rules: DEFAULT_RULES,
    };
    const summary = await bridge.run((api) => api.actionsBuild(request));
    expect(summary.customers).toBe(500);
    expect(summary.sources.churn).toContain('logistic');
    expect(summary.sources.clv).toContain('BG/NBD');
    expect(summary.sources.segment).toContain('RFM');
    expect(summary.actions.reduce((n, a) => n + a.customers, 0)).toBe(500);
    expect(summary.actions.some((a) => a.action !== 'No action')).toBe(true);
    expect(summary.bands.reduce((n, b) => n + b.customers, 0)).toBe(500);

    const page = await bridge.run((api) => api.actionsPage({ sort: 'valueAtRisk', descending: true, offset: 0, limit: 20 }));
    expect(page.total).toBe(500);
    expect(page.rows).toHaveLength(20);
    for (let i = 1; i < page.rows.length; i++) expect(page.rows[i - 1].valueAtRisk!).toBeGreaterThanOrEqual(page.rows[i].valueAtRisk!);
    const top = page.rows[0];
    expect(top.valueAtRisk).toBeCloseTo(top.probability! * top.clv!, 6);
    expect(top.reasons.length).toBeGreaterThan(0);
    expect(top.items.length).toBeGreaterThan(0);
    expect(top.items[0]).toMatch(/\(P\d+\)$/); // product name with its id

    // Rules re-apply without retraining: one catch-all rule labels everyone.
    const relabelled = await bridge.run((api) => api.actionsSetRules([{ action: 'Everyone' }]));
    expect(relabelled.actions).toEqual([{ action: 'Everyone', customers: 500, valueAtRisk: relabelled.totalValueAtRisk }]);
    const back = await bridge.run((api) => api.actionsSetRules(DEFAULT_RULES));
    expect(back.actions).toEqual(summary.actions);

    const highOnly = await bridge.run((api) => api.actionsPage({ sort: 'probability', descending: true, band: 'high', offset: 0, limit: 500 }));
    expect(highOnly.rows.every((r) => r.band === 'high')).toBe(true);

    const csv = await bridge.run((api) => api.actionsCsv({ sort: 'valueAtRisk', descending: true }));
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('customer,action,churn_probability,risk_band,p_alive,disagreement,clv,value_tier,value_at_risk,segment,reason_1,reason_2,reason_3,recommended_items');
    expect(lines).toHaveLength(501);

    const holdout = await bridge.run((api) => api.actionsHoldout({ from: { kind: 'top', n: 200 }, share: 0.2, seed: 7 }));
    expect(holdout.customers).toBe(200);
    expect(holdout.control).toBe(holdout.strata.reduce((n, s) => n + s.control, 0));
    expect(Math.abs(holdout.control - 40)).toBeLessThanOrEqual(2);
    const groups = (await bridge.run((api) => api.actionsHoldoutCsv())).trim().split('\r\n').slice(1).map((l) => l.split(','));
    expect(groups).toHaveLength(200);

    // Outcomes: every treatment customer retained, half the control group.
    let k = 0;
    const outcomes = ['customer_id,retained', ...groups.map(([c, g]) => `${c},${g === 'treatment' ? 'yes' : k++ % 2 ? 'yes' : 'no'}`), 'C999999,yes'].join('\n');
    const uplift = await bridge.run((api) => api.actionsOutcomes(new TextEncoder().encode(outcomes)));
    expect(uplift.matched).toBe(200);
    expect(uplift.notInHoldout).toBe(1);
    expect(uplift.treatment.rate).toBe(1);
    expect(uplift.control.rate).toBeCloseTo(Math.floor(holdout.control / 2) / holdout.control, 10);
    expect(uplift.lower).toBeGreaterThan(0);
    expect(uplift.upper).toBeLessThan(1);

    const report = await bridge.run((api) => api.actionsReport({ includeCustomers: false }));
    expect(report.startsWith('<!doctype html>')).toBe(true);
    expect(report).not.toMatch(/https?:/i);
    expect(report).not.toContain('<script');
    expect(report).not.toContain(top.customer);
    expect(report).toContain('Churn model card');
    expect(report.length).toBeLessThan(2_000_000);
    const full = await bridge.run((api) => api.actionsReport({ includeCustomers: true }));
    expect(full).toContain(top.customer);
  }, 240_000);

  it('uses the saved segmentation and the Churn page scores when they exist; works without transactions', async () => {
    const demo = generateDemo({ customers: 200, seed: 3 });
    const customers = await importForTest(textFile(demo.customers, 'customers.csv'));
    made.push(customers.id);
    const ids = Array.from({ length: 200 }, (_, i) => `C${String(i + 1).padStart(6, '0')}`);
    const before = { seg: await getSetting('segmentation'), churn: await getSetting('churnScores:last') };
    const seg: SavedSegmentation = { id: 's', name: 'My segments', createdAt: 1, datasetId: 'x', customers: ids, segment: ids.map((_, i) => (i % 2 ? 'Odd' : 'Even')) };
    const churn: ChurnScores = {
      datasetId: customers.id,
      datasetVersion: customers.version ?? 1,
      createdAt: '2026-01-01T00:00:00Z',
      customers: ids,
      probability: Float64Array.from(ids, (_, i) => (i < 50 ? 0.9 : 0.1)),
      band: new Uint8Array(200),
      bandNames: ['low', 'medium', 'high'],
      reasons: ids.map(() => ['contract = Month-to-month']),
    };
    try {
      await setSetting('segmentation', seg);
      await setSetting('churnScores:last', churn);
      const available = await bridge.run((api) => api.actionsAvailable());
      expect(available.savedSegmentation).toMatchObject({ name: 'My segments', customers: 200 });
      expect(available.savedChurn).toMatchObject({ datasetId: customers.id, customers: 200 });
      const summary = await bridge.run((api) =>
        api.actionsBuild({
          customers: { datasetId: customers.id, id: 'customer_id', target: 'churned', spend: 'monthly_fee' },
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
        }),
      );
      expect(summary.sources.churn).toContain("Churn page's scores");
      expect(summary.sources.segment).toBe('saved segmentation "My segments"');
      expect(summary.sources.clv).toContain('monthly_fee');
      expect(summary.segments).toEqual(['Even', 'Odd']);
      expect(summary.actions.find((a) => a.action === 'Call evens')?.customers).toBe(25);
      expect(summary.bands.find((b) => b.band === 'high')?.customers).toBe(50);

      // A column of the customers changes role: the Churn page's scores are out of date and are not used.
      await updateDataset(customers.id, { roles: { ...customers.roles, amount: undefined } });
      const stale = await bridge.run((api) =>
        api.actionsBuild({
          customers: { datasetId: customers.id, id: 'customer_id', target: 'churned', spend: 'monthly_fee' },
          transactions: null,
          products: null,
          useSavedChurn: true,
          useSavedSegments: false,
          model: 'logistic',
          seed: 1,
          months: 12,
          items: 0,
          cutoffs: DEFAULT_CUTOFFS,
          rules: DEFAULT_RULES,
        }),
      );
      expect(stale.sources.churn).not.toContain("Churn page's scores");
      expect(stale.notes[0]).toMatch(/Churn page's scores are out of date/);
    } finally {
      for (const [key, value] of [['segmentation', before.seg], ['churnScores:last', before.churn]] as const) {
        if (value === undefined) await deleteSetting(key);
        else await setSetting(key, value);
      }
    }
  }, 120_000);
});
