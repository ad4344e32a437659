// Cox proportional-hazards regression with Efron's handling of tied event times (as statsmodels PHReg
// ties='efron' and lifelines' CoxPHFitter). Newton-Raphson with step halving on the partial log-likelihood,
// on internally standardised covariates (centred and scaled, so exp(eta) stays in range and the Hessian is
// well conditioned); coefficients, standard errors and the baseline are reported on the original scale.
// One sort by time; each iteration is one pass over the rows, O(n p^2).
import { chiSquareSurvival } from '../clv/special';
import { normalQuantile } from './kaplan-meier';

export interface CoxOptions {
  /** Newton iterations at most. */
  maxIterations?: number;
  /** Converged when a full Newton step changes the log-likelihood by less than this times (1 + |LL|). */
  tolerance?: number;
  /** Time transform of the proportional-hazards test: 'km' (1 - Kaplan-Meier, R cox.zph's default) or 'rank'. */
  phTransform?: 'km' | 'rank';
  confidence?: number;
}

export interface CoxCovariate {
  name: string;
  coef: number;
  se: number;
  hazardRatio: number;
  lower: number;
  upper: number;
  z: number;
  p: number;
  /** Proportional-hazards test on the scaled Schoenfeld residuals against transformed time: chi-square (1 df) and p. */
  phChiSquare: number;
  phP: number;
}

export interface CoxFit {
  names: string[];
  covariates: CoxCovariate[];
  rows: number;
  events: number;
  loglik: number;
  /** Partial log-likelihood with all coefficients 0; likelihood-ratio test against it. */
  nullLoglik: number;
  lrChiSquare: number;
  lrP: number;
  concordance: number;
  iterations: number;
  /** Global proportional-hazards test (p degrees of freedom). */
  phGlobal: { chiSquare: number; df: number; p: number };
  phTransform: 'km' | 'rank';
  /** Covariate means: the baseline below is the hazard of this profile. */
  means: number[];
  /** Breslow cumulative baseline hazard at the mean profile, at each distinct event time (ascending). */
  baseline: { time: number[]; cumulativeHazard: number[] };
  /** The last observed time (event or censored): the horizon of the restricted mean lifetimes. */
  maxTime: number;
  /** Covariance matrix of the coefficients (original scale), row-major p x p. */
  covariance: number[];
}

/** Rows as the fit reads them: x row-major (n x p). Rows must have no NaN (the caller drops or reports them). */
export interface CoxData {
  time: ArrayLike<number>;
  event: ArrayLike<number>;
  x: Float64Array;
  names: string[];
}

// Standardised covariates in time order (descending), with the ends of groups of equal time.
interface Sorted {
  n: number;
  p: number;
  x: Float64Array;
  time: Float64Array;
  event: Uint8Array;
  groupEnd: Int32Array;
  events: number;
}

/**
 * Row indices in ascending time (ties by index). Packs (rank of the time, index) into one float and sorts
 * those natively: a comparator sort of a million indices takes seconds, this a fraction of one.
 */
