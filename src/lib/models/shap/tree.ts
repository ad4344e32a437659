// Exact TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent individualized feature attribution for tree
// ensembles", Algorithm 2): per row, the Shapley values of the model margin where a feature outside the
// coalition follows both branches of a split weighted by the training cover (the "path-dependent"
// conditional expectation, as XGBoost's pred_contribs and shap.TreeExplainer(feature_perturbation=
// 'tree_path_dependent')). Missing values follow missingLeft, as in prediction. Output layout is XGBoost's:
// rows x (features + 1), the last column the expected value, so expected + row sum = the row's margin.
import { NO_THREADS, type KernelThreads } from '../../engine/threads';
import type { ProgressFn } from '../../progress';
import type { GbdtModel } from '../gbdt/model';
import type { TreeModel } from '../tree/train';
import type { ForestModel } from '../forest/model';
import { FOREST_CLIP } from '../forest/predict';
import { extend, Path, unwind, unwoundSum } from './tree-path';
import { flatShapRows, flattenTrees, MAX_UNIQUE, treeTableSize } from './tree-fast';
import { createTreeShapKernel, kernelShapRows, windowRows } from './tree-wasm';
import { linearScratch, linearShapRow, prepareLinear } from './tree-linear';

const clipForest = (p: number): number => (p < FOREST_CLIP ? FOREST_CLIP : p > 1 - FOREST_CLIP ? 1 - FOREST_CLIP : p);

/** One tree as parallel arrays, node 0 the root. */
export interface ShapTree {
  /** Feature tested at the node; -1 at a leaf. */
  feature: ArrayLike<number>;
  /** A present value v goes left when v <= threshold (v the Float32 X value). */
  threshold: ArrayLike<number>;
  /** Where NaN goes. */
  missingLeft: ArrayLike<number | boolean>;
  left: ArrayLike<number>;
  right: ArrayLike<number>;
  /** Leaf output added to the margin (log-odds). */
  value: ArrayLike<number>;
  /** Training weight reaching the node (GBDT: hessian sum, as XGBoost). */
  cover: ArrayLike<number>;
}

/** margin = base + sum over trees of the leaf value reached. */
export interface TreeEnsemble {
  features: number;
  base: number;
  trees: ShapTree[];
}

