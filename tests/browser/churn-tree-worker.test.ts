// The decision tree's rules through the real compute worker: a rule filters the scored customers, and
// "Target in the action list" stores the rules as the saved segmentation that the action list joins, where
// an action rule matching "Tree rule 1" reaches exactly that rule's customers.
import { afterAll, describe, expect, it } from 'vitest';
import type { ChurnRequest } from '../../src/contract';
import { createComputeBridge } from '../../src/state/worker-pool';
import { deleteDataset } from '../../src/storage/datasets';
import { loadResult } from '../../src/storage/results';
import { DEFAULT_CUTOFFS } from '../../src/lib/actions/types';
import { TELCO } from '../capabilities/churn';
import { datasetFile, importForTest } from './files';

const bridge = createComputeBridge();
const made: string[] = [];

afterAll(async () => {
  bridge.cancel();
  for (const id of made) await deleteDataset(id).catch(() => {});
});

describe('churn tree rules in the worker', () => {
  it('filters the scores to a rule and saves the rules as the segmentation the action list targets', async () => {
    const telco = (await importForTest(await datasetFile(TELCO.file))).id;
    made.push(telco);
    const request: ChurnRequest = { source: { kind: 'label', datasetId: telco, target: 'Churn' }, exclude: [], model: 'tree', folds: 3, seed: 42 };
    const run = await bridge.run((api) => api.churnTrain(request));
    const tree = run.tree!;
    expect(tree.rules.length).toBeGreaterThan(1);
    expect(tree.rules.length).toBeLessThanOrEqual(16);
    const rates = tree.rules.map((r) => r.churnRate);
    expect(rates).toEqual([...rates].sort((a, b) => b - a));
    expect(tree.rules.reduce((s, r) => s + r.customers, 0)).toBe(7043);

    // Every telco customer is labelled, so a rule's scored customers are its leaf's.
    const top = tree.rules[0];
    const page = await bridge.run((api) => api.churnPage({ offset: 0, limit: 5000, sort: 'probability', descending: true, rule: top.id }));
    expect(page.total).toBe(top.customers);
    expect(page.rows).toHaveLength(Math.min(5000, top.customers));
    const all = await bridge.run((api) => api.churnPage({ offset: 0, limit: 1, sort: 'probability', descending: true }));
    expect(all.total).toBe(7043);

    const saved = await bridge.run((api) => api.churnSaveTreeSegments());
    expect(saved.name).toBe(`Churn tree rules · ${run.scored.datasetName}`);
    expect(saved.customers).toBe(7043);
    expect(saved.segments.map((s) => s.customers)).toEqual(tree.rules.map((r) => r.customers));
    const stored = (await loadResult('segmentation'))!.value;
    expect(stored.id).toBe(saved.id);
    expect(stored.segment.filter((s) => s === 'Tree rule 1')).toHaveLength(top.customers);

    const available = await bridge.run((api) => api.actionsAvailable());
    expect(available.savedSegmentation?.name).toBe(saved.name);
    const summary = await bridge.run((api) =>
      api.actionsBuild({
        customers: { datasetId: telco, id: 'customerID', target: 'Churn', spend: 'MonthlyCharges' },
        transactions: null,
        products: null,
        useSavedChurn: true,
        useSavedSegments: true,
        model: 'logistic',
        seed: 42,
        months: 12,
        items: 0,
        cutoffs: DEFAULT_CUTOFFS,
        rules: [{ segments: ['Tree rule 1'], action: 'Call: tree rule 1' }],
      }),
    );
    expect(summary.sources.segment).toBe(`saved segmentation "${saved.name}"`);
    expect(summary.segments).toContain('Tree rule 1');
    expect(summary.actions.find((a) => a.action === 'Call: tree rule 1')?.customers).toBe(top.customers);
  }, 240_000);
});
