// The rows of the tree being grown, as records that move with the partition: each record holds the
// row's packed bin words and its row id, and its [g, h] sit at the same position of a gradient
// array. Splitting a node stably partitions its records into the store's other buffer, so every node's
// records are contiguous and the histogram loop streams through them. Partitioning an index array instead (and
// gathering words and gradients through it) missed the cache once per row and level on deep nodes:
// measured, that gather cost more than the histograms themselves. A split into two final leaves
// needs no partition: routeRows adds the leaves' values to the rows' scores in place.
import type { PackedBins } from './packed';

export interface RowSplit {
  feature: number;
  /** Value bins <= bin go left. */
  bin: number;
  /** Index of the feature's missing bin. */
  missingBin: number;
  missingLeft: boolean;
}

/**
 * Two record buffers (0: rec/grad, 1: recTmp/gradTmp) that a partition copies between (ping-pong): the
 * children's records land in the other buffer than their parent's, so each split copies every record
 * once, with no scratch and no copy back. A node's records sit in one buffer, its side.
 */
export interface RowStore {
  /** Words per record: the row's bin words, then its row id. */
  stride: number;
  rec: Uint32Array;
  grad: Float64Array;
  recTmp: Uint32Array;
  gradTmp: Float64Array;
}

/** Which of a store's two buffers holds a node's records. */
export type Side = 0 | 1;

export const recOf = (s: RowStore, side: Side): Uint32Array => (side === 0 ? s.rec : s.recTmp);
export const gradOf = (s: RowStore, side: Side): Float64Array => (side === 0 ? s.grad : s.gradTmp);

export function createRowStore(bins: PackedBins): RowStore {
  const stride = bins.groups + 1;
  const n = bins.rows;
  return {
    stride,
    rec: new Uint32Array(stride * n),
    grad: new Float64Array(2 * n),
    recTmp: new Uint32Array(stride * n),
    gradTmp: new Float64Array(2 * n),
  };
}

/** Loads rows idx[0, m) (all rows in order when idx is null) with their gradients gh[2i], gh[2i + 1] into side 0. */
export function loadRows(store: RowStore, bins: PackedBins, idx: Uint32Array | null, m: number, gh: Float64Array): void {
  const { stride, rec, grad } = store;
  const { groups: G, words } = bins;
  for (let k = 0, d = 0; k < m; k++, d += stride) {
    const i = idx ? idx[k] : k;
    const src = i * G;
    for (let g = 0; g < G; g++) rec[d + g] = words[src + g];
    rec[d + G] = i;
    grad[2 * k] = gh[2 * i];
    grad[2 * k + 1] = gh[2 * i + 1];
  }
}

/** Row id of record k on the given side. */
export function rowOf(store: RowStore, k: number, side: Side = 0): number {
  return recOf(store, side)[k * store.stride + store.stride - 1];
}

/**
 * Stable partition of records [start, end) of side `from` into the other side: left records to
 * [start, start + nLeft), right ones from start + nLeft (nLeft: the split's left row count, known from
 * its row counts). Returns the left records found; anything but nLeft means the counts were wrong.
 */
export function partitionRows(store: RowStore, from: Side, start: number, end: number, bins: PackedBins, s: RowSplit, nLeft: number): number {
  const S = store.stride;
  const rec = recOf(store, from);
  const grad = gradOf(store, from);
  const dRec = recOf(store, from === 0 ? 1 : 0);
  const dGrad = gradOf(store, from === 0 ? 1 : 0);
  const g = Math.floor(s.feature / bins.perWord);
  const shift = (s.feature % bins.perWord) * bins.bits;
  const mask = bins.bits === 8 ? 0xff : 0xffff;
  const cut = s.bin;
  const mb = s.missingBin;
  const ml = s.missingLeft;
  const mid = start + nLeft;
  let l = start;
  let r = mid;
  for (let k = start; k < end; k++) {
    const src = k * S;
    const b = (rec[src + g] >>> shift) & mask;
    const d = (b === mb ? ml : b <= cut) ? l++ : r++;
    // wrong counts would spill into the next node's records: stop (the caller throws on the count)
    if (d >= end) break;
    for (let c = 0, o = d * S; c < S; c++) dRec[o + c] = rec[src + c];
    dGrad[2 * d] = grad[2 * k];
    dGrad[2 * d + 1] = grad[2 * k + 1];
  }
  return l - start;
}

