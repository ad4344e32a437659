// ROC AUC and curve with sklearn's conventions (ties count half, curve points at distinct scores).
import { rankedCounts } from './ranking';

/** Area under the ROC curve; tied scores count as half a win (the Mann-Whitney statistic). */
export function rocAuc(y: ArrayLike<number>, p: ArrayLike<number>): number {
  const { tps, fps, positives, negatives } = rankedCounts(y, p, 'rocAuc');
  let area = 0;
  let prevTp = 0;
  let prevFp = 0;
  for (let k = 0; k < tps.length; k++) {
    // trapezoid over a tie group = wins plus half the ties
    area += (fps[k] - prevFp) * (tps[k] + prevTp);
    prevTp = tps[k];
    prevFp = fps[k];
  }
  return area / (2 * positives * negatives);
}

export interface RocCurve {
  fpr: Float64Array;
  tpr: Float64Array;
  /** Score cut-off of each point (predict positive when p >= threshold); the first is Infinity, the (0, 0) point. */
  thresholds: Float64Array;
}

/**
 * ROC curve from (0, 0) to (1, 1). Like sklearn, points lying on a straight segment between their
 * neighbours are dropped (`dropIntermediate`), which keeps charts small on large data.
 */
export function rocCurve(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  opts: { dropIntermediate?: boolean } = {},
): RocCurve {
  const { thresholds, tps, fps, positives, negatives } = rankedCounts(y, p, 'rocCurve');
  const n = thresholds.length + 1;
  const tp = new Float64Array(n);
  const fp = new Float64Array(n);
  const th = new Float64Array(n);
  th[0] = Infinity;
  tp.set(tps, 1);
  fp.set(fps, 1);
  th.set(thresholds, 1);
  const keep = opts.dropIntermediate === false ? null : collinearMask(tp, fp);
  const m = keep ? keep.reduce((s, v) => s + v, 0) : n;
  const fpr = new Float64Array(m);
  const tpr = new Float64Array(m);
  const thresholdsOut = new Float64Array(m);
  for (let k = 0, o = 0; k < n; k++) {
    if (keep && !keep[k]) continue;
    fpr[o] = fp[k] / negatives;
    tpr[o] = tp[k] / positives;
    thresholdsOut[o] = th[k];
    o++;
  }
  return { fpr, tpr, thresholds: thresholdsOut };
}

/** 1 where the point is an end point or a corner (sklearn's drop_intermediate rule). */
function collinearMask(tp: Float64Array, fp: Float64Array): Uint8Array {
  const n = tp.length;
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  for (let k = 1; k < n - 1; k++) {
    const d2tp = tp[k + 1] - 2 * tp[k] + tp[k - 1];
    const d2fp = fp[k + 1] - 2 * fp[k] + fp[k - 1];
    if (d2tp !== 0 || d2fp !== 0) keep[k] = 1;
  }
  return keep;
}
