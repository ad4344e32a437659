// SHAP per source column (issue #18): exact linear SHAP against coefficient x (value - training mean),
// local accuracy on telco for every method, and permutation SHAP against brute-force Shapley values.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeTarget } from '../../features/churn/target';
import { fitPipeline, transformTable, type FeatureMatrix, type FittedPipeline } from '../../features/churn/pipeline';
import { syntheticChurn } from '../../features/churn/testdata';
import { loadTelco } from '../../features/churn/testdata-node';
import { trainLogistic } from '../logistic';
import { trainMlp } from '../mlp';
import { trainGbdt } from '../gbdt';
import { trainForest } from '../forest';
import { trainTree } from '../tree';
import { trainSvm } from '../svm';
import { modelLogits, type TrainedModel } from './registry';
import { backgroundRows, permutationShapValues, shapOfRows, shapOfRowsSync, shapValues, shapValuesSync, type ShapValues } from './shap';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Largest |expected + row sum - log-odds| over the rows. */
function localError(s: ShapValues, model: TrainedModel, fm: FeatureMatrix): number {
  const z = modelLogits(model, fm.X, fm.rows);
  const g = s.columns.length;
  let worst = 0;
  for (let i = 0; i < s.rows; i++) {
    let sum = s.expected;
    for (let k = 0; k < g; k++) sum += s.values[i * g + k];
    worst = Math.max(worst, Math.abs(sum - z[i]));
  }
  return worst;
}

describe('SHAP on telco', () => {
  const setup = async () => {
    const t = await loadTelco();
    const p = fitPipeline(t, 'Churn');
    const fm = transformTable(p, t);
    const y = encodeTarget(t, 'Churn').y;
    return { t, p, fm, data: { X: fm.X, rows: fm.rows, features: fm.features, y } };
  };

  it('logistic: coefficient x (value - training mean) per encoded feature, summed per column; local accuracy on every row', async () => {
    const { p, fm, data } = await setup();
    const m = await trainLogistic(data);
    const s = shapValuesSync(m, p, fm);
    expect(s.method).toBe('linear');
    expect(s.columns).toEqual(p.steps.map((st) => st.column));
    expect(s.columns).toHaveLength(19);
    // Written out independently: contract = its 3 one-hot features, tenure = 1 standardised feature.
    const d = fm.features;
    const g = s.columns.length;
    for (const i of [0, 1, 4242, 7042]) {
      for (const col of ['Contract', 'tenure', 'TotalCharges']) {
        const k = s.columns.indexOf(col);
        let want = 0;
        for (let j = 0; j < d; j++) if (p.groups[j] === k) want += m.weights[j] * (fm.X[i * d + j] - p.center[j]);
        expect(s.values[i * g + k]).toBeCloseTo(want, 12);
      }
    }
    expect(s.expected).toBeCloseTo(m.intercept + m.weights.reduce((a, w, j) => a + w * p.center[j], 0), 12);
    expect(localError(s, m, fm)).toBeLessThan(1e-6);
    // The average customer's contributions average to 0 (the centre is the training mean).
    const tenure = s.columns.indexOf('tenure');
    let mean = 0;
    for (let i = 0; i < fm.rows; i++) mean += s.values[i * g + tenure] / fm.rows;
    expect(Math.abs(mean)).toBeLessThan(1e-6);
  });

  it('gbdt, decision tree, forest (TreeSHAP) and SVM (linear): local accuracy 1e-6; async equals sync', async () => {
    const { t, p, fm: all, data } = await setup();
    // Trained on the first 2,000 customers (small and fast), explained on 150 others spread over the file.
    const n = 2000;
    const small = { X: all.X.subarray(0, n * all.features), rows: n, features: all.features, y: data.y.subarray(0, n) };
    const fm = transformTable(p, t, Int32Array.from({ length: 150 }, (_, i) => 2000 + i * 33));
    const models: [TrainedModel, string][] = [
      [trainGbdt(small, { nEstimators: 40, maxDepth: 4, growth: 'depthwise', seed: 1 }), 'tree'],
      [trainTree(small, { depths: [4], minLeaves: [20], alpha: 0, growth: ['depthwise'], criteria: ['gini'] }), 'tree'],
      [trainForest(small, { nEstimators: 5, seed: 1 }), 'tree-rescaled'],
      [trainSvm(small), 'linear'],
    ];
    for (const [m, method] of models) {
      const sync = shapValuesSync(m, p, fm);
      expect(sync.method).toBe(method);
      expect(localError(sync, m, fm), m.kind).toBeLessThan(1e-6);
      const fast = await shapValues(m, p, fm);
      expect(fast.expected).toBeCloseTo(sync.expected, 9);
      let gap = 0;
      for (let i = 0; i < sync.values.length; i++) gap = Math.max(gap, Math.abs(fast.values[i] - sync.values[i]));
      expect(gap, m.kind).toBeLessThan(1e-9);
    }
  });
});

