// Feature binning: each feature's values are cut into at most maxBins ranges holding similar numbers
// of rows (LightGBM's greedy rule: a very frequent value gets a bin of its own), plus a last bin for
// missing values. Trees then split on bin indices, and each split keeps the raw cut value so the
// model also works on new raw data.
import { createRng } from '../../random';

export interface Binning {
  /** Per feature: upper edges of the value bins but the last; value v is in bin b when cuts[b-1] < v <= cuts[b]. */
  cuts: Float64Array[];
  /** Per feature: number of value bins (cuts.length + 1); the missing bin comes right after them. */
  valueBins: Int32Array;
  /** Start of each feature's bins in a histogram over all features (length features + 1). */
  offsets: Int32Array;
}

/** Rows sampled to find the cuts, like LightGBM's bin_construct_sample_cnt. */
export const BIN_SAMPLE_ROWS = 200_000;

export function findBins(X: Float32Array, rows: number, features: number, maxBins: number, seed = 0): Binning {
  const sample = sampleRows(rows, BIN_SAMPLE_ROWS, seed);
  const n = sample ? sample.length : rows;
  // gathered in blocks of rows that stay in cache while each feature takes its values from them (one
  // strided pass per feature would re-read X each time; feature by feature inside a row looked up the
  // column and its count for every value)
  const columns = Array.from({ length: features }, () => new Float32Array(n));
  const present = new Int32Array(features);
  const BLOCK = 256;
  for (let k0 = 0; k0 < n; k0 += BLOCK) {
    const k1 = Math.min(n, k0 + BLOCK);
    for (let f = 0; f < features; f++) {
      const col = columns[f];
      let m = present[f];
      if (sample) {
        for (let k = k0; k < k1; k++) {
          const v = X[sample[k] * features + f];
          if (v === v) col[m++] = v;
        }
      } else {
        for (let k = k0, j = k0 * features + f; k < k1; k++, j += features) {
          const v = X[j];
          if (v === v) col[m++] = v;
        }
      }
      present[f] = m;
    }
  }
  const scratch = new Int32Array(n);
  const cuts = columns.map((c, f) => greedyCuts(sortFloat32(c.subarray(0, present[f]), scratch), maxBins));
  const valueBins = Int32Array.from(cuts, (c) => c.length + 1);
  const offsets = new Int32Array(features + 1);
  for (let f = 0; f < features; f++) offsets[f + 1] = offsets[f] + valueBins[f] + 1;
  return { cuts, valueBins, offsets };
}

/**
 * Sorts NaN-free float32 values in place: the bits are mapped to integers of the same order (flip the sign
 * bit of positives, all bits of negatives), which a radix sort orders in 3 passes. `scratch`: at least as long
 * as `a`, reused across calls (one per feature otherwise).
 */
export function sortFloat32(a: Float32Array, scratch?: Int32Array): Float32Array {
  if (a.length >= 512) {
    radixSort(new Int32Array(a.buffer, a.byteOffset, a.length), scratch && scratch.length >= a.length ? scratch.subarray(0, a.length) : new Int32Array(a.length));
    return a;
  }
  const u = new Uint32Array(a.buffer, a.byteOffset, a.length);
  for (let i = 0; i < u.length; i++) u[i] = floatKey(u[i]);
  u.sort();
  for (let i = 0; i < u.length; i++) {
    const k = u[i];
    u[i] = k & 0x80000000 ? k & 0x7fffffff : ~k >>> 0;
  }
  return a;
}

function floatKey(b: number): number {
  return b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
}

/**
 * LSD radix sort of float bits (as int32) by their order keys, 11 bits a pass: the keys are floatKey's bits,
 * made on the way in (and undone on the way out) without branches, kept in int32 arrays (V8's code for them
 * ran a fifth faster than on Uint32Array); the three digit counts come from one pass that also maps the keys,
 * and a pass whose digit is the same for every key (common in the top digit) is skipped.
 */
