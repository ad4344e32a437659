// What each segment looks like: size and the mean of each feature next to the overall mean.
import type { Matrix } from './matrix';

export interface SegmentProfile {
  cluster: number;
  size: number;
  share: number;
  /** Mean of each feature in this segment, original units. */
  means: number[];
  /** Segment mean / overall mean per feature (NaN when the overall mean is 0). */
  ratio: number[];
}

export interface ProfileResult {
  features: string[];
  overall: number[];
  segments: SegmentProfile[];
}

export function segmentProfile(x: Matrix, labels: Int32Array, k: number, features: string[]): ProfileResult {
  const { rows: n, cols: d, data } = x;
  if (features.length !== d) throw new Error(`features lists ${features.length} names for ${d} columns`);
  if (labels.length !== n) throw new Error(`labels has ${labels.length} entries for ${n} rows`);
  const sums = new Float64Array(k * d);
  const sizes = new Float64Array(k);
  const overall = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    if (c < 0 || c >= k) throw new Error(`label ${c} at row ${i} is outside 0..${k - 1}`);
    sizes[c]++;
    for (let j = 0; j < d; j++) {
      sums[c * d + j] += data[i * d + j];
      overall[j] += data[i * d + j];
    }
  }
  const overallMean = Array.from(overall, (s) => (n > 0 ? s / n : NaN));
  const segments: SegmentProfile[] = [];
  for (let c = 0; c < k; c++) {
    const means = Array.from({ length: d }, (_, j) => (sizes[c] > 0 ? sums[c * d + j] / sizes[c] : NaN));
    segments.push({
      cluster: c,
      size: sizes[c],
      share: n > 0 ? sizes[c] / n : 0,
      means,
      ratio: means.map((m, j) => (overallMean[j] !== 0 ? m / overallMean[j] : NaN)),
    });
  }
  return { features, overall: overallMean, segments };
}
