// Rolling-origin backtest of churn models on transactions: would the model have worked at past dates?
// Test cut-offs are `cutoffs` days evenly spaced by the horizon, the last label window ending at the last
// transaction day. The model for cut-off k is trained on the as-of snapshots of earlier cut-offs whose
// label windows end on or before cut-off k (nothing it learns from comes after the day it predicts from),
// and tested on the snapshot at k. Baseline at the same cut-offs: BG/NBD fitted on the history up to
// the cut-off, ranking customers by its probability of no purchase in the horizon (from P(alive)).
import { cellText, getColumn, isNumericColumn, type Column, type Table } from '../data/table';
import { averagePrecision, calibrationCurve, brierScore, rocAuc, stratifiedKFold, type CalibrationBin } from '../metrics';
import { fitPipeline, transformTable } from '../features/churn/pipeline';
import { DAY_MS, indexTransactions, isoDay, snapshotAt, type CustomerAttributes, type IndexedTransactions, type Snapshot, type TransactionColumns } from '../features/churn/snapshot';
import { bgnbdProbabilityAlive, fitBgnbd, type BgnbdParams } from '../models/clv/bgnbd';
import { summarizeTransactions } from '../models/clv/summary';
import { calibrationSummary, expectedCalibrationError } from '../models/churn/calibrate';
import { withSeed } from '../models/churn/cross-validate';
import { leakageAudit } from '../features/churn/leakage';
import { MODEL_NAMES, predictModel, trainModel, type ModelKind } from '../models/churn/registry';
import type { ProgressFn } from '../progress';

/** Candidates of model 'auto', picked per cut-off by a cross-validation on its training snapshots. */
export const BACKTEST_AUTO_MODELS: readonly ModelKind[] = ['logistic', 'gbdt', 'mlp'];
export const DEFAULT_BACKTEST = { cutoffs: 4, horizonDays: 90, maxTrainSnapshots: 4, seed: 42 } as const;

export interface BacktestOptions extends TransactionColumns {
  horizonDays?: number;
  /** Test cut-offs (default 4). */
  cutoffs?: number;
  model?: 'auto' | ModelKind;
  /** Each test cut-off trains on at most this many earlier snapshots, the latest ones (default 4). */
  maxTrainSnapshots?: number;
  customers?: CustomerAttributes;
  seed?: number;
}

export interface BacktestCutoff {
  /** The cut-off day (YYYY-MM-DD): features up to it, the label from the horizon after. */
  asOf: string;
  labelEnd: string;
  /** Cut-offs of the snapshots the model was trained on. */
  trainedOn: string[];
  trainRows: number;
  customers: number;
  positives: number;
  model: ModelKind;
  auc: number;
  prAuc: number;
  /** Churn rate among the 10% riskiest customers over the overall churn rate. */
  liftAt10: number;
  brier: number;
  calibration: CalibrationBin[];
  /** BG/NBD baseline: customers ranked by its probability of no purchase in the horizon (P(alive) and the purchase rate). */
  baselineAuc: number;
  baselinePrAuc: number;
  baselineLiftAt10: number;
  /**
   * Ranked by 1 - P(alive) alone. BG/NBD calls every one-time buyer surely alive (P(alive) = 1 at x = 0),
   * so where most customers bought once (CDNOW) this ranks worse than chance: shown, not the baseline.
   */
  baselineAliveAuc: number;
}

export interface BacktestResult {
  horizonDays: number;
  /** The model asked for ('auto' picks per cut-off; each cut-off says which). */
  model: 'auto' | ModelKind;
  /** The model chosen most often (the one asked for unless auto). */
  chosen: ModelKind;
  cutoffs: BacktestCutoff[];
  aucMean: number;
  baselineAucMean: number;
  prAucMean: number;
  liftAt10Mean: number;
  /** Per test cut-off: out-of-time probabilities and labels. */
  predictions: { y: Float32Array; p: Float64Array }[];
  /** The leakage audit of every cut-off's training snapshots (a column flagged at several cut-offs once). */
  leakage: { column: string; reason: string }[];
  /**
   * Out-of-time calibration: cut-off k's probabilities calibrated by the map chosen on the cut-offs before
   * it (Platt, isotonic or none); Brier and ECE over cut-offs 2..N before and after. Null with one cut-off.
   */
  calibration: { brierBefore: number; brierAfter: number; eceBefore: number; eceAfter: number; note: string } | null;
  notes: string[];
  seconds: number;
}