export function argsortTime(time: ArrayLike<number>): Uint32Array {
  const n = time.length;
  const sorted = Float64Array.from(time).sort();
  const distinct: number[] = [];
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  const order = new Uint32Array(n);
  if (n > 2 ** 32 || distinct.length >= 2 ** 20) {
    for (let i = 0; i < n; i++) order[i] = i;
    return order.sort((a, b) => time[a] - time[b] || a - b);
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = time[i];
    let lo = 0, hi = distinct.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (distinct[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    keys[i] = lo * 2 ** 32 + i;
  }
  keys.sort();
  for (let k = 0; k < n; k++) order[k] = keys[k] % 2 ** 32;
  return order;
}

function sortRows(data: CoxData, mean: Float64Array, scale: Float64Array): Sorted {
  const n = data.time.length;
  const p = data.names.length;
  // Descending time (ties in any fixed order: within a group of equal times the likelihood does not depend on it).
  const ascending = argsortTime(data.time);
  const x = new Float64Array(n * p);
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  let events = 0;
  for (let k = 0; k < n; k++) {
    const i = ascending[n - 1 - k];
    time[k] = data.time[i];
    event[k] = data.event[i] ? 1 : 0;
    events += event[k];
    for (let j = 0; j < p; j++) x[k * p + j] = (data.x[i * p + j] - mean[j]) / scale[j];
  }
  const ends: number[] = [];
  for (let k = 1; k <= n; k++) if (k === n || time[k] !== time[k - 1]) ends.push(k);
  return { n, p, x, time, event, groupEnd: Int32Array.from(ends), events };
}

interface Pass {
  ll: number;
  grad: Float64Array;
  /** Information (negative Hessian), packed lower triangle, row-major. */
  info: Float64Array;
}

const tri = (i: number, j: number) => (i * (i + 1)) / 2 + j;

/** Efron partial log-likelihood, score and information at beta (standardised scale). */
function efronPass(s: Sorted, beta: Float64Array, withInfo = true): Pass {
  const { n, p, x, event, groupEnd } = s;
  const q = (p * (p + 1)) / 2;
  const eta = new Float64Array(n);
  let etaMax = -Infinity;
  for (let k = 0; k < n; k++) {
    let e = 0;
    for (let j = 0; j < p; j++) e += x[k * p + j] * beta[j];
    eta[k] = e;
    if (e > etaMax) etaMax = e;
  }
  // A shift of eta cancels in the likelihood (as many log-denominator terms as events); it keeps exp in range.
  const S1 = new Float64Array(p), S2 = new Float64Array(q), D1 = new Float64Array(p), D2 = new Float64Array(q);
  const grad = new Float64Array(p), info = new Float64Array(q);
  const m1 = new Float64Array(p);
  let S0 = 0, ll = 0, start = 0;
  for (let g = 0; g < groupEnd.length; g++) {
    const end = groupEnd[g];
    let D0 = 0, d = 0;
    D1.fill(0);
    if (withInfo) D2.fill(0);
    for (let k = start; k < end; k++) {
      const w = Math.exp(eta[k] - etaMax);
      const row = k * p;
      const ev = event[k] === 1;
      S0 += w;
      for (let i = 0; i < p; i++) S1[i] += w * x[row + i];
      // The O(p^2) part of each row: the weighted outer product, packed lower triangle (a running index).
      if (withInfo) {
        for (let i = 0, o = 0; i < p; i++) {
          const wx = w * x[row + i];
          for (let j = 0; j <= i; j++, o++) S2[o] += wx * x[row + j];
        }
      }
      if (ev) {
        d++;
        D0 += w;
        ll += eta[k] - etaMax;
        for (let i = 0; i < p; i++) {
          D1[i] += w * x[row + i];
          grad[i] += x[row + i];
        }
        if (withInfo) {
          for (let i = 0, o = 0; i < p; i++) {
            const wx = w * x[row + i];
            for (let j = 0; j <= i; j++, o++) D2[o] += wx * x[row + j];
          }
        }
      }
    }
    for (let l = 0; l < d; l++) {
      const f = l / d;
      const s0 = S0 - f * D0;
      ll -= Math.log(s0);
      for (let i = 0; i < p; i++) {
        m1[i] = (S1[i] - f * D1[i]) / s0;
        grad[i] -= m1[i];
      }
      if (withInfo) {
        for (let i = 0; i < p; i++) {
          for (let j = 0, o = tri(i, 0); j <= i; j++) info[o + j] += (S2[o + j] - f * D2[o + j]) / s0 - m1[i] * m1[j];
        }
      }
    }
    start = end;
  }
  return { ll, grad, info };
}

/** Cholesky of a packed lower-triangular symmetric matrix; returns the index of the failing pivot or -1. */
function cholesky(a: Float64Array, p: number): { l: Float64Array; fail: number } {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[tri(i, j)];
      for (let k = 0; k < j; k++) sum -= l[i * p + k] * l[j * p + k];
      if (i === j) {
        // Relative pivot check: a covariate that is (nearly) a combination of earlier ones.
        if (!(sum > 1e-10 * Math.max(1e-300, a[tri(i, i)]))) return { l, fail: i };
        l[i * p + i] = Math.sqrt(sum);
      } else l[i * p + j] = sum / l[j * p + j];
    }
  }
  return { l, fail: -1 };
}

function choleskySolve(l: Float64Array, p: number, b: Float64Array): Float64Array {
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * p + k] * y[k];
    y[i] = s / l[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < p; k++) s -= l[k * p + i] * y[k];
    y[i] = s / l[i * p + i];
  }
  return y;
}

function inverse(l: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  const e = new Float64Array(p);
  for (let c = 0; c < p; c++) {
    e.fill(0);
    e[c] = 1;
    const col = choleskySolve(l, p, e);
    for (let r = 0; r < p; r++) inv[r * p + c] = col[r];
  }
  return inv;
}

