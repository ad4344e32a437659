// 95% percentile-bootstrap intervals for the uplift metrics of fixed rankings. Each resample draws as many
// treated rows as there are treated (with replacement) and as many control rows as control: stratified by
// treatment, as the campaign fixed the arm sizes. Rankings stay fixed (the models are not refitted), so the
// interval is for the metric of these scores on this campaign's population, and every learner is scored
// on the same resamples (their intervals are paired).
import { createRng } from '../../random';
import { rankByScore, upliftMetrics, type UpliftData, type UpliftMetrics } from './metrics';

export interface Interval {
  value: number;
  lo: number;
  hi: number;
}

export interface BootstrapResult {
  metrics: { qini: Interval; auuc: Interval; upliftAt10: Interval }[];
  /** Outcome rate of treated minus control. */
  ate: Interval;
}

/** Linear-interpolated quantile (numpy's default) of the finite values; NaN when there are none. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const v = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const pos = (v.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, v.length - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

function ateOf(d: UpliftData, w: ArrayLike<number> | null): number {
  let nt = 0, yt = 0, nc = 0, yc = 0;
  for (let i = 0; i < d.treated.length; i++) {
    const wi = w ? w[i] : 1;
    if (d.treated[i]) {
      nt += wi;
      yt += wi * d.outcome[i];
    } else {
      nc += wi;
      yc += wi * d.outcome[i];
    }
  }
  return yt / nt - yc / nc;
}

/**
 * Metrics of each score vector with their 95% intervals from `resamples` stratified resamples (seeded).
 * `onStep(done)` is called after each resample (progress; the caller may throw to stop).
 */
export function bootstrapUplift(scores: ArrayLike<number>[], d: UpliftData, resamples: number, seed: number, onStep?: (done: number) => void): BootstrapResult {
  const n = d.treated.length;
  const orders = scores.map((s) => rankByScore(s));
  const point = scores.map((s, m) => upliftMetrics(orders[m], s, d));
  const treatedRows: number[] = [];
  const controlRows: number[] = [];
  for (let i = 0; i < n; i++) (d.treated[i] ? treatedRows : controlRows).push(i);
  const draws = scores.map(() => ({ qini: new Float64Array(resamples), auuc: new Float64Array(resamples), upliftAt10: new Float64Array(resamples) }));
  const ates = new Float64Array(resamples);
  const rng = createRng(seed);
  const w = new Float64Array(n);
  for (let b = 0; b < resamples; b++) {
    w.fill(0);
    for (const rows of [treatedRows, controlRows]) {
      for (let j = 0; j < rows.length; j++) w[rows[Math.floor(rng() * rows.length)]]++;
    }
    ates[b] = ateOf(d, w);
    for (let m = 0; m < scores.length; m++) {
      const r: UpliftMetrics = upliftMetrics(orders[m], scores[m], d, w);
      draws[m].qini[b] = r.qini;
      draws[m].auuc[b] = r.auuc;
      draws[m].upliftAt10[b] = r.upliftAt10;
    }
    onStep?.(b + 1);
  }
  const ci = (value: number, v: Float64Array): Interval => ({ value, lo: quantile(v, 0.025), hi: quantile(v, 0.975) });
  return {
    metrics: point.map((p, m) => ({ qini: ci(p.qini, draws[m].qini), auuc: ci(p.auuc, draws[m].auuc), upliftAt10: ci(p.upliftAt10, draws[m].upliftAt10) })),
    ate: ci(ateOf(d, null), ates),
  };
}
