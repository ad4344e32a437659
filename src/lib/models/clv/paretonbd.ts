// Pareto/NBD (Schmittlein, Morrison & Colombo 1987) by maximum likelihood, with the likelihood of Fader &
// Hardie's 2005 note "A note on deriving the Pareto/NBD model and related expressions" as lifetimes'
// ParetoNBDFitter and BTYD evaluate it: the A0 term uses the Gaussian hypergeometric 2F1 with the branch
// for alpha >= beta or alpha < beta, so its argument stays in [0, 1) either way. Work is per distinct
// (x, t_x) and (x, T) pair, since each 2F1 depends on one of them only. The gradient is numeric.
import { compressRows, distinctIndex } from './compress';
import type { RfmData } from './bgnbd';
import { checkRfm } from './bgnbd';
import { fitLogParams, type LogParamFitOptions } from './fit-log-params';
import { logAddExp, logGamma, logHyp2f1 } from './special';

export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

export interface ParetoNbdFit {
  params: ParetoNbdParams;
  logLikelihood: number;
  customers: number;
  distinctRows: number;
  iterations: number;
  converged: boolean;
}

/** log of (alpha + t)^-(r+s+x) 2F1(...) for one branch, the building block of A0. */
function logH(p: ParetoNbdParams, x: number, t: number): number {
  const { r, alpha, s, beta } = p;
  const rsx = r + s + x;
  if (alpha >= beta) return logHyp2f1(rsx, s + 1, rsx + 1, (alpha - beta) / (alpha + t)) - rsx * Math.log(alpha + t);
  return logHyp2f1(rsx, r + x, rsx + 1, (beta - alpha) / (beta + t)) - rsx * Math.log(beta + t);
}

/** log A0 (Fader-Hardie 2005 eq. 19/20), -Infinity when T = t_x (A0 = 0). */
function logA0FromH(hTx: number, hT: number): number {
  const d = hT - hTx;
  return d < 0 ? hTx + Math.log(-Math.expm1(d)) : -Infinity;
}

/** The pieces of one customer's likelihood: log of the "still alive at T" and the "died in (t_x, T]" parts. */
function parts(p: ParetoNbdParams, x: number, logA0: number, T: number): { alive: number; died: number; common: number } {
  const { r, alpha, s, beta } = p;
  return {
    common: logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + s * Math.log(beta),
    alive: -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T),
    died: Math.log(s) - Math.log(r + s + x) + logA0,
  };
}

export function paretoNbdCustomerLogLikelihood(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const q = parts(p, x, logA0FromH(logH(p, x, tx), logH(p, x, T)), T);
  return q.common + logAddExp(q.alive, q.died);
}

/**
 * Sum of the Euler-transformed series 2F1(1, b; c; z) (b = s + 1 or r + x, c = r + s + x + 1 > b, 0 <= z < 1):
 * positive terms with ratio (b + n) / (c + n) z < z, so it converges geometrically and cannot overflow.
 */
function eulerSeries(b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 100_000; n++) {
    term *= ((b + n) / (c + n)) * z;
    sum += term;
    if (term <= 1e-16 * sum) break;
  }
  return sum;
}

