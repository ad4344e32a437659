// Per-customer reasons: which source columns push this customer's churn risk up, in plain words.
// Attributions are in log-odds, per source column (all one-hot columns of a column together):
// - logistic: sum over the column's features of coefficient x (value - training mean), the exact
//   additive split of the log-odds around an average customer;
// - other models (model-agnostic): log-odds of the customer minus log-odds with that column set to a
//   typical value: the training median for numbers and dates; for categories and flags, the average
//   over the column's values weighted by how often each occurs in training (setting them to the
//   most common value gave every customer who has it, e.g. a month-to-month contract, a zero
//   impact, so the strongest driver was never cited). One batched prediction per column (per value
//   for categories and flags) covers every row, so cost = values x predictions.
// A reason is cited only when its effect is real: the column's permutation importance is clearly
// above its fold-to-fold noise (the saved model's reasonColumns), and its attribution for this
// customer is material (not tiny, and a fair share of the customer's largest). Otherwise a customer
// gets fewer reasons, or "No single factor stands out", rather than invented ones.
import { isNumericColumn, type Column, type Table } from '../../data/table';
import { MISSING_LEVEL, type ColumnStep, type FeatureMatrix, type FittedPipeline } from '../../features/churn/pipeline';
import { modelLogits, type TrainedModel } from './registry';

export interface Reason {
  column: string;
  /** e.g. "Contract = Month-to-month", "tenure is low (2 vs median 29)". */
  text: string;
  /** How much this column raises the log-odds of churn for this customer. */
  impact: number;
}

/** Which columns a reason may cite, and how large its attribution must be. */
export interface ReasonRule {
  /** Source columns reasons may cite (those whose importance is real); every column when omitted. */
  columns?: readonly string[];
  /** A reason's impact must be at least this share of the customer's largest citable impact... */
  minShare: number;
  /** ...and at least this many log-odds (0.05 moves a 50% risk by about 1 point). */
  minImpact: number;
}

export const DEFAULT_REASON_RULE: ReasonRule = { minShare: 0.1, minImpact: 0.05 };

/** What an explained customer is told when no column passes the rule. */
export const NO_STANDOUT = 'No single factor stands out';

/** An explained customer's reasons in words (NO_STANDOUT when there is none). */
export function reasonTexts(reasons: readonly Reason[]): string[] {
  return reasons.length ? reasons.map((r) => r.text) : [NO_STANDOUT];
}

/** Row-major rows x source columns (pipeline steps) of log-odds attributions. */
export function attributions(model: TrainedModel, pipeline: FittedPipeline, fm: FeatureMatrix): Float64Array {
  const { X, rows, features: d } = fm;
  const g = pipeline.steps.length;
  const out = new Float64Array(rows * g);
  const groups = pipeline.groups;
  if (model.kind === 'logistic') {
    const w = model.weights;
    const c = pipeline.center;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < d; j++) out[i * g + groups[j]] += w[j] * (X[i * d + j] - c[j]);
    }
    return out;
  }
  const base = modelLogits(model, X, rows);
  for (let s = 0; s < g; s++) {
    const cols: number[] = [];
    for (let j = 0; j < d; j++) if (groups[j] === s) cols.push(j);
    for (const { values, weight } of typicalStates(pipeline, s, cols)) {
      // Only rows whose value differs from this state need a prediction (the others keep theirs),
      // so a two-valued flag costs one prediction per row, as one typical value did.
      const changed: number[] = [];
      for (let i = 0; i < rows; i++) if (cols.some((j, c) => X[i * d + j] !== Math.fround(values[c]))) changed.push(i);
      const work = new Float32Array(changed.length * d);
      changed.forEach((i, k) => {
        work.set(X.subarray(i * d, (i + 1) * d), k * d);
        cols.forEach((j, c) => (work[k * d + j] = values[c]));
      });
      const z = changed.length ? modelLogits(model, work, changed.length) : new Float64Array(0);
      // out = base - sum of weight x z over states; unchanged rows have z = base, adding nothing.
      changed.forEach((i, k) => (out[i * g + s] += weight * (base[i] - z[k])));
    }
  }
  return out;
}

/**
 * The encoded values (of the features `cols` of step `s`) that stand for a typical customer, with
 * weights summing to 1: the median for numbers and dates; each value of a category or flag with
 * its training share (read from pipeline.center, the training means of the encoded features).
 */
