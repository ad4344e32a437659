// Reference check (reference/README.md section 1 protocol, the CLI's folds: stratified, seed 42): the readable
// tree, at most 16 leaves, against scikit-learn's depth-5 tree with 20-customer leaves (up to 31 leaves), which
// scores 0.8292 on these same folds (0.8310 in the README, on sklearn's own folds; depth 4: 0.8309 here).
// Ours scores 0.8301 with settings from the inner CV only: above it on the same folds, below the README's 0.8310.
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../../tests/datasets';
import { encodeTarget, labelledRows } from '../../features/churn/target';
import { crossValidate } from '../churn/cross-validate';
import type { TreeModel } from './train';

describe('decision tree on telco', () => {
  it('reaches the depth-5 tree AUC on the same folds with at most 16 leaves', async () => {
    const { table } = await loadDataset('telco/Telco-Customer-Churn.csv');
    const target = encodeTarget(table, 'Churn');
    const rows = labelledRows(target.y);
    const y = Float32Array.from(rows, (r) => target.y[r]);
    const cv = await crossValidate(table, 'Churn', rows, y, { folds: 5, seed: 42, models: ['tree'] });
    const tree = cv.models.tree!;
    for (const m of tree.foldModels as TreeModel[]) expect(m.leaves).toBeLessThanOrEqual(16);
    expect(tree.aucMean).toBeGreaterThanOrEqual(0.8292);
  }, 120_000);
});
