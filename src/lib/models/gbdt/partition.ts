// The rows of the tree being grown, as records that move with the partition: each record holds the
// row's packed bin words and its row id, and its [g, h] sit at the same position of a gradient
// array. Splitting a node stably partitions its records into the store's other buffer, so every node's
// records are contiguous and the histogram loop streams through them. Partitioning an index array instead (and
// gathering words and gradients through it) missed the cache once per row and level on deep nodes:
// measured, that gather cost more than the histograms themselves. A split into two final leaves
// needs no partition: markSplit notes each row's leaf in place.
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
 * leafOf[row] = node for the rows of records [start, end) of a side. Adding the leaf values to the scores
 * straight away scattered two 8-byte writes per row over arrays of 16 bytes per row (a cache miss each on
 * deep nodes); this scatter lands in an array a quarter that size, and applyLeaves then updates the scores
 * in row order.
 */
export function markRows(store: RowStore, side: Side, start: number, end: number, node: number, leafOf: Uint32Array): void {
  const S = store.stride;
  const rec = recOf(store, side);
  for (let k = start, p = start * S + S - 1; k < end; k++, p += S) leafOf[rec[p]] = node;
}

/**
 * markRows for a split whose children are final leaves (leftNode, and leftNode + 1 on the right), by the
 * side the split sends each record, without moving records: that is all the partition would be needed for.
 */
export function markSplit(store: RowStore, side: Side, start: number, end: number, bins: PackedBins, s: RowSplit, leftNode: number, leafOf: Uint32Array): void {
  const S = store.stride;
  const rec = recOf(store, side);
  const g = Math.floor(s.feature / bins.perWord);
  const shift = (s.feature % bins.perWord) * bins.bits;
  const mask = bins.bits === 8 ? 0xff : 0xffff;
  const cut = s.bin;
  const mb = s.missingBin;
  // the side by arithmetic (a coin flip per row defeats the branch predictor): bins < 2^16, so cut - b < 0
  // exactly when b > cut (the missing bin included), and (b ^ mb) - 1 < 0 when b === mb
  const mlBit = s.missingLeft ? 1 : 0;
  const rightNode = leftNode + 1;
  for (let k = start, p = start * S; k < end; k++, p += S) {
    const b = (rec[p + g] >>> shift) & mask;
    leafOf[rec[p + S - 1]] = rightNode - (1 - ((cut - b) >>> 31) + mlBit * (((b ^ mb) - 1) >>> 31));
  }
}

/**
 * scores[row] += value[leafOf[row]] for rows idx[0, m) (0..m-1 when idx is null), and, with factors
 * (exp(-scores), which the gradients need), factors[row] *= exp(-value): one exp per leaf instead of one
 * per row and round. Where exp(-value) is 0 or infinite (absurd leaf values) the factor is recomputed
 * from the score instead.
 */
export function applyLeaves(leafOf: Uint32Array, idx: Uint32Array | null, m: number, value: number[], scores: Float64Array, factors?: Float64Array): void {
  const v = Float64Array.from(value);
  if (!factors) {
    for (let k = 0; k < m; k++) {
      const i = idx ? idx[k] : k;
      scores[i] += v[leafOf[i]];
    }
    return;
  }
  // NaN marks a leaf whose factor is recomputed
  const q = Float64Array.from(value, (x) => {
    const e = Math.exp(-x);
    return e > 0 && e < Infinity ? e : NaN;
  });
  for (let k = 0; k < m; k++) {
    const i = idx ? idx[k] : k;
    const n = leafOf[i];
    const s = scores[i] + v[n];
    scores[i] = s;
    const e = q[n];
    factors[i] = e === e ? factors[i] * e : Math.exp(-s);
  }
}