/** The test cut-offs (midnight UTC, ascending) and the training cut-offs of each. */
export function backtestCutoffs(ix: Pick<IndexedTransactions, 'firstDay' | 'lastDay'>, horizonDays: number, cutoffs: number, maxTrain: number): { test: number[]; train: number[][] } {
  if (!(Number.isInteger(cutoffs) && cutoffs >= 1)) throw new Error(`The number of cut-offs must be a whole number >= 1, got ${cutoffs}`);
  if (!(Number.isInteger(horizonDays) && horizonDays > 0)) throw new Error(`The horizon must be a whole number of days > 0, got ${horizonDays}`);
  const h = horizonDays * DAY_MS;
  const last = ix.lastDay - h;
  const test = Array.from({ length: cutoffs }, (_, k) => last - (cutoffs - 1 - k) * h);
  // The first test needs one earlier snapshot with a purchase on or before its cut-off.
  if (test[0] - h < ix.firstDay) {
    const span = Math.round((ix.lastDay - ix.firstDay) / DAY_MS);
    const fit = Math.floor(span / horizonDays) - 1;
    throw new Error(
      `Too few dates for ${cutoffs} cut-offs: the transactions span ${span} days (${isoDay(ix.firstDay)} to ${isoDay(ix.lastDay)}), and ${cutoffs} cut-offs ${horizonDays} days apart, ` +
        `each after a ${horizonDays}-day training snapshot, need ${(cutoffs + 1) * horizonDays}. ` +
        (fit >= 1 ? `Use at most ${fit} cut-offs with this horizon, or a shorter horizon.` : `Use a horizon of at most ${Math.floor(span / 2)} days.`),
    );
  }
  const train = test.map((t) => {
    const out: number[] = [];
    for (let c = t - h; c >= ix.firstDay && out.length < maxTrain; c -= h) out.unshift(c);
    return out;
  });
  return { test, train };
}

/** Rows of several tables with the same columns, one after another (categories remapped by text). */
export function stackTables(tables: Table[]): Table {
  const rows = tables.reduce((s, t) => s + t.rows, 0);
  const columns = tables[0].columns.map((c0): Column => {
    const parts = tables.map((t) => getColumn(t, c0.name));
    if (isNumericColumn(c0)) {
      const values = new Float64Array(rows);
      let o = 0;
      for (const p of parts) {
        if (!isNumericColumn(p)) throw new Error(`Column "${c0.name}" changes type between snapshots`);
        values.set(p.values, o);
        o += p.values.length;
      }
      return { name: c0.name, type: c0.type, values };
    }
    const dictionary: string[] = [];
    const index = new Map<string, number>();
    const codes = new Int32Array(rows);
    let o = 0;
    for (const p of parts) {
      if (isNumericColumn(p)) throw new Error(`Column "${c0.name}" changes type between snapshots`);
      const map = p.dictionary.map((v) => {
        let k = index.get(v);
        if (k === undefined) {
          index.set(v, (k = dictionary.length));
          dictionary.push(v);
        }
        return k;
      });
      for (const code of p.codes) codes[o++] = code < 0 ? -1 : map[code];
    }
    return { name: c0.name, type: c0.type, codes, dictionary };
  });
  return { rows, columns };
}

/** Lift of the top 10% by score; ties at the boundary count by their share of positives. */
export function liftAtTop(y: ArrayLike<number>, score: ArrayLike<number>, share = 0.1): number {
  const n = y.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i];
  if (n === 0 || positives === 0) return NaN;
  const k = Math.max(1, Math.round(n * share));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b] - score[a]);
  let taken = 0;
  let hits = 0;
  for (let i = 0; i < n && taken < k; ) {
    let j = i;
    let groupHits = 0;
    while (j < n && score[order[j]] === score[order[i]]) groupHits += y[order[j++]];
    const size = j - i;
    const take = Math.min(size, k - taken);
    hits += (groupHits * take) / size;
    taken += take;
    i = j;
  }
  return hits / k / (positives / n);
}

const labelOf = (t: Table): Float32Array => Float32Array.from((getColumn(t, 'churned') as Column & { values: Float64Array }).values);
const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
const withoutCustomer = (t: Table): Table => ({ rows: t.rows, columns: t.columns.filter((c) => c.name !== 'customer') });

