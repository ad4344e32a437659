// The one sort behind AUC, ROC/PR curves and gains: cumulative true/false positives at every
// distinct score, highest score first. Positive and negative scores are sorted separately with the
// native typed-array sort (no comparator, no index array), then merged: fast on millions of rows.
import { checkBinary } from './validate';

export interface RankedCounts {
  /** Distinct scores, descending. */
  thresholds: Float64Array;
  /** Positives with score >= thresholds[k]. */
  tps: Float64Array;
  /** Negatives with score >= thresholds[k]. */
  fps: Float64Array;
  positives: number;
  negatives: number;
}

export function rankedCounts(y: ArrayLike<number>, p: ArrayLike<number>, what = 'metric'): RankedCounts {
  const positives = checkBinary(y, p, what);
  const n = y.length;
  const negatives = n - positives;
  const pos = new Float64Array(positives);
  const neg = new Float64Array(negatives);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] === 1) pos[a++] = p[i];
    else neg[b++] = p[i];
  }
  pos.sort();
  neg.sort();
  const thresholds = new Float64Array(n);
  const tps = new Float64Array(n);
  const fps = new Float64Array(n);
  let i = positives - 1;
  let j = negatives - 1;
  let tp = 0;
  let fp = 0;
  let k = 0;
  while (i >= 0 || j >= 0) {
    const v = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
    while (i >= 0 && pos[i] === v) {
      tp++;
      i--;
    }
    while (j >= 0 && neg[j] === v) {
      fp++;
      j--;
    }
    thresholds[k] = v;
    tps[k] = tp;
    fps[k] = fp;
    k++;
  }
  return { thresholds: thresholds.slice(0, k), tps: tps.slice(0, k), fps: fps.slice(0, k), positives, negatives };
}
