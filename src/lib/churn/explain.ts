// SHAP explanations of scored customers (issue #18): reasons and stored SHAP of the riskiest customers,
// the global summary (mean |SHAP|, a beeswarm / dependence sample) and one customer's waterfall.
// Everything here runs in the compute worker (or the CLI); the page gets the plain results.
import { getColumn, isNumericColumn, type Column, type Table } from '../data/table';
import { MISSING_LEVEL, OTHER_LEVEL, type ColumnStep, type FittedPipeline } from '../features/churn/pipeline';
import { explainTableRows, shapOfRows, shapRowBudget, typicalText, valueText, type Reason, type SavedChurnModel, type ShapValues } from '../models/churn';
import type { ProgressFn } from '../progress';
import { mulberry32 } from '../random';
import type { ChurnScores, ChurnScoresShap, ChurnShapSummary, ChurnWaterfall } from './types';

/** Customers in the beeswarm / dependence sample. */
export const SHAP_SAMPLE = 2_000;

/** At most how many of the riskiest customers get SHAP values and reasons (shapRowBudget). */
export const explainedRows = shapRowBudget;

/** SHAP and reasons of some table rows (the riskiest first, as the caller orders them). */
export function explainRows(saved: SavedChurnModel, table: Table, rows: Int32Array, top: number, onProgress?: ProgressFn): Promise<{ shap: ShapValues; reasons: Reason[][] }> {
  // Citable columns as at training (importance above its fold noise): SHAP reports a noise column's fitted effect faithfully.
  return explainTableRows(saved.model, saved.pipeline, table, rows, top, { columns: saved.reasonColumns }, onProgress);
}

/** The SHAP values kept with the scores (float32: display precision; the CLI check uses the float64 values). */
export function scoresShap(shap: ShapValues, rows: Int32Array): ChurnScoresShap {
  return {
    method: shap.method,
    expected: shap.expected,
    columns: shap.columns,
    values: Float32Array.from(shap.values),
    rows: Int32Array.from(rows),
    ...(shap.samples !== undefined ? { samples: shap.samples, stdErr: shap.stdErr } : {}),
  };
}

/** Per source column: the category levels a dependence plot indexes (null for other kinds). */
function stepLevels(step: ColumnStep): string[] | null {
  return step.kind === 'categorical' ? [...step.levels, ...(step.other ? [OTHER_LEVEL] : [])] : null;
}

/** A customer's value of a column as a number for the beeswarm colour / dependence x axis (NaN missing). */
function featureNumber(step: ColumnStep, column: Column, row: number, levels: string[] | null): number {
  if (isNumericColumn(column)) {
    const v = column.values[row];
    if (Number.isNaN(v)) return NaN;
    if (step.kind === 'boolean') return v ? 1 : 0;
    if (step.kind === 'date') return Math.round((step.referenceDate - v) / 86_400_000);
    return v;
  }
  const code = column.codes[row];
  const l = levels as string[];
  if (code < 0) {
    const m = l.indexOf(MISSING_LEVEL);
    return m >= 0 ? m : NaN;
  }
  const k = l.indexOf(column.dictionary[code]);
  return k >= 0 ? k : l.indexOf(OTHER_LEVEL) >= 0 ? l.indexOf(OTHER_LEVEL) : NaN;
}

/** Up to `k` table rows drawn without replacement (seeded), in row order. */
export function sampleRows(n: number, k: number, seed: number): Int32Array {
  if (n <= k) return Int32Array.from({ length: n }, (_, i) => i);
  const rng = mulberry32((seed ^ 0x2c1b3c6d) >>> 0);
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx.slice(0, k).sort();
}

/**
 * The global view: mean |SHAP| per column over the explained customers and a random sample of up to
 * SHAP_SAMPLE customers (fewer for a big forest: explainedRows) (their SHAP values, feature values, levels and typical values for the beeswarm
 * and dependence plots). Sampled customers already explained reuse their values.
 */
