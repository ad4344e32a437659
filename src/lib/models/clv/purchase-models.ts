// The three non-contractual purchase models side by side (BG/NBD, Pareto/NBD, MBG/NBD): one fitted-model
// shape for all, the model-choice table (log-likelihood, BIC, holdout errors) and the chart data that compares
// them with the actual purchases (Fader-Hardie's holdout tracking figure, conditional expectations).
import type { ProgressFn } from '../../progress';
import { bgnbdConditionalExpected, bgnbdExpectedUpTo, bgnbdProbabilityAlive, fitBgnbd, type BgnbdFit, type BgnbdParams, type RfmData } from './bgnbd';
import { compressRows } from './compress';
import { fitMbgNbd, mbgNbdConditionalExpected, mbgNbdExpectedUpTo, mbgNbdProbabilityAlive, type MbgNbdParams } from './mbgnbd';
import { fitParetoNbd, paretoNbdConditionalExpected, paretoNbdExpectedUpTo, paretoNbdProbabilityAlive, type ParetoNbdParams } from './paretonbd';
import { DAYS_PER_UNIT, type CustomerSummary } from './summary';

export type PurchaseModelName = 'bgnbd' | 'paretonbd' | 'mbgnbd';
export const PURCHASE_MODELS: readonly PurchaseModelName[] = ['bgnbd', 'paretonbd', 'mbgnbd'];
export const PURCHASE_MODEL_LABELS: Record<PurchaseModelName, string> = { bgnbd: 'BG/NBD', paretonbd: 'Pareto/NBD', mbgnbd: 'MBG/NBD' };
/** What a request may ask for: one model, or 'auto' = fit all three and take the best (see chooseModel). */
export type PurchaseModelChoice = PurchaseModelName | 'auto';

export function checkPurchaseModel(name: string): PurchaseModelChoice {
  if (name === 'auto' || (PURCHASE_MODELS as readonly string[]).includes(name)) return name as PurchaseModelChoice;
  throw new Error(`purchase model must be auto, bgnbd, paretonbd or mbgnbd, got "${name}"`);
}

/** A fitted purchase model as plain data (stored with the CLV result). */
export interface PurchaseModelFit {
  model: PurchaseModelName;
  /** {r, alpha, a, b} for BG/NBD and MBG/NBD, {r, alpha, s, beta} for Pareto/NBD. */
  params: Record<string, number>;
  logLikelihood: number;
  customers: number;
  iterations: number;
  converged: boolean;
}

export interface PurchaseFunctions {
  pAlive(x: number, tx: number, T: number): number;
  /** E[purchases in (T, T + t] | x, t_x, T]. */
  conditionalExpected(t: number, x: number, tx: number, T: number): number;
  /** E[repeat purchases in (0, t]] of a customer just acquired. */
  expectedUpTo(t: number): number;
}

export function purchaseFunctions(fit: Pick<PurchaseModelFit, 'model' | 'params'>): PurchaseFunctions {
  switch (fit.model) {
    case 'bgnbd': {
      const p = fit.params as unknown as BgnbdParams;
      return { pAlive: (x, tx, T) => bgnbdProbabilityAlive(p, x, tx, T), conditionalExpected: (t, x, tx, T) => bgnbdConditionalExpected(p, t, x, tx, T), expectedUpTo: (t) => bgnbdExpectedUpTo(p, t) };
    }
    case 'paretonbd': {
      const p = fit.params as unknown as ParetoNbdParams;
      return { pAlive: (x, tx, T) => paretoNbdProbabilityAlive(p, x, tx, T), conditionalExpected: (t, x, tx, T) => paretoNbdConditionalExpected(p, t, x, tx, T), expectedUpTo: (t) => paretoNbdExpectedUpTo(p, t) };
    }
    case 'mbgnbd': {
      const p = fit.params as unknown as MbgNbdParams;
      return { pAlive: (x, tx, T) => mbgNbdProbabilityAlive(p, x, tx, T), conditionalExpected: (t, x, tx, T) => mbgNbdConditionalExpected(p, t, x, tx, T), expectedUpTo: (t) => mbgNbdExpectedUpTo(p, t) };
    }
    default:
      throw new Error(`unknown purchase model "${String(fit.model)}"`);
  }
}

