// Gradient histograms: per feature and bin, the sums of gradient and hessian of the rows in one node,
// interleaved [g, h] in one Float64Array over all features' bins, so one update touches one cache
// line. This is where training spends its time (about 7M updates per depth-6 tree on 100,000 rows x
// 30 features), so the loops are written for V8: monomorphic typed arrays, one 32-bit load for 4
// features' bins, rows read in sequence (partition.ts keeps each node's rows contiguous), rows
// unrolled by 2 with every load hoisted above the stores. Row counts are not summed here (a third of
// the updates): the split search screens on gradients and hessians, and countBins counts the rows of
// the features it then needs exactly (see tree.ts).
import type { Binning } from './binning';
import type { PackedBins } from './packed';

export const STRIDE = 2; // hot loops spell out the 2: an imported constant may be a getter

/** Where each feature's bins live in a histogram; pad slots of the last word point to a scratch bin. */
export interface HistLayout {
  /** Start of each feature's bins (in bins, length features + 1), as Binning.offsets. */
  offsets: Int32Array;
  /** Per word slot (group * perWord + j): start of that feature's bins in doubles (bin offset * 2). */
  slots: Int32Array;
  /** Doubles per histogram, the scratch bin included. */
  size: number;
}

export function histLayout(binning: Binning, bins: PackedBins): HistLayout {
  const { offsets } = binning;
  const { features, perWord, groups } = bins;
  const scratch = offsets[features] * 2;
  const slots = new Int32Array(groups * perWord);
  for (let s = 0; s < slots.length; s++) slots[s] = s < features ? offsets[s] * 2 : scratch;
  return { offsets, slots, size: scratch + 2 };
}

/** Groups (words) holding at least one of the given features, in increasing order. */
export function groupsOf(feats: Int32Array, perWord: number): Int32Array {
  const out: number[] = [];
  for (let j = 0; j < feats.length; j++) {
    const g = Math.floor(feats[j] / perWord);
    if (out.length === 0 || out[out.length - 1] !== g) out.push(g);
  }
  return Int32Array.from(out);
}

/**
 * Fills hist for the features of the given groups (their ranges are zeroed first) with the row
 * records [start, end) of the store: record k holds its words at rec[k * stride + g] and its
 * [g, h] at grad[2k], grad[2k + 1].
 */
export function buildHistogram(
  hist: Float64Array,
  bins: PackedBins,
  layout: HistLayout,
  groups: Int32Array,
  rec: Uint32Array,
  stride: number,
  grad: Float64Array,
  start: number,
  end: number,
): void {
  const { offsets, slots } = layout;
  const { features, perWord } = bins;
  for (let j = 0; j < groups.length; j++) {
    const f0 = groups[j] * perWord;
    hist.fill(0, offsets[f0] * 2, offsets[Math.min(features, f0 + perWord)] * 2);
  }
  const n = end - start;
  for (let j = 0; j < groups.length; j++) {
    const g = groups[j];
    const base = start * stride + g;
    if (bins.bits === 16) build2(hist, rec, base, stride, slots[2 * g], slots[2 * g + 1], n, grad, 2 * start);
    else build4(hist, rec, base, stride, slots[4 * g], slots[4 * g + 1], slots[4 * g + 2], slots[4 * g + 3], n, grad, 2 * start);
  }
}

