// TreeSHAP against its definition: brute-force Shapley values over every feature subset, where the value of
// a coalition S is the tree's cover-weighted expectation with features outside S following both branches
// (the path-dependent conditional expectation TreeSHAP computes); plus local accuracy on real models.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { datasetPath } from '../../../../tests/datasets';
import { createRng } from '../../random';
import { kernelThreads, threadHelper } from '../../engine/threads';
import { predictGbdtRaw } from '../gbdt/predict';
import { trainGbdt } from '../gbdt/train';
import { treeLogits, trainTree } from '../tree/train';
import { forestLogits, forestProbability, trainForest } from '../forest';
import { flatShapRows, flattenTrees } from './tree-fast';
import { createTreeShapKernel } from './tree-wasm';
import { planTrees, treeShapSync, expectedValue, forestEnsemble, forestShap, gbdtEnsemble, goesLeft, treeModelEnsemble, treeShap, treeShapPlain, type ShapTree, type TreeEnsemble } from './tree';

/** A random tree of at most `depth` levels over `features` features (repeats on a path allowed), covers consistent. */
function randomTree(rng: () => number, features: number, depth: number): ShapTree {
  const t = { feature: [] as number[], threshold: [] as number[], missingLeft: [] as boolean[], left: [] as number[], right: [] as number[], value: [] as number[], cover: [] as number[] };
  const grow = (d: number): number => {
    const id = t.feature.length;
    const leaf = d >= depth || (d > 0 && rng() < 0.2);
    t.feature.push(leaf ? -1 : Math.floor(rng() * features));
    t.threshold.push(leaf ? 0 : rng() * 2 - 1);
    t.missingLeft.push(rng() < 0.5);
    t.left.push(-1);
    t.right.push(-1);
    t.value.push(leaf ? rng() * 4 - 2 : 0);
    t.cover.push(leaf ? 0.5 + rng() * 10 : 0);
    if (!leaf) {
      t.left[id] = grow(d + 1);
      t.right[id] = grow(d + 1);
      t.cover[id] = t.cover[t.left[id]] + t.cover[t.right[id]];
    }
    return id;
  };
  grow(0);
  return t;
}

/** E[f(x) | x_S] as TreeSHAP defines it: features in S follow x, the others both branches by cover. */
function condExpectation(tree: ShapTree, x: ArrayLike<number>, inS: boolean[]): number {
  const rec = (n: number): number => {
    const f = tree.feature[n];
    if (f < 0) return tree.value[n];
    if (inS[f]) return rec(goesLeft(tree, n, x[f]) ? tree.left[n] : tree.right[n]);
    const w = tree.cover[n];
    return (tree.cover[tree.left[n]] / w) * rec(tree.left[n]) + (tree.cover[tree.right[n]] / w) * rec(tree.right[n]);
  };
  return rec(0);
}

function bruteForce(ens: TreeEnsemble, x: ArrayLike<number>): number[] {
  const M = ens.features;
  const fact = [1];
  for (let i = 1; i <= M; i++) fact.push(fact[i - 1] * i);
  const value = (mask: number): number => {
    const inS = Array.from({ length: M }, (_, f) => ((mask >> f) & 1) === 1);
    let s = ens.base;
    for (const t of ens.trees) s += condExpectation(t, x, inS);
    return s;
  };
  const v = Array.from({ length: 1 << M }, (_, m) => value(m));
  const phi = new Array<number>(M).fill(0);
  for (let i = 0; i < M; i++) {
    for (let m = 0; m < 1 << M; m++) {
      if ((m >> i) & 1) continue;
      let size = 0;
      for (let k = m; k; k >>= 1) size += k & 1;
      phi[i] += ((fact[size] * fact[M - size - 1]) / fact[M]) * (v[m | (1 << i)] - v[m]);
    }
  }
  return phi;
}

function randomRows(rng: () => number, rows: number, features: number, missing: number): Float32Array {
  const X = new Float32Array(rows * features);
  for (let i = 0; i < X.length; i++) X[i] = rng() < missing ? NaN : rng() * 2 - 1;
  return X;
}