export function fromBgnbdFit(fit: BgnbdFit): PurchaseModelFit {
  return { model: 'bgnbd', params: { ...fit.params }, logLikelihood: fit.logLikelihood, customers: fit.customers, iterations: fit.iterations, converged: fit.converged };
}

/** Fits one model. The penalizer is BG/NBD's (lifetimes' penalizer_coef); the other two are unpenalised. */
export function fitPurchaseModel(model: PurchaseModelName, data: RfmData, penalizer = 0): PurchaseModelFit {
  if (model === 'bgnbd') return fromBgnbdFit(fitBgnbd(data, { penalizer }));
  const fit = model === 'paretonbd' ? fitParetoNbd(data) : fitMbgNbd(data);
  return { model, params: { ...fit.params }, logLikelihood: fit.logLikelihood, customers: fit.customers, iterations: fit.iterations, converged: fit.converged };
}

export interface ModelChoiceRow {
  model: PurchaseModelName;
  params: Record<string, number>;
  loglik: number;
  /** 4 ln(n) - 2 LL (all three models have four parameters). */
  bic: number;
  /** Mean |actual - expected| holdout purchases per customer; null without a holdout period. */
  holdoutMae: number | null;
  /** Total holdout purchases, expected by the model and actual; null without a holdout period. */
  holdoutTotal: { expected: number; actual: number; relativeError: number } | null;
  converged: boolean;
}

export interface ModelChoice {
  model: PurchaseModelName;
  /** Lowest holdout MAE when there is a holdout period (out-of-sample beats in-sample), else lowest BIC. */
  rule: 'holdoutMae' | 'bic';
  rows: ModelChoiceRow[];
}

/** The choice-table row of a fitted model (holdout errors from the conditional expectation over the holdout). */
export function choiceRow(fit: PurchaseModelFit, data: RfmData, holdout: CustomerSummary['holdout']): ModelChoiceRow {
  const n = data.frequency.length;
  let holdoutMae: number | null = null;
  let holdoutTotal: ModelChoiceRow['holdoutTotal'] = null;
  if (holdout && holdout.duration > 0) {
    const expected = perDistinctRow(data, (x, tx, T) => purchaseFunctions(fit).conditionalExpected(holdout.duration, x, tx, T));
    let abs = 0;
    let e = 0;
    let a = 0;
    for (let i = 0; i < n; i++) {
      abs += Math.abs(holdout.purchases[i] - expected[i]);
      e += expected[i];
      a += holdout.purchases[i];
    }
    holdoutMae = n > 0 ? abs / n : null;
    holdoutTotal = { expected: e, actual: a, relativeError: a > 0 ? (e - a) / a : NaN };
  }
  return { model: fit.model, params: fit.params, loglik: fit.logLikelihood, bic: 4 * Math.log(n) - 2 * fit.logLikelihood, holdoutMae, holdoutTotal, converged: fit.converged };
}

export function chooseModel(rows: ModelChoiceRow[]): ModelChoice {
  if (rows.length === 0) throw new Error('model choice needs at least one fitted model');
  const rule: ModelChoice['rule'] = rows.every((r) => r.holdoutMae !== null) ? 'holdoutMae' : 'bic';
  const score = (r: ModelChoiceRow) => (rule === 'holdoutMae' ? r.holdoutMae! : r.bic);
  const best = rows.reduce((b, r) => (score(r) < score(b) ? r : b));
  return { model: best.model, rule, rows };
}

/** Fits every model (progress per model) and picks the best. */
export function compareModels(data: RfmData, holdout: CustomerSummary['holdout'], penalizer = 0, onProgress?: ProgressFn, fitted: PurchaseModelFit[] = []): { choice: ModelChoice; fits: PurchaseModelFit[] } {
  const fits = PURCHASE_MODELS.map((model, k) => {
    onProgress?.({ stage: `Fitting ${PURCHASE_MODEL_LABELS[model]}`, done: k, total: PURCHASE_MODELS.length });
    return fitted.find((f) => f.model === model) ?? fitPurchaseModel(model, data, penalizer);
  });
  return { choice: chooseModel(fits.map((f) => choiceRow(f, data, holdout))), fits };
}

