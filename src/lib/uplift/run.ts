// One uplift run, end to end: check and encode the campaign, the balance table, cross-fitted S/T/X learners,
// Qini / AUUC / uplift at 10% with stratified bootstrap intervals, curves for the charts. The worker, the CLI
// and the tests all call runUplift.
import { getColumn, isNumericColumn, type Table } from '../data/table';
import { stratifiedKFold } from '../metrics/kfold';
import { categoryBalance, flagged, numericBalance, BALANCE_RULE } from '../models/uplift/balance';
import { bootstrapUplift } from '../models/uplift/bootstrap';
import { crossFitUplift, FITS_PER_FOLD } from '../models/uplift/learners';
import { rankByScore, thinCurve, upliftCurves } from '../models/uplift/metrics';
import type { ProgressFn } from '../progress';
import { prepareUplift, type PreparedUplift } from './prepare';
import { LEARNER_NAMES, LEARNERS, type Balance, type BalanceRow, type Learner, type LearnerScore, type UpliftCurve, type UpliftRequest, type UpliftRunResult } from './types';

export const DEFAULT_FOLDS = 5;
export const DEFAULT_RESAMPLES = 200;
const MAX_BALANCE_LEVELS = 20;

export interface UpliftRun {
  result: UpliftRunResult;
  prepared: PreparedUplift;
  /** Every row's cross-fitted predicted uplift per learner. */
  scores: Record<Learner, Float64Array>;
}

/** The balance table of the request's features (their original columns, not the one-hot encoding). */
export function balanceTable(table: Table, p: Pick<PreparedUplift, 'rows' | 'treated' | 'features'>): Balance {
  const rows: BalanceRow[] = [];
  for (const f of p.features) {
    const c = getColumn(table, f);
    if (isNumericColumn(c)) {
      const v = Float64Array.from(p.rows, (i) => c.values[i]);
      const b = numericBalance(v, p.treated);
      rows.push({ feature: f, level: null, treated: b.treated, control: b.control, smd: b.smd, test: 't', p: b.p, flagged: flagged(b.smd, b.p) });
    } else {
      const codes = Int32Array.from(p.rows, (i) => c.codes[i]);
      const b = categoryBalance(codes, c.dictionary.length, p.treated);
      const shown = [...b.levels].sort((x, y) => y.treated + y.control - (x.treated + x.control)).slice(0, MAX_BALANCE_LEVELS);
      for (const l of shown) {
        rows.push({ feature: f, level: l.level < 0 ? '(missing)' : c.dictionary[l.level], treated: l.treated, control: l.control, smd: l.smd, test: 'chi2', p: b.p, flagged: flagged(l.smd, b.p) });
      }
    }
  }
  const bad = [...new Set(rows.filter((r) => r.flagged).map((r) => r.feature))];
  const warning = bad.length
    ? `Treated and control customers differ on ${bad.map((f) => `"${f}"`).join(', ')}: the campaign may not have been randomised, so the uplift estimates may be biased.`
    : null;
  return { rows, rule: BALANCE_RULE, warning };
}

export function runUplift(table: Table, request: UpliftRequest, onProgress?: ProgressFn): UpliftRun {
  const seed = request.seed ?? 0;
  const folds = request.folds ?? DEFAULT_FOLDS;
  const resamples = request.bootstrap ?? DEFAULT_RESAMPLES;
  if (!Number.isInteger(folds) || folds < 2 || folds > 20) throw new Error(`folds must be an integer from 2 to 20, got ${folds}`);
  if (!Number.isInteger(resamples) || resamples < 20) throw new Error(`bootstrap must be an integer >= 20, got ${resamples}`);
  const p = prepareUplift(table, request);
  const balance = balanceTable(table, p);
  const n = p.rows.length;
  const total = folds * FITS_PER_FOLD + 1;
  const fold = stratifiedKFold(Float64Array.from(p.treated, (t, i) => 2 * t + p.outcome[i]), folds, seed);
  const fitted = crossFitUplift(
    { X: p.X, rows: n, features: p.columns.length, treated: p.treated, outcome: p.outcome },
    fold,
    { seed },
    (done, _t, what) => onProgress?.({ stage: `Fitting ${what}`, done, total }),
  );
  const scores: Record<Learner, Float64Array> = { s: fitted.s, t: fitted.t, x: fitted.x };
  const ranked: (Learner | 'oracle')[] = [...LEARNERS, ...(p.truth ? (['oracle'] as const) : [])];
  const vectors = ranked.map((l) => (l === 'oracle' ? p.truth! : scores[l]));
  onProgress?.({ stage: `Bootstrap intervals (${resamples} resamples)`, done: total - 1, total });
  const data = { treated: p.treated, outcome: p.outcome };
  const boot = bootstrapUplift(vectors, data, resamples, seed);
  const all: LearnerScore[] = ranked.map((l, m) => ({ learner: l, ...boot.metrics[m] }));
  const models = all.filter((s) => s.learner !== 'oracle');
  const best = models.reduce((a, b) => (b.qini.value > a.qini.value ? b : a)).learner as Learner;
  const curves: UpliftCurve[] = ranked.map((l, m) => ({ learner: l, ...thinCurve(upliftCurves(rankByScore(vectors[m]), vectors[m], data)) }));
  const nT = p.treated.reduce((s, v) => s + v, 0);
  let yT = 0, yC = 0;
  for (let i = 0; i < n; i++) {
    if (p.treated[i]) yT += p.outcome[i];
    else yC += p.outcome[i];
  }
  for (const l of LEARNERS) {
    const v = scores[l];
    if (v.every((x) => x === v[0])) p.notes.push(`The ${LEARNER_NAMES[l]} gives every customer the same uplift: too few rows for its trees to split, so it cannot rank customers`);
  }
  onProgress?.({ stage: 'Done', done: total, total });
  const result: UpliftRunResult = {
    rows: n,
    treated: nT,
    control: n - nT,
    treatedRate: yT / nT,
    controlRate: yC / (n - nT),
    ate: boot.ate,
    treatment: { column: request.treatment, treated: p.treatment.chosen, control: p.treatment.other },
    outcome: { column: request.outcome, positive: p.result.chosen, negative: p.result.other },
    key: p.key,
    features: p.features,
    models,
    best,
    oracle: all.find((s) => s.learner === 'oracle') ?? null,
    curves,
    balance,
    seed,
    folds,
    bootstrap: resamples,
    dropped: p.dropped,
    notes: p.notes,
  };
  return { result, prepared: p, scores };
}
