// Cumulative gains and lift: "targeting the top x% by score reaches y% of the churners".
// Tied scores are spread evenly (interpolated), so the result never depends on row order.
import { rankedCounts, type RankedCounts } from './ranking';

export interface GainsRow {
  /** 1 = highest scores. */
  group: number;
  /** Share of all rows targeted up to and including this group. */
  population: number;
  count: number;
  /** Positives in the group (fractional when a tie straddles the group border). */
  positives: number;
  rate: number;
  /** rate / overall positive rate. */
  lift: number;
  cumulativeGain: number;
  cumulativeLift: number;
  minScore: number;
  maxScore: number;
}

export interface GainsCurve {
  /** Share of rows targeted (0 first); one point per distinct score, highest first. */
  population: Float64Array;
  /** Share of positives reached. */
  gain: Float64Array;
  /** Score cut-off of each point (Infinity for the origin). */
  thresholds: Float64Array;
  deciles: GainsRow[];
}

export interface LiftCurve {
  /** Share of rows targeted, one point per distinct score (the origin has no lift). */
  population: Float64Array;
  /** gain / population. */
  lift: Float64Array;
  thresholds: Float64Array;
  deciles: GainsRow[];
}

export function gainsCurve(y: ArrayLike<number>, p: ArrayLike<number>, groups = 10): GainsCurve {
  const r = rankedCounts(y, p, 'gainsCurve');
  const n = r.positives + r.negatives;
  const m = r.thresholds.length + 1;
  const population = new Float64Array(m);
  const gain = new Float64Array(m);
  const thresholds = new Float64Array(m);
  thresholds[0] = Infinity;
  for (let k = 0; k < r.thresholds.length; k++) {
    population[k + 1] = (r.tps[k] + r.fps[k]) / n;
    gain[k + 1] = r.tps[k] / r.positives;
    thresholds[k + 1] = r.thresholds[k];
  }
  return { population, gain, thresholds, deciles: gainsTable(r, groups, 'gainsCurve') };
}

export function liftCurve(y: ArrayLike<number>, p: ArrayLike<number>, groups = 10): LiftCurve {
  const r = rankedCounts(y, p, 'liftCurve');
  const n = r.positives + r.negatives;
  const rate = r.positives / n;
  const m = r.thresholds.length;
  const population = new Float64Array(m);
  const lift = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const targeted = r.tps[k] + r.fps[k];
    population[k] = targeted / n;
    lift[k] = r.tps[k] / targeted / rate;
  }
  return { population, lift, thresholds: r.thresholds.slice(), deciles: gainsTable(r, groups, 'liftCurve') };
}

function gainsTable(r: RankedCounts, groups: number, what: string): GainsRow[] {
  const n = r.positives + r.negatives;
  if (!Number.isInteger(groups) || groups < 1 || groups > n) {
    throw new Error(`${what}: groups must be an integer from 1 to the number of rows (${n}), got ${groups}`);
  }
  const cum = new Float64Array(r.tps.length);
  for (let k = 0; k < cum.length; k++) cum[k] = r.tps[k] + r.fps[k];
  const overall = r.positives / n;
  const rows: GainsRow[] = [];
  let prevEnd = 0;
  let prevPos = 0;
  for (let g = 1; g <= groups; g++) {
    const end = Math.round((g * n) / groups);
    const pos = positivesWithin(r, cum, end);
    const count = end - prevEnd;
    const positives = pos - prevPos;
    const rate = positives / count;
    rows.push({
      group: g,
      population: end / n,
      count,
      positives,
      rate,
      lift: rate / overall,
      cumulativeGain: pos / r.positives,
      cumulativeLift: pos / r.positives / (end / n),
      maxScore: r.thresholds[groupAt(cum, prevEnd)],
      minScore: r.thresholds[groupAt(cum, end - 1)],
    });
    prevEnd = end;
    prevPos = pos;
  }
  return rows;
}

/** Index of the tie group holding the row at 0-based rank `rank` (cum = rows up to each group). */
function groupAt(cum: Float64Array, rank: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] > rank) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Positives among the top `count` rows, ties shared pro rata. */
function positivesWithin(r: RankedCounts, cum: Float64Array, count: number): number {
  if (count <= 0) return 0;
  const k = groupAt(cum, count - 1);
  const beforeRows = k > 0 ? cum[k - 1] : 0;
  const beforePos = k > 0 ? r.tps[k - 1] : 0;
  return beforePos + ((r.tps[k] - beforePos) * (count - beforeRows)) / (cum[k] - beforeRows);
}
