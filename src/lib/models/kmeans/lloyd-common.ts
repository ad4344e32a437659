// Pieces of a Lloyd iteration shared by the typed-array path and the tfjs path, in float64.
import type { Matrix } from './matrix';
import { sqDist } from './matrix';

export interface LloydOptions {
  maxIter: number;
  /** Stop when the summed squared centre shift is at most this (absolute, in clustering space). */
  tol: number;
  /** Stop as soon as no label changes (default true); benchmarks turn it off for a fixed count. */
  stopWhenStable?: boolean;
}

export interface LloydResult {
  centres: Float64Array;
  labels: Int32Array;
  iterations: number;
  /** True when the labels stopped changing or the centre shift fell under tol. */
  converged: boolean;
}

/** Nearest centre of every point (exact float64); fills labels and minDist, returns the inertia. */
export function assign(x: Matrix, centres: Float64Array, k: number, labels: Int32Array, minDist: Float64Array): number {
  const { rows: n, cols: d, data } = x;
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    const off = i * d;
    let best = 0;
    let bestD = Infinity;
    for (let c = 0; c < k; c++) {
      const co = c * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = data[off + j] - centres[co + j];
        s += t * t;
      }
      if (s < bestD) {
        bestD = s;
        best = c;
      }
    }
    labels[i] = best;
    minDist[i] = bestD;
    inertia += bestD;
  }
  return inertia;
}

/**
 * One fused pass of a Lloyd iteration: nearest centre per point (labels, minDist) plus the new
 * per-cluster sums and counts, without a second pass over the data. Returns how many labels changed.
 */
export function assignAccumulate(
  x: Matrix,
  centres: Float64Array,
  k: number,
  labels: Int32Array,
  minDist: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
): number {
  const { rows: n, cols: d, data } = x;
  sums.fill(0);
  counts.fill(0);
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const off = i * d;
    let best = 0;
    let bestD = Infinity;
    for (let c = 0; c < k; c++) {
      const co = c * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = data[off + j] - centres[co + j];
        s += t * t;
      }
      if (s < bestD) {
        bestD = s;
        best = c;
      }
    }
    if (labels[i] !== best) {
      labels[i] = best;
      changed++;
    }
    minDist[i] = bestD;
    counts[best]++;
    const bo = best * d;
    for (let j = 0; j < d; j++) sums[bo + j] += data[off + j];
  }
  return changed;
}

/** Within-cluster sum of squares of given labels and centres, in float64. */
export function inertiaOf(x: Matrix, centres: Float64Array, labels: Int32Array): number {
  const { rows: n, cols: d, data } = x;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const off = i * d;
    const co = labels[i] * d;
    for (let j = 0; j < d; j++) {
      const t = data[off + j] - centres[co + j];
      s += t * t;
    }
  }
  return s;
}

/** Per-cluster coordinate sums and counts of labelled points. */
export function clusterSums(
  x: Matrix,
  labels: ArrayLike<number>,
  k: number,
  sums: Float64Array = new Float64Array(k * x.cols),
  counts: Float64Array = new Float64Array(k),
): { sums: Float64Array; counts: Float64Array } {
  const { rows: n, cols: d, data } = x;
  sums.fill(0);
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    counts[c]++;
    const off = i * d;
    const co = c * d;
    for (let j = 0; j < d; j++) sums[co + j] += data[off + j];
  }
  return { sums, counts };
}

/**
 * An empty cluster takes the point farthest from its current centre (as sklearn does), so k
 * clusters stay k; that point leaves its old cluster's sums. Mutates sums, counts and labels.
 */
