// Precision-recall curve and average precision with sklearn's definitions.
import { rankedCounts } from './ranking';

export interface PrCurve {
  /** By decreasing threshold; the first point is (recall 0, precision 1) at threshold Infinity. */
  precision: Float64Array;
  recall: Float64Array;
  thresholds: Float64Array;
}

export function prCurve(y: ArrayLike<number>, p: ArrayLike<number>): PrCurve {
  const { thresholds, tps, fps, positives } = rankedCounts(y, p, 'prCurve');
  const n = thresholds.length + 1;
  const precision = new Float64Array(n);
  const recall = new Float64Array(n);
  const th = new Float64Array(n);
  precision[0] = 1;
  th[0] = Infinity;
  for (let k = 0; k < thresholds.length; k++) {
    precision[k + 1] = tps[k] / (tps[k] + fps[k]);
    recall[k + 1] = tps[k] / positives;
    th[k + 1] = thresholds[k];
  }
  return { precision, recall, thresholds: th };
}

/**
 * Average precision, sum over thresholds of (R_k - R_k-1) * P_k: sklearn's `average_precision_score`,
 * the step-wise (not interpolated) area under the PR curve that the app shows as "PR AUC".
 */
export function averagePrecision(y: ArrayLike<number>, p: ArrayLike<number>): number {
  const { tps, fps, positives } = rankedCounts(y, p, 'averagePrecision');
  let ap = 0;
  let prevTp = 0;
  for (let k = 0; k < tps.length; k++) {
    ap += ((tps[k] - prevTp) / positives) * (tps[k] / (tps[k] + fps[k]));
    prevTp = tps[k];
  }
  return ap;
}