function checkTwoClasses(s: Snapshot, what: string, horizonDays: number): void {
  if (s.churned === 0 || s.churned === s.customers) {
    const all = s.churned === 0 ? 'bought again' : 'churned (no purchase)';
    throw new Error(
      `At the cut-off ${isoDay(s.cutoff)} (${what}) all ${s.customers} customers ${all} in the ${horizonDays} days after: a cut-off with one class cannot be ` +
        `trained on or scored. Use fewer cut-offs or a different horizon.`,
    );
  }
}

/**
 * BG/NBD's probability of no purchase in the `t` units after T: dead, or alive and no purchase. Dropout
 * only follows a purchase, so a customer alive at T with rate lambda makes none with probability
 * exp(-lambda t); given alive, lambda ~ Gamma(r + x, alpha + T), whose mean of that is the power below.
 */
export function bgnbdNoPurchase(p: BgnbdParams, t: number, x: number, tx: number, T: number): number {
  const alive = bgnbdProbabilityAlive(p, x, tx, T);
  return 1 - alive + alive * Math.pow((p.alpha + T) / (p.alpha + T + t), p.r + x);
}

/**
 * BG/NBD fitted on every customer's purchases up to the cut-off (weeks), for the snapshot's customers: the
 * probability of no purchase in the horizon (the baseline), and 1 - P(alive) alone.
 */
function baselineScores(tx: Table, o: TransactionColumns, s: Snapshot, horizonDays: number): { noPurchase: Float64Array; dead: Float64Array } {
  const summary = summarizeTransactions(tx, { customer: o.customer, date: o.date, amount: o.amount, unit: 'week', calibrationEnd: s.cutoff, observationEnd: s.cutoff });
  const { params } = fitBgnbd({ frequency: summary.frequency, recency: summary.recency, age: summary.age });
  const at = new Map(summary.customers.map((c, i) => [c, i]));
  const ids = getColumn(s.table, 'customer');
  const noPurchase = new Float64Array(s.table.rows);
  const dead = new Float64Array(s.table.rows);
  for (let r = 0; r < s.table.rows; r++) {
    const i = at.get(cellText(ids, r));
    // A customer whose only rows are returns has no purchase in the summary: no evidence either way.
    if (i === undefined) {
      noPurchase[r] = dead[r] = 0.5;
      continue;
    }
    const [x, tx_, T] = [summary.frequency[i], summary.recency[i], summary.age[i]];
    dead[r] = 1 - bgnbdProbabilityAlive(params, x, tx_, T);
    noPurchase[r] = bgnbdNoPurchase(params, horizonDays / 7, x, tx_, T);
  }
  return { noPurchase, dead };
}

/** Rows (of the stacked training snapshots) to fit and to validate on when auto picks a model. */
export function validationSplit(sizes: number[], y: ArrayLike<number>, seed: number): { fit: Int32Array; check: Int32Array; what: string } {
  const n = sizes.reduce((a, b) => a + b, 0);
  const fit: number[] = [];
  const check: number[] = [];
  if (sizes.length >= 2) {
    const from = n - sizes[sizes.length - 1];
    for (let i = 0; i < n; i++) (i < from ? fit : check).push(i);
    return { fit: Int32Array.from(fit), check: Int32Array.from(check), what: 'the latest training snapshot' };
  }
  const fold = stratifiedKFold(y, 4, seed);
  for (let i = 0; i < n; i++) (fold[i] === 0 ? check : fit).push(i);
  return { fit: Int32Array.from(fit), check: Int32Array.from(check), what: 'a quarter of the training snapshot' };
}

async function validationAuc(train: Table, y: Float32Array, split: { fit: Int32Array; check: Int32Array }, kind: ModelKind, seed: number, onLoss: (loss?: number) => void): Promise<number> {
  const yFit = Float32Array.from(split.fit, (i) => y[i]);
  const yCheck = Float32Array.from(split.check, (i) => y[i]);
  const fitPos = yFit.reduce((a, v) => a + v, 0);
  const checkPos = yCheck.reduce((a, v) => a + v, 0);
  // One class on either side: nothing to tell the candidates apart by.
  if (fitPos === 0 || fitPos === yFit.length || checkPos === 0 || checkPos === yCheck.length) return NaN;
  const pipeline = fitPipeline(train, 'churned', split.fit);
  const X = transformTable(pipeline, train, split.fit);
  const model = await trainModel(kind, { X: X.X, rows: X.rows, features: X.features, y: yFit }, withSeed({}, seed), (p) => onLoss(p.loss));
  const Xc = transformTable(pipeline, train, split.check);
  return rocAuc(yCheck, predictModel(model, Xc.X, Xc.rows));
}

