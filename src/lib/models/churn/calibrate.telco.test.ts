// Issue #16's target on the real telco file: calibration lowers the Brier score of out-of-fold GBDT and
// MLP probabilities. Trained with balanced class weights (the usual remedy for a 26% churn rate), both
// models over-predict churn, which is what calibration is for. With the app's default (unweighted)
// settings both are already calibrated on telco (5 folds, seed 42: GBDT Brier 0.1346, ECE 0.013; MLP
// 0.1367, 0.010), and the cross-fitted choice rightly keeps them as they are (Platt 0.1347 / 0.1367,
// isotonic 0.1349 / 0.1373 out of sample); see the report of this change.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../../../tests/datasets';
import { encodeTarget, labelledRows } from '../../features/churn/target';
import { calibrationSummary } from './calibrate';
import { crossValidate } from './cross-validate';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('calibration on telco', () => {
  it('lowers the out-of-sample Brier score and ECE of class-weighted GBDT and MLP out-of-fold probabilities', { timeout: 120_000 }, async () => {
    const { table } = await loadDataset('telco/Telco-Customer-Churn.csv');
    const target = encodeTarget(table, 'Churn');
    // Every other customer and small models keep the test within its budget (the MLP is the slow part in Node).
    const rows = labelledRows(target.y).filter((_, i) => i % 2 === 0);
    const y = Float32Array.from(rows, (r) => target.y[r]);
    const models = { gbdt: { classWeight: 'balanced' as const, nEstimators: 50, learningRate: 0.1 }, mlp: { classWeight: 'balanced' as const, maxEpochs: 6, hidden: [16] } };
    const cv = await crossValidate(table, 'Churn', rows, y, { folds: 3, seed: 42, models: ['gbdt', 'mlp'], modelOptions: models });
    for (const kind of ['gbdt', 'mlp'] as const) {
      const s = calibrationSummary(y, cv.models[kind]!.oof, { folds: cv.fold });
      // Measured: GBDT Brier 0.161 -> 0.139 (Platt), MLP 0.169 -> 0.142 (Platt); ECE 0.13-0.15 -> about 0.01.
      expect(s.method, kind).not.toBe('none');
      expect(s.brierAfter, kind).toBeLessThan(s.brierBefore - 0.01);
      expect(s.eceAfter, kind).toBeLessThan(s.eceBefore / 2);
    }
  });
});