/**
 * scores[row] += v for the rows of records [start, end) of a side, and, with factors (exp(-scores), which
 * the gradients need), factors[row] *= exp(-v): one exp per leaf instead of one per row and round. Where
 * exp(-v) is 0 or infinite (absurd leaf values) the factor is recomputed from the score instead.
 */
export function addToRows(store: RowStore, side: Side, start: number, end: number, v: number, scores: Float64Array, factors?: Float64Array): void {
  const S = store.stride;
  const rec = recOf(store, side);
  const q = Math.exp(-v);
  if (!factors) {
    for (let k = start, p = start * S + S - 1; k < end; k++, p += S) scores[rec[p]] += v;
  } else if (q > 0 && q < Infinity) {
    for (let k = start, p = start * S + S - 1; k < end; k++, p += S) {
      const i = rec[p];
      scores[i] += v;
      factors[i] *= q;
    }
  } else {
    for (let k = start, p = start * S + S - 1; k < end; k++, p += S) {
      const i = rec[p];
      scores[i] += v;
      factors[i] = Math.exp(-scores[i]);
    }
  }
}

/**
 * Adds vLeft or vRight to scores[row] for each record of [start, end), by the side the split sends
 * it (and their factors as addToRows does), without moving records: for a split whose children are
 * final leaves, that is all the partition would be needed for.
 */
export function routeRows(
  store: RowStore,
  side: Side,
  start: number,
  end: number,
  bins: PackedBins,
  s: RowSplit,
  vLeft: number,
  vRight: number,
  scores: Float64Array,
  factors?: Float64Array,
): void {
  const S = store.stride;
  const rec = recOf(store, side);
  const g = Math.floor(s.feature / bins.perWord);
  const shift = (s.feature % bins.perWord) * bins.bits;
  const mask = bins.bits === 8 ? 0xff : 0xffff;
  const cut = s.bin;
  const mb = s.missingBin;
  const ml = s.missingLeft;
  const qLeft = Math.exp(-vLeft);
  const qRight = Math.exp(-vRight);
  // the side as an index, by arithmetic (a coin flip per row defeats the branch predictor): bins < 2^16,
  // so cut - b < 0 exactly when b > cut (the missing bin included), and (b ^ mb) - 1 < 0 when b === mb
  const mlBit = ml ? 1 : 0;
  const values = Float64Array.of(vRight, vLeft);
  const q = Float64Array.of(qRight, qLeft);
  if (!factors) {
    for (let k = start, p = start * S; k < end; k++, p += S) {
      const b = (rec[p + g] >>> shift) & mask;
      scores[rec[p + S - 1]] += values[1 - ((cut - b) >>> 31) + mlBit * (((b ^ mb) - 1) >>> 31)];
    }
  } else if (qLeft > 0 && qLeft < Infinity && qRight > 0 && qRight < Infinity) {
    for (let k = start, p = start * S; k < end; k++, p += S) {
      const b = (rec[p + g] >>> shift) & mask;
      const i = rec[p + S - 1];
      const left = 1 - ((cut - b) >>> 31) + mlBit * (((b ^ mb) - 1) >>> 31);
      scores[i] += values[left];
      factors[i] *= q[left];
    }
  } else {
    // absurd leaf values (see addToRows)
    for (let k = start, p = start * S; k < end; k++, p += S) {
      const b = (rec[p + g] >>> shift) & mask;
      const i = rec[p + S - 1];
      scores[i] += (b === mb ? ml : b <= cut) ? vLeft : vRight;
      factors[i] = Math.exp(-scores[i]);
    }
  }
}
