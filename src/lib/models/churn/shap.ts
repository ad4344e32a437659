// SHAP values of any churn model, per SOURCE column (pipeline step), in log-odds before calibration:
// expected + a row's contributions = that row's log-odds, for every method.
// - tree (gbdt, decision tree): exact TreeSHAP (src/lib/models/shap/tree.ts), encoded features summed per column;
// - tree-rescaled (forest): exact TreeSHAP of the mean tree probability, rescaled to log-odds (tree.ts says how);
// - linear (logistic, linear SVM): exact: coefficient x (value - training mean) per encoded feature, summed per
//   column (so standardisation and one-hot fold back); the SVM's log-odds are Platt's a x (w.x + b) + c, linear too;
// - permutation (MLP; a forest saved without covers): sampled Shapley values over source columns against a
//   background of B reference customers. Each reference is used by one antithetic pair of permutations (an order
//   and its reverse, which is the same as walking back from the customer to the reference), so every column of a
//   permutation shares its reference and the contributions telescope: per pair they sum to f(x) - f(z), and over
//   all B references to f(x) - mean f(z) = f(x) - expected exactly. A row's permutations are seeded by its id
//   (table row), so one customer explained alone gets the same values as in a batch.
import { transformTable, type FeatureMatrix, type FittedPipeline } from '../../features/churn/pipeline';
import type { Table } from '../../data/table';
import { mulberry32 } from '../../random';
import { expectedValue, forestEnsemble, forestShap, gbdtEnsemble, treeModelEnsemble, rescaleForestShap, treeShap, treeShapSync, type TreeEnsemble, type TreeShapOptions } from '../shap/tree';
import { FOREST_CLIP } from '../forest/predict';
import { denseForward, denseLayers } from '../mlp/predict';
import type { ProgressFn } from '../../progress';
import { modelLogits, type TrainedModel } from './registry';

export type ShapMethod = 'tree' | 'linear' | 'permutation' | 'tree-rescaled';

export interface ShapValues {
  method: ShapMethod;
  /** E[f(x)] in log-odds (model margin, before calibration). */
  expected: number;
  /** Source columns = pipeline.steps[k].column, step order. */
  columns: string[];
  rows: number;
  /** Row-major rows x columns, log-odds; expected + row sum = the row's log-odds. */
  values: Float64Array;
  /** Permutation: permutations per row (2 per background customer). */
  samples?: number;
  /** Permutation: the largest standard error of any contribution (over the background customers' pairs; conservative). */
  stdErr?: number;
}

export interface ShapOptions {
  /** Permutation SHAP's reference customers (already transformed); by default drawn from `fm`. */
  background?: FeatureMatrix;
  /** Per row of fm, a stable id (its table row) that seeds its permutations; default the row index. */
  ids?: ArrayLike<number>;
  seed?: number;
  /** Permutation SHAP reports each chunk of rows done. */
  onProgress?: ProgressFn;
}

/** Reference customers of permutation SHAP: 32 pairs of permutations per row (telco, 19 columns: 1,216 predictions a customer). */
export const SHAP_BACKGROUND = 32;
export const SHAP_SEED = 42;

/**
 * At most how many customers to explain with this model (of `limit`): every one for the exact methods; fewer
 * for sampled SHAP (1,216 MLP predictions a customer on telco) and for a big random forest (TreeSHAP of 300
 * deep trees costs about leaves x depth^2 per tree and customer).
 */
export function shapRowBudget(model: TrainedModel, limit: number): number {
  const method = shapMethod(model);
  if (method === 'permutation') return Math.min(limit, 5_000);
  if (model.kind === 'forest') {
    // measured: a 300-tree telco forest came to 355 customers, ~70 ms each under 7x load (plain TreeSHAP)
    let cost = 0;
    for (const t of model.trees) {
      let leaves = 0;
      for (let i = 0; i < t.feature.length; i++) if (t.feature[i] < 0) leaves++;
      const depth = Math.log2(Math.max(leaves, 2)) * 1.5; // a bushy tree's paths are longer than log2(leaves)
      cost += leaves * depth * depth;
    }
    return Math.max(200, Math.min(limit, Math.floor(3e9 / Math.max(cost, 1))));
  }
  return limit;
}

/** Which method shapValues uses for a model. */
export function shapMethod(model: TrainedModel): ShapMethod {
  if (model.kind === 'gbdt' || model.kind === 'tree') return 'tree';
  if (model.kind === 'forest') return forestEnsemble(model) ? 'tree-rescaled' : 'permutation';
  if (model.kind === 'logistic' || model.kind === 'svm') return 'linear';
  return 'permutation';
}

