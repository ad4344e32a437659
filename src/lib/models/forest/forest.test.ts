import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../random';
import { rocAuc } from '../../metrics';
import { fitForest, forestLogits, forestProbability, predictForest, trainForest, type ForestModel } from '.';

/** The stored trees walked one node at a time, straight from their definition in model.ts. */
function plainWalk(m: ForestModel, x: ArrayLike<number>): number {
  let sum = 0;
  for (const t of m.trees) {
    let n = 0;
    while (t.feature[n] >= 0) {
      const f = t.feature[n];
      const v = x[f];
      const cut = t.bin[n] < m.cuts[f].length ? m.cuts[f][t.bin[n]] : Infinity;
      n = (Number.isNaN(v) ? t.missingLeft[n] === 1 : v <= cut) ? n + 1 : t.right[n];
    }
    sum += t.value[n];
  }
  return sum / m.trees.length;
}

/** Churn driven by x0 and an interaction of x1 and x2; the other features are noise. */
function synthetic(rows: number, features: number, seed: number): { X: Float32Array; rows: number; features: number; y: Float32Array } {
  const r = mulberry32(seed);
  const X = new Float32Array(rows * features);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < features; f++) X[i * features + f] = r() * 2 - 1;
    const x = X.subarray(i * features, (i + 1) * features);
    const logit = 2.5 * x[0] + (features > 2 ? 3 * x[1] * x[2] : 0) - 0.3;
    y[i] = r() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { X, rows, features, y };
}

const rootFeatures = (m: ForestModel): number[] => m.trees.map((t) => t.feature[0]);