// One feature group at a time keeps its 4 histograms (4 KB each) in L1 while the records stream by.
// Unrolled by 2 rows: with both rows' loads ahead of the 16 read-modify-writes, V8's code ran about
// 1.5x faster than the plain loop.
function build4(
  hist: Float64Array,
  rec: Uint32Array,
  base: number,
  stride: number,
  o0: number,
  o1: number,
  o2: number,
  o3: number,
  n: number,
  grad: Float64Array,
  q0: number,
): void {
  let k = 0;
  let p = base;
  let q = q0;
  for (; k + 2 <= n; k += 2, p += 2 * stride, q += 4) {
    const w = rec[p];
    const v = rec[p + stride];
    const gw = grad[q];
    const hw = grad[q + 1];
    const gv = grad[q + 2];
    const hv = grad[q + 3];
    const a0 = o0 + (w & 255) * 2;
    const a1 = o1 + ((w >>> 8) & 255) * 2;
    const a2 = o2 + ((w >>> 16) & 255) * 2;
    const a3 = o3 + (w >>> 24) * 2;
    const b0 = o0 + (v & 255) * 2;
    const b1 = o1 + ((v >>> 8) & 255) * 2;
    const b2 = o2 + ((v >>> 16) & 255) * 2;
    const b3 = o3 + (v >>> 24) * 2;
    hist[a0] += gw;
    hist[a0 + 1] += hw;
    hist[a1] += gw;
    hist[a1 + 1] += hw;
    hist[a2] += gw;
    hist[a2 + 1] += hw;
    hist[a3] += gw;
    hist[a3 + 1] += hw;
    hist[b0] += gv;
    hist[b0 + 1] += hv;
    hist[b1] += gv;
    hist[b1 + 1] += hv;
    hist[b2] += gv;
    hist[b2 + 1] += hv;
    hist[b3] += gv;
    hist[b3 + 1] += hv;
  }
  if (k < n) {
    const w = rec[p];
    const gw = grad[q];
    const hw = grad[q + 1];
    const a0 = o0 + (w & 255) * 2;
    const a1 = o1 + ((w >>> 8) & 255) * 2;
    const a2 = o2 + ((w >>> 16) & 255) * 2;
    const a3 = o3 + (w >>> 24) * 2;
    hist[a0] += gw;
    hist[a0 + 1] += hw;
    hist[a1] += gw;
    hist[a1 + 1] += hw;
    hist[a2] += gw;
    hist[a2 + 1] += hw;
    hist[a3] += gw;
    hist[a3 + 1] += hw;
  }
}

/** 16-bit bins, 2 features per word (maxBins above 255: rare, so kept plain). */
function build2(
  hist: Float64Array,
  rec: Uint32Array,
  base: number,
  stride: number,
  o0: number,
  o1: number,
  n: number,
  grad: Float64Array,
  q0: number,
): void {
  for (let k = 0, p = base, q = q0; k < n; k++, p += stride, q += 2) {
    const w = rec[p];
    const gw = grad[q];
    const hw = grad[q + 1];
    const a0 = o0 + (w & 0xffff) * 2;
    const a1 = o1 + (w >>> 16) * 2;
    hist[a0] += gw;
    hist[a0 + 1] += hw;
    hist[a1] += gw;
    hist[a1 + 1] += hw;
  }
}

/** parent -= child for the listed features: the parent's histogram becomes the sibling's (the subtraction trick). */
export function subtractHistogram(parent: Float64Array, child: Float64Array, offsets: Int32Array, feats: Int32Array): void {
  for (let j = 0; j < feats.length; j++) {
    const f = feats[j];
    for (let b = offsets[f] * 2, e = offsets[f + 1] * 2; b < e; b++) parent[b] -= child[b];
  }
}

/**
 * Row counts per bin of the listed features (their ranges of counts are zeroed first; counts is
 * indexed like a histogram's bins, offsets[f] + bin) over the records [start, end).
 */
export function countBins(
  counts: Float64Array,
  bins: PackedBins,
  offsets: Int32Array,
  feats: Int32Array,
  rec: Uint32Array,
  stride: number,
  start: number,
  end: number,
): void {
  const { perWord, bits } = bins;
  const mask = bits === 8 ? 0xff : 0xffff;
  for (let j = 0; j < feats.length; j++) {
    const f = feats[j];
    const o = offsets[f];
    counts.fill(0, o, offsets[f + 1]);
    const shift = (f % perWord) * bits;
    for (let k = start, p = start * stride + Math.floor(f / perWord); k < end; k++, p += stride) counts[o + ((rec[p] >>> shift) & mask)]++;
  }
}

/**
 * For one feature over the records [start, end): how many rows have a value bin <= cut, and how many the
 * missing bin; arithmetic rather than branches (the side of a row is a coin flip for the predictor).
 */
export function countSplit(
  bins: PackedBins,
  feature: number,
  cut: number,
  missingBin: number,
  rec: Uint32Array,
  stride: number,
  start: number,
  end: number,
): { left: number; missing: number } {
  const { perWord, bits } = bins;
  const mask = bits === 8 ? 0xff : 0xffff;
  const shift = (feature % perWord) * bits;
  let left = 0;
  let missing = 0;
  // bins < 2^16, so cut - b and (b ^ missingBin) - 1 are negative exactly when b > cut, b === missingBin
  for (let k = start, p = start * stride + Math.floor(feature / perWord); k < end; k++, p += stride) {
    const b = (rec[p] >>> shift) & mask;
    left += 1 - ((cut - b) >>> 31);
    missing += ((b ^ missingBin) - 1) >>> 31;
  }
  return { left, missing };
}