/** Two-sided normal p-value. */
export function normalP(z: number): number {
  return chiSquareSurvival(z * z, 1);
}

function checkData(data: CoxData): void {
  const n = data.time.length;
  const p = data.names.length;
  if (data.event.length !== n) throw new Error(`time and event must have equal lengths, got ${n} and ${data.event.length}`);
  if (data.x.length !== n * p) throw new Error(`covariates must be ${n} x ${p} values, got ${data.x.length}`);
  if (p === 0) throw new Error('Choose at least one covariate.');
  for (let i = 0; i < n; i++) {
    if (!(data.time[i] >= 0) || !Number.isFinite(data.time[i])) throw new Error(`times must be finite and >= 0, got ${data.time[i]} at row ${i + 1}`);
    if (data.event[i] !== 0 && data.event[i] !== 1) throw new Error(`events must be 0 or 1, got ${data.event[i]} at row ${i + 1}`);
  }
}

/** Fits the model. Throws, in words, on no events, a constant covariate, collinear covariates and perfect separation. */
export function fitCox(data: CoxData, options: CoxOptions = {}): CoxFit {
  checkData(data);
  const n = data.time.length;
  const p = data.names.length;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-10;
  let events = 0;
  for (let i = 0; i < n; i++) events += data.event[i];
  if (events === 0) throw new Error(`No events among the ${n} rows: a Cox model needs some rows where the event happened.`);
  if (n < p + 2) throw new Error(`Too few rows (${n}) for ${p} covariates.`);
  const mean = new Float64Array(p), scale = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += data.x[i * p + j];
    m /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (data.x[i * p + j] - m) ** 2;
    const sd = Math.sqrt(v / n);
    if (!(sd > 1e-12 * Math.max(1, Math.abs(m)))) throw new Error(`Covariate "${data.names[j]}" has the same value in every row: it cannot explain anything. Leave it out.`);
    mean[j] = m;
    scale[j] = sd;
  }
  const s = sortRows(data, mean, scale);
  let beta = new Float64Array(p);
  let cur = efronPass(s, beta);
  const nullLoglik = cur.ll;
  let iterations = 0;
  let converged = false;
  let chol = cholesky(cur.info, p);
  for (; iterations < maxIterations && !converged; iterations++) {
    if (chol.fail >= 0) throw new Error(`Covariate "${data.names[chol.fail]}" is a combination of the others (collinear): leave it or one of them out.`);
    const step = choleskySolve(chol.l, p, cur.grad);
    let t = 1;
    let next: Pass | null = null;
    let candidate = beta;
    for (let half = 0; half < 40; half++) {
      candidate = beta.map((b, j) => b + t * step[j]);
      next = efronPass(s, candidate);
      if (Number.isFinite(next.ll) && next.ll >= cur.ll - 1e-12 * (1 + Math.abs(cur.ll))) break;
      t /= 2;
      next = null;
    }
    if (!next) break;
    const change = Math.abs(next.ll - cur.ll);
    beta = candidate;
    cur = next;
    chol = cholesky(cur.info, p);
    if (change <= tolerance * (1 + Math.abs(cur.ll)) && t === 1) converged = true;
  }
  // Monotone likelihood: the coefficient runs off to infinity (no finite maximum). Per standard deviation of
  // the covariate a hazard ratio of e^10 is not an estimate.
  let worst = 0;
  for (let j = 1; j < p; j++) if (Math.abs(beta[j]) > Math.abs(beta[worst])) worst = j;
  if (Math.abs(beta[worst]) > 10 || chol.fail >= 0 || !converged) {
    throw new Error(
      `Covariate "${data.names[worst]}" separates the events (nearly) perfectly: its coefficient diverges (${beta[worst] > 0 ? 'every' : 'no'} event happens where it is high), so no finite hazard ratio fits. Leave it out or merge its levels.`,
    );
  }
  const covStd = inverse(chol.l, p);
  const covariance = new Array<number>(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) covariance[i * p + j] = covStd[i * p + j] / (scale[i] * scale[j]);
  const z95 = normalQuantile(1 - (1 - (options.confidence ?? 0.95)) / 2);
  const eta = linearPredictorSorted(s, beta);
  const ph = phTest(s, beta, covStd, options.phTransform ?? 'km');
  const covariates: CoxCovariate[] = data.names.map((name, j) => {
    const coef = beta[j] / scale[j];
    const se = Math.sqrt(covariance[j * p + j]);
    const z = coef / se;
    return {
      name,
      coef,
      se,
      hazardRatio: Math.exp(coef),
      lower: Math.exp(coef - z95 * se),
      upper: Math.exp(coef + z95 * se),
      z,
      p: normalP(z),
      phChiSquare: ph.perCovariate[j],
      phP: chiSquareSurvival(ph.perCovariate[j], 1),
    };
  });
  const lrChiSquare = 2 * (cur.ll - nullLoglik);
  return {
    names: data.names.slice(),
    covariates,
    rows: n,
    events,
    loglik: cur.ll,
    nullLoglik,
    lrChiSquare,
    lrP: chiSquareSurvival(Math.max(0, lrChiSquare), p),
    concordance: concordanceIndex(s.time, s.event, eta),
    iterations,
    phGlobal: { chiSquare: ph.global, df: p, p: chiSquareSurvival(ph.global, p) },
    phTransform: options.phTransform ?? 'km',
    means: Array.from(mean),
    baseline: breslow(s, eta),
    maxTime: s.time[0],
    covariance,
  };
}

