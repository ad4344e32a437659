// The whole CLV analysis the app shows: BG/NBD + Gamma-Gamma fits, per-customer predictions and chart
// data, from a customer summary. Plain data out, so a worker can return it as is.
import type { ProgressFn } from '../../progress';
import { bgnbdConditionalExpected, bgnbdProbabilityAlive, fitBgnbd, type BgnbdFit } from './bgnbd';
import {
  calibrationVsHoldout,
  expectedPurchasesGrid,
  histogram,
  probabilityAliveGrid,
  type CalibrationHoldoutGroup,
  type FrequencyRecencyGrid,
  type Histogram,
} from './charts';
import { checkClvOptions, customerLifetimeValue, periodsPerMonth } from './clv';
import { fitGammaGamma, type GammaGammaFit } from './gamma-gamma';
import type { CustomerSummary, TimeUnit } from './summary';

export interface ClvAnalysisOptions {
  /** L2 penalty for both fits (lifetimes' penalizer_coef). */
  penalizer?: number;
  /** CLV horizon in months; also the horizon of per-customer expected purchases. */
  months?: number;
  monthlyDiscountRate?: number;
  histogramBins?: number;
  onProgress?: ProgressFn;
}

export interface ClvAnalysis {
  unit: TimeUnit;
  customers: number;
  bgnbd: BgnbdFit;
  /** Null when there is no spend column or too few repeat customers with positive spend. */
  gammaGamma: GammaGammaFit | null;
  horizon: { months: number; periods: number; monthlyDiscountRate: number };
  perCustomer: {
    pAlive: Float64Array;
    /** Expected purchases over the horizon. */
    expectedPurchases: Float64Array;
    expectedSpend: Float64Array | null;
    clv: Float64Array | null;
  };
  totals: { expectedPurchases: number; clv: number | null; meanClv: number | null };
  charts: {
    probabilityAlive: FrequencyRecencyGrid;
    /** Expected purchases in the next one period (unit) over the grid. */
    expectedPurchases: FrequencyRecencyGrid;
    clvHistogram: Histogram | null;
    calibrationVsHoldout: CalibrationHoldoutGroup[] | null;
  };
  warnings: string[];
}

/**
 * BG/NBD learns purchase rates and dropout from customers who bought again; with (almost) none it
 * "converges" to a meaningless fit (every purchase on one day gave r = alpha = a = b = 1,
 * log-likelihood 0 and P(alive) = 1 for everyone), so the analysis refuses below this many.
 */
export const MIN_REPEAT_CUSTOMERS = 5;

/** Data a purchase model cannot be fitted on: the message says why and what would do. */
export class TooFewRepeatsError extends Error {
  readonly repeaters: number;
  readonly customers: number;
  constructor(repeaters: number, customers: number) {
    super(
      `Too few repeat purchases to fit a purchase model: ${repeaters} of ${customers} customer${customers === 1 ? '' : 's'} ` +
        `bought again on a later day in the calibration period; at least ${MIN_REPEAT_CUSTOMERS} are needed. ` +
        'Use transactions over a longer period (or a later calibration end).',
    );
    this.name = 'TooFewRepeatsError';
    this.repeaters = repeaters;
    this.customers = customers;
  }
}

