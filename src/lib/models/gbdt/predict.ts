// Prediction on raw feature values (new data) and on training bins (during boosting), plus importance.
import type { PackedBins } from './packed';
import { addForest, compileForest } from './forest';
import type { GbdtModel, GbdtTree } from './model';

const ALL_PRESENT = Number.MAX_VALUE;

/** Leaf reached by one row of raw values. */
export function leafOf(tree: GbdtTree, X: ArrayLike<number>, base: number): number {
  const { feature, threshold, missingLeft, left, right } = tree;
  let node = 0;
  while (feature[node] >= 0) {
    const v = X[base + feature[node]];
    const t = threshold[node];
    // `t === ALL_PRESENT` keeps +Infinity on the left, where binning put it (the top value bin)
    const goLeft = v !== v ? missingLeft[node] : v <= t || t === ALL_PRESENT;
    node = goLeft ? left[node] : right[node];
  }
  return node;
}

/** Margins (log-odds) for rows x model.features raw values; NaN = missing. `trees` limits the rounds used. */
export function predictGbdtRaw(model: GbdtModel, X: Float32Array, rows: number, trees = model.trees.length): Float64Array {
  if (!Number.isInteger(rows) || rows < 0) throw new Error(`predictGbdt: rows must be an integer >= 0, got ${rows}`);
  if (X.length !== rows * model.features) {
    throw new Error(`predictGbdt: X has ${X.length} values, expected rows * features = ${rows} * ${model.features}`);
  }
  const out = new Float64Array(rows).fill(model.baseScore);
  const n = Math.min(Math.max(0, Math.floor(trees)), model.trees.length);
  addForest(compileForest(model, n), X, rows, out);
  return out;
}

/** P(y = 1) for rows of raw values. */
export function predictGbdt(model: GbdtModel, X: Float32Array, rows: number, trees?: number): Float64Array {
  const out = predictGbdtRaw(model, X, rows, trees);
  for (let i = 0; i < rows; i++) out[i] = 1 / (1 + Math.exp(-out[i]));
  return out;
}

/** Adds one tree's outputs to margins of binned rows (the training-time path; no raw values needed). */
export function addTreeBinned(tree: GbdtTree, bins: PackedBins, valueBins: Int32Array, out: Float64Array): void {
  const { feature, bin, missingLeft, left, right, value } = tree;
  const { perWord, rows, words, groups } = bins;
  const bits = bins.bits;
  const mask = bits === 8 ? 0xff : 0xffff;
  for (let i = 0, o = 0; i < rows; i++, o += groups) {
    let node = 0;
    while (feature[node] >= 0) {
      const f = feature[node];
      const b = (words[o + ((f / perWord) | 0)] >>> ((f % perWord) * bits)) & mask;
      const goLeft = b === valueBins[f] ? missingLeft[node] : b <= bin[node];
      node = goLeft ? left[node] : right[node];
    }
    out[i] += value[node];
  }
}

/** Total split gain per feature over all kept trees (LightGBM's importance_type='gain'). */
export function splitGainImportance(model: GbdtModel): Float64Array {
  const out = new Float64Array(model.features);
  for (const tree of model.trees) {
    for (let k = 0; k < tree.feature.length; k++) if (tree.feature[k] >= 0) out[tree.feature[k]] += tree.gain[k];
  }
  return out;
}

/** Number of splits per feature over all kept trees (importance_type='split'). */
export function splitCountImportance(model: GbdtModel): Float64Array {
  const out = new Float64Array(model.features);
  for (const tree of model.trees) {
    for (let k = 0; k < tree.feature.length; k++) if (tree.feature[k] >= 0) out[tree.feature[k]]++;
  }
  return out;
}
