import { describe, expect, it } from 'vitest';
import { createRng } from '../../random';
import { findBins } from './binning';
import { binAt, packBins } from './packed';
import { rowOf } from './partition';
import { createWorkspace, growTree, type TreeParams } from './tree';

const params: TreeParams = {
  growth: 'depthwise',
  maxDepth: 4,
  numLeaves: 31,
  learningRate: 0.1,
  l2: 1,
  minSamplesLeaf: 5,
  minChildHessian: 1e-3,
  minGainToSplit: 0,
};

function setup(rows: number, features: number) {
  const rng = createRng(9);
  const X = Float32Array.from({ length: rows * features }, () => rng() * 2 - 1);
  const gh = new Float64Array(2 * rows);
  for (let i = 0; i < rows; i++) {
    gh[2 * i] = X[i * features] + X[i * features + 1] > 0 ? -0.5 : 0.5;
    gh[2 * i + 1] = 0.25;
  }
  const binning = findBins(X, rows, features, 255);
  const ws = createWorkspace(packBins(X, rows, features, binning), binning);
  return { ws, gh, feats: Int32Array.from({ length: features }, (_, f) => f) };
}

describe('growTree', () => {
  it('builds one histogram per split, for the smaller child only (the rest by subtraction)', () => {
    const { ws, gh, feats } = setup(3000, 6);
    const { tree } = growTree(ws, null, 3000, gh, feats, params);
    // every split above the last level needs both children's histograms but builds one
    let builds = 1;
    let rows = 3000;
    const depth = (n: number): number => (n === 0 ? 0 : 1 + depth(tree.left.indexOf(n) >= 0 ? tree.left.indexOf(n) : tree.right.indexOf(n)));
    for (let n = 0; n < tree.feature.length; n++) {
      if (tree.feature[n] < 0 || depth(n) >= params.maxDepth - 1) continue;
      builds++;
      rows += Math.min(tree.count[tree.left[n]], tree.count[tree.right[n]]);
    }
    expect(ws.stats).toEqual({ builds, rows });
    expect(rows).toBeLessThan(3000 * params.maxDepth * 0.6);
  });
  it('grows the same depth-wise tree level by level (as with helper threads), numbered as depth first', () => {
    const { ws, gh, feats } = setup(3000, 6);
    const q = { ...params, maxDepth: 5 };
    const dfs = growTree(ws, null, 3000, gh, feats, q);
    const scores = new Float64Array(3000);
    growTree(ws, null, 3000, gh, feats, q, scores);
    ws.levelwise = () => true;
    const lw = growTree(ws, null, 3000, gh, feats, q);
    expect(lw.tree).toEqual(dfs.tree);
    expect(lw.leaves).toEqual(dfs.leaves);
    const lwScores = new Float64Array(3000);
    expect(growTree(ws, null, 3000, gh, feats, q, lwScores).tree).toEqual(dfs.tree);
    expect(lwScores).toEqual(scores);
    // a tree with several levels, and not grown left first (which depth-first numbering would hide)
    expect(dfs.tree.feature.filter((f) => f >= 0).length).toBeGreaterThan(8);
    expect(dfs.tree.left[0]).toBe(1);
    expect(dfs.tree.left[2]).toBeGreaterThan(2);
  });
  it('leaves each leaf with the rows it routes there, on a row sample too', () => {
    const { ws, gh, feats } = setup(2000, 5);
    const sample = Uint32Array.from({ length: 1200 }, (_, k) => Math.floor((k * 5) / 3));
    const { tree, leaves } = growTree(ws, sample, sample.length, gh, feats, { ...params, growth: 'leafwise', maxDepth: 0, numLeaves: 9 });
    expect(leaves.length).toBe(9);
    const seen = new Set<number>();
    for (const leaf of leaves) {
      expect(leaf.end - leaf.start).toBe(tree.count[leaf.node]);
      for (let k = leaf.start; k < leaf.end; k++) {
        const i = rowOf(ws.store, k, leaf.side);
        seen.add(i);
        let node = 0;
        while (tree.feature[node] >= 0) {
          const b = binAt(ws.bins, i, tree.feature[node]);
          const missing = b === ws.binning.valueBins[tree.feature[node]];
          node = (missing ? tree.missingLeft[node] : b <= tree.bin[node]) ? tree.left[node] : tree.right[node];
        }
        expect(node).toBe(leaf.node);
      }
    }
    expect(seen).toEqual(new Set(sample));
  });
  it('finds the same splits from two counts as from counting every searched feature per bin', () => {
    const rng = createRng(3);
    const rows = 4000;
    const features = 5;
    // missing values, ties (few distinct values in feature 4) and uneven hessians
    const X = Float32Array.from({ length: rows * features }, (_, j) => (rng() < 0.05 ? NaN : j % features === 4 ? Math.floor(rng() * 6) : rng()));
    const gh = Float64Array.from({ length: 2 * rows }, (_, j) => (j % 2 ? 0.05 + rng() : (X[j >> 1 ? (j >> 1) * features - features : 0] || 0) + rng() - 0.8));
    const binning = findBins(X, rows, features, 255);
    const bins = packBins(X, rows, features, binning);
    const feats = Int32Array.from({ length: features }, (_, f) => f);
    const quick = createWorkspace(bins, binning);
    const full = createWorkspace(bins, binning);
    full.countShortcut = false;
    for (const minSamplesLeaf of [1, 60, 700]) {
      for (const growth of ['depthwise', 'leafwise'] as const) {
        const q = { ...params, growth, maxDepth: 6, numLeaves: 20, minSamplesLeaf, minChildHessian: 0 };
        const a = growTree(quick, null, rows, gh, feats, q).tree;
        expect(a, `${growth}, minSamplesLeaf ${minSamplesLeaf}`).toEqual(growTree(full, null, rows, gh, feats, q).tree);
        expect(a.feature.filter((f) => f >= 0).length).toBeGreaterThan(1);
      }
    }
  });
  it('adds each row\'s leaf value to scores when given them, routing the last level without partitioning', () => {
    const { ws, gh, feats } = setup(3000, 6);
    const { tree, leaves } = growTree(ws, null, 3000, gh, feats, params);
    const expected = new Float64Array(3000);
    for (const leaf of leaves) for (let k = leaf.start; k < leaf.end; k++) expected[rowOf(ws.store, k, leaf.side)] += tree.value[leaf.node];
    const scores = new Float64Array(3000).fill(0.25);
    const factors = new Float64Array(3000).fill(Math.exp(-0.25));
    const routed = growTree(ws, null, 3000, gh, feats, params, scores, factors);
    expect(routed.tree).toEqual(tree);
    expect(routed.leaves).toEqual([]);
    expect(Array.from(scores)).toEqual(Array.from(expected, (v) => 0.25 + v));
    // factors stay exp(-scores), every row (routed or not)
    for (let i = 0; i < 3000; i++) expect(factors[i] / Math.exp(-scores[i])).toBeCloseTo(1, 14);
    // the leaf-wise order of splits is unchanged by routing too
    const lw = { ...params, growth: 'leafwise' as const, maxDepth: 3, numLeaves: 6 };
    expect(growTree(ws, null, 3000, gh, feats, lw, new Float64Array(3000)).tree).toEqual(growTree(ws, null, 3000, gh, feats, lw).tree);
  });
});
