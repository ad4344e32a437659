// The churn reference protocol (shared/reference/README.md section 1) on the real telco file: 5-fold
// stratified CV, seed 42, the app's pipeline fitted on the training folds. sklearn's LinearSVC(C=1) scores 0.8417.
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../../tests/datasets';
import { encodeTarget, labelledRows } from '../../features/churn/target';
import { crossValidate } from '../churn/cross-validate';

describe('linear SVM on telco', () => {
  it('scores at least sklearn LinearSVC(C=1) on the reference folds, with calibrated-looking probabilities', { timeout: 60_000 }, async () => {
    const { table } = await loadDataset('telco/Telco-Customer-Churn.csv');
    const target = encodeTarget(table, 'Churn');
    const rows = labelledRows(target.y);
    const y = Float32Array.from(rows, (r) => target.y[r]);
    const started = performance.now();
    const cv = await crossValidate(table, 'Churn', rows, y, { folds: 5, seed: 42, models: ['svm'] });
    const m = cv.models.svm!;
    console.log(`svm on telco: AUC ${m.aucMean.toFixed(4)}, log loss ${m.loglossMean.toFixed(4)}, ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(m.aucMean).toBeGreaterThanOrEqual(0.8417);
    // Platt's sigmoid: near logistic regression's log loss (0.42), far from the 0.58 of the base rate.
    expect(m.loglossMean).toBeLessThan(0.43);
    const mean = m.oof.reduce((s, p) => s + p, 0) / m.oof.length;
    expect(Math.abs(mean - 1869 / 7043)).toBeLessThan(0.02);
  });
});