describe('random forest', () => {
  it('is deterministic for a seed, and the seed matters', () => {
    const d = synthetic(600, 6, 1);
    const a = trainForest(d, { nEstimators: 20, seed: 7 });
    const b = trainForest(d, { nEstimators: 20, seed: 7 });
    const c = trainForest(d, { nEstimators: 20, seed: 8 });
    expect(JSON.stringify(a) === JSON.stringify(b)).toBe(true);
    expect(JSON.stringify(c.trees) === JSON.stringify(a.trees)).toBe(false);
    // tree t does not depend on how many trees follow it
    const more = trainForest(d, { nEstimators: 25, seed: 7 });
    expect(JSON.stringify(more.trees.slice(0, 20)) === JSON.stringify(a.trees)).toBe(true);
  });

  it('has an out-of-bag AUC close to the AUC on new rows, both well above chance', () => {
    const train = synthetic(3000, 8, 2);
    const test = synthetic(3000, 8, 3);
    const { model, oob } = fitForest(train, { nEstimators: 100, seed: 1 });
    const auc = rocAuc(test.y, predictForest(model, test.X, test.rows));
    expect(auc).toBeGreaterThan(0.8);
    expect(Math.abs((model.oobAuc as number) - auc)).toBeLessThan(0.02);
    // with 100 trees every row is out of bag for some of them
    expect(oob.every((p) => p >= 0 && p <= 1)).toBe(true);
  });

  it('draws mtry features at each split', () => {
    const d = synthetic(1500, 8, 4);
    // every feature on offer: each root takes the strongest one
    expect(new Set(rootFeatures(trainForest(d, { nEstimators: 30, mtry: 8 })))).toEqual(new Set([0]));
    // one feature on offer: the root's feature is whichever was drawn, about 1 in 8 the strong one
    const roots = rootFeatures(trainForest(synthetic(400, 8, 4), { nEstimators: 100, mtry: 1 }));
    expect(new Set(roots).size).toBe(8);
    expect(roots.filter((f) => f === 0).length).toBeLessThan(30);
    // with one draw the trees below the root use other features than the root's too
    const splits = trainForest(d, { nEstimators: 1, mtry: 1 }).trees[0].feature.filter((f) => f >= 0);
    expect(new Set(splits).size).toBe(8);
  });

  it('leaves about a third of the rows out of each bootstrap sample, none without bootstrap', () => {
    const d = synthetic(4000, 4, 5);
    const one = fitForest(d, { nEstimators: 1, seed: 3 });
    const outOfBag = one.oob.filter((p) => !Number.isNaN(p)).length / d.rows;
    expect(outOfBag).toBeGreaterThan(0.34);
    expect(outOfBag).toBeLessThan(0.4);
    const all = fitForest(d, { nEstimators: 3, bootstrap: false });
    expect(all.oob.every((p) => Number.isNaN(p))).toBe(true);
    expect(all.model.oobAuc).toBeUndefined();
    // every row and a single feature: nothing random is left, the trees are identical
    const single = synthetic(1000, 1, 6);
    const same = trainForest(single, { nEstimators: 2, bootstrap: false });
    expect(same.trees[0].feature.length).toBeGreaterThan(20);
    expect(JSON.stringify(same.trees[1]) === JSON.stringify(same.trees[0])).toBe(true);
    const bagged = trainForest(single, { nEstimators: 2 });
    expect(JSON.stringify(bagged.trees[1]) === JSON.stringify(bagged.trees[0])).toBe(false);
  });

  it('respects the minimum leaf size and depth', () => {
    const d = synthetic(800, 5, 6);
    const m = trainForest(d, { nEstimators: 5, minSamplesLeaf: 40, bootstrap: false });
    for (const t of m.trees) {
      // 800 rows in leaves of >= 40: at most 20 leaves
      expect(t.feature.filter((f) => f < 0).length).toBeLessThanOrEqual(20);
    }
    const stump = trainForest(d, { nEstimators: 3, maxDepth: 1 });
    for (const t of stump.trees) expect(t.feature.length).toBe(3);
  });

  it('learns from missing values and scores rows with them', () => {
    const r = mulberry32(9);
    const rows = 2000;
    const X = new Float32Array(rows * 3);
    const y = new Float32Array(rows);
    for (let i = 0; i < rows; i++) {
      y[i] = r() < 0.3 ? 1 : 0;
      // a missing x0 signals churn; x1 is noise with some gaps; x2 weakly informative
      X[i * 3] = (y[i] === 1 ? r() < 0.7 : r() < 0.1) ? NaN : r();
      X[i * 3 + 1] = r() < 0.2 ? NaN : r();
      X[i * 3 + 2] = r() + 0.2 * y[i];
    }
    const model = trainForest({ X, rows, features: 3, y }, { nEstimators: 50 });
    // the compiled, 4-rows-at-a-time walk agrees with a plain walk of the stored trees
    const probe = X.slice(0, 3 * 301);
    const got = forestProbability(model, probe, 301);
    for (let i = 0; i < 301; i++) expect(got[i]).toBeCloseTo(plainWalk(model, probe.subarray(3 * i, 3 * i + 3)), 12);
    const p = predictForest(model, Float32Array.of(NaN, 0.5, 0.6, 0.5, NaN, 0.6), 2);
    expect(p[0]).toBeGreaterThan(0.6);
    expect(p[1]).toBeLessThan(0.2);
    expect(model.oobAuc).toBeGreaterThan(0.8);
  });

  it('gives probabilities in (0, 1) and their log-odds, unchanged by a JSON round trip', () => {
    const d = synthetic(500, 4, 10);
    const model = trainForest(d, { nEstimators: 30 });
    const back = JSON.parse(JSON.stringify(model)) as ForestModel;
    const p = predictForest(model, d.X, d.rows);
    expect(Array.from(predictForest(back, d.X, d.rows))).toEqual(Array.from(p));
    expect(p.every((v) => v > 0 && v < 1)).toBe(true);
    const z = forestLogits(back, d.X, d.rows);
    z.forEach((v, i) => expect(1 / (1 + Math.exp(-v))).toBeCloseTo(p[i], 12));
  });
});