function radixSort(u: Int32Array, tmp: Int32Array): void {
  const n = u.length;
  const count = new Int32Array(3 * 2048);
  for (let i = 0; i < n; i++) {
    const b = u[i];
    // floatKey: positives get the sign bit, negatives every bit flipped
    const k = b ^ ((b >> 31) & 0x7fffffff) ^ 0x80000000;
    u[i] = k;
    count[k & 2047]++;
    count[2048 + ((k >>> 11) & 2047)]++;
    count[4096 + (k >>> 22)]++;
  }
  let src = u;
  let dst = tmp;
  for (let pass = 0; pass < 3; pass++) {
    const base = pass * 2048;
    const shift = pass * 11;
    let trivial = false;
    for (let d = 0, sum = 0; d < 2048; d++) {
      const c = count[base + d];
      if (c === n) trivial = true;
      count[base + d] = sum;
      sum += c;
    }
    if (trivial) continue;
    for (let i = 0; i < n; i++) {
      const k = src[i];
      const d = base + ((k >>> shift) & 2047);
      const at = count[d];
      count[d] = at + 1;
      dst[at] = k;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== u) u.set(src);
  for (let i = 0; i < n; i++) {
    const k = u[i] ^ 0x80000000;
    u[i] = k ^ ((k >> 31) & 0x7fffffff);
  }
}

function sampleRows(rows: number, max: number, seed: number): Uint32Array | null {
  if (rows <= max) return null;
  // Selection sampling (Knuth's algorithm S): exactly `max` rows, in row order, seeded.
  const rng = createRng(seed ^ 0x5bd1e995);
  const out = new Uint32Array(max);
  let taken = 0;
  for (let i = 0; i < rows && taken < max; i++) {
    if (rng() * (rows - i) < max - taken) out[taken++] = i;
  }
  return out;
}

/**
 * Cut points between sorted values: every distinct value its own bin when they fit, else equal-count bins.
 * Two passes over the runs of equal values, with no per-feature arrays of distinct values and counts (at 100,000
 * rows x 30 features those were 36 MB to allocate and collect per training).
 */
export function greedyCuts(sorted: Float32Array | Float64Array, maxBins: number): Float64Array {
  const n = sorted.length;
  if (n === 0) return new Float64Array(0);
  // pass 1: distinct values, and those holding at least n / maxBins rows ("big")
  let mean = n / maxBins;
  let d = 0;
  let bigCount = 0;
  let bigRows = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && sorted[j] === sorted[i]) j++;
    d++;
    if (j - i >= mean) {
      bigCount++;
      bigRows += j - i;
    }
    i = j;
  }
  if (d <= maxBins) {
    const cuts = new Float64Array(d - 1);
    for (let i = 0, c = 0; c < d - 1; ) {
      let j = i + 1;
      while (sorted[j] === sorted[i]) j++;
      cuts[c++] = midpoint(sorted[i], sorted[j]);
      i = j;
    }
    return cuts;
  }
  const bigMean = mean;
  mean = (n - bigRows) / Math.max(1, maxBins - bigCount);
  const cuts: number[] = [];
  let current = 0;
  // pass 2: run [i, j) and the next one [j, k)
  let i = 0;
  let j = 1;
  while (j < n && sorted[j] === sorted[0]) j++;
  while (j < n && cuts.length < maxBins - 1) {
    let k = j + 1;
    while (k < n && sorted[k] === sorted[j]) k++;
    current += j - i;
    const big = j - i >= bigMean;
    const nextBig = k - j >= bigMean;
    if (big || current >= mean || (nextBig && current >= Math.max(1, mean * 0.5))) {
      cuts.push(midpoint(sorted[i], sorted[j]));
      current = 0;
    }
    i = j;
    j = k;
  }
  return Float64Array.from(cuts);
}

// In doubles the midpoint of two float32 values lies strictly between them.
function midpoint(a: number, b: number): number {
  const m = a + (b - a) / 2;
  return m > a && m < b ? m : b;
}

/**
 * A lookup table that narrows binOf's search: the range of the cuts is split into equal buckets, and
 * table[j] counts the cuts whose bucket is below j. Because bucketOf is monotone in v, a value in
 * bucket j has at least table[j] cuts below it and at most table[j + 1], whatever the rounding, so
 * the search over that (usually empty) range gives exactly binOf's answer. `perCut` buckets per cut: more
 * leave fewer ranges with a cut to search (a branch that mispredicts), at 4 bytes each.
 */
export interface BinIndex {
  lo: number;
  scale: number;
  last: number;
  table: Int32Array;
}

export function binIndex(cuts: Float64Array, perCut = 4): BinIndex {
  const m = cuts.length;
  const buckets = perCut * (m + 1);
  const lo = m > 0 ? cuts[0] : 0;
  const span = m > 1 ? cuts[m - 1] - lo : 0;
  // a single cut (or none) needs no table: scale 0 puts every value in bucket 0, whose range is all cuts
  const scale = span > 0 && Number.isFinite(span) ? buckets / span : 0;
  const ix: BinIndex = { lo, scale, last: buckets - 1, table: new Int32Array(buckets + 1) };
  if (scale === 0) {
    ix.table.fill(m, 1);
    return ix;
  }
  const below = new Int32Array(buckets + 1);
  for (let b = 0; b < m; b++) below[bucketOf(ix, cuts[b]) + 1]++;
  for (let j = 0, sum = 0; j <= buckets; j++) {
    sum += below[j];
    ix.table[j] = sum;
  }
  return ix;
}

function bucketOf(ix: BinIndex, v: number): number {
  const x = Math.floor((v - ix.lo) * ix.scale);
  return x > 0 ? (x < ix.last ? x : ix.last) : 0;
}

/** binOf(cuts, v) with the search narrowed by binIndex(cuts). */
export function binOfIndexed(cuts: Float64Array, ix: BinIndex, v: number): number {
  if (v !== v) return cuts.length + 1;
  const j = bucketOf(ix, v);
  let base = ix.table[j];
  let len = ix.table[j + 1] - base;
  while (len > 0) {
    const half = len >> 1;
    const m = base + half;
    const less = cuts[m] < v;
    base = less ? m + 1 : base;
    len = less ? len - half - 1 : half;
  }
  return base;
}

/** Bin of one raw value: first b with v <= cuts[b]; NaN goes to the missing bin (cuts.length + 1). */
export function binOf(cuts: Float64Array, v: number): number {
  if (v !== v) return cuts.length + 1;
  // lower bound written with conditional assignments rather than branches: binning millions of
  // values is dominated by mispredicted branches otherwise
  let base = 0;
  let len = cuts.length;
  while (len > 0) {
    const half = len >> 1;
    const m = base + half;
    const less = cuts[m] < v;
    base = less ? m + 1 : base;
    len = less ? len - half - 1 : half;
  }
  return base;
}