function linearPredictorSorted(s: Sorted, beta: Float64Array): Float64Array {
  const { n, p, x } = s;
  const eta = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let e = 0;
    for (let j = 0; j < p; j++) e += x[k * p + j] * beta[j];
    eta[k] = e;
  }
  return eta;
}

/** Breslow baseline cumulative hazard at the mean profile (eta is centred), ascending event times. */
function breslow(s: Sorted, eta: Float64Array): { time: number[]; cumulativeHazard: number[] } {
  const jumps: { t: number; h: number }[] = [];
  let S0 = 0, start = 0;
  for (let g = 0; g < s.groupEnd.length; g++) {
    const end = s.groupEnd[g];
    let d = 0;
    for (let k = start; k < end; k++) {
      S0 += Math.exp(eta[k]);
      d += s.event[k];
    }
    if (d > 0) jumps.push({ t: s.time[start], h: d / S0 });
    start = end;
  }
  jumps.reverse();
  const time: number[] = [], cumulativeHazard: number[] = [];
  let H = 0;
  for (const j of jumps) {
    H += j.h;
    time.push(j.t);
    cumulativeHazard.push(H);
  }
  return { time, cumulativeHazard };
}

/**
 * Grambsch-Therneau test of proportional hazards, as lifelines' proportional_hazard_test and R cox.zph
 * before survival 3.0: per event, the Schoenfeld residual x_i - xbar(t) (Efron-weighted mean of the risk
 * set), scaled by d * Var(beta); statistic (sum g~ r*)^2 / (d Var(beta_j) sum g~^2) with g~ the centred
 * transformed event time; global: (g~'R*) V^-1 (g~'R*)' / (d sum g~^2). Scale-invariant, so computed on the
 * standardised covariates.
 */