/**
 * SHAP values of every row of `fm` (rows x source columns); trees through TreeSHAP's fast path (helper
 * threads when given). The same values as shapValuesSync.
 */
export async function shapValues(model: TrainedModel, pipeline: FittedPipeline, fm: FeatureMatrix, opts: ShapOptions & TreeShapOptions = {}): Promise<ShapValues> {
  const method = shapMethod(model);
  if (method !== 'tree' && method !== 'tree-rescaled') return shapValuesSync(model, pipeline, fm, opts);
  const d = fm.features;
  const tree = { threads: opts.threads, onProgress: opts.onProgress };
  const phi =
    model.kind === 'forest'
      ? ((await forestShap(model, fm.X, fm.rows, tree)) as Float64Array)
      : await treeShap(model.kind === 'gbdt' ? gbdtEnsemble(model) : treeModelEnsemble(model as Extract<TrainedModel, { kind: 'tree' }>), fm.X, fm.rows, tree);
  return fromTreeShap(method, pipeline, phi, fm.rows, d, () => shapValuesSync(model, pipeline, fm, opts).expected);
}

/** Encoded features' TreeSHAP (rows x (d + 1)) summed per source column. */
function fromTreeShap(method: ShapMethod, pipeline: FittedPipeline, phi: Float64Array, rows: number, d: number, expectedIfEmpty: () => number): ShapValues {
  const columns = pipeline.steps.map((s) => s.column);
  const g = columns.length;
  const groups = pipeline.groups;
  const values = new Float64Array(rows * g);
  for (let i = 0; i < rows; i++) {
    const o = i * (d + 1);
    for (let j = 0; j < d; j++) values[i * g + groups[j]] += phi[o + j];
  }
  return { method, expected: rows ? phi[d] : expectedIfEmpty(), columns, rows, values };
}

/** SHAP values of every row of `fm` (rows x source columns), synchronously (trees: the plain TreeSHAP). */
export function shapValuesSync(model: TrainedModel, pipeline: FittedPipeline, fm: FeatureMatrix, opts: ShapOptions = {}): ShapValues {
  const columns = pipeline.steps.map((s) => s.column);
  const g = columns.length;
  const d = fm.features;
  const groups = pipeline.groups;
  if (groups.length !== d) throw new Error(`SHAP: the pipeline has ${groups.length} features, the matrix ${d}`);
  const rows = fm.rows;
  const method = shapMethod(model);
  if (method === 'linear') {
    const lin = model as Extract<TrainedModel, { kind: 'logistic' | 'svm' }>;
    // Log-odds = scale x (w.x + intercept) + shift (logistic: 1, 0; SVM: Platt's a, b).
    const [scale, shift] = lin.kind === 'svm' ? [lin.plattA, lin.plattB] : [1, 0];
    const c = pipeline.center?.length === d ? pipeline.center : pipeline.baseline;
    let expected = lin.intercept;
    for (let j = 0; j < d; j++) expected += lin.weights[j] * c[j];
    const values = new Float64Array(rows * g);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < d; j++) {
        const v = fm.X[i * d + j];
        // a missing value counts as 0 in the margin (linearMargins), so it is 0 here too
        values[i * g + groups[j]] += scale * lin.weights[j] * ((v === v ? v : 0) - c[j]);
      }
    }
    return { method, expected: scale * expected + shift, columns, rows, values };
  }
  if (method === 'tree' || method === 'tree-rescaled') {
    const ens = model.kind === 'gbdt' ? gbdtEnsemble(model) : model.kind === 'tree' ? treeModelEnsemble(model) : (forestEnsemble(model as Extract<TrainedModel, { kind: 'forest' }>) as TreeEnsemble);
    const phi = treeShapSync(ens, fm.X, rows);
    if (method === 'tree-rescaled') rescaleForestShap(ens, phi, rows);
    return fromTreeShap(method, pipeline, phi, rows, d, () => expectedOf(ens, method));
  }
  return permutationShap(model, groups, columns, fm, opts.background ?? fm, opts.ids, opts.seed ?? SHAP_SEED, opts.onProgress);
}

const logit = (p: number): number => Math.log(p / (1 - p));
const clipForest = (p: number): number => (p < FOREST_CLIP ? FOREST_CLIP : p > 1 - FOREST_CLIP ? 1 - FOREST_CLIP : p);

function expectedOf(ens: TreeEnsemble, method: ShapMethod): number {
  const e = expectedValue(ens);
  return method === 'tree-rescaled' ? logit(clipForest(e)) : e;
}

/** A well-mixed 32-bit seed from a few integers (the row's permutations do not depend on the batch). */
function mix(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x01000193);
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

