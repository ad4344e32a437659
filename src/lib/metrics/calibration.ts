// Reliability diagram data, binned like sklearn's calibration_curve (empty bins are left out).
import { checkScores, countPositives } from './validate';

export type CalibrationStrategy = 'uniform' | 'quantile';

export interface CalibrationBin {
  meanPredicted: number;
  fractionPositive: number;
  count: number;
  /** Bin edges, for drawing; a row belongs to the bin when lower < p <= upper (the first bin includes lower). */
  lower: number;
  upper: number;
}

export function calibrationCurve(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  bins = 10,
  strategy: CalibrationStrategy = 'uniform',
): CalibrationBin[] {
  checkScores(y, p, 'calibrationCurve');
  countPositives(y, 'calibrationCurve');
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`calibrationCurve: bins must be an integer >= 1, got ${bins}`);
  for (let i = 0; i < p.length; i++) {
    if (!(p[i] >= 0 && p[i] <= 1)) throw new Error(`calibrationCurve: p must be in [0, 1], got p[${i}] = ${p[i]}`);
  }
  const edges = strategy === 'uniform' ? uniformEdges(bins) : strategy === 'quantile' ? quantileEdges(p, bins) : null;
  if (!edges) throw new Error(`calibrationCurve: strategy must be 'uniform' or 'quantile', got '${String(strategy)}'`);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  const count = new Float64Array(bins);
  for (let i = 0; i < p.length; i++) {
    const b = countInnerEdgesBelow(edges, p[i]);
    sumP[b] += p[i];
    sumY[b] += y[i];
    count[b]++;
  }
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    out.push({
      meanPredicted: sumP[b] / count[b],
      fractionPositive: sumY[b] / count[b],
      count: count[b],
      lower: edges[b],
      upper: edges[b + 1],
    });
  }
  return out;
}

// numpy.linspace(0, 1, bins + 1): i * step, last edge exactly 1, so edge ties fall as in sklearn.
function uniformEdges(bins: number): Float64Array {
  const e = new Float64Array(bins + 1);
  const step = 1 / bins;
  for (let i = 0; i < bins; i++) e[i] = i * step;
  e[bins] = 1;
  return e;
}

// numpy.percentile with linear interpolation at 0, 100/bins, ..., 100.
function quantileEdges(p: ArrayLike<number>, bins: number): Float64Array {
  const sorted = Float64Array.from(p).sort();
  const n = sorted.length;
  const e = new Float64Array(bins + 1);
  for (let i = 0; i <= bins; i++) {
    const pos = (i / bins) * (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, n - 1);
    e[i] = sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }
  return e;
}

// numpy.searchsorted(edges[1:-1], v, side='left'): inner edges strictly below v.
function countInnerEdgesBelow(edges: Float64Array, v: number): number {
  let lo = 1;
  let hi = edges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
