// BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy way"), fitted by maximum
// likelihood on log-parameters with BFGS and an analytic gradient, several starts, optional L2 penalty
// on the parameters as lifetimes' penalizer_coef. Formulas follow lifetimes' BetaGeoFitter.
import type { ProgressFn } from '../../progress';
import { compressRows, distinctIndex } from './compress';
import { minimizeMultiStart, type BfgsOptions } from './optimiser';
import { digamma, expit, logAddExp, logBeta, logGamma, logHyp2f1 } from './special';

export interface BgnbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Per-customer repeat frequency x, recency t_x and age T (same time unit), with optional weights. */
export interface RfmData {
  frequency: Float64Array;
  recency: Float64Array;
  age: Float64Array;
  weights?: Float64Array;
}

export interface BgnbdOptions {
  /** L2 penalty on (r, alpha, a, b) added to the mean negative log-likelihood (lifetimes' penalizer_coef). */
  penalizer?: number;
  /** Start points (r, alpha, a, b); default: a small spread scaled to the data's time unit. */
  starts?: BgnbdParams[];
  bfgs?: BfgsOptions;
  onProgress?: ProgressFn;
}

export interface BgnbdFit {
  params: BgnbdParams;
  /** Total log-likelihood of the data at the fitted parameters (without the penalty). */
  logLikelihood: number;
  customers: number;
  /** Distinct (x, t_x, T) rows the likelihood was evaluated on. */
  distinctRows: number;
  iterations: number;
  converged: boolean;
  penalizer: number;
}

export function checkRfm(data: RfmData): number {
  const n = data.frequency.length;
  if (data.recency.length !== n || data.age.length !== n || (data.weights && data.weights.length !== n)) {
    throw new Error(`frequency, recency, age (and weights) must have equal lengths, got ${n}, ${data.recency.length}, ${data.age.length}`);
  }
  for (let i = 0; i < n; i++) {
    const x = data.frequency[i];
    const tx = data.recency[i];
    const T = data.age[i];
    if (!(x >= 0 && Number.isInteger(x) && tx >= 0 && T >= tx && (x > 0 || tx === 0))) {
      throw new Error(`customer ${i}: need integer frequency >= 0 and 0 <= recency <= age (recency 0 when frequency is 0), got x=${x}, t_x=${tx}, T=${T}`);
    }
  }
  return n;
}

/**
 * The BG/NBD objective on compressed data: mean negative log-likelihood plus penalty, as a function of
 * log-parameters, with its gradient. Terms that depend only on x, only on T or only on t_x are computed
 * once per distinct value, so the per-row work is one exp and one log1p.
 */
