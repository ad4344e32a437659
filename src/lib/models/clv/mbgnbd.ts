// MBG/NBD (Batislam, Denizel & Filiztekin 2007): BG/NBD where a customer may also drop out right after the
// first purchase, so customers with no repeat purchase can be dead too. Likelihood and predictions as
// lifetimes' ModifiedBetaGeoFitter; maximum likelihood on log-parameters (numeric gradient), per
// distinct (x, t_x, T) row.
import type { RfmData } from './bgnbd';
import { checkRfm } from './bgnbd';
import { compressRows } from './compress';
import { fitLogParams, type LogParamFitOptions } from './fit-log-params';
import { expit, logGamma, logHyp2f1 } from './special';

export interface MbgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface MbgNbdFit {
  params: MbgNbdParams;
  logLikelihood: number;
  customers: number;
  distinctRows: number;
  iterations: number;
  converged: boolean;
}

/** log of (a / (b + x)) ((alpha + T) / (alpha + t_x))^(r + x): the odds of having died at the last purchase. */
function logDeadOdds(p: MbgNbdParams, x: number, tx: number, T: number): number {
  return Math.log(p.a / (p.b + x)) + (p.r + x) * Math.log((p.alpha + T) / (p.alpha + tx));
}

export function mbgNbdCustomerLogLikelihood(p: MbgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const a1 = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
  const a2 = logGamma(a + b) + logGamma(b + x + 1) - logGamma(b) - logGamma(a + b + x + 1);
  const a3 = -(r + x) * Math.log(alpha + T);
  return a1 + a2 + a3 + softplus(logDeadOdds(p, x, tx, T));
}

/** log(1 + e^v) without overflow. */
function softplus(v: number): number {
  return v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
}

export function mbgNbdObjective(data: RfmData) {
  const c = compressRows([data.frequency, data.recency, data.age], data.weights);
  const [x, tx, T] = c.columns;
  const w = c.weights;
  let totalWeight = 0;
  let ageSum = 0;
  for (let i = 0; i < w.length; i++) {
    totalWeight += w[i];
    ageSum += w[i] * T[i];
  }
  const logLikelihood = (p: MbgNbdParams): number => {
    const { r, alpha, a, b } = p;
    const constant = -logGamma(r) + r * Math.log(alpha) + logGamma(a + b) - logGamma(b);
    let ll = 0;
    let lastX = NaN;
    let perX = 0;
    for (let i = 0; i < w.length; i++) {
      const xi = x[i];
      if (xi !== lastX) {
        lastX = xi; // rows are sorted by x
        perX = logGamma(r + xi) + logGamma(b + xi + 1) - logGamma(a + b + xi + 1);
      }
      const lT = Math.log(alpha + T[i]);
      const odds = Math.log(a / (b + xi)) + (r + xi) * (lT - Math.log(alpha + tx[i]));
      ll += w[i] * (constant + perX - (r + xi) * lT + softplus(odds));
    }
    return ll;
  };
  return { logLikelihood, distinctRows: w.length, totalWeight, meanAge: totalWeight > 0 ? ageSum / totalWeight : 0 };
}

const toParams = (t: ArrayLike<number>): MbgNbdParams => ({ r: t[0], alpha: t[1], a: t[2], b: t[3] });

export function fitMbgNbd(data: RfmData, options: LogParamFitOptions<MbgNbdParams> = {}): MbgNbdFit {
  const n = checkRfm(data);
  if (n === 0) throw new Error('MBG/NBD needs at least one customer, got 0');
  const objective = mbgNbdObjective(data);
  const scale = Math.max(objective.meanAge, 1e-6);
  const starts = options.starts ?? [
    { r: 1, alpha: 1, a: 1, b: 1 },
    { r: 0.5, alpha: scale / 8, a: 1, b: 2.5 },
    { r: 2, alpha: scale, a: 0.5, b: 0.5 },
  ];
  const result = fitLogParams(
    (t) => -objective.logLikelihood(toParams(t)) / objective.totalWeight,
    starts.map((p) => [p.r, p.alpha, p.a, p.b]),
    'MBG/NBD',
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

/** P(alive at T | x, t_x, T) = 1 / (1 + a/(b+x) ((alpha+T)/(alpha+t_x))^(r+x)); below 1 even when x = 0. */
export function mbgNbdProbabilityAlive(p: MbgNbdParams, x: number, tx: number, T: number): number {
  return expit(-logDeadOdds(p, x, tx, T));
}

/** E[purchases in (T, T + t] | x, t_x, T]. */
export function mbgNbdConditionalExpected(p: MbgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t === 0) return 0;
  const { r, alpha, a, b } = p;
  const logHyp = logHyp2f1(r + x, b + x + 1, a + b + x, t / (alpha + T + t));
  const first = (a + b + x) / (a - 1);
  const second = -Math.expm1(logHyp + (r + x) * Math.log((alpha + T) / (alpha + t + T)));
  return first * second * mbgNbdProbabilityAlive(p, x, tx, T);
}

/** E[purchases in (0, t]] for a new customer: b / (a - 1) (1 - 2F1(r, b+1; a+b; t/(alpha+t)) (alpha/(alpha+t))^r). */
export function mbgNbdExpectedUpTo(p: MbgNbdParams, t: number): number {
  if (t === 0) return 0;
  const { r, alpha, a, b } = p;
  const logHyp = logHyp2f1(r, b + 1, a + b, t / (alpha + t));
  return (b / (a - 1)) * -Math.expm1(logHyp + r * Math.log(alpha / (alpha + t)));
}
