// The shifted-beta-geometric (sBG) model of contractual retention (Fader & Hardie 2007, "How to project
// customer retention"; 2010, "Customer-base valuation in a contractual setting"). Each customer renews at
// the end of every period with a fixed probability 1 - θ, θ ~ Beta(α, β) across customers, so the lifetime
// T (the period in which the customer leaves, T = 1, 2, ...) has
//   P(T = t) = B(α + 1, β + t - 1) / B(α, β),   S(t) = P(T > t) = B(α, β + t) / B(α, β),
// and the retention rate r(t) = S(t) / S(t - 1) = (β + t - 1) / (α + β + t - 1) rises with t (the
// heterogeneity the papers warn not to ignore). The data are lifetimes grouped by period: `churned[t]`
// customers left in period t, `censored[t]` were still active after t periods.
import { bfgs, type MinimizeResult } from '../clv/optimiser';
import { digamma, logBeta, logHyp2f1 } from '../clv/special';

export interface SbgParams {
  alpha: number;
  beta: number;
}

/** Lifetimes grouped by period: index t (0..) counts customers who left in period t / were active after t periods. */
export interface SbgData {
  /** churned[t]: customers who left in period t (churned[0] must be 0: a lifetime is at least one period). */
  churned: Float64Array;
  /** censored[t]: customers still active after t periods (t = 0: joined, no renewal decision seen yet). */
  censored: Float64Array;
}

export interface SbgFit extends SbgParams {
  loglik: number;
  iterations: number;
  converged: boolean;
}

/** Turns the counts alive at periods 0..T of one cohort (the published case) into lifetimes. */
export function dataFromAlive(alive: readonly number[]): SbgData {
  checkAlive(alive);
  const n = alive.length;
  const churned = new Float64Array(n);
  const censored = new Float64Array(n);
  for (let t = 1; t < n; t++) churned[t] = alive[t - 1] - alive[t];
  censored[n - 1] = alive[n - 1];
  return { churned, censored };
}

/** Clear messages for counts the model cannot fit (the UI and the CLI show them as they are). */
export function checkAlive(alive: readonly number[]): void {
  if (alive.length < 3) throw new Error(`The sBG model needs counts for at least 3 periods (the start and two more); got ${alive.length}.`);
  for (let t = 0; t < alive.length; t++) {
    if (!Number.isFinite(alive[t]) || alive[t] < 0) throw new Error(`Count ${t} is not a number of customers (≥ 0): ${alive[t]}.`);
  }
  if (!(alive[0] > 0)) throw new Error('The first count (customers at the start) must be above 0.');
  for (let t = 1; t < alive.length; t++) {
    if (alive[t] > alive[t - 1]) {
      throw new Error(`The counts must not increase: period ${t} has ${alive[t]} customers alive, more than the ${alive[t - 1]} of period ${t - 1}. Each count is the customers of the first cohort still active.`);
    }
  }
  if (alive[alive.length - 1] === alive[0]) throw new Error('No customer churned in these periods: the model needs some churn to estimate how fast customers leave.');
}

/** Checks individual data: enough periods observed and at least one churner (else α, β are not identified). */
export function checkData(data: SbgData): void {
  let churners = 0;
  let last = 0;
  for (let t = 0; t < data.churned.length; t++) {
    churners += data.churned[t];
    if (data.churned[t] > 0 || data.censored[t] > 0) last = t;
  }
  if (data.churned[0] > 0) throw new Error('A lifetime of 0 periods cannot be fitted: a customer who left is counted in period 1 or later.');
  if (churners === 0) throw new Error('No customer churned: the model needs some churners to estimate how fast customers leave.');
  if (last < 2) throw new Error(`The sBG model needs lifetimes spanning at least 3 periods (0, 1, 2); the longest here is ${last} period${last === 1 ? '' : 's'}.`);
}

/** log-likelihood and its gradient with respect to (log α, log β). */
export function logLikelihood(data: SbgData, p: SbgParams, grad?: Float64Array): number {
  const { alpha: a, beta: b } = p;
  const lb0 = logBeta(a, b);
  const psiAB = digamma(a + b);
  const dA0 = digamma(a) - psiAB;
  const dB0 = digamma(b) - psiAB;
  let ll = 0;
  let ga = 0;
  let gb = 0;
  for (let t = 0; t < data.churned.length; t++) {
    const c = data.churned[t];
    if (c > 0) {
      // ln P(T = t) = ln B(α + 1, β + t - 1) - ln B(α, β)
      const psi = digamma(a + b + t);
      ll += c * (logBeta(a + 1, b + t - 1) - lb0);
      ga += c * (digamma(a + 1) - psi - dA0);
      gb += c * (digamma(b + t - 1) - psi - dB0);
    }
    const s = data.censored[t];
    if (s > 0 && t > 0) {
      // ln S(t) = ln B(α, β + t) - ln B(α, β)
      const psi = digamma(a + b + t);
      ll += s * (logBeta(a, b + t) - lb0);
      ga += s * (digamma(a) - psi - dA0);
      gb += s * (digamma(b + t) - psi - dB0);
    }
  }
  if (grad) {
    grad[0] = ga * a;
    grad[1] = gb * b;
  }
  return ll;
}

