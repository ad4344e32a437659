import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { crossValidate } from './cross-validate';
import { encodeTarget, labelledRows } from '../../features/churn/target';
import { fitPipeline } from '../../features/churn/pipeline';
import { stratifiedKFold } from '../../metrics';
import { syntheticChurn } from '../../features/churn/testdata';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const fast = { gbdt: { nEstimators: 40 }, mlp: { maxEpochs: 4, hidden: [8] } };

describe('crossValidate', () => {
  const table = syntheticChurn(600);
  const target = encodeTarget(table, 'Churn');
  const rows = labelledRows(target.y);
  const y = Float32Array.from(rows, (r) => target.y[r]);

  it('scores every model on the same stratified folds, with out-of-fold predictions for every row', async () => {
    const stages: string[] = [];
    const cv = await crossValidate(table, 'Churn', rows, y, { folds: 4, seed: 42, models: ['logistic', 'gbdt', 'mlp'], modelOptions: fast }, (p) => stages.push(p.stage));
    expect(Array.from(cv.fold)).toEqual(Array.from(stratifiedKFold(y, 4, 42)));
    for (const kind of ['logistic', 'gbdt', 'mlp'] as const) {
      const m = cv.models[kind]!;
      expect(m.auc).toHaveLength(4);
      expect(m.foldModels).toHaveLength(4);
      expect(m.oof.every((p) => p > 0 && p < 1)).toBe(true);
      expect(m.aucMean).toBeCloseTo(m.auc.reduce((a, b) => a + b) / 4, 12);
      expect(m.aucStd).toBeGreaterThan(0);
      expect(m.trainSeconds).toBeGreaterThan(0);
    }
    // The simulated churn is logistic in the features, so logistic regression ranks well.
    expect(cv.models.logistic!.aucMean).toBeGreaterThan(0.8);
    expect(stages).toContain('Fold 3 of 4: gradient boosting');
  });

  it('fits the feature pipeline on each training fold only', async () => {
    const cv = await crossValidate(table, 'Churn', rows, y, { folds: 3, seed: 1, models: ['logistic'] });
    expect(cv.pipelines).toHaveLength(3);
    const medians = cv.pipelines.map((p) => (p.steps[0].kind === 'numeric' ? p.steps[0].median : NaN));
    const trainRows = Int32Array.from(rows.filter((_, i) => cv.fold[i] !== 0));
    const expected = fitPipeline(table, 'Churn', trainRows).steps[0];
    expect(expected.kind === 'numeric' && expected.median).toBe(medians[0]);
    expect(new Set(medians).size).toBe(3);
  });

  it('rejects bad folds and an empty model list', async () => {
    await expect(crossValidate(table, 'Churn', rows, y, { folds: 1, seed: 1, models: ['logistic'] })).rejects.toThrow('folds must be a whole number >= 2, got 1');
    await expect(crossValidate(table, 'Churn', rows, y, { folds: 3, seed: 1, models: [] })).rejects.toThrow('No models');
  });
});
