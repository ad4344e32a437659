// Per-customer reasons: which source columns push this customer's churn risk up, in plain words.
// They come from SHAP values (shap.ts: per source column, in log-odds, summing exactly to the customer's
// log-odds minus the expected): a reason is one of the customer's largest POSITIVE contributions, and only
// a material one (not tiny, and a fair share of the customer's largest), so a column that does nothing
// for this customer (contribution ~0) is never cited. The text says the customer's value and the typical
// one ("tenure is 2 vs typical 29"). A column the model ignores contributes exactly 0. The permutation-
// importance filter stays (saved models' `reasonColumns`, passed as `rule.columns`): SHAP reports faithfully
// what a model fitted to noise (3,000 rows, a pure-noise salary: cited for 300+ customers without it).
import { isNumericColumn, type Column, type Table } from '../../data/table';
import { MISSING_LEVEL, type ColumnStep, type FeatureMatrix, type FittedPipeline } from '../../features/churn/pipeline';
import type { ProgressFn } from '../../progress';
import type { TrainedModel } from './registry';
import { shapOfRows, shapOfRowsSync, type ShapValues } from './shap';

export interface Reason {
  column: string;
  /** e.g. "Contract is Two year vs most common Month-to-month", "tenure is 2 vs typical 29". */
  text: string;
  /** This column's SHAP contribution to the customer's log-odds of churn (positive: raises the risk). */
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

export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  return String(Number(v.toPrecision(3)));
}

const days = (step: Extract<ColumnStep, { kind: 'date' }>, v: number): number => Math.round((step.referenceDate - v) / 86_400_000);

/** One customer's value of a source column in words: "2", "Month-to-month", "yes", "120 days ago", "missing". */
export function valueText(step: ColumnStep, column: Column, row: number): string {
  if (isNumericColumn(column)) {
    const v = column.values[row];
    if (Number.isNaN(v)) return 'missing';
    if (step.kind === 'boolean') return v ? 'yes' : 'no';
    if (step.kind === 'date') return `${formatNumber(days(step, v))} days ago`;
    return formatNumber(v);
  }
  const code = column.codes[row];
  if (code < 0) return 'missing';
  const value = column.dictionary[code];
  if (step.kind === 'categorical' && (!step.levels.includes(value) || value === MISSING_LEVEL)) return `${value} (rare)`;
  return value;
}

/** The typical value of a source column in words: the training median (dates: its age), the most common level or flag. */
export function typicalText(step: ColumnStep): string {
  if (step.kind === 'numeric') return formatNumber(step.median);
  if (step.kind === 'date') return `${formatNumber(Math.round(step.median))} days ago`;
  if (step.kind === 'boolean') return step.fill ? 'yes' : 'no';
  return step.mode;
}

/** The plain-words description of one customer's value of one source column, against the typical value. */
export function describeValue(step: ColumnStep, column: Column, row: number): string {
  const value = valueText(step, column, row);
  const typical = typicalText(step);
  if (step.kind === 'categorical') return value === typical ? `${step.column} is ${value} (the most common value, and it raises the risk)` : `${step.column} is ${value} vs most common ${typical}`;
  return value === typical ? `${step.column} is ${value} (typical, and it raises the risk)` : `${step.column} is ${value} vs typical ${typical}`;
}

/**
 * Reasons from SHAP values: per row of `shap`, the `top` largest positive contributions that are
 * material by `rule` (so a customer may get fewer than `top`, or none). `tableRows[i]` is the table
 * row of row i of `shap`.
 */
export function reasonsFromShap(shap: ShapValues, pipeline: FittedPipeline, table: Table, tableRows: ArrayLike<number>, top = 3, rule: Partial<ReasonRule> = {}): Reason[][] {
  if (tableRows.length !== shap.rows) throw new Error(`tableRows has ${tableRows.length} entries for ${shap.rows} SHAP rows`);
  const { columns: citable, minShare, minImpact } = { ...DEFAULT_REASON_RULE, ...rule };
  const g = pipeline.steps.length;
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const columns = pipeline.steps.map((s) => byName.get(s.column) as Column);
  const allowed = citable ? new Set(citable) : null;
  const order = Array.from({ length: g }, (_, k) => k).filter((k) => !allowed || allowed.has(pipeline.steps[k].column));
  const out: Reason[][] = [];
  for (let i = 0; i < shap.rows; i++) {
    const a = shap.values.subarray(i * g, (i + 1) * g);
    let largest = 0;
    for (const k of order) largest = Math.max(largest, a[k]);
    const floor = Math.max(minImpact, minShare * largest, 1e-9);
    const best = order.filter((k) => a[k] >= floor).sort((p, q) => a[q] - a[p]).slice(0, top);
    out.push(best.map((k) => ({ column: pipeline.steps[k].column, text: describeValue(pipeline.steps[k], columns[k], tableRows[i]), impact: a[k] })));
  }
  return out;
}

/** reasonsFromShap of the SHAP values of `fm` (the transformed `tableRows`), computed here synchronously. */
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
  return reasonsFromShap(shapOfRowsSync(model, pipeline, table, tableRows, fm), pipeline, table, tableRows, top, rule);
}

/** SHAP values (through the fast TreeSHAP where it applies) and reasons of some table rows. */
export async function explainTableRows(
  model: TrainedModel,
  pipeline: FittedPipeline,
  table: Table,
  tableRows: Int32Array,
  top = 3,
  rule: Partial<ReasonRule> = {},
  onProgress?: ProgressFn,
): Promise<{ shap: ShapValues; reasons: Reason[][] }> {
  const shap = await shapOfRows(model, pipeline, table, tableRows, { onProgress });
  return { shap, reasons: top > 0 ? reasonsFromShap(shap, pipeline, table, tableRows, top, rule) : Array.from(tableRows, () => []) };
}