/** Permutation SHAP for any model (what the MLP gets; tests compare it with exact values on other models). */
export function permutationShapValues(model: TrainedModel, pipeline: FittedPipeline, fm: FeatureMatrix, opts: ShapOptions = {}): ShapValues {
  return permutationShap(model, pipeline.groups, pipeline.steps.map((s) => s.column), fm, opts.background ?? fm, opts.ids, opts.seed ?? SHAP_SEED);
}

function permutationShap(
  model: TrainedModel,
  groups: ArrayLike<number>,
  columns: string[],
  fm: FeatureMatrix,
  bg: FeatureMatrix,
  ids: ArrayLike<number> | undefined,
  seed: number,
  onProgress?: ProgressFn,
): ShapValues {
  const g = columns.length;
  const d = fm.features;
  const rows = fm.rows;
  const B = bg.rows;
  if (rows === 0) return { method: 'permutation', expected: NaN, columns, rows, values: new Float64Array(0), samples: 2 * B, stdErr: 0 };
  if (B < 1) throw new Error('Permutation SHAP needs at least 1 background customer (the table has no rows)');
  if (bg.features !== d) throw new Error(`SHAP background has ${bg.features} features, the rows ${d}`);
  const members: number[][] = Array.from({ length: g }, () => []);
  for (let j = 0; j < d; j++) members[groups[j]].push(j);
  const fz = modelLogits(model, bg.X, B);
  let expected = 0;
  for (let b = 0; b < B; b++) expected += fz[b];
  expected /= B;
  const values = new Float64Array(rows * g);
  let maxSe = 0;
  // Per (row, reference): the forward walk's g - 1 inner states, then the backward walk's, then (once per row) x.
  const inner = Math.max(g - 1, 0);
  const perRow = 1 + B * 2 * inner;
  const chunk = Math.max(1, Math.floor(65_536 / perRow));
  // The MLP walks incrementally (only the changed column's first-layer terms); other models predict the states in batches.
  const walker = model.kind === 'mlp' ? mlpWalker(model, d) : null;
  const perm = new Int32Array(g);
  const sum = new Float64Array(g);
  const sq = new Float64Array(g);
  const fwd = new Float64Array(g);
  for (let start = 0; start < rows; start += chunk) {
    onProgress?.({ stage: `Explaining predictions (sampled SHAP, ${2 * B} permutations a customer)`, done: start, total: rows });
    const n = Math.min(chunk, rows - start);
    const work = walker ? null : new Float32Array(n * perRow * d);
    const f = walker ? new Float64Array(n * perRow) : null;
    const perms: Int32Array[] = [];
    for (let r = 0; r < n; r++) {
      const i = start + r;
      const x = fm.X.subarray(i * d, (i + 1) * d);
      let at = r * perRow;
      if (work) work.set(x, at * d);
      else (f as Float64Array)[at] = (walker as MlpWalker).value(x);
      at++;
      const id = ids ? ids[i] : i;
      for (let b = 0; b < B; b++) {
        randomPermutation(perm, mulberry32(mix(seed, id, b)));
        perms.push(Int32Array.from(perm));
        const z = bg.X.subarray(b * d, (b + 1) * d);
        // forward: z with the first k+1 columns of the order set to x's values; backward: x with them set back to z's
        for (const [from, to, offset] of [[z, x, at], [x, z, at + inner]] as const) {
          if (walker) {
            walker.start(from);
            for (let k = 0; k < inner; k++) (f as Float64Array)[offset + k] = walker.change(members[perm[k]], to);
          } else {
            const state = Float32Array.from(from);
            for (let k = 0; k < inner; k++) {
              for (const j of members[perm[k]]) state[j] = to[j];
              (work as Float32Array).set(state, (offset + k) * d);
            }
          }
        }
        at += 2 * inner;
      }
    }
    const F = f ?? modelLogits(model, work as Float32Array, n * perRow);
    for (let r = 0; r < n; r++) {
      const i = start + r;
      const base = r * perRow;
      const fx = F[base];
      sum.fill(0);
      sq.fill(0);
      for (let b = 0; b < B; b++) {
        const p = perms[r * B + b];
        const o = base + 1 + b * 2 * inner;
        // the walks end at f(x) and f(z) themselves, so each walk's steps sum to f(x) - f(z) exactly
        let prev = fz[b];
        for (let k = 0; k < g; k++) {
          const cur = k === g - 1 ? fx : F[o + k];
          fwd[p[k]] = cur - prev;
          prev = cur;
        }
        prev = fx;
        for (let k = 0; k < g; k++) {
          const cur = k === g - 1 ? fz[b] : F[o + inner + k];
          const s = p[k];
          const pair = (fwd[s] + prev - cur) / 2;
          sum[s] += pair;
          sq[s] += pair * pair;
          prev = cur;
        }
      }
      for (let s = 0; s < g; s++) {
        const mean = sum[s] / B;
        values[i * g + s] = mean;
        // one reference customer (a one-row table): exact against it, no spread to estimate an error from
        const variance = B > 1 ? Math.max(0, (sq[s] / B - mean * mean) * (B / (B - 1))) : 0;
        maxSe = Math.max(maxSe, Math.sqrt(variance / B));
      }
    }
  }
  return { method: 'permutation', expected, columns, rows, values, samples: 2 * B, stdErr: maxSe };
}

