// Gradient histograms: per feature and bin, the sums of gradient, hessian and row count of the rows
// in one node. Stored interleaved [g, h, n] in one Float64Array over all features' bins.
import type { BinnedMatrix } from './binning';

export const STRIDE = 3; // hot loops spell out the 3: an imported constant may be a getter

/** Adds rows idx[start, end) into hist for the listed features (their ranges are zeroed first). */
export function buildHistogram(
  hist: Float64Array,
  bins: BinnedMatrix,
  features: number,
  offsets: Int32Array,
  feats: Int32Array,
  idx: Uint32Array,
  start: number,
  end: number,
  g: Float64Array,
  h: Float64Array,
): void {
  const nf = feats.length;
  for (let j = 0; j < nf; j++) {
    const f = feats[j];
    hist.fill(0, offsets[f] * STRIDE, offsets[f + 1] * STRIDE);
  }
  if (nf === features) {
    // all features: the common case, with the feature offsets read straight from `offsets`
    for (let k = start; k < end; k++) {
      const i = idx[k];
      const gi = g[i];
      const hi = h[i];
      const base = i * features;
      for (let f = 0; f < features; f++) {
        const b = (offsets[f] + bins[base + f]) * 3;
        hist[b] += gi;
        hist[b + 1] += hi;
        hist[b + 2] += 1;
      }
    }
    return;
  }
  const offs = new Int32Array(nf);
  for (let j = 0; j < nf; j++) offs[j] = offsets[feats[j]];
  for (let k = start; k < end; k++) {
    const i = idx[k];
    const gi = g[i];
    const hi = h[i];
    const base = i * features;
    for (let j = 0; j < nf; j++) {
      const b = (offs[j] + bins[base + feats[j]]) * 3;
      hist[b] += gi;
      hist[b + 1] += hi;
      hist[b + 2] += 1;
    }
  }
}

/** parent -= child for the listed features: the parent's histogram becomes the sibling's (the subtraction trick). */
export function subtractHistogram(parent: Float64Array, child: Float64Array, offsets: Int32Array, feats: Int32Array): void {
  for (let j = 0; j < feats.length; j++) {
    const f = feats[j];
    for (let b = offsets[f] * STRIDE, e = offsets[f + 1] * STRIDE; b < e; b++) parent[b] -= child[b];
  }
}
