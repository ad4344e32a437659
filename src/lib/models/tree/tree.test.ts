import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../metrics/roc';
import { growTree, rankColumns } from './grow';
import type { TreeOptions } from './options';
import { prunePath } from './prune';
import { predictTree, trainTree, treeLeaves, treeLogits } from './train';

/** A small seeded generator (tests only). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function data(rows: number[][], y: number[]) {
  return { X: Float32Array.from(rows.flat()), rows: rows.length, features: rows[0].length, y: Float32Array.from(y) };
}

const oneSplit: Partial<TreeOptions> = { growth: ['depthwise'], depths: [1], minLeaves: [1], alpha: 0 };

describe('trainTree', () => {
  it('splits a pure separation at the midpoint between the two classes', () => {
    // Feature 1 is noise; feature 0 separates at 3 | 7.
    const d = data([[1, 5], [2, 1], [3, 9], [7, 2], [8, 8], [9, 4]], [0, 0, 0, 1, 1, 1]);
    const m = trainTree(d, { criteria: ['gini'], ...oneSplit });
    expect(m.leaves).toBe(2);
    expect(m.feature[0]).toBe(0);
    expect(m.threshold[0]).toBe(5);
    const p = predictTree(m, d.X, d.rows);
    expect(rocAuc(d.y, p)).toBe(1);
    expect(Array.from(treeLogits(m, d.X, d.rows)).every(Number.isFinite)).toBe(true);
  });

  it('gini and entropy choose different splits where their impurities disagree', () => {
    // 20 rows, 10 churners. Feature 0 <= 0.5: 4 rows, 1 churner (gini's choice);
    // feature 1 <= 0.5: 1 row, no churner (entropy's choice).
    const y = [1, 0, 0, 0, ...Array(9).fill(1), ...Array(7).fill(0)];
    const rows = y.map((_, i) => [i < 4 ? 0 : 1, i === 19 ? 0 : 1]);
    const d = data(rows, y);
    expect(trainTree(d, { criteria: ['gini'], ...oneSplit }).feature[0]).toBe(0);
    expect(trainTree(d, { criteria: ['entropy'], ...oneSplit }).feature[0]).toBe(1);
  });

  it('sends missing values to the side where they lower the impurity', () => {
    // Missing values of feature 0 belong with the churners (high values).
    const rows: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 30; i++) {
      rows.push([i < 10 ? i : i < 20 ? 100 + i : NaN]);
      y.push(i < 10 ? 0 : 1);
    }
    const d = data(rows, y);
    const m = trainTree(d, { criteria: ['gini'], ...oneSplit });
    expect(m.missingLeft[0]).toBe(0);
    const p = predictTree(m, Float32Array.from([NaN, 5, 150]), 3);
    expect(p[0]).toBeGreaterThan(0.9);
    expect(p[1]).toBeLessThan(0.1);
    expect(p[2]).toBeGreaterThan(0.9);
  });

  it('is a single leaf when nothing can be split (one class, or constant features)', () => {
    for (const d of [data([[1], [2], [3], [4]], [1, 1, 1, 1]), data([[5], [5], [5], [5], [5], [5]], [0, 1, 0, 1, 1, 0])]) {
      const m = trainTree(d);
      expect(m.leaves).toBe(1);
      const p = predictTree(m, d.X, d.rows);
      expect(p.every((v) => v > 0 && v < 1)).toBe(true);
      expect(JSON.parse(JSON.stringify(m))).toEqual(m);
    }
  });

  it('keeps at most maxLeaves leaves on noisy data with many features, and survives JSON', () => {
    const r = rng(3);
    const rows = Array.from({ length: 1500 }, () => Array.from({ length: 8 }, () => r()));
    const y = rows.map((x) => (r() < 0.2 + 0.5 * x[0] * x[1] + 0.2 * (x[2] > 0.7 ? 1 : 0) ? 1 : 0));
    const d = data(rows, y);
    for (const maxLeaves of [16, 5]) {
      const m = trainTree(d, { maxLeaves, minLeaves: [5, 20] });
      expect(m.leaves).toBeLessThanOrEqual(maxLeaves);
      expect(m.leaves).toBeGreaterThan(1);
      expect(m.feature.filter((f) => f < 0).length).toBe(m.leaves);
      const copy = JSON.parse(JSON.stringify(m));
      expect(Array.from(predictTree(copy, d.X, d.rows))).toEqual(Array.from(predictTree(m, d.X, d.rows)));
      // Leaf counts add up: every training row reaches exactly one leaf.
      const leaves = treeLeaves(m, d.X, d.rows);
      const sum = new Map<number, number>();
      for (const l of leaves) sum.set(l, (sum.get(l) ?? 0) + 1);
      for (const [l, n] of sum) expect(m.customers[l]).toBe(n);
    }
  });

  it('the pruning path has increasing alphas and fewer leaves at each step, down to the root', () => {
    const r = rng(7);
    const rows = Array.from({ length: 800 }, () => [r(), r(), r()]);
    const y = rows.map((x) => (r() < (x[0] > 0.5 ? 0.7 : 0.2) + 0.1 * x[1] ? 1 : 0));
    const rc = rankColumns(Float32Array.from(rows.flat()), rows.length, 3);
    const t = growTree(rc, Float32Array.from(y), Int32Array.from(rows.keys()), { criterion: 'gini', maxDepth: 6, minLeaf: 5, minImpurityDecrease: 0, maxLeaves: 0 });
    const path = prunePath(t);
    expect(path.leaves[0]).toBe(t.feature.subarray(0, t.nodes).filter((f) => f < 0).length);
    expect(path.leaves.at(-1)).toBe(1);
    for (let k = 1; k < path.alphas.length; k++) {
      expect(path.alphas[k]).toBeGreaterThanOrEqual(path.alphas[k - 1]);
      expect(path.leaves[k]).toBeLessThan(path.leaves[k - 1]);
    }
  });

  it('best-first growth stops at the leaf budget', () => {
    const r = rng(11);
    const rows = Array.from({ length: 600 }, () => [r(), r()]);
    const y = rows.map((x) => (r() < x[0] * x[1] ? 1 : 0));
    const rc = rankColumns(Float32Array.from(rows.flat()), rows.length, 2);
    const t = growTree(rc, Float32Array.from(y), Int32Array.from(rows.keys()), { criterion: 'entropy', maxDepth: 10, minLeaf: 5, minImpurityDecrease: 0, maxLeaves: 6 });
    expect(t.feature.subarray(0, t.nodes).filter((f) => f < 0).length).toBe(6);
  });
});