describe('treeShap', () => {
  it('equals brute-force Shapley values on random trees with missing values (1e-9)', async () => {
    const rng = createRng(7);
    for (let trial = 0; trial < 12; trial++) {
      const M = 3 + (trial % 4); // 3..6 features: 2^6 subsets stay cheap
      const ens: TreeEnsemble = { features: M, base: rng() - 0.5, trees: Array.from({ length: 1 + (trial % 3) }, () => randomTree(rng, M, 2 + (trial % 5))) };
      const rows = 8;
      const X = randomRows(rng, rows, M, 0.2);
      // the per-leaf tables on every tree (treeShap picks per tree by row count)
      const flat = flattenTrees(ens.trees);
      const fast = new Float64Array(rows * (M + 1)).fill(0);
      flatShapRows(flat, X, M, 0, rows, fast, new Int32Array(flat.records));
      for (let r = 0; r < rows; r++) fast[r * (M + 1) + M] = expectedValue(ens);
      for (const phi of [treeShapPlain(ens, X, rows), await treeShap(ens, X, rows), treeShapSync(ens, X, rows), fast]) {
        for (let r = 0; r < rows; r++) {
          const want = bruteForce(ens, X.subarray(r * M, (r + 1) * M));
          for (let f = 0; f < M; f++) expect(Math.abs(phi[r * (M + 1) + f] - want[f])).toBeLessThan(1e-9);
          expect(Math.abs(phi[r * (M + 1) + M] - expectedValue(ens))).toBeLessThan(1e-12);
        }
      }
    }
  });
});

describe('treeShap kernel', () => {
  it('the WebAssembly kernel (alone and with 2 helper threads) and the TypeScript loop agree with the plain algorithm', async () => {
    const rng = createRng(11);
    const M = 8;
    const ens: TreeEnsemble = { features: M, base: 0.3, trees: Array.from({ length: 12 }, () => randomTree(rng, M, 6)) };
    const rows = 3500; // over 3 x 1024: the rows are shared out to both helpers
    const X = randomRows(rng, rows, M, 0.1);
    // the kernel compiles here (else treeShap would quietly take the TypeScript loop), shared memory too
    expect(createTreeShapKernel(flattenTrees(ens.trees), M, 3)?.parts).toBe(3);
    const ts = await treeShap(ens, X, rows, { kernel: false });
    const wasm = await treeShap(ens, X, rows);
    const threaded = await treeShap(ens, X, rows, { threads: kernelThreads([threadHelper(), threadHelper()]) });
    expect(Array.from(wasm)).toEqual(Array.from(ts));
    expect(Array.from(threaded)).toEqual(Array.from(ts));
    const k = 300;
    const plain = treeShapPlain(ens, X.subarray(0, k * M), k);
    for (let i = 0; i < plain.length; i++) expect(Math.abs(plain[i] - ts[i])).toBeLessThan(1e-9);
  });

  it('deep trees (the quadrature pass: too many path features for tables) equal the plain algorithm', async () => {
    const rng = createRng(13);
    const M = 16;
    const ens: TreeEnsemble = { features: M, base: -0.2, trees: Array.from({ length: 3 }, () => randomTree(rng, M, 13)) };
    expect(planTrees(ens, 12).fast).toHaveLength(0);
    const rows = 12;
    const X = randomRows(rng, rows, M, 0.1);
    const plain = treeShapPlain(ens, X, rows);
    const phi = await treeShap(ens, X, rows);
    for (let i = 0; i < plain.length; i++) expect(Math.abs(plain[i] - phi[i])).toBeLessThan(1e-9);
  });

  it('rejects a matrix of the wrong size', async () => {
    const ens: TreeEnsemble = { features: 3, base: 0, trees: [randomTree(createRng(1), 3, 2)] };
    await expect(treeShap(ens, new Float32Array(7), 2)).rejects.toThrow(/expected 2 rows x 3 features/);
  });
});

// XGBoost 1.7.4's own pred_contribs on a small fixed model, run once (Python, exact method, 3 trees of depth 3 on
// 60 rows x 4 features with 15% missing, seed 3; dump with_stats for the covers) and written here: its trees
// rebuilt as ShapTrees give its contributions (XGBoost computes in float32: 1e-5).
interface XgbNode { f?: number; c?: number; yes?: number; no?: number; missingYes?: boolean; leaf?: number; cover: number }
const XGB_X = [
    [-0.83, -0.53, 0.6, 0.16],
    [-0.81, -0.13, -0.04, -0.68],
    [0.47, -0.77, -0.22, 0.03],
    [-0.14, 0.17, 0.48, 0.91],
    [-0.43, NaN, NaN, -0.41],
    [-1, 0.95, -0.4, -0.37],
    [0.78, 0.17, -0.06, 0.55],
    [-0.94, 0.41, -0.25, -0.82],
  ];