export function relocateEmpty(
  x: Matrix,
  labels: Int32Array,
  minDist: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
): number {
  const k = counts.length;
  const d = x.cols;
  const empty: number[] = [];
  for (let c = 0; c < k; c++) if (counts[c] === 0) empty.push(c);
  if (empty.length === 0) return 0;
  let moved = 0;
  // Usually one cluster empties, so a scan per empty cluster beats sorting all n distances.
  for (const to of empty) {
    let far = -1;
    for (let i = 0; i < minDist.length; i++) {
      if (counts[labels[i]] > 1 && (far < 0 || minDist[i] > minDist[far])) far = i;
    }
    if (far < 0) break;
    const from = labels[far];
    for (let j = 0; j < d; j++) {
      const v = x.data[far * d + j];
      sums[from * d + j] -= v;
      sums[to * d + j] = v;
    }
    counts[from]--;
    counts[to] = 1;
    labels[far] = to;
    // Now alone in its cluster, it cannot be picked again.
    minDist[far] = 0;
    moved++;
  }
  return moved;
}

/** New centres = sums / counts; a cluster still empty keeps its old centre. */
export function centresFromSums(sums: Float64Array, counts: Float64Array, old: Float64Array, d: number): Float64Array {
  const out = new Float64Array(old.length);
  for (let c = 0; c < counts.length; c++) {
    for (let j = 0; j < d; j++) out[c * d + j] = counts[c] > 0 ? sums[c * d + j] / counts[c] : old[c * d + j];
  }
  return out;
}

export function squaredShift(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const t = a[i] - b[i];
    s += t * t;
  }
  return s;
}

/**
 * The end of one Lloyd iteration, shared by every path: new centres from the sums, and whether to stop.
 * 'stable' means no label changed (the labels already belong to the new centres); 'shift' means the
 * centres moved less than tol (the caller reassigns once more).
 */
export function finishIteration(
  sums: Float64Array,
  counts: Float64Array,
  centres: Float64Array,
  d: number,
  it: number,
  changed: number,
  moved: number,
  opts: Pick<LloydOptions, 'tol' | 'stopWhenStable'>,
): { centres: Float64Array; stop: 'stable' | 'shift' | null } {
  const updated = centresFromSums(sums, counts, centres, d);
  const shift = squaredShift(updated, centres);
  if (it > 0 && changed === 0 && moved === 0 && opts.stopWhenStable !== false) return { centres: updated, stop: 'stable' };
  return { centres: updated, stop: shift <= opts.tol ? 'shift' : null };
}

/**
 * Assigns every point for the given centres into labels; unless final, also fills sums and counts
 * and returns how many labels changed. Provided by the paths whose pass runs elsewhere (tfjs, wasm).
 */
export type LloydPass = (centres: Float64Array, sums: Float64Array, counts: Float64Array, final: boolean) => Promise<number>;

/**
 * Lloyd iterations from init around a pass that writes into labels (length n, reset to -1 here):
 * refills empty clusters from x (float64), stops as finishIteration says, and reassigns once more
 * when it stopped on the centre shift.
 */
export async function lloydLoop(x: Matrix, labels: Int32Array, init: Float64Array, k: number, opts: LloydOptions, pass: LloydPass): Promise<LloydResult> {
  const { rows: n, cols: d } = x;
  labels.fill(-1);
  let centres: Float64Array = init.slice();
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  let iterations = 0;
  let strict = false;
  let converged = false;
  for (let it = 0; it < opts.maxIter; it++) {
    iterations++;
    const changed = await pass(centres, sums, counts, false);
    let moved = 0;
    if (counts.some((c) => c === 0)) {
      const minDist = new Float64Array(n);
      for (let i = 0; i < n; i++) minDist[i] = sqDist(x.data, i, centres, labels[i], d);
      moved = relocateEmpty(x, labels, minDist, sums, counts);
    }
    const step = finishIteration(sums, counts, centres, d, it, changed, moved, opts);
    centres = step.centres;
    if (step.stop) {
      converged = true;
      strict = step.stop === 'stable';
      break;
    }
  }
  if (!strict) await pass(centres, sums, counts, true);
  return { centres, labels, iterations, converged };
}
