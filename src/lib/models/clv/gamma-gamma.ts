// Gamma-Gamma spend model (Fader & Hardie 2013; lifetimes' GammaGammaFitter): fitted on customers with
// at least one repeat purchase and a positive mean repeat spend, by maximum likelihood on log(p, q, v).
import { compressRows, distinctIndex } from './compress';
import { minimizeMultiStart, type BfgsOptions } from './optimiser';
import { digamma, logGamma } from './special';

export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

export interface GammaGammaOptions {
  penalizer?: number;
  starts?: GammaGammaParams[];
  bfgs?: BfgsOptions;
  /** |Pearson r| between frequency and spend above which the fit carries a warning. */
  correlationWarning?: number;
}

export interface GammaGammaFit {
  params: GammaGammaParams;
  logLikelihood: number;
  /** Customers used: frequency > 0 and spend > 0. */
  customers: number;
  /** Customers with frequency > 0 left out because their mean repeat spend is <= 0 (returns). */
  excludedNonPositiveSpend: number;
  correlation: number;
  /** Set when frequency and spend are correlated, which the model assumes they are not. */
  warning: string | null;
  iterations: number;
  converged: boolean;
}

export const DEFAULT_CORRELATION_WARNING = 0.3;

/**
 * Pearson correlation of frequency and spend over customers with frequency > 0 and spend > 0.
 * Gamma-Gamma assumes spend per transaction is independent of how often a customer buys; lifetimes'
 * docs suggest checking this correlation is close to 0 (we warn above 0.3 in absolute value).
 */
export function frequencySpendCorrelation(frequency: Float64Array, spend: Float64Array): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < frequency.length; i++) {
    if (frequency[i] > 0 && spend[i] > 0) {
      n++;
      sx += frequency[i];
      sy += spend[i];
    }
  }
  if (n < 2) return NaN;
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < frequency.length; i++) {
    if (frequency[i] > 0 && spend[i] > 0) {
      const dx = frequency[i] - mx;
      const dy = spend[i] - my;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

export function gammaGammaObjective(frequency: Float64Array, spend: Float64Array, penalizer = 0) {
  if (frequency.length !== spend.length) {
    throw new Error(`frequency and spend must have equal lengths, got ${frequency.length} and ${spend.length}`);
  }
  const compressed = compressRows([frequency, spend], undefined, (i) => frequency[i] > 0 && spend[i] > 0);
  const [x, m] = compressed.columns;
  const w = compressed.weights;
  const rows = w.length;
  let totalWeight = 0;
  for (let i = 0; i < rows; i++) totalWeight += w[i];
  const xs = distinctIndex(x);
  const nx = xs.values.length;
  const perX = new Float64Array(nx);
  const perXdp = new Float64Array(nx);
  const perXdq = new Float64Array(nx);
  // Constant in the parameters, but kept so the likelihood matches lifetimes' (and is a true density).
  const logX = new Float64Array(rows);
  const logM = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    logX[i] = Math.log(x[i]);
    logM[i] = Math.log(m[i]);
  }

  const evaluate = (prm: GammaGammaParams, withGradient: boolean) => {
    const { p, q, v } = prm;
    const lgQ = logGamma(q);
    const psiQ = withGradient ? digamma(q) : 0;
    for (let k = 0; k < nx; k++) {
      const px = p * xs.values[k];
      perX[k] = logGamma(px + q) - logGamma(px) - lgQ;
      if (withGradient) {
        const psiPXQ = digamma(px + q);
        perXdp[k] = xs.values[k] * (psiPXQ - digamma(px));
        perXdq[k] = psiPXQ - psiQ;
      }
    }
    const logV = Math.log(v);
    let ll = 0;
    let gp = 0;
    let gq = 0;
    let gv = 0;
    for (let i = 0; i < rows; i++) {
      const xi = xs.index[i];
      const px = p * x[i];
      const denom = x[i] * m[i] + v;
      const logDenom = Math.log(denom);
      const row = perX[xi] + q * logV + (px - 1) * logM[i] + px * logX[i] - (px + q) * logDenom;
      ll += w[i] * row;
      if (withGradient) {
        gp += w[i] * (perXdp[xi] + x[i] * (logM[i] + logX[i] - logDenom));
        gq += w[i] * (perXdq[xi] + logV - logDenom);
        gv += w[i] * (q / v - (px + q) / denom);
      }
    }
    return [ll, gp, gq, gv];
  };

  const valueAndGradient = (logParams: Float64Array, grad: Float64Array): number => {
    const theta = [Math.exp(logParams[0]), Math.exp(logParams[1]), Math.exp(logParams[2])];
    if (!theta.every((t) => t > 0 && Number.isFinite(t))) return NaN;
    const [ll, ...g] = evaluate({ p: theta[0], q: theta[1], v: theta[2] }, true);
    let penalty = 0;
    for (let j = 0; j < 3; j++) {
      penalty += theta[j] * theta[j];
      grad[j] = (-g[j] / totalWeight) * theta[j] + 2 * penalizer * theta[j] * theta[j];
    }
    return -ll / totalWeight + penalizer * penalty;
  };
  const logLikelihood = (prm: GammaGammaParams) => evaluate(prm, false)[0];
  return { valueAndGradient, logLikelihood, totalWeight, meanSpend: mean(m, w) };
}

function mean(v: Float64Array, w: Float64Array): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < v.length; i++) {
    s += v[i] * w[i];
    sw += w[i];
  }
  return sw > 0 ? s / sw : 0;
}

