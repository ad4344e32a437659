// Scoring raw rows: each model's trees are compiled once into flat typed arrays (split thresholds
// looked up from the cut lists) and cached per model object.
import type { ForestModel } from './model';

interface Compiled {
  feature: Int32Array;
  threshold: Float64Array;
  missingLeft: Uint8Array;
  /** Absolute index of the right child; the left child is the next node. */
  right: Int32Array;
  value: Float64Array;
  roots: Int32Array;
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
    missingLeft: new Uint8Array(total),
    right: new Int32Array(total),
    value: new Float64Array(total),
    roots: new Int32Array(model.trees.length),
  };
  let base = 0;
  model.trees.forEach((t, k) => {
    c.roots[k] = base;
    for (let n = 0; n < t.feature.length; n++) {
      const f = t.feature[n];
      const at = base + n;
      c.feature[at] = f;
      c.value[at] = t.value[n];
      if (f >= 0) {
        const cuts = model.cuts[f];
        // the last value bin has no upper cut: every present value goes left
        c.threshold[at] = t.bin[n] < cuts.length ? cuts[t.bin[n]] : Infinity;
        c.missingLeft[at] = t.missingLeft[n];
        c.right[at] = base + t.right[n];
      }
    }
    base += t.feature.length;
  });
  compiled.set(model, c);
  return c;
}

/** Mean of the trees' leaf churn shares for each row of row-major X (rows x model.features). */
export function forestProbability(model: ForestModel, X: Float32Array, rows: number): Float64Array {
  const F = model.features;
  if (X.length !== rows * F) throw new Error(`X has ${X.length} values, expected ${rows} rows x ${F} features`);
  const { feature, threshold, missingLeft, right, value, roots } = compile(model);
  const out = new Float64Array(rows);
  const T = roots.length;
  for (let r = 0; r < rows; r++) {
    const base = r * F;
    let sum = 0;
    for (let t = 0; t < T; t++) {
      let node = roots[t];
      let f = feature[node];
      while (f >= 0) {
        const v = X[base + f];
        const left = v === v ? v <= threshold[node] : missingLeft[node] === 1;
        node = left ? node + 1 : right[node];
        f = feature[node];
      }
      sum += value[node];
    }
    out[r] = sum / T;
  }
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