export interface TreeShapOptions {
  /** Helper threads for the kernel (rows shared out); none by default. */
  threads?: KernelThreads;
  onProgress?: ProgressFn;
  /** false: the TypeScript loop instead of the WebAssembly kernel (tests compare the two). */
  kernel?: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Adapters

/** The GBDT's trees; Number.MAX_VALUE thresholds (every present value left, +Infinity included) become Infinity. */
export function gbdtEnsemble(model: GbdtModel): TreeEnsemble {
  return {
    features: model.features,
    base: model.baseScore,
    trees: model.trees.map((t) => ({
      feature: t.feature,
      threshold: t.threshold.map((v) => (v === Number.MAX_VALUE ? Infinity : v)),
      missingLeft: t.missingLeft,
      left: t.left,
      right: t.right,
      value: t.value,
      cover: t.hessian,
    })),
  };
}

/** The single decision tree: leaf values are the log-odds of the leaf's probability (so the sum = treeLogits), cover = training customers. */
export function treeModelEnsemble(model: TreeModel): TreeEnsemble {
  return {
    features: model.features,
    base: 0,
    trees: [
      {
        feature: model.feature,
        threshold: model.threshold,
        missingLeft: model.missingLeft,
        left: model.left,
        right: model.right,
        value: model.value.map((p, i) => (model.feature[i] < 0 ? Math.log(p / (1 - p)) : 0)),
        cover: model.customers,
      },
    ],
  };
}

/**
 * The forest in PROBABILITY space: leaves hold share / trees, so the margin is the mean tree probability
 * (forestProbability, before clipping). Null when the saved trees carry no cover (forests trained before
 * covers were stored): TreeSHAP needs it. The forest's log-odds (logit of the clipped mean) are not a sum
 * over trees, so forestShap below explains the probability exactly and rescales to log-odds.
 */
export function forestEnsemble(model: ForestModel): TreeEnsemble | null {
  const T = model.trees.length;
  if (T === 0 || model.trees.some((t) => !t.cover || t.cover.length !== t.feature.length)) return null;
  return {
    features: model.features,
    base: 0,
    trees: model.trees.map((t) => {
      const n = t.feature.length;
      const left = new Int32Array(n).fill(-1);
      const threshold = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const f = t.feature[i];
        if (f < 0) continue;
        left[i] = i + 1; // preorder: the left child is the next node
        const cuts = model.cuts[f];
        // the last value bin has no upper cut: every present value goes left (as forest/predict.ts)
        threshold[i] = t.bin[i] < cuts.length ? cuts[t.bin[i]] : Infinity;
      }
      return {
        feature: t.feature,
        threshold,
        missingLeft: t.missingLeft,
        left,
        right: t.right,
        value: t.value.map((v, i) => (t.feature[i] < 0 ? v / T : 0)),
        cover: t.cover!,
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------------
// The plain algorithm (reference for the faster variants)

/** Cover-weighted mean leaf value of a tree (its expected output). */
export function treeExpectation(tree: ShapTree): number {
  const rec = (n: number): number => {
    if (tree.feature[n] < 0) return tree.value[n];
    const w = tree.cover[n];
    const l = tree.left[n];
    const r = tree.right[n];
    const [pl, pr] = w > 0 ? [tree.cover[l] / w, tree.cover[r] / w] : [0.5, 0.5];
    return pl * rec(l) + pr * rec(r);
  };
  return rec(0);
}

export function expectedValue(ens: TreeEnsemble): number {
  let e = ens.base;
  for (const t of ens.trees) e += treeExpectation(t);
  return e;
}

/** Does a row's value at node n go left? */
export function goesLeft(tree: ShapTree, n: number, v: number): boolean {
  return v !== v ? !!tree.missingLeft[n] : v <= tree.threshold[n];
}

export function treeDepth(tree: ShapTree): number {
  const rec = (n: number): number => (tree.feature[n] < 0 ? 0 : 1 + Math.max(rec(tree.left[n]), rec(tree.right[n])));
  return rec(0);
}

/** Adds one tree's SHAP values for the row at X[base ..] into phi[po .. po + features). */
function shapTreeRow(tree: ShapTree, X: ArrayLike<number>, base: number, phi: Float64Array, po: number, path: Path): void {
  // As the reference C++ of shap: each level copies its parent's d elements to its own slice
  // (parent offset + d + 1), so the parent's path survives for the second child.
  const rec = (n: number, parentO: number, d: number, zero: number, one: number, feature: number): void => {
    const o = parentO + d + 1;
    path.feature.copyWithin(o, parentO, parentO + d);
    path.zero.copyWithin(o, parentO, parentO + d);
    path.one.copyWithin(o, parentO, parentO + d);
    path.w.copyWithin(o, parentO, parentO + d);
    extend(path, o, d, zero, one, feature);
    const f = tree.feature[n];
    if (f < 0) {
      const v = tree.value[n];
      for (let i = 1; i <= d; i++) {
        const s = unwoundSum(path, o, d, i);
        phi[po + path.feature[o + i]] += s * (path.one[o + i] - path.zero[o + i]) * v;
      }
      return;
    }
    const l = tree.left[n];
    const r = tree.right[n];
    const left = goesLeft(tree, n, X[base + f]);
    const hot = left ? l : r;
    const cold = left ? r : l;
    const w = tree.cover[n];
    const hotZero = w > 0 ? tree.cover[hot] / w : 0.5;
    const coldZero = w > 0 ? tree.cover[cold] / w : 0.5;
    let inZero = 1;
    let inOne = 1;
    let k = 1;
    for (; k <= d; k++) if (path.feature[o + k] === f) break;
    let dd = d;
    if (k <= d) {
      inZero = path.zero[o + k];
      inOne = path.one[o + k];
      unwind(path, o, dd, k);
      dd--;
    }
    rec(hot, o, dd + 1, hotZero * inZero, inOne, f);
    rec(cold, o, dd + 1, coldZero * inZero, 0, f);
  };
  rec(0, 0, 0, 1, 1, -1);
}

/**
 * Algorithm 2 as published, one row and one tree at a time: the reference every faster variant is checked
 * against. rows x (features + 1), row-major; column `features` holds the expected value.
 */
export function treeShapPlain(ens: TreeEnsemble, X: Float32Array, rows: number): Float64Array {
  const F = ens.features;
  if (X.length !== rows * F) throw new Error(`treeShap: X has ${X.length} values, expected ${rows} rows x ${F} features`);
  const out = new Float64Array(rows * (F + 1));
  let maxDepth = 0;
  for (const t of ens.trees) maxDepth = Math.max(maxDepth, treeDepth(t));
  // level d's slice starts after the slices of levels < d: (d + 1)(d + 2) / 2 elements
  const path = new Path(((maxDepth + 2) * (maxDepth + 3)) / 2 + 1);
  const e = expectedValue(ens);
  for (let r = 0; r < rows; r++) {
    const po = r * (F + 1);
    for (const t of ens.trees) shapTreeRow(t, X, r * F, out, po, path);
    out[po + F] = e;
  }
  return out;
}

/**
 * Leaf-table doubles (all trees together) beyond which further trees run the quadrature pass (tree-linear.ts):
 * 64 MB (subtree tables can take up to twice their leaves' where a subtree splits again on its path's features).
 */
const MAX_TABLE = 2 ** 23;

/** Which trees get per-leaf tables (tree-fast.ts): a table must cost less than the rows it serves. */
export function planTrees(ens: TreeEnsemble, rows: number): { fast: ShapTree[]; plain: ShapTree[] } {
  const fast: ShapTree[] = [];
  const plain: ShapTree[] = [];
  let total = 0;
  for (const t of ens.trees) {
    const { maxUnique, doubles } = treeTableSize(t);
    // building a leaf's table costs about 2^u plain rows of it
    const ok = maxUnique <= MAX_UNIQUE && 2 ** maxUnique <= Math.max(rows, 16) && total + doubles <= MAX_TABLE;
    if (ok) total += doubles;
    (ok ? fast : plain).push(t);
  }
  return { fast, plain };
}

let keys = 0;

/**
 * Exact TreeSHAP of every row: rows x (features + 1), row-major; column `features` holds the expected value
 * (as XGBoost pred_contribs), so expected + row sum = the row's margin. Trees within the table budget run
 * Fast TreeSHAP v2 (tree-fast.ts) on the WebAssembly kernel (tree-wasm.ts; rows shared out to opts.threads),
 * or its TypeScript twin where WebAssembly is unavailable or opts.kernel is false; the others (deep trees,
 * or too few rows to pay for tables) the quadrature form of tree-linear.ts.
 * All give the same values (to rounding).
 */
export async function treeShap(ens: TreeEnsemble, X: Float32Array, rows: number, opts: TreeShapOptions = {}): Promise<Float64Array> {
  const F = ens.features;
  if (!Number.isInteger(rows) || rows < 0) throw new Error(`treeShap: rows must be an integer >= 0, got ${rows}`);
  if (X.length !== rows * F) throw new Error(`treeShap: X has ${X.length} values, expected ${rows} rows x ${F} features`);
  const threads = opts.threads ?? NO_THREADS;
  const { fast, plain } = rows > 0 ? planTrees(ens, rows) : { fast: [], plain: [] };
  const out = new Float64Array(rows * (F + 1));
  const flat = fast.length ? flattenTrees(fast) : null;
  const parts = threads.count + 1;
  const kernel = flat && opts.kernel !== false ? (createTreeShapKernel(flat, F, parts) ?? (parts > 1 ? createTreeShapKernel(flat, F, 1) : null)) : null;
  const pat = flat && !kernel ? new Int32Array(flat.records) : null;
  const deep = plain.map(prepareLinear);
  const scratch = linearScratch(deep);
  const key = `treeshap-${++keys}`;
  const shared = kernel !== null && kernel.parts > 1;
  if (shared) await threads.attach(key, kernel.module, kernel.memory);
  try {
    const window = windowRows(F);
    for (let r0 = 0; r0 < rows; r0 += window) {
      const r1 = Math.min(rows, r0 + window);
      opts.onProgress?.({ stage: 'Explaining predictions (TreeSHAP)', done: r0, total: rows });
      if (kernel) await kernelShapRows(kernel, threads, key, X, r0, r1, out);
      else if (flat) flatShapRows(flat, X, F, r0, r1, out, pat!);
      // deep trees cost milliseconds a row (a forest): progress every 256 rows
      for (let r = r0; r < r1 && deep.length; r++) {
        for (const t of deep) linearShapRow(t, X, r * F, out, r * (F + 1), scratch);
        if ((r + 1) % 256 === 0 && r + 1 < r1) opts.onProgress?.({ stage: 'Explaining predictions (TreeSHAP)', done: r + 1, total: rows });
      }
      // let progress messages out between windows when running on the caller's thread alone
      if (!shared && r1 < rows) await new Promise((res) => setTimeout(res, 0));
    }
  } finally {
    if (shared) await threads.detach(key);
  }
  const e = expectedValue(ens);
  for (let r = 0; r < rows; r++) out[r * (F + 1) + F] = e;
  opts.onProgress?.({ stage: 'Explaining predictions (TreeSHAP)', done: rows, total: rows });
  return out;
}

/**
 * treeShap on the caller's thread, synchronously: the tables' TypeScript loop and the quadrature pass, the
 * same values. For a few rows (a waterfall) or callers that cannot await; much faster than treeShapPlain.
 */
export function treeShapSync(ens: TreeEnsemble, X: Float32Array, rows: number): Float64Array {
  const F = ens.features;
  if (!Number.isInteger(rows) || rows < 0) throw new Error(`treeShap: rows must be an integer >= 0, got ${rows}`);
  if (X.length !== rows * F) throw new Error(`treeShap: X has ${X.length} values, expected ${rows} rows x ${F} features`);
  const { fast, plain } = rows > 0 ? planTrees(ens, rows) : { fast: [], plain: [] };
  const out = new Float64Array(rows * (F + 1));
  if (fast.length) {
    const flat = flattenTrees(fast);
    flatShapRows(flat, X, F, 0, rows, out, new Int32Array(flat.records));
  }
  const deep = plain.map(prepareLinear);
  const scratch = linearScratch(deep);
  for (let r = 0; r < rows; r++) for (const t of deep) linearShapRow(t, X, r * F, out, r * (F + 1), scratch);
  const e = expectedValue(ens);
  for (let r = 0; r < rows; r++) out[r * (F + 1) + F] = e;
  return out;
}

const logit = (p: number): number => Math.log(p / (1 - p));

/**
 * Forest SHAP, method "tree-rescaled": exact TreeSHAP of the mean tree probability p(x) (forestEnsemble),
 * then every contribution of a row multiplied by (L(x) - L0) / (p(x) - E[p]), where L = logit of the
 * clipped probability (forestLogits) and L0 = L(E[p]): the log-odds contributions keep the exact
 * probability attributions' proportions and sum with the expected column L0 to the row's log-odds.
 * Null when the forest has no covers. Same layout as treeShap (last column: L0).
 */
export async function forestShap(model: ForestModel, X: Float32Array, rows: number, opts: TreeShapOptions = {}): Promise<Float64Array | null> {
  const ens = forestEnsemble(model);
  if (!ens) return null;
  const phi = await treeShap(ens, X, rows, opts);
  rescaleForestShap(ens, phi, rows);
  return phi;
}

/** forestShap's step from probability to log-odds, in place on treeShap's output of forestEnsemble (also for synchronous callers). */
export function rescaleForestShap(ens: TreeEnsemble, phi: Float64Array, rows: number): void {
  const F = ens.features;
  const e = expectedValue(ens);
  const L0 = logit(clipForest(e));
  for (let r = 0, o = 0; r < rows; r++, o += F + 1) {
    let p = e;
    for (let f = 0; f < F; f++) p += phi[o + f];
    const L = logit(clipForest(p));
    // at p = E[p] the ratio tends to the slope of logit(clip(p)): 0 where clipped
    const q = clipForest(p);
    const scale = Math.abs(p - e) > 1e-12 ? (L - L0) / (p - e) : q === p ? 1 / (p * (1 - p)) : 0;
    for (let f = 0; f < F; f++) phi[o + f] *= scale;
    phi[o + F] = L0;
  }
}