export function analyseClv(summary: CustomerSummary, options: ClvAnalysisOptions = {}): ClvAnalysis {
  const clvOptions = checkClvOptions({ months: options.months, monthlyDiscountRate: options.monthlyDiscountRate });
  const report = options.onProgress ?? (() => {});
  const warnings: string[] = [];
  const n = summary.frequency.length;
  let repeaters = 0;
  for (let i = 0; i < n; i++) if (summary.frequency[i] > 0) repeaters++;
  if (repeaters < MIN_REPEAT_CUSTOMERS) throw new TooFewRepeatsError(repeaters, n);
  const data = { frequency: summary.frequency, recency: summary.recency, age: summary.age };

  report({ stage: 'Fitting BG/NBD (purchase frequency and dropout)', done: 0, total: 3 });
  const bgnbd = fitBgnbd(data, { penalizer: options.penalizer });
  if (!bgnbd.converged) warnings.push('BG/NBD fit stopped before converging; try a small penalizer (e.g. 0.001).');
  warnings.push(...boundaryWarnings(bgnbd.params, summary, options.months ?? 12));

  report({ stage: 'Fitting Gamma-Gamma (spend per purchase)', done: 1, total: 3, loss: -bgnbd.logLikelihood / n });
  let gammaGamma: GammaGammaFit | null = null;
  if (summary.spend) {
    try {
      gammaGamma = fitGammaGamma(summary.frequency, summary.spend, { penalizer: options.penalizer });
      if (gammaGamma.warning) warnings.push(gammaGamma.warning);
      if (gammaGamma.params.q > 1e4) {
        warnings.push(`Gamma-Gamma finds almost no difference in spend between customers (q = ${gammaGamma.params.q.toPrecision(3)}): every customer's value uses about the average spend.`);
      }
      if (gammaGamma.params.q <= 1) {
        warnings.push(`Gamma-Gamma q = ${gammaGamma.params.q.toFixed(3)} <= 1: the mean spend is undefined, so no CLV.`);
      }
      if (gammaGamma.excludedNonPositiveSpend > 0) {
        warnings.push(`${gammaGamma.excludedNonPositiveSpend} repeat customers with zero or negative mean spend (returns) were left out of the spend model.`);
      }
    } catch (err) {
      warnings.push(`No spend model: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  report({ stage: 'Predicting per customer', done: 2, total: 3 });
  const pAlive = new Float64Array(n);
  for (let i = 0; i < n; i++) pAlive[i] = bgnbdProbabilityAlive(bgnbd.params, summary.frequency[i], summary.recency[i], summary.age[i]);
  const periods = clvOptions.months * periodsPerMonth(summary.unit);
  let expectedPurchases: Float64Array;
  let expectedSpend: Float64Array | null = null;
  let clv: Float64Array | null = null;
  if (gammaGamma && gammaGamma.params.q > 1 && summary.spend) {
    const r = customerLifetimeValue(bgnbd.params, gammaGamma.params, { ...data, spend: summary.spend }, summary.unit, clvOptions);
    expectedPurchases = r.expectedPurchases;
    expectedSpend = r.expectedSpend;
    clv = r.clv;
  } else {
    expectedPurchases = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      expectedPurchases[i] = bgnbdConditionalExpected(bgnbd.params, periods, summary.frequency[i], summary.recency[i], summary.age[i]);
    }
  }

  let maxFrequency = 0;
  let maxAge = 0;
  for (let i = 0; i < n; i++) {
    maxFrequency = Math.max(maxFrequency, summary.frequency[i]);
    maxAge = Math.max(maxAge, summary.age[i]);
  }
  const grid = { maxFrequency, age: Math.max(maxAge, 1e-9) };
  const sum = (v: Float64Array) => v.reduce((a, b) => a + b, 0);
  const totalClv = clv ? sum(clv) : null;
  report({ stage: 'Done', done: 3, total: 3 });
  return {
    unit: summary.unit,
    customers: n,
    bgnbd,
    gammaGamma,
    horizon: { months: clvOptions.months, periods, monthlyDiscountRate: clvOptions.monthlyDiscountRate },
    perCustomer: { pAlive, expectedPurchases, expectedSpend, clv },
    totals: { expectedPurchases: sum(expectedPurchases), clv: totalClv, meanClv: totalClv === null ? null : totalClv / n },
    charts: {
      probabilityAlive: probabilityAliveGrid(bgnbd.params, grid),
      expectedPurchases: expectedPurchasesGrid(bgnbd.params, 1, grid),
      clvHistogram: clv ? histogram(clv, options.histogramBins ?? 30) : null,
      calibrationVsHoldout: summary.holdout ? calibrationVsHoldout(bgnbd.params, data, summary.holdout) : null,
    },
    warnings,
  };
}

/**
 * Fits that run to the edge of the parameter space still "converge"; say what they mean. A dropout chance
 * per purchase a/(a+b) near zero (a history too short or too regular to show anyone leaving) makes
 * P(alive) about 100% for everyone; a projection much longer than the history is a guess.
 */
export function boundaryWarnings(p: { a: number; b: number }, summary: Pick<CustomerSummary, 'age' | 'unit'>, months: number): string[] {
  const out: string[] = [];
  const dropout = p.a / (p.a + p.b);
  if (dropout < 1e-3) {
    out.push(
      `BG/NBD finds almost no sign of customers dropping out in this history (a = ${p.a.toPrecision(3)}, b = ${p.b.toPrecision(3)}: ` +
        `a ${(dropout * 100).toPrecision(2)}% chance of leaving after a purchase), so P(alive) is near 100% for everyone and lifetime value assumes they stay. ` +
        'A longer history shows dropout better; until then read CLV as an upper bound.',
    );
  }
  let history = 0;
  for (let i = 0; i < summary.age.length; i++) if (summary.age[i] > history) history = summary.age[i];
  const horizon = months * periodsPerMonth(summary.unit);
  if (history > 0 && history * 2 < horizon) {
    out.push(`The purchase history covers ${formatPeriods(history, summary.unit)}; projecting ${months} months from it is mostly extrapolation.`);
  }
  return out;
}

function formatPeriods(v: number, unit: CustomerSummary['unit']): string {
  const n = Math.round(v * 10) / 10;
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