function phTest(s: Sorted, beta: Float64Array, cov: Float64Array, transform: 'km' | 'rank'): { perCovariate: number[]; global: number } {
  const { p, x, event, groupEnd, time } = s;
  const eta = linearPredictorSorted(s, beta);
  const resid: number[] = [];
  const etimes: number[] = [];
  const S1 = new Float64Array(p), D1 = new Float64Array(p), mbar = new Float64Array(p);
  let S0 = 0, start = 0;
  for (let g = 0; g < groupEnd.length; g++) {
    const end = groupEnd[g];
    let D0 = 0, d = 0;
    D1.fill(0);
    for (let k = start; k < end; k++) {
      const w = Math.exp(eta[k]);
      S0 += w;
      for (let j = 0; j < p; j++) S1[j] += w * x[k * p + j];
      if (event[k]) {
        d++;
        D0 += w;
        for (let j = 0; j < p; j++) D1[j] += w * x[k * p + j];
      }
    }
    if (d > 0) {
      mbar.fill(0);
      for (let l = 0; l < d; l++) {
        const f = l / d, s0 = S0 - f * D0;
        for (let j = 0; j < p; j++) mbar[j] += (S1[j] - f * D1[j]) / s0 / d;
      }
      for (let k = start; k < end; k++) {
        if (!event[k]) continue;
        for (let j = 0; j < p; j++) resid.push(x[k * p + j] - mbar[j]);
        etimes.push(time[k]);
      }
    }
    start = end;
  }
  const d = etimes.length;
  // Event times arrive descending; transform them.
  const g = new Float64Array(d);
  if (transform === 'rank') {
    // Average ranks (1 = earliest) among event times, as pandas' rank().
    let i = 0;
    while (i < d) {
      let j = i;
      while (j + 1 < d && etimes[j + 1] === etimes[i]) j++;
      const rankFromEnd = d - j + (j - i) / 2; // positions d-j..d-i (1-based ascending), averaged
      for (let k = i; k <= j; k++) g[k] = rankFromEnd;
      i = j + 1;
    }
  } else {
    // 1 - Kaplan-Meier at each event time (the survival just after the time, as lifelines' 'km').
    const surv = new Map<number, number>();
    const ascending: { t: number; deaths: number; atRisk: number }[] = [];
    let atRisk = 0;
    start = 0;
    for (let gi = 0; gi < groupEnd.length; gi++) {
      const end = groupEnd[gi];
      let deaths = 0;
      for (let k = start; k < end; k++) deaths += event[k];
      atRisk += end - start;
      ascending.push({ t: time[start], deaths, atRisk });
      start = end;
    }
    ascending.reverse();
    let S = 1;
    for (const a of ascending) {
      if (a.deaths) S *= 1 - a.deaths / a.atRisk;
      surv.set(a.t, S);
    }
    for (let k = 0; k < d; k++) g[k] = 1 - surv.get(etimes[k])!;
  }
  let gm = 0;
  for (let k = 0; k < d; k++) gm += g[k];
  gm /= d;
  let gg = 0;
  const u = new Float64Array(p); // sum g~ * (unscaled residual)
  for (let k = 0; k < d; k++) {
    const c = g[k] - gm;
    gg += c * c;
    for (let j = 0; j < p; j++) u[j] += c * resid[k * p + j];
  }
  // Scaled: test = d * V u.
  const test = new Float64Array(p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) test[i] += d * cov[i * p + j] * u[j];
  const perCovariate = Array.from({ length: p }, (_, j) => (gg > 0 ? (test[j] * test[j]) / (d * cov[j * p + j] * gg) : 0));
  // test' V^-1 test = d^2 u' V u.
  let global = 0;
  for (let j = 0; j < p; j++) global += test[j] * u[j];
  global = gg > 0 ? (global * d) / (d * gg) : 0;
  return { perCovariate, global };
}

/**
 * Harrell's concordance of a risk score (higher = earlier event): a pair is comparable when one time is
 * strictly earlier and is an event (pairs with equal times do not count, whether events or censored); tied
 * scores count one half. This is the count behind the reference value 0.8227 on telco (section 6 of the
 * reference README); also counting an event and a censoring at the same time gives 0.8178 there.
 * O(n log n) with a Fenwick tree over the ranks of the scores of events seen so far.
 */
