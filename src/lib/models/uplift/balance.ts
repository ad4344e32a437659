// Randomisation check: do treated and control customers look alike before the campaign? Per feature the
// means (numbers) or level shares (categories) by arm, the standardised mean difference and a test
// (Welch's t for numbers, a chi-square test of independence for a category's levels). A feature is flagged
// when both |SMD| > 0.1 (a difference big enough to matter; Austin 2009's usual threshold) and p < 0.01
// (unlikely by chance): SMD alone flags chance imbalance in small campaigns, p alone flags trivial
// differences in big ones.
import { chiSquareSurvival, logBeta } from '../clv/special';

export const SMD_LIMIT = 0.1;
export const P_LIMIT = 0.01;
export const BALANCE_RULE = `A feature is flagged when |SMD| > ${SMD_LIMIT} and its test's p < ${P_LIMIT} (Welch's t for numbers, chi-square for categories).`;

/** Regularised incomplete beta I_x(a, b) (Numerical Recipes' continued fraction). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log(1 - x) - logBeta(a, b));
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  // Lentz's method on the continued fraction
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-12) break;
  }
  return (front * h) / a;
}

/** Two-sided p of Student's t with `df` degrees of freedom. */
export function tTwoSided(t: number, df: number): number {
  if (!Number.isFinite(t)) return Number.isNaN(t) ? NaN : 0;
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

interface Moments {
  n: number;
  mean: number;
  variance: number;
}

function moments(values: ArrayLike<number>, arm: Uint8Array, want: number): Moments {
  let n = 0, sum = 0;
  for (let i = 0; i < values.length; i++) if (arm[i] === want && !Number.isNaN(values[i])) {
      n++;
      sum += values[i];
    }
  const mean = n > 0 ? sum / n : NaN;
  let ss = 0;
  for (let i = 0; i < values.length; i++) if (arm[i] === want && !Number.isNaN(values[i])) ss += (values[i] - mean) ** 2;
  return { n, mean, variance: n > 1 ? ss / (n - 1) : 0 };
}

export interface NumericBalance {
  treated: number;
  control: number;
  smd: number;
  p: number;
}

/** Means by arm (missing values left out), SMD and Welch's t-test p. */
export function numericBalance(values: ArrayLike<number>, treated: Uint8Array): NumericBalance {
  const a = moments(values, treated, 1);
  const b = moments(values, treated, 0);
  const pooled = Math.sqrt((a.variance + b.variance) / 2);
  const smd = pooled > 0 ? (a.mean - b.mean) / pooled : a.mean === b.mean ? 0 : Infinity * Math.sign(a.mean - b.mean);
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se = Math.sqrt(va + vb);
  let p = 1;
  if (se > 0 && a.n > 1 && b.n > 1) {
    const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
    p = tTwoSided((a.mean - b.mean) / se, df);
  } else if (a.mean !== b.mean) p = 0;
  return { treated: a.mean, control: b.mean, smd, p };
}

export interface CategoryBalance {
  levels: { level: number; treated: number; control: number; smd: number }[];
  p: number;
}

/** Level shares by arm (codes 0..levels-1; -1 = missing, its own level), per-level SMD, chi-square p. */
export function categoryBalance(codes: ArrayLike<number>, levels: number, treated: Uint8Array): CategoryBalance {
  const counts = [new Float64Array(levels + 1), new Float64Array(levels + 1)];
  let nT = 0, nC = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] < 0 ? levels : codes[i];
    counts[treated[i]][c]++;
    if (treated[i]) nT++;
    else nC++;
  }
  const out: CategoryBalance['levels'] = [];
  let chi = 0;
  let used = 0;
  for (let l = 0; l <= levels; l++) {
    const t = counts[1][l];
    const c = counts[0][l];
    if (t + c === 0) continue;
    used++;
    const pt = t / nT;
    const pc = c / nC;
    const sd = Math.sqrt((pt * (1 - pt) + pc * (1 - pc)) / 2);
    // a level only one arm has (sd 0) is an infinite difference, not none
    out.push({ level: l === levels ? -1 : l, treated: pt, control: pc, smd: sd > 0 ? (pt - pc) / sd : pt === pc ? 0 : Math.sign(pt - pc) * Infinity });
    const total = t + c;
    const eT = (total * nT) / (nT + nC);
    const eC = (total * nC) / (nT + nC);
    chi += (t - eT) ** 2 / eT + (c - eC) ** 2 / eC;
  }
  return { levels: out, p: used > 1 ? chiSquareSurvival(chi, used - 1) : 1 };
}

export const flagged = (smd: number, p: number): boolean => Math.abs(smd) > SMD_LIMIT && p < P_LIMIT;
