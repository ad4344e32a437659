import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../metrics/roc';
import { createRng } from '../../random';
import type { Progress } from '../../progress';
import { predictGbdt, predictGbdtRaw, splitGainImportance, addTreeBinned } from './predict';
import { trainGbdt, type Dataset } from './train';
import { findBins } from './binning';
import { packBins } from './packed';

/** rows x features uniform in [-1, 1), labels from `rule(row)` (a probability, or 0/1). */
function synth(rows: number, features: number, rule: (x: Float32Array, i: number) => number, seed = 1): Dataset {
  const rng = createRng(seed);
  const X = new Float32Array(rows * features);
  for (let i = 0; i < X.length; i++) X[i] = rng() * 2 - 1;
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) y[i] = rng() < rule(X, i * features) ? 1 : 0;
  return { X, rows, features, y };
}

const xor = (x: Float32Array, b: number) => ((x[b] > 0) !== (x[b + 1] > 0) ? 0.95 : 0.05);
const fast = { nEstimators: 60, learningRate: 0.2, earlyStoppingRounds: 0 };

describe('trainGbdt on known structure', () => {
  it('learns XOR, which no linear model can', () => {
    const train = synth(2000, 4, xor, 1);
    const test = synth(1000, 4, xor, 2);
    const m = trainGbdt(train, fast);
    expect(rocAuc(test.y, predictGbdt(m, test.X, test.rows))).toBeGreaterThan(0.95);
  });

  it('finds a threshold rule and splits the right feature at the right value', () => {
    const d = synth(2000, 3, (x, b) => (x[b + 1] > 0.3 ? 1 : 0));
    const m = trainGbdt(d, { ...fast, nEstimators: 30, colsample: 1 });
    const root = m.trees[0];
    expect(root.feature[0]).toBe(1);
    expect(root.threshold[0]).toBeGreaterThan(0.28);
    expect(root.threshold[0]).toBeLessThan(0.32);
    const imp = splitGainImportance(m);
    expect(imp[1]).toBeGreaterThan(10 * (imp[0] + imp[2]));
    const p = predictGbdt(m, Float32Array.from([0, 0.5, 0, 0, 0.1, 0]), 2);
    expect(p[0]).toBeGreaterThan(0.9);
    expect(p[1]).toBeLessThan(0.1);
  });

  it('follows monotone steps', () => {
    // P(y=1) rises in three steps of x0
    const step = (x: Float32Array, b: number) => (x[b] < -0.3 ? 0.1 : x[b] < 0.4 ? 0.5 : 0.9);
    // small trees: a step function needs few leaves, and big ones would chase the noise in x1
    const m = trainGbdt(synth(6000, 2, step), { ...fast, numLeaves: 4, minSamplesLeaf: 100 });
    const grid = Float32Array.from([-0.9, 0, -0.6, 0, -0.1, 0, 0.2, 0, 0.6, 0, 0.95, 0]);
    const p = predictGbdt(m, grid, 6);
    expect(p[0]).toBeCloseTo(0.1, 1);
    expect(p[3]).toBeCloseTo(0.5, 1);
    expect(p[5]).toBeCloseTo(0.9, 1);
    expect(p[2]).toBeGreaterThan(p[1]);
    expect(p[4]).toBeGreaterThan(p[3]);
  });

  it('uses missing values that carry signal and learns where they go', () => {
    // x0 is missing for 30% of rows, and those rows churn; present x0 carries no signal
    const d = synth(3000, 2, () => 0.1, 3);
    const rng = createRng(4);
    for (let i = 0; i < d.rows; i++) {
      if (rng() < 0.3) {
        d.X[i * 2] = NaN;
        d.y[i] = rng() < 0.9 ? 1 : 0;
      }
    }
    const m = trainGbdt(d, { ...fast, nEstimators: 20 });
    const p = predictGbdt(m, Float32Array.from([NaN, 0, 0.5, 0, -0.5, 0]), 3);
    expect(p[0]).toBeGreaterThan(0.8);
    expect(p[1]).toBeLessThan(0.2);
    expect(p[2]).toBeLessThan(0.2);
  });

  it('sends missing values of a feature never missing in training to the bigger side', () => {
    const d = synth(1000, 1, (x, b) => (x[b] > 0.5 ? 1 : 0));
    const m = trainGbdt(d, { ...fast, nEstimators: 1 });
    expect(m.trees[0].missingLeft[0]).toBe(true); // x <= 0.5 holds ~75% of rows
  });

  it('is deterministic for a seed and differs across seeds with subsampling', () => {
    const d = synth(1500, 5, xor);
    const o = { nEstimators: 20, subsample: 0.7, colsample: 0.6, seed: 11 };
    const a = trainGbdt(d, o);
    expect(trainGbdt(d, o)).toEqual(a);
    const b = trainGbdt(d, { ...o, seed: 12 });
    expect(b.trees).not.toEqual(a.trees);
  });

  it('subsamples rows and features per tree and still learns', () => {
    const train = synth(2000, 6, xor, 5);
    const test = synth(1000, 6, xor, 6);
    const m = trainGbdt(train, { ...fast, subsample: 0.5, colsample: 0.5 });
    // each tree sees about half the rows
    expect(m.trees[0].count[0]).toBe(1000);
    const used = new Set<number>();
    for (const f of m.trees[0].feature) if (f >= 0) used.add(f);
    expect(used.size).toBeLessThanOrEqual(3);
    expect(rocAuc(test.y, predictGbdt(m, test.X, test.rows))).toBeGreaterThan(0.9);
  });

  it('stops early when the validation loss stops improving, and keeps the best round', () => {
    // pure noise: validation loss gets worse almost at once
    const d = synth(2000, 5, () => 0.3, 7);
    const m = trainGbdt(d, { nEstimators: 300, learningRate: 0.3, earlyStoppingRounds: 10, validationFraction: 0.2 });
    expect(m.stoppedEarly).toBe(true);
    expect(m.validLoss.length).toBeLessThan(100);
    expect(m.trees.length).toBe(m.bestIteration);
    expect(m.validLoss.length - m.bestIteration).toBe(10);
    const best = Math.min(...m.validLoss);
    expect(m.validLoss[m.bestIteration - 1]).toBe(best);
    // the internal hold-out takes 20% of rows: trees never see them
    expect(m.trees[0].count[0]).toBeLessThanOrEqual(Math.round(0.8 * 1600) + 1);
  });

  it('uses a given validation set and runs every round when early stopping is off', () => {
    const train = synth(1000, 3, xor, 8);
    const valid = synth(500, 3, xor, 9);
    const m = trainGbdt(train, { nEstimators: 15, earlyStoppingRounds: 0 }, undefined, valid);
    expect(m.trees.length).toBe(15);
    expect(m.validLoss.length).toBe(15);
    expect(m.trainLoss.length).toBe(15);
    expect(m.trainLoss[14]).toBeLessThan(m.trainLoss[0]);
    expect(m.stoppedEarly).toBe(false);
  });

  it('starts from the log-odds of the weighted prior', () => {
    const d = synth(400, 2, (_x, b) => (b < 100 * 2 ? 1 : 0)); // first 100 rows positive
    const m = trainGbdt(d, { nEstimators: 1, earlyStoppingRounds: 0 });
    expect(m.baseScore).toBeCloseTo(Math.log(100 / 300), 12);
    const bal = trainGbdt(d, { nEstimators: 1, earlyStoppingRounds: 0, classWeight: 'balanced' });
    expect(bal.baseScore).toBeCloseTo(0, 12);
    const w = trainGbdt({ ...d, weight: Float32Array.from({ length: 400 }, (_, i) => (i < 100 ? 3 : 1)) }, { nEstimators: 1, earlyStoppingRounds: 0 });
    expect(w.baseScore).toBeCloseTo(0, 12);
  });

  it('grows depth-wise to the depth asked, leaf-wise to the leaves asked', () => {
    const d = synth(3000, 4, (x, b) => (x[b] + x[b + 1] + x[b + 2] > 0 ? 0.9 : 0.1));
    const depthOf = (t: { left: number[]; right: number[]; feature: number[] }, n = 0): number =>
      t.feature[n] < 0 ? 0 : 1 + Math.max(depthOf(t, t.left[n]), depthOf(t, t.right[n]));
    const leaves = (t: { feature: number[] }) => t.feature.filter((f) => f < 0).length;
    const dw = trainGbdt(d, { ...fast, nEstimators: 3, growth: 'depthwise', maxDepth: 3, minSamplesLeaf: 5 });
    expect(depthOf(dw.trees[0])).toBe(3);
    expect(leaves(dw.trees[0])).toBe(8);
    const lw = trainGbdt(d, { ...fast, nEstimators: 3, numLeaves: 5 });
    expect(leaves(lw.trees[0])).toBe(5);
    for (const tree of lw.trees) for (const c of tree.count) if (c > 0) expect(c).toBeGreaterThanOrEqual(20);
  });

  it('predicts the same on raw values as on its training bins', () => {
    const d = synth(1000, 4, xor, 10);
    for (let i = 0; i < d.X.length; i += 7) d.X[i] = NaN;
    const m = trainGbdt(d, { ...fast, nEstimators: 30, earlyStoppingRounds: 0 });
    const binning = findBins(d.X, d.rows, d.features, 255, 0);
    const bins = packBins(d.X, d.rows, d.features, binning);
    const binned = new Float64Array(d.rows).fill(m.baseScore);
    for (const tree of m.trees) addTreeBinned(tree, bins, binning.valueBins, binned);
    const raw = predictGbdtRaw(m, d.X, d.rows);
    for (let i = 0; i < d.rows; i++) expect(raw[i]).toBeCloseTo(binned[i], 10);
  });

  it('round-trips through JSON with identical predictions', () => {
    const d = synth(800, 3, xor, 12);
    const m = trainGbdt(d, { ...fast, nEstimators: 10 });
    const back = JSON.parse(JSON.stringify(m));
    expect(back).toEqual(m);
    expect(predictGbdt(back, d.X, d.rows)).toEqual(predictGbdt(m, d.X, d.rows));
    expect(structuredClone(m)).toEqual(m);
  });

  it('reports progress once per round with a loss', () => {
    const seen: Progress[] = [];
    trainGbdt(synth(500, 2, xor), { nEstimators: 8, earlyStoppingRounds: 0 }, (p) => seen.push(p));
    const rounds = seen.filter((p) => p.stage === 'Gradient boosting');
    expect(rounds.map((p) => p.done)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(rounds.every((p) => p.total === 8 && typeof p.loss === 'number' && p.loss > 0)).toBe(true);
  });

  it('names bad input', () => {
    const d = synth(100, 2, xor);
    expect(() => trainGbdt({ ...d, rows: 99 })).toThrow('data.X has 200 values, expected rows * features = 198');
    expect(() => trainGbdt({ ...d, y: d.y.map(() => 2) })).toThrow('data.y must be 0 or 1, got y[0] = 2');
    expect(() => trainGbdt({ ...d, y: d.y.map(() => 1) })).toThrow('need positive weight in both classes');
    expect(() => trainGbdt(d, { maxBins: 1 })).toThrow('maxBins must be an integer from 2 to 65535, got 1');
    const m = trainGbdt(d, { nEstimators: 2 });
    expect(() => predictGbdt(m, new Float32Array(5), 2)).toThrow('X has 5 values, expected rows * features = 2 * 2');
  });

  it('uses no tensors', async () => {
    // pure typed-array code: tfjs memory must not move
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    trainGbdt(synth(300, 2, xor), { nEstimators: 5 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
