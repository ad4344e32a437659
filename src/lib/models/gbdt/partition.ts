// Splitting a node's rows: a stable in-place partition of idx[start, end), fused with building the
// histogram of one child. The fused pass reads each row's bins once while they are in cache, which
// halves the memory traffic of "partition, then histogram" (the two dominate training time).
import type { BinnedMatrix } from './binning';

export interface RowSplit {
  feature: number;
  /** Value bins <= bin go left. */
  bin: number;
  /** Index of the feature's missing bin. */
  missingBin: number;
  missingLeft: boolean;
}

/**
 * Partitions idx[start, end) (tmp is scratch of the same size) and, when `hist` is given, fills it
 * (zeroing the listed features first) with the rows going to the left (`histLeft`) or right child.
 * Returns the first index of the right child.
 */
export function partitionRows(
  idx: Uint32Array,
  tmp: Uint32Array,
  start: number,
  end: number,
  bins: BinnedMatrix,
  features: number,
  s: RowSplit,
  hist: Float64Array | null,
  histLeft: boolean,
  offsets: Int32Array,
  feats: Int32Array,
  g: Float64Array,
  h: Float64Array,
): number {
  const f = s.feature;
  const cut = s.bin;
  const mb = s.missingBin;
  const ml = s.missingLeft;
  let l = start;
  let r = 0;
  if (!hist) {
    for (let k = start; k < end; k++) {
      const i = idx[k];
      const b = bins[i * features + f];
      if (b === mb ? ml : b <= cut) idx[l++] = i;
      else tmp[r++] = i;
    }
  } else {
    const nf = feats.length;
    const offs = new Int32Array(nf);
    for (let j = 0; j < nf; j++) {
      offs[j] = offsets[feats[j]];
      hist.fill(0, offsets[feats[j]] * 3, offsets[feats[j] + 1] * 3);
    }
    const all = nf === features;
    for (let k = start; k < end; k++) {
      const i = idx[k];
      const base = i * features;
      const b = bins[base + f];
      const left = b === mb ? ml : b <= cut;
      if (left) idx[l++] = i;
      else tmp[r++] = i;
      if (left !== histLeft) continue;
      const gi = g[i];
      const hi = h[i];
      if (all) {
        for (let j = 0; j < nf; j++) {
          const q = (offs[j] + bins[base + j]) * 3;
          hist[q] += gi;
          hist[q + 1] += hi;
          hist[q + 2] += 1;
        }
      } else {
        for (let j = 0; j < nf; j++) {
          const q = (offs[j] + bins[base + feats[j]]) * 3;
          hist[q] += gi;
          hist[q + 1] += hi;
          hist[q + 2] += 1;
        }
      }
    }
  }
  idx.set(tmp.subarray(0, r), l);
  return l;
}