/** f(x, t_x, T) per customer, evaluated once per distinct row. */
export function perDistinctRow(data: RfmData, f: (x: number, tx: number, T: number) => number): Float64Array {
  const c = compressRows([data.frequency, data.recency, data.age]);
  const [x, tx, T] = c.columns;
  const v = Float64Array.from(x, (_, u) => f(x[u], tx[u], T[u]));
  return Float64Array.from(c.index, (u) => v[u]);
}

export interface TrackingSeries {
  model: PurchaseModelName;
  cumulative: number[];
  incremental: number[];
}

/** Repeat purchases per period across calibration and holdout, actual vs each model (Fader-Hardie 2005 fig. 4). */
export interface HoldoutTracking {
  /** Days in one period (7 for day and week units, a month for month). */
  periodDays: number;
  /** First day of period 0 (epoch ms): the earliest first purchase. */
  start: number;
  /** Period end (days since start, exclusive) of each point. */
  periodEnd: number[];
  /** Where the calibration ends, in periods since start (the chart's divider). */
  calibrationEnd: number;
  /** When the data end inside the last period: its days and a full period's (its purchases cover only those days). */
  partial?: { days: number; of: number } | null;
  actual: { cumulative: number[]; incremental: number[] };
  models: TrackingSeries[];
}

const MS_PER_DAY = 86_400_000;

/**
 * Needs the summary's repeat purchases by day (transactions, not a summary file). A customer's first purchase
 * day is the calibration end minus its age; the model's cumulative curve is the sum over customers of
 * E[X(t)] for t from the first purchase to each period end, on the same whole-day grid as the counts.
 */
export function holdoutTracking(summary: CustomerSummary, fits: PurchaseModelFit[]): HoldoutTracking | null {
  const daily = summary.repeatsByDay;
  if (!daily || summary.frequency.length === 0) return null;
  const dpu = DAYS_PER_UNIT[summary.unit];
  const periodDays = summary.unit === 'month' ? dpu : 7;
  const calEnd = Math.round(summary.calibrationEnd / MS_PER_DAY);
  const firstDays = new Map<number, number>();
  for (let i = 0; i < summary.age.length; i++) {
    const f = calEnd - Math.round(summary.age[i] * dpu);
    firstDays.set(f, (firstDays.get(f) ?? 0) + 1);
  }
  const startDay = daily.firstDay;
  const days = daily.counts.length;
  const periods = Math.ceil(days / periodDays);
  const periodEnd: number[] = [];
  const actualInc: number[] = [];
  const actualCum: number[] = [];
  let cum = 0;
  let d = 0;
  for (let k = 0; k < periods; k++) {
    const end = Math.min(days, Math.round((k + 1) * periodDays));
    let inc = 0;
    for (; d < end; d++) inc += daily.counts[d];
    cum += inc;
    periodEnd.push(end);
    actualInc.push(inc);
    actualCum.push(cum);
  }
  // The data may end inside the last period: kept (actual and models over the same days), and marked as partial.
  const fullEnd = Math.round(periods * periodDays);
  const lastStart = periods > 1 ? periodEnd[periods - 2] : 0;
  const partial = days < fullEnd ? { days: days - lastStart, of: fullEnd - lastStart } : null;
  const models = fits.map((fit) => {
    const f = purchaseFunctions(fit);
    const cumulative = periodEnd.map((end) => {
      let s = 0;
      // Repeat purchases on days first+1 .. start+end-1 are counted: X((start + end - 1 - first) / dpu).
      for (const [first, count] of firstDays) {
        const t = (startDay + end - 1 - first) / dpu;
        if (t > 0) s += count * f.expectedUpTo(t);
      }
      return s;
    });
    return { model: fit.model, cumulative, incremental: cumulative.map((c, k) => c - (k > 0 ? cumulative[k - 1] : 0)) };
  });
  return {
    periodDays,
    start: startDay * MS_PER_DAY,
    periodEnd,
    calibrationEnd: (calEnd + 1 - startDay) / periodDays,
    partial,
    actual: { cumulative: actualCum, incremental: actualInc },
    models,
  };
}

/** Mean holdout purchases by calibration frequency 0..groups-1 and groups+, actual and per model. */
export interface ConditionalExpectationGroup {
  frequency: string;
  customers: number;
  actual: number;
  predicted: Partial<Record<PurchaseModelName, number>>;
}