/** Mean negative log-likelihood of log-parameters (and the total log-likelihood), on compressed data. */
export function paretoNbdObjective(data: RfmData) {
  const c = compressRows([data.frequency, data.recency, data.age], data.weights);
  const [x, tx, T] = c.columns;
  const w = c.weights;
  const byTx = compressRows([x, tx]);
  const byT = compressRows([x, T]);
  const hTx = new Float64Array(byTx.weights.length);
  const hT = new Float64Array(byT.weights.length);
  // Every time value (t_x and T) once: log(alpha + t) and log(beta + t) per distinct value.
  const times = distinctIndex(Float64Array.from([...tx, ...T]));
  const tIndex = (v: Float64Array) => Int32Array.from(v, (t) => binarySearch(times.values, t));
  const txOfPair = tIndex(byTx.columns[1]);
  const tOfPair = tIndex(byT.columns[1]);
  const tOfRow = Int32Array.from(times.index.subarray(tx.length));
  const logA = new Float64Array(times.values.length);
  const logB = new Float64Array(times.values.length);
  let totalWeight = 0;
  for (let i = 0; i < w.length; i++) totalWeight += w[i];

  /**
   * log H(t) = log[(m + t)^-(r+s+x) 2F1(...)] with m = max(alpha, beta), Euler's transformation written out:
   * alpha >= beta: 2F1(r+s+x, s+1; r+s+x+1; z) = (1 - z)^-s 2F1(1, r+x; r+s+x+1; z), z = (alpha - beta) / (alpha + t);
   * alpha < beta: 2F1(r+s+x, r+x; r+s+x+1; z) = (1 - z)^(1-r-x) 2F1(1, s+1; r+s+x+1; z), z = (beta - alpha) / (beta + t).
   * 1 - z = (min + t) / (max + t), so log(1 - z) comes from the per-time logs.
   */
  const fillH = (p: ParetoNbdParams, px: Float64Array, pt: Int32Array, out: Float64Array) => {
    const { r, alpha, s, beta } = p;
    const aBig = alpha >= beta;
    const logMax = aBig ? logA : logB;
    const logMin = aBig ? logB : logA;
    const max = aBig ? alpha : beta;
    const gap = Math.abs(alpha - beta);
    for (let k = 0; k < out.length; k++) {
      const xv = px[k];
      const ti = pt[k];
      const rsx = r + s + xv;
      const e = aBig ? s : r + xv - 1;
      const b = aBig ? r + xv : s + 1;
      const z = gap / (max + times.values[ti]);
      const log1mz = logMin[ti] - logMax[ti];
      out[k] = -e * log1mz + Math.log(eulerSeries(b, rsx + 1, z)) - rsx * logMax[ti];
    }
  };

  const logLikelihood = (p: ParetoNbdParams): number => {
    const { r, alpha, s, beta } = p;
    for (let k = 0; k < times.values.length; k++) {
      logA[k] = Math.log(alpha + times.values[k]);
      logB[k] = Math.log(beta + times.values[k]);
    }
    fillH(p, byTx.columns[0], txOfPair, hTx);
    fillH(p, byT.columns[0], tOfPair, hT);
    const lgR = logGamma(r);
    const base = r * Math.log(alpha) + s * Math.log(beta) - lgR;
    const logS = Math.log(s);
    let ll = 0;
    let lastX = NaN;
    let lgRX = 0;
    let logRSX = 0;
    for (let i = 0; i < w.length; i++) {
      const xi = x[i];
      if (xi !== lastX) {
        // Rows are sorted by x, so these change rarely.
        lastX = xi;
        lgRX = logGamma(r + xi);
        logRSX = Math.log(r + s + xi);
      }
      const ti = tOfRow[i];
      const alive = -(r + xi) * logA[ti] - s * logB[ti];
      const died = logS - logRSX + logA0FromH(hTx[byTx.index[i]], hT[byT.index[i]]);
      ll += w[i] * (lgRX + base + logAddExp(alive, died));
    }
    return ll;
  };
  return { logLikelihood, distinctRows: w.length, totalWeight, meanAge: weightedMean(T, w) };
}

function binarySearch(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function weightedMean(v: Float64Array, w: Float64Array): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < v.length; i++) {
    s += v[i] * w[i];
    sw += w[i];
  }
  return sw > 0 ? s / sw : 0;
}

const toParams = (t: ArrayLike<number>): ParetoNbdParams => ({ r: t[0], alpha: t[1], s: t[2], beta: t[3] });

export function fitParetoNbd(data: RfmData, options: LogParamFitOptions<ParetoNbdParams> = {}): ParetoNbdFit {
  const n = checkRfm(data);
  if (n === 0) throw new Error('Pareto/NBD needs at least one customer, got 0');
  const objective = paretoNbdObjective(data);
  // alpha and beta are time scales: starts scale them with the customers' mean age.
  const scale = Math.max(objective.meanAge, 1e-6);
  const starts = options.starts ?? [
    { r: 0.5, alpha: scale / 4, s: 0.5, beta: scale / 4 },
    { r: 1, alpha: scale, s: 1, beta: scale },
  ];
  const result = fitLogParams(
    (t) => -objective.logLikelihood(toParams(t)) / objective.totalWeight,
    starts.map((p) => [p.r, p.alpha, p.s, p.beta]),
    'Pareto/NBD',
    options,
  );
  const params = toParams(result.params);
  return {
    params,
    logLikelihood: objective.logLikelihood(params),
    customers: n,
    distinctRows: objective.distinctRows,
    iterations: result.iterations,
    converged: result.converged,
  };
}

/** P(alive at T | x, t_x, T) = 1 / (1 + s/(r+s+x) (alpha+T)^(r+x) (beta+T)^s A0). */
export function paretoNbdProbabilityAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const q = parts(p, x, logA0FromH(logH(p, x, tx), logH(p, x, T)), T);
  return 1 / (1 + Math.exp(q.died - q.alive));
}

/** (1 - u^(s-1)) / (s - 1) for u in (0, 1], with its limit -log u at s = 1. */
function powerTerm(u: number, s: number): number {
  const k = s - 1;
  const lu = Math.log(u);
  return Math.abs(k * lu) < 1e-12 ? -lu : -Math.expm1(k * lu) / k;
}

/** E[purchases in (T, T + t] | x, t_x, T] (Fader-Hardie 2005 eq. 22). */
export function paretoNbdConditionalExpected(p: ParetoNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t === 0) return 0;
  const { r, alpha, s, beta } = p;
  return (((r + x) * (beta + T)) / (alpha + T)) * powerTerm((beta + T) / (beta + T + t), s) * paretoNbdProbabilityAlive(p, x, tx, T);
}

/** E[purchases in (0, t]] for a new customer: r beta / (alpha (s - 1)) (1 - (beta / (beta + t))^(s-1)). */
export function paretoNbdExpectedUpTo(p: ParetoNbdParams, t: number): number {
  if (t === 0) return 0;
  return ((p.r * p.beta) / p.alpha) * powerTerm(p.beta / (p.beta + t), p.s);
}
