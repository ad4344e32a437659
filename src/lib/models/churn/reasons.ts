// Per-customer reasons: which source columns push this customer's churn risk up, in plain words.
// Attributions are in log-odds, per source column (all one-hot columns of a column together):
// - logistic: sum over the column's features of coefficient x (value - training mean), the exact
//   additive split of the log-odds around an average customer;
// - other models (model-agnostic): log-odds of the customer minus log-odds with that column set to a
//   typical value (training median, or most common level). One batched prediction per column
//   covers every row, so cost = columns x predictions.
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
  const work = X.slice();
  for (let s = 0; s < g; s++) {
    const cols: number[] = [];
    for (let j = 0; j < d; j++) if (groups[j] === s) cols.push(j);
    for (let i = 0; i < rows; i++) for (const j of cols) work[i * d + j] = pipeline.baseline[j];
    const z = modelLogits(model, work, rows);
    for (let i = 0; i < rows; i++) out[i * g + s] = base[i] - z[i];
    for (let i = 0; i < rows; i++) for (const j of cols) work[i * d + j] = X[i * d + j];
  }
  return out;
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
 * The `top` columns that most raise each customer's risk (only those with a positive impact).
 * `tableRows[i]` is the table row of row i of `fm`.
 */
export function topReasons(
  model: TrainedModel,
  pipeline: FittedPipeline,
  table: Table,
  fm: FeatureMatrix,
  tableRows: ArrayLike<number>,
  top = 3,
): Reason[][] {
  if (tableRows.length !== fm.rows) throw new Error(`tableRows has ${tableRows.length} entries for ${fm.rows} feature rows`);
  const attr = attributions(model, pipeline, fm);
  const g = pipeline.steps.length;
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const columns = pipeline.steps.map((s) => byName.get(s.column) as Column);
  const order = Array.from({ length: g }, (_, k) => k);
  const out: Reason[][] = [];
  for (let i = 0; i < fm.rows; i++) {
    const a = attr.subarray(i * g, (i + 1) * g);
    const best = order.filter((k) => a[k] > 1e-9).sort((p, q) => a[q] - a[p]).slice(0, top);
    out.push(best.map((k) => ({ column: pipeline.steps[k].column, text: describeValue(pipeline.steps[k], columns[k], tableRows[i]), impact: a[k] })));
  }
  return out;
}