export function conditionalExpectations(data: RfmData, holdout: NonNullable<CustomerSummary['holdout']>, fits: PurchaseModelFit[], groups = 7): ConditionalExpectationGroup[] {
  const count = new Array<number>(groups + 1).fill(0);
  const actual = new Array<number>(groups + 1).fill(0);
  const predicted = fits.map(() => new Array<number>(groups + 1).fill(0));
  const expected = fits.map((fit) => {
    const f = purchaseFunctions(fit);
    return perDistinctRow(data, (x, tx, T) => f.conditionalExpected(holdout.duration, x, tx, T));
  });
  for (let i = 0; i < data.frequency.length; i++) {
    const g = Math.min(groups, data.frequency[i]);
    count[g]++;
    actual[g] += holdout.purchases[i];
    expected.forEach((e, m) => (predicted[m][g] += e[i]));
  }
  return count.map((c, g) => ({
    frequency: g < groups ? String(g) : `${groups}+`,
    customers: c,
    actual: c > 0 ? actual[g] / c : NaN,
    predicted: Object.fromEntries(fits.map((fit, m) => [fit.model, c > 0 ? predicted[m][g] / c : NaN])),
  }));
}

/** A line of a chart (the shape src/ui/charts' LineChart takes). */
export interface ChartLine {
  name: string;
  x: number[];
  y: number[];
  dashed?: boolean;
  markers?: boolean;
}

/**
 * Holdout tracking lines: x = period number 1..K (period k ends k periods after the start); actual solid, models
 * dashed. A partial last period sits at its fraction (K - 1 + days / full days) and gets a marker of its own
 * naming its days, so its lower count reads as a short period, not a drop.
 */
export function trackingLines(t: HoldoutTracking, kind: 'cumulative' | 'incremental'): ChartLine[] {
  const x = t.periodEnd.map((_, k) => k + 1);
  const last = x.length - 1;
  if (t.partial && last >= 0) x[last] = last + t.partial.days / t.partial.of;
  const lines: ChartLine[] = [
    { name: 'Actual', x, y: t.actual[kind] },
    ...t.models.map((m) => ({ name: PURCHASE_MODEL_LABELS[m.model], x, y: m[kind], dashed: true })),
  ];
  if (t.partial && last >= 0) {
    lines.push({ name: `Partial ${t.periodDays === 7 ? 'week' : 'month'} (${t.partial.days} of ${t.partial.of} days)`, x: [x[last]], y: [t.actual[kind][last]], markers: true });
  }
  return lines;
}

/** Conditional expectation lines over the frequency groups that have customers (x = group index; `labels` names them). */
export function conditionalLines(groups: ConditionalExpectationGroup[]): { lines: ChartLine[]; labels: string[]; customers: number } {
  const kept = groups.map((g, i) => ({ ...g, x: i })).filter((g) => g.customers > 0);
  const models = PURCHASE_MODELS.filter((m) => kept.some((g) => g.predicted[m] !== undefined));
  const x = kept.map((g) => g.x);
  return {
    lines: [
      { name: 'Actual', x, y: kept.map((g) => g.actual), markers: true },
      ...models.map((m) => ({ name: PURCHASE_MODEL_LABELS[m], x, y: kept.map((g) => g.predicted[m] ?? NaN), markers: true, dashed: true })),
    ],
    labels: groups.map((g) => g.frequency),
    customers: kept.reduce((n, g) => n + g.customers, 0),
  };
}

/** The choice table as CSV rows (header first). */
export function choiceCsvRows(choice: ModelChoice): (string | number | null)[][] {
  return [
    ['model', 'chosen', 'parameters', 'log_likelihood', 'bic', 'holdout_mae', 'holdout_expected_total', 'holdout_actual_total', 'holdout_total_relative_error', 'rule'],
    ...choice.rows.map((r) => [
      PURCHASE_MODEL_LABELS[r.model],
      r.model === choice.model ? 'yes' : 'no',
      Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(' '),
      r.loglik,
      r.bic,
      r.holdoutMae,
      r.holdoutTotal?.expected ?? null,
      r.holdoutTotal?.actual ?? null,
      r.holdoutTotal?.relativeError ?? null,
      choice.rule === 'holdoutMae' ? 'lowest holdout MAE' : 'lowest BIC',
    ]),
  ];
}