export function concordanceIndex(time: ArrayLike<number>, event: ArrayLike<number>, risk: ArrayLike<number>): number {
  const n = time.length;
  const order = argsortTime(time);
  const sortedRisk = Float64Array.from(risk).sort();
  const distinct: number[] = [];
  for (let i = 0; i < n; i++) if (i === 0 || sortedRisk[i] !== sortedRisk[i - 1]) distinct.push(sortedRisk[i]);
  const rankOf = (v: number) => {
    let lo = 0, hi = distinct.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (distinct[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  const m = distinct.length;
  const tree = new Float64Array(m + 1);
  const add = (r: number) => {
    for (; r <= m; r += r & -r) tree[r]++;
  };
  const countUpTo = (r: number) => {
    let c = 0;
    for (; r > 0; r -= r & -r) c += tree[r];
    return c;
  };
  let inserted = 0, concordant = 0, tied = 0, pairs = 0;
  // Against each subject j, the earlier events i: concordant when risk_i > risk_j.
  const score = (j: number) => {
    const r = rankOf(risk[j]);
    const below = countUpTo(r - 1), atOrBelow = countUpTo(r);
    concordant += inserted - atOrBelow;
    tied += atOrBelow - below;
    pairs += inserted;
  };
  let a = 0;
  while (a < n) {
    let b = a;
    while (b < n && time[order[b]] === time[order[a]]) b++;
    for (let k = a; k < b; k++) score(order[k]);
    for (let k = a; k < b; k++) if (event[order[k]]) {
      add(rankOf(risk[order[k]]));
      inserted++;
    }
    a = b;
  }
  if (pairs === 0) throw new Error('No comparable pairs: concordance needs an event before some later time.');
  return (concordant + tied / 2) / pairs;
}

/** The linear predictor (x - means) . coef of one profile (x in the fit's covariate order). */
export function centredRisk(fit: CoxFit, x: ArrayLike<number>): number {
  let e = 0;
  for (let j = 0; j < fit.covariates.length; j++) e += (x[j] - fit.means[j]) * fit.covariates[j].coef;
  return e;
}

/** Adjusted survival S(t | x) = exp(-H0(t) exp(eta)) at 0 and each baseline time. */
export function profileSurvival(fit: CoxFit, x: ArrayLike<number>): { time: number[]; survival: number[] } {
  const r = Math.exp(centredRisk(fit, x));
  const time = [0, ...fit.baseline.time];
  const survival = [1, ...fit.baseline.cumulativeHazard.map((h) => Math.exp(-h * r))];
  return { time, survival };
}

/**
 * The baseline hazard per unit of time assumed past the last observed time, for extrapolated lifetimes: the
 * mean hazard over the last fifth of the observed span (the most recent evidence on long-tenure customers),
 * over the whole span when that stretch holds no event; null without any event. Constant hazard = an
 * exponential tail: an assumption, which the page and the CSV name.
 */
export function tailHazard(fit: Pick<CoxFit, 'baseline' | 'maxTime'>): { hazard: number; from: number; to: number } | null {
  const { time, cumulativeHazard } = fit.baseline;
  const tau = fit.maxTime;
  if (!time.length || !(tau > 0)) return null;
  const at = (t: number) => {
    let h = 0;
    for (let k = 0; k < time.length && time[k] <= t; k++) h = cumulativeHazard[k];
    return h;
  };
  const end = cumulativeHazard[cumulativeHazard.length - 1];
  for (const from of [0.8 * tau, 0]) {
    const hazard = (end - at(from)) / (tau - from);
    if (hazard > 0) return { hazard, from, to: tau };
  }
  return null;
}

/**
 * Expected remaining lifetime of a subject still at risk at `tenure`: the restricted mean of the conditional
 * survival S(u | x) / S(tenure | x) from tenure to the last observed time tau (the baseline is unknown beyond it);
 * with `tail` (a baseline hazard per unit of time, see tailHazard) plus the mean of an exponential tail past tau,
 * S(tau | x) / S(tenure | x) / (tail exp(eta)). Without a tail, 0 at or past tau. `eta` = centredRisk.
 * `grid`: a subset of the baseline's steps to integrate on past the first one after `tenure` (many distinct
 * event times); the conditioning value S(tenure) and the stretch up to that first grid step stay exact.
 */
export function remainingLifetime(fit: CoxFit, eta: number, tenure: number, grid: CoxFit['baseline'] = fit.baseline, tail = 0): number {
  const { time, cumulativeHazard } = fit.baseline;
  const tau = fit.maxTime;
  const beyond = tail > 0 ? tailLifetime(fit, eta, tenure, tail) : 0;
  if (!(tenure < tau)) return beyond;
  const r = Math.exp(eta);
  const k0 = lastJumpAtOrBefore(time, tenure);
  const H0 = k0 >= 0 ? cumulativeHazard[k0] : 0;
  let area = 0, from = tenure, surv = 1;
  const step = (t: number, h: number) => {
    area += (t - from) * surv;
    from = t;
    surv = Math.exp(-(h - H0) * r);
  };
  // The first grid step after tenure.
  const g0 = lastJumpAtOrBefore(grid.time, tenure) + 1;
  const until = Math.min(g0 < grid.time.length ? grid.time[g0] : tau, tau);
  for (let k = k0 + 1; k < time.length && time[k] < until; k++) step(time[k], cumulativeHazard[k]);
  for (let k = g0; k < grid.time.length && grid.time[k] < tau; k++) step(grid.time[k], grid.cumulativeHazard[k]);
  area += (tau - from) * surv;
  return area + beyond;
}

function lastJumpAtOrBefore(time: ArrayLike<number>, t: number): number {
  let lo = 0, hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (time[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The exponential tail's part of remainingLifetime alone: S(tau | x) / S(tenure | x) / (tail exp(eta)). */
export function tailLifetime(fit: Pick<CoxFit, 'baseline'>, eta: number, tenure: number, tail: number): number {
  const { time, cumulativeHazard } = fit.baseline;
  const r = Math.exp(eta);
  const k0 = lastJumpAtOrBefore(time, tenure);
  const H0 = k0 >= 0 ? cumulativeHazard[k0] : 0;
  return Math.exp(-((cumulativeHazard[cumulativeHazard.length - 1] ?? 0) - H0) * r) / (tail * r);
}
