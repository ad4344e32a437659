// NPS, CSAT and the score's effect on churn, with 95% intervals. Shares are in points (0-100).
import { SCALE_RANGE, type ScoreScale } from '../data/survey';
import type { Estimate, ScoreEffect, ScoreGroup, ScoreSummary } from './types';

const Z = 1.959963984540054;

export function scoreGroups(scale: ScoreScale): ScoreGroup[] {
  if (scale === 'nps') return [{ name: 'detractor', from: 0, to: 6 }, { name: 'passive', from: 7, to: 8 }, { name: 'promoter', from: 9, to: 10 }];
  if (scale === 'csat5') return [{ name: 'dissatisfied', from: 1, to: 2 }, { name: 'neutral', from: 3, to: 3 }, { name: 'satisfied', from: 4, to: 5 }];
  return [{ name: 'dissatisfied', from: 1, to: 3 }, { name: 'neutral', from: 4, to: 5 }, { name: 'satisfied', from: 6, to: 7 }];
}

export function groupOf(groups: ScoreGroup[], score: number): number {
  return groups.findIndex((g) => score >= g.from && score <= g.to);
}

/**
 * NPS = % promoters - % detractors, in points. Its variance is that of the mean of a variable worth
 * +1 (promoter), 0 (passive), -1 (detractor): (p + d - (p - d)^2) / n.
 */
export function npsEstimate(promoters: number, passives: number, detractors: number): Estimate {
  const n = promoters + passives + detractors;
  if (n === 0) return { value: NaN, low: NaN, high: NaN };
  const p = promoters / n;
  const d = detractors / n;
  const value = p - d;
  const half = Z * Math.sqrt(Math.max(0, p + d - value * value) / n);
  return { value: 100 * value, low: 100 * Math.max(-1, value - half), high: 100 * Math.min(1, value + half) };
}

/** Wilson 95% interval of a share k/n, in percent. */
export function shareEstimate(k: number, n: number): Estimate {
  if (n === 0) return { value: NaN, low: NaN, high: NaN };
  const p = k / n;
  const z2 = Z * Z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { value: 100 * p, low: 100 * Math.max(0, centre - half), high: 100 * Math.min(1, centre + half) };
}

/** Mean with a normal 95% interval (sample standard deviation). */
export function meanEstimate(sum: number, sumSq: number, n: number): Estimate {
  if (n === 0) return { value: NaN, low: NaN, high: NaN };
  const mean = sum / n;
  const variance = n > 1 ? Math.max(0, (sumSq - n * mean * mean) / (n - 1)) : 0;
  const half = Z * Math.sqrt(variance / n);
  return { value: mean, low: mean - half, high: mean + half };
}

/** Summary of the scores (on `scale`) of the rows `rows` (all when omitted). */
export function summarise(scores: ArrayLike<number>, scale: ScoreScale, rows?: ArrayLike<number>): ScoreSummary {
  const groups = scoreGroups(scale);
  const counts = groups.map(() => 0);
  const top = scale === 'csat5' ? 4 : scale === 'csat7' ? 6 : 9;
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  let satisfied = 0;
  const count = rows ? rows.length : scores.length;
  for (let k = 0; k < count; k++) {
    const v = scores[rows ? rows[k] : k];
    const g = groupOf(groups, v);
    if (g < 0) continue;
    counts[g]++;
    n++;
    sum += v;
    sumSq += v * v;
    if (v >= top) satisfied++;
  }
  return {
    responses: n,
    groupCounts: counts,
    nps: scale === 'nps' ? npsEstimate(counts[2], counts[1], counts[0]) : null,
    mean: meanEstimate(sum, sumSq, n),
    satisfied: shareEstimate(satisfied, n),
  };
}

/** Standard normal upper tail (Abramowitz-Stegun 7.1.26 on erfc), for Wald p-values. */
function normalTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return 0.5 * poly * Math.exp(-x * x);
}

/**
 * Logistic regression of y (0/1) on one predictor x by Newton-Raphson; the odds ratio per unit of x with a
 * Wald interval. Null when y has one class only or x does not vary (nothing to estimate); when the classes
 * separate perfectly the iterations stop at a large but finite coefficient and the interval says so.
 */
export function logistic1d(x: ArrayLike<number>, y: ArrayLike<number>): ScoreEffect | null {
  const n = x.length;
  let pos = 0;
  let xMin = Infinity;
  let xMax = -Infinity;
  for (let i = 0; i < n; i++) {
    pos += y[i];
    xMin = Math.min(xMin, x[i]);
    xMax = Math.max(xMax, x[i]);
  }
  if (n < 3 || pos === 0 || pos === n || xMin === xMax) return null;
  let a = Math.log(pos / (n - pos));
  let b = 0;
  let h00 = 0;
  let h01 = 0;
  let h11 = 0;
  for (let iter = 0; iter < 50; iter++) {
    let g0 = 0;
    let g1 = 0;
    h00 = h01 = h11 = 0;
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-(a + b * x[i])));
      const w = p * (1 - p);
      g0 += y[i] - p;
      g1 += (y[i] - p) * x[i];
      h00 += w;
      h01 += w * x[i];
      h11 += w * x[i] * x[i];
    }
    const det = h00 * h11 - h01 * h01;
    if (!(det > 0)) break;
    const da = (h11 * g0 - h01 * g1) / det;
    const db = (h00 * g1 - h01 * g0) / det;
    a += da;
    b += db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  const det = h00 * h11 - h01 * h01;
  const se = det > 0 ? Math.sqrt(h00 / det) : Infinity;
  const z = b / se;
  return {
    intercept: a,
    coefficient: b,
    se,
    oddsRatio: { value: Math.exp(b), low: Math.exp(b - Z * se), high: Math.exp(b + Z * se) },
    p: Number.isFinite(z) ? 2 * normalTail(z) : 1,
  };
}

export function scaleRange(scale: ScoreScale): { min: number; max: number } {
  return SCALE_RANGE[scale];
}
