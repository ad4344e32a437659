// The whole CLV analysis the app shows: a purchase model (BG/NBD, Pareto/NBD or MBG/NBD, or the best of them)
// + Gamma-Gamma fits, per-customer predictions and chart data, from a customer summary. Plain data out, so a
// worker can return it as is.
import type { ProgressFn } from '../../progress';
import { fitBgnbd, type BgnbdFit } from './bgnbd';
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
import {
  compareModels,
  conditionalExpectations,
  fitPurchaseModel,
  fromBgnbdFit,
  holdoutTracking,
  perDistinctRow,
  purchaseFunctions,
  PURCHASE_MODEL_LABELS,
  type ConditionalExpectationGroup,
  type HoldoutTracking,
  type ModelChoice,
  type PurchaseModelChoice,
  type PurchaseModelFit,
} from './purchase-models';
import type { CustomerSummary, TimeUnit } from './summary';

export interface ClvAnalysisOptions {
  /** L2 penalty for both fits (lifetimes' penalizer_coef). */
  penalizer?: number;
  /** CLV horizon in months; also the horizon of per-customer expected purchases. */
  months?: number;
  monthlyDiscountRate?: number;
  histogramBins?: number;
  /** The purchase model behind P(alive), expected purchases and CLV; 'auto' = the best of the three (default bgnbd). */
  model?: PurchaseModelChoice;
  /** Fit all three models for the choice table and charts even when one is named (default: when 'auto'). */
  compare?: boolean;
  onProgress?: ProgressFn;
}

export interface ClvAnalysis {
  unit: TimeUnit;
  customers: number;
  /** BG/NBD is always fitted (the churn views and the model card read it). */
  bgnbd: BgnbdFit;
  /** The model the per-customer predictions, grids and CLV come from. */
  purchaseModel: PurchaseModelFit;
  /** Log-likelihood, BIC and holdout errors of all three models, with the best; null when not compared. */
  modelChoice: ModelChoice | null;
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
    /** Repeat purchases per period, actual vs each fitted model; null without transactions (a summary file). */
    holdoutTracking: HoldoutTracking | null;
    /** Mean holdout purchases by calibration frequency, actual vs each fitted model; null without a holdout. */
    conditionalExpectations: ConditionalExpectationGroup[] | null;
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
  const requested = options.model ?? 'bgnbd';
  let modelChoice: ModelChoice | null = null;
  let fits: PurchaseModelFit[] = [fromBgnbdFit(bgnbd)];
  if (requested === 'auto' || (options.compare ?? false)) {
    const compared = compareModels(data, summary.holdout, options.penalizer, report, fits);
    modelChoice = compared.choice;
    fits = compared.fits;
  } else if (requested !== 'bgnbd') {
    report({ stage: `Fitting ${PURCHASE_MODEL_LABELS[requested]}`, done: 0, total: 3 });
    fits.push(fitPurchaseModel(requested, data));
  }
  const chosenName = requested === 'auto' ? modelChoice!.model : requested;
  const purchaseModel = fits.find((f) => f.model === chosenName)!;
  const model = purchaseFunctions(purchaseModel);
  if (!purchaseModel.converged && chosenName !== 'bgnbd') warnings.push(`${PURCHASE_MODEL_LABELS[chosenName]} fit stopped before converging.`);

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
  const pAlive = perDistinctRow(data, model.pAlive);
  const periods = clvOptions.months * periodsPerMonth(summary.unit);
  let expectedPurchases: Float64Array;
  let expectedSpend: Float64Array | null = null;
  let clv: Float64Array | null = null;
  if (gammaGamma && gammaGamma.params.q > 1 && summary.spend) {
    const r = customerLifetimeValue(model.conditionalExpected, gammaGamma.params, { ...data, spend: summary.spend }, summary.unit, clvOptions);
    expectedPurchases = r.expectedPurchases;
    expectedSpend = r.expectedSpend;
    clv = r.clv;
  } else {
    expectedPurchases = perDistinctRow(data, (x, tx, T) => model.conditionalExpected(periods, x, tx, T));
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
    purchaseModel,
    modelChoice,
    gammaGamma,
    horizon: { months: clvOptions.months, periods, monthlyDiscountRate: clvOptions.monthlyDiscountRate },
    perCustomer: { pAlive, expectedPurchases, expectedSpend, clv },
    totals: { expectedPurchases: sum(expectedPurchases), clv: totalClv, meanClv: totalClv === null ? null : totalClv / n },
    charts: {
      probabilityAlive: probabilityAliveGrid(model, grid),
      expectedPurchases: expectedPurchasesGrid(model, 1, grid),
      clvHistogram: clv ? histogram(clv, options.histogramBins ?? 30) : null,
      calibrationVsHoldout: summary.holdout ? calibrationVsHoldout(model, data, summary.holdout) : null,
      holdoutTracking: holdoutTracking(summary, fits),
      conditionalExpectations: summary.holdout ? conditionalExpectations(data, summary.holdout, fits) : null,
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
