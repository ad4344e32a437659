// A churn model as a file to take elsewhere (issue #18): the scoring SQL of a dialect, or the model card
// and pipeline as JSON. The compute worker calls this for the Churn page's export buttons (a big forest's
// SQL takes a while to write); the CLI writes the same SQL with exportScoringSql directly.
import type { SavedChurnModel } from '../models/churn/saved';
import { exportScoringSql, pipelineJson, type SqlDialect } from './sql';

export type ModelExportFormat = 'sql' | 'json';

export interface ModelExportFile {
  fileName: string;
  /** MIME type for the download. */
  type: string;
  text: string;
}

export const SQL_DIALECT_NAMES: Record<SqlDialect, string> = { duckdb: 'DuckDB', spark: 'Spark SQL' };

/** A file name from the model's name: "Logistic regression · churned · 2026-12-07" -> "logistic-regression-churned-2026-12-07". */
export function modelFileStem(name: string): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return stem || 'churn-model';
}

/**
 * Why this model cannot be exported as SQL over `columns` (the table it was trained on), or null. A model
 * trained on a label derived from transactions reads features the app computes (recency, frequency...),
 * not columns of the user's table, so a SELECT over that table cannot reproduce it.
 */
export function sqlExportProblem(saved: SavedChurnModel, columns: readonly string[]): string | null {
  const have = new Set(columns);
  const missing = saved.pipeline.steps.map((s) => s.column).filter((c) => !have.has(c));
  if (!missing.length) return null;
  return `This model reads ${missing.join(', ')}, which the app derived from transactions; no table of yours holds them, so it cannot be written as SQL over one. Export the model card and pipeline (JSON) instead, or train on a customer file with a label column.`;
}

/** The export file of a saved model: SQL (a table named `input`, the key column or row numbers) or JSON. */
export function modelExportFile(saved: SavedChurnModel, name: string, request: { format: ModelExportFormat; dialect?: SqlDialect; key?: string | null }): ModelExportFile {
  const stem = modelFileStem(name);
  if (request.format === 'json') return { fileName: `${stem}.json`, type: 'application/json', text: pipelineJson(saved) };
  const dialect = request.dialect ?? 'duckdb';
  return { fileName: `${stem}-${dialect}.sql`, type: 'application/sql', text: exportScoringSql(saved, { dialect, table: 'input', key: request.key ?? null }) };
}