const XGB_TREES: XgbNode[][] = [
    [
      { f: 3, c: 0.0799999982, yes: 1, no: 8, missingYes: true, cover: 15 },
      { f: 1, c: -0.164999992, yes: 2, no: 5, missingYes: false, cover: 9.25 },
      { f: 0, c: -0.0799999982, yes: 3, no: 4, missingYes: true, cover: 3.75 },
      { leaf: 0.111111112, cover: 1.25 },
      { leaf: 0.714285731, cover: 2.5 },
      { f: 2, c: 0.209999993, yes: 6, no: 7, missingYes: true, cover: 5.5 },
      { leaf: -0.238095239, cover: 4.25 },
      { leaf: 0.333333343, cover: 1.25 },
      { f: 2, c: -0.549999952, yes: 9, no: 10, missingYes: true, cover: 5.75 },
      { leaf: -0.666666687, cover: 2 },
      { f: 3, c: 0.600000024, yes: 11, no: 12, missingYes: false, cover: 3.75 },
      { leaf: 0.166666672, cover: 2 },
      { leaf: -0.454545468, cover: 1.75 },
    ],
    [
      { f: 0, c: 0.100000001, yes: 1, no: 8, missingYes: true, cover: 14.3008585 },
      { f: 1, c: 0.284999996, yes: 2, no: 5, missingYes: true, cover: 8.20767021 },
      { f: 2, c: 0.649999976, yes: 3, no: 4, missingYes: true, cover: 5.99383736 },
      { leaf: -0.694405079, cover: 5.24614716 },
      { leaf: 0.405321389, cover: 0.747689962 },
      { f: 0, c: -0.0399999991, yes: 6, no: 7, missingYes: false, cover: 2.21383262 },
      { leaf: 0.586705446, cover: 1.48097813 },
      { leaf: 0.113715209, cover: 0.732854486 },
      { f: 1, c: 0.310000002, yes: 9, no: 10, missingYes: true, cover: 6.09318876 },
      { leaf: 0.721449554, cover: 3.94896555 },
      { leaf: -0.590067029, cover: 2.14422321 },
    ],
    [
      { f: 3, c: -0.425000012, yes: 1, no: 6, missingYes: true, cover: 12.1159143 },
      { f: 1, c: 0.679999948, yes: 2, no: 5, missingYes: false, cover: 4.63743973 },
      { f: 2, c: 0.174999997, yes: 3, no: 4, missingYes: false, cover: 3.53554249 },
      { leaf: 0.0632279888, cover: 1.4805218 },
      { leaf: 0.514302015, cover: 2.05502081 },
      { leaf: -0.227497786, cover: 1.10189712 },
      { f: 0, c: -0.274999976, yes: 7, no: 10, missingYes: true, cover: 7.47847414 },
      { f: 1, c: 0.215000004, yes: 8, no: 9, missingYes: true, cover: 2.92250609 },
      { leaf: -0.482806623, cover: 2.27956557 },
      { leaf: 0.150074109, cover: 0.642940521 },
      { f: 1, c: 0.0150000006, yes: 11, no: 12, missingYes: true, cover: 4.55596828 },
      { leaf: 0.386697382, cover: 1.93442941 },
      { leaf: -0.260805011, cover: 2.62153888 },
    ],
  ];
const XGB_CONTRIBS = [
    [-0.7822852, -0.05433446, 0.1708352, -0.2541769, -0.09058371],
    [-0.5552375, -0.2164933, -0.3068022, 0.2998446, -0.09058371],
    [0.8791286, 0.881583, -0.06703015, 0.2193349, -0.09058371],
    [-0.3388383, -0.3653331, 0.1081807, -0.7231811, -0.09058371],
    [-0.7681266, -0.3900923, -0.2296494, 0.06314515, -0.09058371],
    [0.1596377, 0.4878628, -0.1105171, 0.05228458, -0.09058371],
    [0.6674834, -0.02373937, 0.07741964, -0.003268808, -0.09058371],
    [0.1125189, 0.4530874, -0.2479522, 0.1847678, -0.09058371],
  ];

/** XGBoost goes "yes" when x < c in float32; ours goes left when x <= threshold: the float32 just below c. */
function below32(c: number): number {
  const f = new Float32Array([c]);
  const i = new Int32Array(f.buffer);
  if (f[0] === 0) return -1.401298464324817e-45;
  i[0] += f[0] > 0 ? -1 : 1;
  return f[0];
}

describe('treeShap against XGBoost', () => {
  it('equals XGBoost pred_contribs on a small fixed model (1e-5)', async () => {
    const trees: ShapTree[] = XGB_TREES.map((nodes) => ({
      feature: nodes.map((n) => (n.leaf === undefined ? n.f! : -1)),
      threshold: nodes.map((n) => (n.leaf === undefined ? below32(n.c!) : 0)),
      missingLeft: nodes.map((n) => !!n.missingYes),
      left: nodes.map((n) => n.yes ?? -1),
      right: nodes.map((n) => n.no ?? -1),
      value: nodes.map((n) => n.leaf ?? 0),
      cover: nodes.map((n) => n.cover),
    }));
    const ens: TreeEnsemble = { features: 4, base: 0, trees }; // base_score 0.5: margin 0
    const X = Float32Array.from(XGB_X.flat());
    const phi = await treeShap(ens, X, XGB_X.length);
    XGB_CONTRIBS.forEach((row, r) => row.forEach((v, f) => expect(Math.abs(phi[r * 5 + f] - v)).toBeLessThan(1e-5)));
  });
});