/** Each cut-off from the second on calibrated by the map chosen on the cut-offs before it, pooled. */
export function outOfTimeCalibration(predictions: { y: Float32Array; p: Float64Array }[]): BacktestResult['calibration'] {
  if (predictions.length < 2) return null;
  const y: number[] = [];
  const before: number[] = [];
  const after: number[] = [];
  const methods: string[] = [];
  for (let k = 1; k < predictions.length; k++) {
    const yPast = concat(predictions.slice(0, k).map((q) => q.y));
    const pPast = concat(predictions.slice(0, k).map((q) => q.p));
    const s = calibrationSummary(yPast, pPast);
    const q = s.apply(predictions[k].p);
    methods.push(s.method);
    predictions[k].y.forEach((v, i) => {
      y.push(v);
      before.push(predictions[k].p[i]);
      after.push(q[i]);
    });
  }
  return {
    brierBefore: brierScore(y, before),
    brierAfter: brierScore(y, after),
    eceBefore: expectedCalibrationError(y, before),
    eceAfter: expectedCalibrationError(y, after),
    note: `Cut-offs 2 to ${predictions.length} calibrated by the map chosen on the cut-offs before each (${methods.join(', ')}); Brier and ECE over those cut-offs.`,
  };
}

function concat(parts: ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export async function runBacktest(tx: Table, options: BacktestOptions, onProgress?: ProgressFn): Promise<BacktestResult> {
  const started = performance.now();
  const horizonDays = options.horizonDays ?? DEFAULT_BACKTEST.horizonDays;
  const model = options.model ?? 'auto';
  const seed = options.seed ?? DEFAULT_BACKTEST.seed;
  if (tx.rows === 0) throw new Error('No transactions: the dataset has no rows');
  const cols: TransactionColumns = { customer: options.customer, date: options.date, amount: options.amount, category: options.category };
  const ix = indexTransactions(tx, cols);
  const plan = backtestCutoffs(ix, horizonDays, options.cutoffs ?? DEFAULT_BACKTEST.cutoffs, options.maxTrainSnapshots ?? DEFAULT_BACKTEST.maxTrainSnapshots);
  const kinds = model === 'auto' ? [...BACKTEST_AUTO_MODELS] : [model];
  const steps = plan.test.length * (kinds.length > 1 ? kinds.length + 2 : 2);
  let done = 0;
  const snaps = new Map<string, Snapshot>();
  const snap = (cutoff: number, like?: Snapshot): Snapshot => {
    const key = `${cutoff}|${like?.categories.join('\u0001') ?? ''}`;
    let s = snaps.get(key);
    if (!s) snaps.set(key, (s = snapshotAt(ix, { cutoff, horizonDays, categories: like?.categories, customers: options.customers })));
    return s;
  };

  const out: BacktestCutoff[] = [];
  const predictions: BacktestResult['predictions'] = [];
  const leakage = new Map<string, string>();
  for (let k = 0; k < plan.test.length; k++) {
    const stage = `Cut-off ${k + 1} of ${plan.test.length} (${isoDay(plan.test[k])})`;
    onProgress?.({ stage: `${stage}: snapshots`, done, total: steps });
    const test = snap(plan.test[k]);
    checkTwoClasses(test, `test ${k + 1}`, horizonDays);
    // Training snapshots share the test snapshot's category columns, so one pipeline reads both.
    const trainSnaps = plan.train[k].map((c) => snap(c, test));
    const train = withoutCustomer(stackTables(trainSnaps.map((s) => s.table)));
    const yTrain = labelOf(train);
    const churnedTrain = yTrain.reduce((a, v) => a + v, 0);
    if (churnedTrain === 0 || churnedTrain === train.rows) {
      throw new Error(
        `The training snapshots of the cut-off ${isoDay(test.cutoff)} (${trainSnaps.map((s) => isoDay(s.cutoff)).join(', ')}) have one class only: ` +
          `every customer ${churnedTrain === 0 ? 'bought again' : 'churned'} in the horizon after them. Use fewer cut-offs or a different horizon.`,
      );
    }
    const rows = Int32Array.from({ length: train.rows }, (_, i) => i);
    for (const f of leakageAudit({ table: train, target: 'churned', rows, y: yTrain })) if (!leakage.has(f.column)) leakage.set(f.column, f.reason);
    let kind = kinds[0];
    if (kinds.length > 1) {
      // Validation over time too: the latest training snapshot scored by models trained on the ones before it.
      const sizes = trainSnaps.map((s) => s.table.rows);
      const split = validationSplit(sizes, yTrain, seed);
      let best = -Infinity;
      for (const candidate of kinds) {
        const auc = await validationAuc(train, yTrain, split, candidate, seed + k, (loss) =>
          onProgress?.({ stage: `${stage}: choosing the model (${MODEL_NAMES[candidate]} on ${split.what})`, done, total: steps, loss }),
        );
        done++;
        if (auc > best) [best, kind] = [auc, candidate];
      }
    }
    onProgress?.({ stage: `${stage}: training ${MODEL_NAMES[kind]} on ${trainSnaps.length} earlier snapshot${trainSnaps.length > 1 ? 's' : ''}`, done, total: steps });
    const pipeline = fitPipeline(train, 'churned', rows);
    const X = transformTable(pipeline, train, rows);
    const fitted = await trainModel(kind, { X: X.X, rows: X.rows, features: X.features, y: yTrain }, withSeed({}, seed + k), (p) =>
      onProgress?.({ stage: `${stage}: training ${MODEL_NAMES[kind]}`, done, total: steps, loss: p.loss }),
    );
    done++;
    const testTable = withoutCustomer(test.table);
    const Xt = transformTable(pipeline, testTable);
    const p = predictModel(fitted, Xt.X, Xt.rows);
    const y = labelOf(testTable);
    onProgress?.({ stage: `${stage}: BG/NBD baseline`, done, total: steps });
    const base = baselineScores(tx, cols, test, horizonDays);
    done++;
    predictions.push({ y, p });
    out.push({
      asOf: isoDay(test.cutoff),
      labelEnd: isoDay(test.labelEnd),
      trainedOn: trainSnaps.map((s) => isoDay(s.cutoff)),
      trainRows: train.rows,
      customers: test.customers,
      positives: test.churned,
      model: kind,
      auc: rocAuc(y, p),
      prAuc: averagePrecision(y, p),
      liftAt10: liftAtTop(y, p),
      brier: brierScore(y, p),
      calibration: calibrationCurve(y, p, 10),
      baselineAuc: rocAuc(y, base.noPurchase),
      baselinePrAuc: averagePrecision(y, base.noPurchase),
      baselineLiftAt10: liftAtTop(y, base.noPurchase),
      baselineAliveAuc: rocAuc(y, base.dead),
    });
  }
  onProgress?.({ stage: 'Done', done: steps, total: steps });
  const counts = new Map<ModelKind, number>();
  for (const c of out) counts.set(c.model, (counts.get(c.model) ?? 0) + 1);
  const chosen = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const notes = [
    `${out.length} cut-offs ${horizonDays} days apart, from ${out[0].asOf} to ${out[out.length - 1].asOf}; the last label window ends at the last transaction day (${isoDay(ix.lastDay)}).`,
    `Each cut-off's model is trained only on snapshots of earlier cut-offs whose ${horizonDays}-day label windows end by that cut-off (at most ${options.maxTrainSnapshots ?? DEFAULT_BACKTEST.maxTrainSnapshots}), then tested on the customers at that cut-off.`,
    `Baseline: BG/NBD fitted on the purchases up to each cut-off, customers ranked by its probability of no purchase in the horizon (1 - P(alive), plus the chance a live customer makes no purchase).`,
  ];
  if (model === 'auto') {
    notes.push(
      `auto: at each cut-off the best of ${kinds.map((k) => MODEL_NAMES[k]).join(', ')} by AUC on its latest training snapshot, each trained on the snapshots before that ` +
        `(with a single training snapshot: on a stratified quarter of it, trained on the rest).`,
    );
  }
  return {
    horizonDays,
    model,
    chosen,
    cutoffs: out,
    aucMean: mean(out.map((c) => c.auc)),
    baselineAucMean: mean(out.map((c) => c.baselineAuc)),
    prAucMean: mean(out.map((c) => c.prAuc)),
    liftAt10Mean: mean(out.map((c) => c.liftAt10)),
    predictions,
    leakage: [...leakage].map(([column, reason]) => ({ column, reason })),
    calibration: outOfTimeCalibration(predictions),
    notes,
    seconds: (performance.now() - started) / 1000,
  };
}