export function bgnbdObjective(data: RfmData, penalizer = 0) {
  const compressed = compressRows([data.frequency, data.recency, data.age], data.weights);
  const [x, tx, T] = compressed.columns;
  const w = compressed.weights;
  const rows = w.length;
  let totalWeight = 0;
  for (let i = 0; i < rows; i++) totalWeight += w[i];
  const xs = distinctIndex(x);
  const ts = distinctIndex(T);
  const rs = distinctIndex(tx);
  const nx = xs.values.length;
  const perX = { a12: new Float64Array(nx), dr: new Float64Array(nx), da: new Float64Array(nx), db: new Float64Array(nx), c4: new Float64Array(nx) };
  const logT = new Float64Array(ts.values.length);
  const invT = new Float64Array(ts.values.length);
  const logR = new Float64Array(rs.values.length);
  const invR = new Float64Array(rs.values.length);

  /** [weighted total LL, dLL/dr, dLL/dalpha, dLL/da, dLL/db] (gradient entries 0 unless asked for). */
  const evaluate = (p: BgnbdParams, withGradient: boolean) => {
    const { r, alpha, a, b } = p;
    const lgR = logGamma(r);
    const lgB = logGamma(b);
    const lgAB = logGamma(a + b);
    const psiR = withGradient ? digamma(r) : 0;
    const psiB = withGradient ? digamma(b) : 0;
    const psiAB = withGradient ? digamma(a + b) : 0;
    const logAlpha = Math.log(alpha);
    const logA = Math.log(a);
    for (let k = 0; k < nx; k++) {
      const xv = xs.values[k];
      perX.a12[k] = logGamma(r + xv) - lgR + r * logAlpha + lgAB + logGamma(b + xv) - lgB - logGamma(a + b + xv);
      perX.c4[k] = xv > 0 ? logA - Math.log(b + xv - 1) : -Infinity;
      if (withGradient) {
        const psiABX = digamma(a + b + xv);
        perX.dr[k] = digamma(r + xv) - psiR + logAlpha;
        perX.da[k] = psiAB - psiABX;
        perX.db[k] = psiAB + digamma(b + xv) - psiB - psiABX;
      }
    }
    for (let k = 0; k < ts.values.length; k++) {
      logT[k] = Math.log(alpha + ts.values[k]);
      invT[k] = 1 / (alpha + ts.values[k]);
    }
    for (let k = 0; k < rs.values.length; k++) {
      logR[k] = Math.log(alpha + rs.values[k]);
      invR[k] = 1 / (alpha + rs.values[k]);
    }
    let ll = 0;
    let gr = 0;
    let gAlpha = 0;
    let ga = 0;
    let gb = 0;
    const { a12, c4, dr, da, db } = perX;
    const xIndex = xs.index;
    const tIndex = ts.index;
    const rIndex = rs.index;
    for (let i = 0; i < rows; i++) {
      const xi = xIndex[i];
      const ti = tIndex[i];
      const ri = rIndex[i];
      const xv = x[i];
      const rx = r + xv;
      const a3 = -rx * logT[ti];
      let rowLL: number;
      let w4 = 0;
      if (xv > 0) {
        // log(e^a3 + e^a4) and the softmax weight of a4, from one exp.
        const a4 = c4[xi] - rx * logR[ri];
        const e = Math.exp(-Math.abs(a3 - a4));
        rowLL = a12[xi] + Math.max(a3, a4) + Math.log1p(e);
        w4 = a4 > a3 ? 1 / (1 + e) : e / (1 + e);
      } else {
        rowLL = a12[xi] + a3;
      }
      const wi = w[i];
      ll += wi * rowLL;
      if (withGradient) {
        const w3 = 1 - w4;
        gr += wi * (dr[xi] - w3 * logT[ti] - w4 * logR[ri]);
        gAlpha += wi * (r / alpha - rx * (w3 * invT[ti] + w4 * invR[ri]));
        ga += wi * (da[xi] + w4 / a);
        if (xv > 0) gb += wi * (db[xi] - w4 / (b + xv - 1));
        else gb += wi * db[xi];
      }
    }
    return [ll, gr, gAlpha, ga, gb];
  };

  const valueAndGradient = (logParams: Float64Array, grad: Float64Array): number => {
    const p = { r: Math.exp(logParams[0]), alpha: Math.exp(logParams[1]), a: Math.exp(logParams[2]), b: Math.exp(logParams[3]) };
    const theta = [p.r, p.alpha, p.a, p.b];
    if (!theta.every((v) => v > 0 && Number.isFinite(v))) return NaN;
    const [ll, ...g] = evaluate(p, true);
    let penalty = 0;
    for (let j = 0; j < 4; j++) {
      penalty += theta[j] * theta[j];
      // Chain rule to log-parameters: d/d(log t) = t d/dt.
      grad[j] = (-g[j] / totalWeight) * theta[j] + 2 * penalizer * theta[j] * theta[j];
    }
    return -ll / totalWeight + penalizer * penalty;
  };

  const logLikelihood = (p: BgnbdParams) => evaluate(p, false)[0];
  return { valueAndGradient, logLikelihood, distinctRows: rows, totalWeight, meanAge: weightedMean(T, w) };
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

export function fitBgnbd(data: RfmData, options: BgnbdOptions = {}): BgnbdFit {
  const penalizer = options.penalizer ?? 0;
  if (!(penalizer >= 0)) throw new Error(`BG/NBD penalizer must be >= 0, got ${penalizer}`);
  const n = checkRfm(data);
  if (n === 0) throw new Error('BG/NBD needs at least one customer, got 0');
  const report = options.onProgress ?? (() => {});
  const objective = bgnbdObjective(data, penalizer);
  // alpha is a time scale (the unit is the caller's), so starts scale it with the customers' mean age.
  const scale = Math.max(objective.meanAge, 1e-6);
  const starts = options.starts ?? [
    { r: 1, alpha: 1, a: 1, b: 1 },
    { r: 0.5, alpha: scale / 8, a: 1, b: 2.5 },
    { r: 2, alpha: scale, a: 0.5, b: 0.5 },
  ];
  const result = minimizeMultiStart(
    (x, g) => objective.valueAndGradient(x, g),
    starts.map((s) => {
      for (const [k, v] of Object.entries(s)) if (!(v > 0)) throw new Error(`BG/NBD start ${k} must be > 0, got ${v}`);
      return [Math.log(s.r), Math.log(s.alpha), Math.log(s.a), Math.log(s.b)];
    }),
    options.bfgs,
  );
  report({ stage: 'BG/NBD fit', done: 1, total: 1, loss: result.value });
  const params = { r: Math.exp(result.x[0]), alpha: Math.exp(result.x[1]), a: Math.exp(result.x[2]), b: Math.exp(result.x[3]) };
  return {
    params,
    logLikelihood: objective.logLikelihood(params),
    customers: n,
    distinctRows: objective.distinctRows,
    iterations: result.iterations,
    converged: result.converged,
    penalizer,
  };
}

/** Log-likelihood of one customer (x, t_x, T). */
export function bgnbdCustomerLogLikelihood(p: BgnbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const a12 = logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + logBeta(a, b + x) - logBeta(a, b);
  const a3 = -(r + x) * Math.log(alpha + T);
  if (x === 0) return a12 + a3;
  const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  return a12 + logAddExp(a3, a4);
}

/** P(customer still alive at T | x, t_x, T). */
export function bgnbdProbabilityAlive(p: BgnbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const logDiv = (p.r + x) * Math.log((p.alpha + T) / (p.alpha + tx)) + Math.log(p.a / (p.b + x - 1));
  return expit(-logDiv);
}

/** E[purchases in (T, T + t] | x, t_x, T]. */
export function bgnbdConditionalExpected(p: BgnbdParams, t: number, x: number, tx: number, T: number): number {
  if (t === 0) return 0;
  const { r, alpha, a, b } = p;
  const hypA = r + x;
  const hypB = b + x;
  const hypC = a + b + x - 1;
  const z = t / (alpha + T + t);
  const logHyp = logHyp2f1(hypA, hypB, hypC, z);
  const first = (a + b + x - 1) / (a - 1);
  const second = -Math.expm1(logHyp + (r + x) * Math.log((alpha + T) / (alpha + t + T)));
  const denominator = 1 + (x > 0 ? (a / (b + x - 1)) * Math.exp((r + x) * Math.log((alpha + T) / (alpha + tx))) : 0);
  return (first * second) / denominator;
}

/** E[purchases in (0, t]] for a new customer. */
export function bgnbdExpectedUpTo(p: BgnbdParams, t: number): number {
  if (t === 0) return 0;
  const { r, alpha, a, b } = p;
  const logHyp = logHyp2f1(r, b, a + b - 1, t / (alpha + t));
  return ((a + b - 1) / (a - 1)) * -Math.expm1(logHyp + r * Math.log(alpha / (alpha + t)));
}

/** P(N(0, t] = n) for a new customer. */
export function bgnbdProbabilityOfPurchases(p: BgnbdParams, t: number, n: number): number {
  if (!(Number.isInteger(n) && n >= 0)) throw new Error(`number of purchases must be an integer >= 0, got ${n}`);
  const { r, alpha, a, b } = p;
  const logP = Math.log(alpha / (alpha + t));
  const logQ = Math.log(t / (alpha + t));
  const lbAB = logBeta(a, b);
  const lgR = logGamma(r);
  const first = Math.exp(logBeta(a, b + n) - lbAB + logGamma(r + n) - lgR - logGamma(n + 1) + r * logP + n * logQ);
  if (n === 0) return first;
  let logSum = -Infinity;
  for (let j = 0; j < n; j++) {
    logSum = logAddExp(logSum, logGamma(r + j) - lgR - logGamma(j + 1) + j * logQ);
  }
  const second = Math.exp(logBeta(a + 1, b + n - 1) - lbAB) * -Math.expm1(r * logP + logSum);
  return first + second;
}