/** Maximum likelihood α, β (BFGS on log-parameters from a few starts; the likelihood is smooth and 2-D). */
export function fitSbg(data: SbgData): SbgFit {
  checkData(data);
  const total = data.churned.reduce((s, v) => s + v, 0) + data.censored.reduce((s, v) => s + v, 0);
  const p = { alpha: 1, beta: 1 };
  // Scaled by the customers so the tolerances mean the same for 1,000 or 1,000,000 of them.
  const fg = (x: Float64Array, g: Float64Array) => {
    p.alpha = Math.exp(x[0]);
    p.beta = Math.exp(x[1]);
    const ll = logLikelihood(data, p, g);
    g[0] = -g[0] / total;
    g[1] = -g[1] / total;
    return -ll / total;
  };
  let best: MinimizeResult | null = null;
  for (const start of [[0, 0], [-1, 1], [1, 2]]) {
    try {
      const r = bfgs(fg, start, { gradientTolerance: 1e-10, maxStep: 2 });
      if (!best || r.value < best.value) best = r;
    } catch {
      // a start whose likelihood is not finite: the others decide
    }
  }
  if (!best) throw new Error('The sBG fit failed from every start point.');
  const alpha = Math.exp(best.x[0]);
  const beta = Math.exp(best.x[1]);
  return { alpha, beta, loglik: -best.value * total, iterations: best.iterations, converged: best.converged };
}

/** S(t) for t = 0..horizon: the share of a new cohort still active after t periods. */
export function survivalCurve(p: SbgParams, horizon: number): Float64Array {
  const s = new Float64Array(horizon + 1);
  s[0] = 1;
  // S(t) = S(t - 1) r(t), r(t) = (β + t - 1) / (α + β + t - 1)
  for (let t = 1; t <= horizon; t++) s[t] = s[t - 1] * retentionRate(p, t);
  return s;
}

/** r(t) = S(t) / S(t - 1): the share of those active in period t who renew into period t + 1. */
export function retentionRate(p: SbgParams, t: number): number {
  return (p.beta + t - 1) / (p.alpha + p.beta + t - 1);
}

/**
 * Expected further periods (renewals) of a customer active after `tenure` periods: Σ_{k≥1} S(tenure + k) / S(tenure)
 * = (β + tenure) / (α - 1), infinite when α ≤ 1 (the heavy tail of loyal customers; DERL stays finite).
 */
export function expectedRemainingLifetime(p: SbgParams, tenure: number): number {
  return p.alpha > 1 ? (p.beta + tenure) / (p.alpha - 1) : Infinity;
}

/**
 * Median further periods of a customer active after `tenure` periods: the smallest k with
 * S(tenure + k) / S(tenure) ≤ 1/2; null beyond `cap` periods.
 */
export function medianRemainingLifetime(p: SbgParams, tenure: number, cap = 10_000): number | null {
  let s = 1;
  for (let k = 1; k <= cap; k++) {
    s *= retentionRate(p, tenure + k);
    if (s <= 0.5) return k;
  }
  return null;
}

/**
 * Discounted expected residual lifetime of a customer active after `tenure` periods, i.e. who has made
 * n - 1 = tenure renewals and is about to decide the next one (Fader & Hardie 2010, eq. 6):
 *   DERL = (β + n - 1) / (α + β + n - 1) · 2F1(1, β + n; α + β + n; 1 / (1 + d))
 * = Σ_{k≥1} S(tenure + k) / S(tenure) / (1 + d)^(k - 1): the next payment undiscounted, each later one
 * discounted by d per period. Multiplied by the value per period it is the residual value.
 */
export function derl(p: SbgParams, tenure: number, discountRate: number): number {
  if (!(discountRate > 0)) throw new Error(`The discount rate per period must be above 0 (DERL is infinite without discounting when α ≤ 1); got ${discountRate}.`);
  const n = tenure + 1;
  const first = (p.beta + n - 1) / (p.alpha + p.beta + n - 1);
  return first * Math.exp(logHyp2f1(1, p.beta + n, p.alpha + p.beta + n, 1 / (1 + discountRate)));
}