interface MlpWalker {
  /** Log-odds of one row, computed in full. */
  value(x: ArrayLike<number>): number;
  /** Starts a walk at `x` (its first-layer pre-activations). */
  start(x: ArrayLike<number>): void;
  /** Sets the features `cols` to `to`'s values and returns the log-odds. */
  change(cols: readonly number[], to: ArrayLike<number>): number;
}

/** The MLP (as mlpLogits) with the first layer's pre-activations updated per changed feature. */
function mlpWalker(model: Extract<TrainedModel, { kind: 'mlp' }>, d: number): MlpWalker {
  const layers = denseLayers(model);
  const first = layers[0];
  if (first.inputs !== d) throw new Error(`The MLP has ${first.inputs} inputs, the rows ${d} features`);
  const widest = Math.max(...layers.map((l) => l.units));
  const pre = new Float64Array(first.units);
  const state = new Float64Array(d);
  let a = new Float64Array(widest);
  let b = new Float64Array(widest);
  const rest = (): number => {
    const h = first.units;
    for (let u = 0; u < h; u++) a[u] = layers.length > 1 && pre[u] < 0 ? 0 : pre[u];
    for (let l = 1; l < layers.length; l++) {
      denseForward(layers[l], a, b, l + 1 === layers.length);
      [a, b] = [b, a];
    }
    return a[0];
  };
  const start = (x: ArrayLike<number>): void => {
    const h = first.units;
    pre.set(first.b);
    for (let k = 0; k < d; k++) {
      const v = (state[k] = x[k]);
      if (v === 0) continue;
      const o = k * h;
      for (let u = 0; u < h; u++) pre[u] += v * first.w[o + u];
    }
  };
  return {
    value(x) {
      start(x);
      return rest();
    },
    start,
    change(cols, to) {
      const h = first.units;
      for (const k of cols) {
        const delta = to[k] - state[k];
        state[k] = to[k];
        if (delta === 0) continue;
        const o = k * h;
        for (let u = 0; u < h; u++) pre[u] += delta * first.w[o + u];
      }
      return rest();
    },
  };
}

function randomPermutation(p: Int32Array, rng: () => number): void {
  for (let i = 0; i < p.length; i++) p[i] = i;
  for (let i = p.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
}

/** Seeded table rows for permutation SHAP's background: the same table and seed always give the same rows. */
export function backgroundRows(tableRows: number, count = SHAP_BACKGROUND, seed = SHAP_SEED): Int32Array {
  const k = Math.min(count, tableRows);
  const rng = mulberry32(mix(seed, tableRows, 0x5ba9));
  // partial Fisher-Yates over the row indices
  const idx = Int32Array.from({ length: tableRows }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (tableRows - i));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx.slice(0, k).sort();
}

/** SHAP of some table rows with a saved pipeline and model; permutation SHAP's background is drawn from the same table. */
export function shapOfRows(model: TrainedModel, pipeline: FittedPipeline, table: Table, tableRows: Int32Array, opts: Pick<ShapOptions, 'onProgress'> & TreeShapOptions = {}): Promise<ShapValues> {
  return shapValues(model, pipeline, transformTable(pipeline, table, tableRows), { ...rowOptions(model, pipeline, table, tableRows), ...opts });
}

/** shapOfRows synchronously (trees: the plain TreeSHAP); `fm` when the rows are already transformed. */
export function shapOfRowsSync(model: TrainedModel, pipeline: FittedPipeline, table: Table, tableRows: ArrayLike<number>, fm?: FeatureMatrix): ShapValues {
  return shapValuesSync(model, pipeline, fm ?? transformTable(pipeline, table, Int32Array.from(tableRows)), rowOptions(model, pipeline, table, tableRows));
}

function rowOptions(model: TrainedModel, pipeline: FittedPipeline, table: Table, tableRows: ArrayLike<number>): ShapOptions {
  const background = shapMethod(model) === 'permutation' ? transformTable(pipeline, table, backgroundRows(table.rows)) : undefined;
  return { background, ids: tableRows };
}