/** Exact interventional Shapley values of one row over g source columns against a background (all 2^g subsets). */
function bruteForce(model: TrainedModel, p: FittedPipeline, x: Float32Array, bg: FeatureMatrix): number[] {
  const g = p.steps.length;
  const d = x.length;
  const v = new Float64Array(1 << g);
  for (let S = 0; S < 1 << g; S++) {
    const X = new Float32Array(bg.rows * d);
    for (let b = 0; b < bg.rows; b++) for (let j = 0; j < d; j++) X[b * d + j] = S & (1 << p.groups[j]) ? x[j] : bg.X[b * d + j];
    v[S] = modelLogits(model, X, bg.rows).reduce((a, z) => a + z, 0) / bg.rows;
  }
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
  const phi = new Array<number>(g).fill(0);
  for (let k = 0; k < g; k++) {
    for (let S = 0; S < 1 << g; S++) {
      if (S & (1 << k)) continue;
      let size = 0;
      for (let s = S; s; s &= s - 1) size++;
      phi[k] += ((fact(size) * fact(g - size - 1)) / fact(g)) * (v[S | (1 << k)] - v[S]);
    }
  }
  return phi;
}

describe('permutation SHAP', () => {
  const t = syntheticChurn(600, 5);
  const p = fitPipeline(t, 'Churn');
  const y = encodeTarget(t, 'Churn').y;
  const fm = transformTable(p, t);
  const data = { X: fm.X, rows: fm.rows, features: fm.features, y };
  const bg = transformTable(p, t, backgroundRows(t.rows));

  it('is exact on an additive model: w x (value - background mean) per column, whatever the permutations', async () => {
    const m = await trainLogistic(data);
    const rows = Int32Array.of(0, 1, 2, 3, 50);
    const s = permutationShapValues(m, p, transformTable(p, t, rows), { background: bg, ids: rows });
    const d = fm.features;
    const g = p.steps.length;
    const mean = new Float64Array(d);
    for (let b = 0; b < bg.rows; b++) for (let j = 0; j < d; j++) mean[j] += bg.X[b * d + j] / bg.rows;
    rows.forEach((r, i) => {
      const want = new Float64Array(g);
      for (let j = 0; j < d; j++) want[p.groups[j]] += m.weights[j] * (fm.X[r * d + j] - mean[j]);
      for (let k = 0; k < g; k++) expect(s.values[i * g + k]).toBeCloseTo(want[k], 10);
    });
    expect(s.samples).toBe(64);
  });

  it('MLP: local accuracy to 1e-9, within 4 standard errors of brute-force Shapley values, the same alone as in a batch', async () => {
    const m = await trainMlp(data, { hidden: [16], maxEpochs: 15, seed: 3 });
    const rows = Int32Array.from({ length: 40 }, (_, i) => i * 13);
    const sub = transformTable(p, t, rows);
    const s = shapOfRowsSync(m, p, t, rows);
    expect(s.method).toBe('permutation');
    expect(localError(s, m, sub)).toBeLessThan(1e-9);
    expect(s.expected).toBeCloseTo(modelLogits(m, bg.X, bg.rows).reduce((a, z) => a + z, 0) / bg.rows, 12);
    expect(s.stdErr).toBeGreaterThan(0);
    const g = p.steps.length;
    let worst = 0;
    let varied = 0;
    for (const i of [0, 7, 19, 33]) {
      const exact = bruteForce(m, p, sub.X.subarray(i * sub.features, (i + 1) * sub.features), bg);
      for (let k = 0; k < g; k++) {
        worst = Math.max(worst, Math.abs(s.values[i * g + k] - exact[k]) / s.stdErr!);
        varied = Math.max(varied, Math.abs(exact[k]));
      }
    }
    expect(varied).toBeGreaterThan(0.3); // the check is not vacuous
    expect(worst).toBeLessThan(4);
    const alone = await shapOfRows(m, p, t, Int32Array.of(rows[19]));
    for (let k = 0; k < g; k++) expect(alone.values[k]).toBe(s.values[19 * g + k]);
    // A one-customer table is its own reference: every contribution 0, still exact.
    const one = { rows: 1, columns: t.columns.map((c) => ('values' in c ? { ...c, values: c.values.slice(3, 4) } : { ...c, codes: c.codes.slice(3, 4) })) };
    const self = shapOfRowsSync(m, p, one, [0]);
    expect(Array.from(self.values)).toEqual(new Array(g).fill(0));
    expect(self.expected).toBeCloseTo(modelLogits(m, transformTable(p, one).X, 1)[0], 12);
  });
});
