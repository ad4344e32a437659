// The churn command's `--explain` (issue #18): SHAP values of the chosen (refitted) model, per source
// column in log-odds, for the first 100 rows, and a check of local accuracy over EVERY row: the largest
// |expected + sum of contributions - the model's log-odds| (before calibration, as SHAP explains the margin).
import type { FlagSpec } from './args';
import { transformTable } from '../lib/features/churn/pipeline';
import type { Table } from '../lib/data/table';
import { modelLogits } from '../lib/models/churn/registry';
import type { SavedChurnModel } from '../lib/models/churn/saved';
import { backgroundRows, shapMethod, shapValues, type ShapMethod } from '../lib/models/churn/shap';

export const EXPLAIN_FLAGS: FlagSpec[] = [
  { name: 'explain', kind: 'boolean', help: 'add SHAP values (log-odds per column) of the first 100 rows, and shapCheck: local accuracy over every row' },
];

/** Rows whose contributions are printed. */
export const EXPLAIN_ROWS = 100;
const CHUNK = 20_000;

export interface ExplainOutput {
  /** `row`: 1-based row of the file (as --scores numbers rows without a key). */
  shap?: { expected: number; method: ShapMethod; samples?: number; stdErr?: number; rows: { row: number; contributions: Record<string, number> }[] };
  /** The largest |expected + sum of contributions - model log-odds| over all rows. */
  shapCheck?: { maxAbsError: number; rows: number };
}

export async function explainOutput(saved: SavedChurnModel, table: Table): Promise<Required<ExplainOutput>> {
  const { model, pipeline } = saved;
  const background = shapMethod(model) === 'permutation' ? transformTable(pipeline, table, backgroundRows(table.rows)) : undefined;
  let maxAbsError = 0;
  let stdErr = 0;
  let first: Awaited<ReturnType<typeof shapValues>> | null = null;
  for (let start = 0; start < table.rows || (start === 0 && !first); start += CHUNK) {
    const rows = Int32Array.from({ length: Math.min(CHUNK, table.rows - start) }, (_, i) => start + i);
    const fm = transformTable(pipeline, table, rows);
    const shap = await shapValues(model, pipeline, fm, { background, ids: rows });
    first ??= shap;
    stdErr = Math.max(stdErr, shap.stdErr ?? 0);
    const z = modelLogits(model, fm.X, fm.rows);
    const g = shap.columns.length;
    for (let i = 0; i < fm.rows; i++) {
      let sum = shap.expected;
      for (let k = 0; k < g; k++) sum += shap.values[i * g + k];
      maxAbsError = Math.max(maxAbsError, Math.abs(sum - z[i]));
    }
    if (table.rows === 0) break;
  }
  const shap = first!;
  const g = shap.columns.length;
  const shown = Math.min(EXPLAIN_ROWS, shap.rows);
  return {
    shap: {
      expected: shap.expected,
      method: shap.method,
      ...(shap.samples !== undefined ? { samples: shap.samples, stdErr } : {}),
      rows: Array.from({ length: shown }, (_, i) => ({ row: i + 1, contributions: Object.fromEntries(shap.columns.map((c, k) => [c, shap.values[i * g + k]])) })),
    },
    shapCheck: { maxAbsError, rows: table.rows },
  };
}