export function fitGammaGamma(frequency: Float64Array, spend: Float64Array, options: GammaGammaOptions = {}): GammaGammaFit {
  const penalizer = options.penalizer ?? 0;
  if (!(penalizer >= 0)) throw new Error(`Gamma-Gamma penalizer must be >= 0, got ${penalizer}`);
  const threshold = options.correlationWarning ?? DEFAULT_CORRELATION_WARNING;
  if (!(threshold >= 0 && threshold <= 1)) throw new Error(`correlationWarning must be in [0, 1], got ${threshold}`);
  const objective = gammaGammaObjective(frequency, spend, penalizer);
  const customers = objective.totalWeight;
  if (customers < 2) {
    throw new Error(`Gamma-Gamma needs at least 2 customers with repeat purchases and positive spend, got ${customers}`);
  }
  let excluded = 0;
  for (let i = 0; i < frequency.length; i++) if (frequency[i] > 0 && !(spend[i] > 0)) excluded++;
  const ms = objective.meanSpend;
  const starts = options.starts ?? [
    { p: 1, q: 1, v: 1 },
    { p: 2, q: 3, v: ms },
    { p: 10, q: 5, v: ms * 2 },
  ];
  const result = minimizeMultiStart(
    (x, g) => objective.valueAndGradient(x, g),
    starts.map((s) => {
      for (const [k, val] of Object.entries(s)) if (!(val > 0)) throw new Error(`Gamma-Gamma start ${k} must be > 0, got ${val}`);
      return [Math.log(s.p), Math.log(s.q), Math.log(s.v)];
    }),
    options.bfgs,
  );
  const params = { p: Math.exp(result.x[0]), q: Math.exp(result.x[1]), v: Math.exp(result.x[2]) };
  const correlation = frequencySpendCorrelation(frequency, spend);
  const warning =
    Math.abs(correlation) > threshold
      ? `Frequency and spend are correlated (Pearson r = ${correlation.toFixed(2)}); Gamma-Gamma assumes they are independent, so spend predictions may be biased.`
      : null;
  return {
    params,
    logLikelihood: objective.logLikelihood(params),
    customers,
    excludedNonPositiveSpend: excluded,
    correlation,
    warning,
    iterations: result.iterations,
    converged: result.converged,
  };
}

/**
 * E[spend per transaction | x, zbar]: a frequency-weighted blend of the customer's own mean and the
 * population mean v p / (q - 1) (the population mean alone when x = 0). Needs q > 1.
 */
export function conditionalExpectedAverageProfit(prm: GammaGammaParams, frequency: number, spend: number): number {
  const { p, q, v } = prm;
  if (!(q > 1)) throw new Error(`expected spend needs Gamma-Gamma q > 1, got ${q}`);
  const individual = (p * frequency) / (p * frequency + q - 1);
  const population = (v * p) / (q - 1);
  return (1 - individual) * population + individual * (frequency > 0 ? spend : 0);
}