function typicalStates(pipeline: FittedPipeline, s: number, cols: number[]): { values: number[]; weight: number }[] {
  const step = pipeline.steps[s];
  const fallback = [{ values: cols.map((j) => pipeline.baseline[j]), weight: 1 }];
  const share = (j: number): number => pipeline.center?.[j] ?? NaN;
  if (!cols.every((j) => Number.isFinite(share(j)))) return fallback;
  let states: { values: number[]; weight: number }[] = [];
  if (step.kind === 'categorical') {
    // One state per one-hot column (its level's share); the no-level state of unseen values has no share in training.
    states = cols.map((j, c) => ({ values: cols.map((_, k) => (k === c ? 1 : 0)), weight: share(j) }));
  } else if (step.kind === 'boolean') {
    const missing = step.indicator ? share(cols[1]) : 0;
    const ones = share(cols[0]) - missing * step.fill;
    const tail = step.indicator ? [0] : [];
    states = [
      { values: [1, ...tail], weight: ones },
      { values: [0, ...tail], weight: 1 - ones - missing },
    ];
    if (step.indicator) states.push({ values: [step.fill, 1], weight: missing });
  } else return fallback;
  states = states.filter((st) => st.weight > 1e-12);
  const total = states.reduce((t, st) => t + st.weight, 0);
  if (!(total > 0)) return fallback;
  return states.map((st) => ({ values: st.values, weight: st.weight / total }));
}

export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  return String(Number(v.toPrecision(3)));
}

/** The plain-words description of one customer's value of one source column. */
export function describeValue(step: ColumnStep, column: Column, row: number): string {
  const name = step.column;
  if (isNumericColumn(column)) {
    const v = column.values[row];
    if (Number.isNaN(v)) return `${name} is missing`;
    if (step.kind === 'boolean') return `${name} = ${v ? 'yes' : 'no'}`;
    if (step.kind === 'date') {
      const age = (step.referenceDate - v) / 86_400_000;
      return `${name} was ${formatNumber(Math.round(age))} days ago (median ${formatNumber(Math.round(step.median))})`;
    }
    if (step.kind === 'numeric') {
      const side = v > step.median ? 'high' : v < step.median ? 'low' : 'typical';
      return `${name} is ${side} (${formatNumber(v)} vs median ${formatNumber(step.median)})`;
    }
    return `${name} = ${formatNumber(v)}`;
  }
  const code = column.codes[row];
  if (code < 0) return `${name} is missing`;
  const value = column.dictionary[code];
  if (step.kind === 'categorical' && (!step.levels.includes(value) || value === MISSING_LEVEL)) return `${name} = ${value} (rare)`;
  return `${name} = ${value}`;
}

/**
 * The `top` columns that most raise each customer's risk, among the citable columns whose impact
 * is material by `rule` (so a customer may get fewer than `top`, or none).
 * `tableRows[i]` is the table row of row i of `fm`.
 */
export function topReasons(
  model: TrainedModel,
  pipeline: FittedPipeline,
  table: Table,
  fm: FeatureMatrix,
  tableRows: ArrayLike<number>,
  top = 3,
  rule: Partial<ReasonRule> = {},
): Reason[][] {
  if (tableRows.length !== fm.rows) throw new Error(`tableRows has ${tableRows.length} entries for ${fm.rows} feature rows`);
  const { columns: citable, minShare, minImpact } = { ...DEFAULT_REASON_RULE, ...rule };
  const attr = attributions(model, pipeline, fm);
  const g = pipeline.steps.length;
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const columns = pipeline.steps.map((s) => byName.get(s.column) as Column);
  const allowed = citable ? new Set(citable) : null;
  const order = Array.from({ length: g }, (_, k) => k).filter((k) => !allowed || allowed.has(pipeline.steps[k].column));
  const out: Reason[][] = [];
  for (let i = 0; i < fm.rows; i++) {
    const a = attr.subarray(i * g, (i + 1) * g);
    let largest = 0;
    for (const k of order) largest = Math.max(largest, a[k]);
    const floor = Math.max(minImpact, minShare * largest, 1e-9);
    const best = order.filter((k) => a[k] >= floor).sort((p, q) => a[q] - a[p]).slice(0, top);
    out.push(best.map((k) => ({ column: pipeline.steps[k].column, text: describeValue(pipeline.steps[k], columns[k], tableRows[i]), impact: a[k] })));
  }
  return out;
}
