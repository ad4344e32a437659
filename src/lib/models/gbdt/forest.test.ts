import { describe, expect, it } from 'vitest';
import { createRng } from '../../random';
import { addForest, compileForest } from './forest';
import type { GbdtModel, GbdtTree } from './model';
import { leafOf } from './predict';

/** A random tree of the given depth over `features` features, nodes numbered depth-first (unlike the compiled BFS order). */
function randomTree(depth: number, features: number, rng: () => number): GbdtTree {
  const t: GbdtTree = { feature: [], threshold: [], bin: [], missingLeft: [], left: [], right: [], value: [], gain: [], count: [], hessian: [] };
  const add = (d: number): number => {
    const id = t.feature.length;
    const leaf = d === depth || (d > 0 && rng() < 0.2);
    t.feature.push(leaf ? -1 : Math.floor(rng() * features));
    // some all-present cuts (Number.MAX_VALUE), which keep +Infinity on the left
    t.threshold.push(leaf ? 0 : rng() < 0.1 ? Number.MAX_VALUE : rng() * 2 - 1);
    t.bin.push(0);
    t.missingLeft.push(rng() < 0.5);
    t.left.push(-1);
    t.right.push(-1);
    t.value.push(rng() - 0.5);
    t.gain.push(0);
    t.count.push(0);
    t.hessian.push(0);
    if (!leaf) {
      t.left[id] = add(d + 1);
      t.right[id] = add(d + 1);
    }
    return id;
  };
  add(0);
  return t;
}

describe('compileForest and addForest', () => {
  it('scores like walking each tree, with missing, infinite and all-present cuts', () => {
    const rng = createRng(3);
    const features = 5;
    const model = { features, trees: Array.from({ length: 7 }, () => randomTree(5, features, rng)) } as GbdtModel;
    const rows = 203; // not a multiple of the 4 rows walked together
    const X = new Float32Array(rows * features);
    for (let j = 0; j < X.length; j++) {
      const r = rng();
      X[j] = r < 0.1 ? NaN : r < 0.13 ? Infinity : r < 0.16 ? -Infinity : rng() * 2 - 1;
    }
    const out = new Float64Array(rows);
    addForest(compileForest(model), X, rows, out);
    for (let i = 0; i < rows; i++) {
      let expected = 0;
      for (const tree of model.trees) expected += tree.value[leafOf(tree, X, i * features)];
      expect(out[i]).toBeCloseTo(expected, 12);
    }
    // the first 3 trees only
    const part = new Float64Array(rows);
    addForest(compileForest(model, 3), X, rows, part);
    let expected0 = 0;
    for (const tree of model.trees.slice(0, 3)) expected0 += tree.value[leafOf(tree, X, 0)];
    expect(part[0]).toBeCloseTo(expected0, 12);
  });
  it('puts the children of each node side by side', () => {
    const rng = createRng(4);
    const f = compileForest({ features: 3, trees: [randomTree(4, 3, rng), randomTree(3, 3, rng)] } as GbdtModel);
    expect(f.roots[0]).toBe(0);
    for (let n = 0; n < f.feature.length; n++) if (f.feature[n] >= 0) expect(f.child[n]).toBeGreaterThan(n);
    expect(f.threshold.includes(Number.MAX_VALUE)).toBe(false);
  });
});
