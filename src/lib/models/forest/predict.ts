// Scoring raw rows: each model's trees are compiled once into flat typed arrays (split thresholds
// looked up from the cut lists) and cached per model object.
import type { ForestModel } from './model';

interface Compiled {
  /** Feature tested at the node; at a leaf 0 (any feature: the step stays put, see threshold). */
  feature: Int32Array;
  /** A present value goes left when v <= threshold; NaN at a leaf, so every value goes "right". */
  threshold: Float64Array;
  /** 1 when missing values go left (0 at leaves). */
  missingLeft: Int32Array;
  /** Absolute index of the right child (the left child is the next node); a leaf points to itself. */
  right: Int32Array;
  value: Float64Array;
  roots: Int32Array;
  /** Depth of each tree: that many steps reach a leaf from the root on any path. */
  depth: Int32Array;
}

const compiled = new WeakMap<ForestModel, Compiled>();

function compile(model: ForestModel): Compiled {
  const hit = compiled.get(model);
  if (hit) return hit;
  let total = 0;
  for (const t of model.trees) total += t.feature.length;
  const c: Compiled = {
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    missingLeft: new Int32Array(total),
    right: new Int32Array(total),
    value: new Float64Array(total),
    roots: new Int32Array(model.trees.length),
    depth: new Int32Array(model.trees.length),
  };
  let base = 0;
  model.trees.forEach((t, k) => {
    c.roots[k] = base;
    const depth = new Int32Array(t.feature.length);
    let deepest = 0;
    for (let n = 0; n < t.feature.length; n++) {
      const f = t.feature[n];
      const at = base + n;
      c.value[at] = t.value[n];
      deepest = Math.max(deepest, depth[n]);
      if (f >= 0) {
        const cuts = model.cuts[f];
        c.feature[at] = f;
        // the last value bin has no upper cut: every present value goes left
        c.threshold[at] = t.bin[n] < cuts.length ? cuts[t.bin[n]] : Infinity;
        c.missingLeft[at] = t.missingLeft[n];
        c.right[at] = base + t.right[n];
        depth[n + 1] = depth[n] + 1;
        depth[t.right[n]] = depth[n] + 1;
      } else {
        c.threshold[at] = NaN;
        c.right[at] = at;
      }
    }
    c.depth[k] = deepest;
    base += t.feature.length;
  });
  compiled.set(model, c);
  return c;
}

/**
 * Mean of the trees' leaf churn shares for each row of row-major X (rows x model.features). Each tree
 * walks 4 rows at once for its depth in steps without branches (a leaf steps to itself): the walks
 * of one row are chains of dependent loads, and 4 independent chains keep the core busy.
 */
export function forestProbability(model: ForestModel, X: Float32Array, rows: number): Float64Array {
  const F = model.features;
  if (X.length !== rows * F) throw new Error(`X has ${X.length} values, expected ${rows} rows x ${F} features`);
  const { feature, threshold, missingLeft, right, value, roots, depth } = compile(model);
  const out = new Float64Array(rows);
  const T = roots.length;
  for (let t = 0; t < T; t++) {
    const root = roots[t];
    const steps = depth[t];
    let r = 0;
    for (; r + 4 <= rows; r += 4) {
      const b0 = r * F;
      const b1 = b0 + F;
      const b2 = b1 + F;
      const b3 = b2 + F;
      let n0 = root;
      let n1 = root;
      let n2 = root;
      let n3 = root;
      for (let s = 0; s < steps; s++) {
        const x0 = X[b0 + feature[n0]];
        const x1 = X[b1 + feature[n1]];
        const x2 = X[b2 + feature[n2]];
        const x3 = X[b3 + feature[n3]];
        // left (1) when v <= threshold, or v is missing and missing values go left
        const l0 = ((x0 <= threshold[n0]) as unknown as number) | (((x0 !== x0) as unknown as number) & missingLeft[n0]);
        const l1 = ((x1 <= threshold[n1]) as unknown as number) | (((x1 !== x1) as unknown as number) & missingLeft[n1]);
        const l2 = ((x2 <= threshold[n2]) as unknown as number) | (((x2 !== x2) as unknown as number) & missingLeft[n2]);
        const l3 = ((x3 <= threshold[n3]) as unknown as number) | (((x3 !== x3) as unknown as number) & missingLeft[n3]);
        const r0 = right[n0];
        const r1 = right[n1];
        const r2 = right[n2];
        const r3 = right[n3];
        n0 = r0 + l0 * (n0 + 1 - r0);
        n1 = r1 + l1 * (n1 + 1 - r1);
        n2 = r2 + l2 * (n2 + 1 - r2);
        n3 = r3 + l3 * (n3 + 1 - r3);
      }
      out[r] += value[n0];
      out[r + 1] += value[n1];
      out[r + 2] += value[n2];
      out[r + 3] += value[n3];
    }
    for (; r < rows; r++) {
      const b = r * F;
      let n = root;
      for (let s = 0; s < steps; s++) {
        const x = X[b + feature[n]];
        const l = ((x <= threshold[n]) as unknown as number) | (((x !== x) as unknown as number) & missingLeft[n]);
        const rn = right[n];
        n = rn + l * (n + 1 - rn);
      }
      out[r] += value[n];
    }
  }
  for (let r = 0; r < rows; r++) out[r] /= T;
  return out;
}

/**
 * Probabilities are clipped away from 0 and 1: a forest's average is exactly 0 or 1 when every tree
 * agrees, and log-loss and log-odds need a finite value (half a tree's vote of a 300-tree forest).
 */
export const FOREST_CLIP = 1e-3;

function clip(p: number): number {
  return p < FOREST_CLIP ? FOREST_CLIP : p > 1 - FOREST_CLIP ? 1 - FOREST_CLIP : p;
}

/** Churn probability per row, in (0, 1). */
export function predictForest(model: ForestModel, X: Float32Array, rows: number): Float64Array {
  const p = forestProbability(model, X, rows);
  for (let i = 0; i < rows; i++) p[i] = clip(p[i]);
  return p;
}

/** Log-odds of the clipped probability per row. */
export function forestLogits(model: ForestModel, X: Float32Array, rows: number): Float64Array {
  const p = forestProbability(model, X, rows);
  for (let i = 0; i < rows; i++) {
    const q = clip(p[i]);
    p[i] = Math.log(q / (1 - q));
  }
  return p;
}