export async function shapSummary(
  saved: SavedChurnModel,
  table: Table,
  explained: { shap: ShapValues; rows: Int32Array },
  customers: string[],
  seed: number,
  onProgress?: ProgressFn,
): Promise<ChurnShapSummary> {
  const { pipeline } = saved;
  const g = pipeline.steps.length;
  // a big forest's budget of explained customers also bounds its sample (each costs as much as one explained)
  const sample = sampleRows(table.rows, explainedRows(saved.model, SHAP_SAMPLE), seed);
  const at = new Map<number, number>();
  explained.rows.forEach((r, i) => at.set(r, i));
  const missing = Int32Array.from(Array.from(sample).filter((r) => !at.has(r)));
  const extra = missing.length ? await shapOfRows(saved.model, pipeline, table, missing, { onProgress }) : null;
  const extraAt = new Map<number, number>();
  missing.forEach((r, i) => extraAt.set(r, i));
  const values = new Float64Array(sample.length * g);
  sample.forEach((r, i) => {
    const e = at.get(r);
    const src = e !== undefined ? explained.shap.values.subarray(e * g, (e + 1) * g) : (extra as ShapValues).values.subarray((extraAt.get(r) as number) * g, ((extraAt.get(r) as number) + 1) * g);
    values.set(src, i * g);
  });
  // mean |SHAP| over explained and sampled customers, each counted once
  const meanAbs = new Array<number>(g).fill(0);
  const add = (v: Float64Array, o: number): void => {
    for (let k = 0; k < g; k++) meanAbs[k] += Math.abs(v[o + k]);
  };
  for (let i = 0; i < explained.rows.length; i++) add(explained.shap.values, i * g);
  if (extra) for (let i = 0; i < missing.length; i++) add(extra.values, i * g);
  const counted = explained.rows.length + missing.length;
  for (let k = 0; k < g; k++) meanAbs[k] = counted ? meanAbs[k] / counted : 0;
  const levels = pipeline.steps.map(stepLevels);
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const feature = new Float64Array(sample.length * g);
  pipeline.steps.forEach((step, k) => {
    const column = byName.get(step.column) as Column;
    sample.forEach((r, i) => (feature[i * g + k] = featureNumber(step, column, r, levels[k])));
  });
  const shap = explained.shap;
  return {
    method: shap.method,
    expected: shap.expected,
    columns: shap.columns,
    meanAbs,
    ...(shap.samples !== undefined ? { samples: shap.samples, stdErr: Math.max(shap.stdErr ?? 0, extra?.stdErr ?? 0) } : {}),
    customers: Array.from(sample, (r) => customers[r]),
    values,
    feature,
    levels,
    typical: pipeline.steps.map(typicalText),
  };
}

/** One customer's waterfall from its SHAP values (one per pipeline step), sorted by |contribution|. */
export function customerWaterfall(
  pipeline: FittedPipeline,
  table: Table,
  row: number,
  shap: { method: ChurnWaterfall['method']; expected: number; values: ArrayLike<number> },
  customer: string,
  probability: number,
): ChurnWaterfall {
  let logit = shap.expected;
  const items = pipeline.steps.map((step, k) => {
    logit += shap.values[k];
    return { column: step.column, value: valueText(step, getColumn(table, step.column), row), typical: typicalText(step), contribution: shap.values[k] };
  });
  items.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.column < b.column ? -1 : 1));
  return { customer, expected: shap.expected, logit, probability, method: shap.method, items };
}

/**
 * The waterfall of the customer at table row `row` of these scores: its stored SHAP values when it is an
 * explained customer, else computed now (same seeds: the same values it would have had).
 */
export async function scoresWaterfall(saved: SavedChurnModel, table: Table, scores: ChurnScores, row: number): Promise<ChurnWaterfall> {
  const g = saved.pipeline.steps.length;
  const stored = scores.shap;
  const k = stored ? stored.rows.indexOf(row) : -1;
  if (stored && k >= 0) return customerWaterfall(saved.pipeline, table, row, { method: stored.method, expected: stored.expected, values: stored.values.subarray(k * g, (k + 1) * g) }, scores.customers[row], scores.probability[row]);
  const shap = await shapOfRows(saved.model, saved.pipeline, table, Int32Array.of(row));
  return customerWaterfall(saved.pipeline, table, row, shap, scores.customers[row], scores.probability[row]);
}