/** A telco sample with a test-only encoding: numbers stay numbers (TotalCharges " " -> NaN), text one-hot. */
function telcoSample(rows: number) {
  const lines = readFileSync(datasetPath('telco/Telco-Customer-Churn.csv'), 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  // every 4th customer, so the blank TotalCharges rows (tenure 0) can be in it
  const cells = lines.slice(1).map((l) => l.split(',')).filter((_, i) => i % 4 === 0).slice(0, rows);
  const numeric = new Set(['SeniorCitizen', 'tenure', 'MonthlyCharges', 'TotalCharges']);
  const enc: ((r: string[]) => number[])[] = [];
  header.forEach((name, c) => {
    if (name === 'customerID' || name === 'Churn') return;
    if (numeric.has(name)) enc.push((r) => [r[c].trim() === '' ? NaN : Number(r[c])]);
    else {
      const levels = [...new Set(cells.map((r) => r[c]))].sort();
      enc.push((r) => levels.map((v) => (r[c] === v ? 1 : 0)));
    }
  });
  const encoded = cells.map((r) => enc.flatMap((e) => e(r)));
  const churn = header.indexOf('Churn');
  return { X: Float32Array.from(encoded.flat()), rows: cells.length, features: encoded[0].length, y: Float32Array.from(cells, (r) => (r[churn] === 'Yes' ? 1 : 0)) };
}

function maxLocalError(phi: Float64Array, margin: Float64Array, F: number): number {
  let worst = 0;
  for (let r = 0; r < margin.length; r++) {
    let s = 0;
    for (let f = 0; f <= F; f++) s += phi[r * (F + 1) + f];
    worst = Math.max(worst, Math.abs(s - margin[r]));
  }
  return worst;
}

describe('treeShap on trained models (telco sample)', () => {
  const d = telcoSample(800);

  it('GBDT: expected + sum = predictGbdtRaw to 1e-6, and matches the plain algorithm', async () => {
    expect(d.X.some((v) => Number.isNaN(v))).toBe(true);
    const model = trainGbdt(d, { nEstimators: 40, maxDepth: 5, growth: 'depthwise', earlyStoppingRounds: 0 });
    const ens = gbdtEnsemble(model);
    const phi = await treeShap(ens, d.X, d.rows);
    expect(maxLocalError(phi, predictGbdtRaw(model, d.X, d.rows), d.features)).toBeLessThan(1e-6);
    const plain = treeShapPlain(ens, d.X.subarray(0, 50 * d.features), 50);
    for (let i = 0; i < plain.length; i++) expect(Math.abs(plain[i] - phi[i])).toBeLessThan(1e-9);
  });

  it('decision tree: expected + sum = treeLogits to 1e-6', async () => {
    const model = trainTree(d, { criteria: ['gini'], growth: ['depthwise'], depths: [7], minLeaves: [10] });
    const phi = await treeShap(treeModelEnsemble(model), d.X, d.rows);
    expect(maxLocalError(phi, treeLogits(model, d.X, d.rows), d.features)).toBeLessThan(1e-6);
  });

  it('forest: probability attributions exact, rescaled to sum to forestLogits to 1e-6; null without covers', async () => {
    const model = trainForest(d, { nEstimators: 10 });
    const ens = forestEnsemble(model)!;
    const p = await treeShap(ens, d.X, d.rows);
    expect(maxLocalError(p, forestProbability(model, d.X, d.rows), d.features)).toBeLessThan(1e-9);
    const phi = (await forestShap(model, d.X, d.rows))!;
    expect(maxLocalError(phi, forestLogits(model, d.X, d.rows), d.features)).toBeLessThan(1e-6);
    // same sign and proportions as the probability attributions
    const F = d.features;
    for (let f = 0; f < F; f++) if (p[f] !== 0) expect(Math.sign(phi[f])).toBe(Math.sign(p[f]));
    const old = { ...model, trees: model.trees.map(({ cover: _cover, ...t }) => t) };
    expect(forestEnsemble(old)).toBeNull();
  });
});

describe('treeShap progress', () => {
  it('reports rows done, ending at all rows', async () => {
    const rng = createRng(17);
    const M = 12;
    const ens: TreeEnsemble = { features: M, base: 0, trees: [randomTree(rng, M, 11)] };
    const rows = 600;
    const seen: number[] = [];
    await treeShap(ens, randomRows(rng, rows, M, 0.1), rows, { onProgress: (p) => seen.push(p.done) });
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(rows);
    expect(seen.length).toBeGreaterThan(2);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });
});
