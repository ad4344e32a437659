// The customer table behind a churn source (a labelled dataset, or one derived from transactions) and
// the label check the page shows before training.
import { parseDay } from '../data/dates';
import { getColumn, isNumericColumn, type Column, type Table } from '../data/table';
import { deriveChurnLabel } from '../features/churn/derive';
import { leakageAudit, type LeakageCutoff } from '../features/churn/leakage';
import { fitPipeline } from '../features/churn/pipeline';
import { encodeTarget, labelledRows } from '../features/churn/target';
import type { ChurnInspection, ChurnSource } from './types';

/** What a dataset's metadata tells churn: its name, columns and roles. */
export interface ChurnDatasetInfo {
  name: string;
  columns: { name: string; type: string }[];
  roles: Partial<Record<string, string>>;
}

export interface PreparedChurn {
  table: Table;
  target: string;
  positive?: string;
  idColumn: string | null;
  notes: string[];
  datasetName: string;
  /** The leakage audit flags dates after this: a derived label's cutoff; for a label file, today unless the worker finds linked transactions. */
  cutoff?: LeakageCutoff;
}

export const NO_KEY_NOTE = 'This dataset has no customer key column, so customers are numbered by row ("row 1", "row 2", ...). Choose a key under "Customer id" if it has one.';

/** The customer key role, or null: then rows are numbered ("row 1"), never keyed by a guessed column. */
export function defaultIdColumn(meta: Pick<ChurnDatasetInfo, 'columns' | 'roles'>): string | null {
  const role = meta.roles.customer;
  return role && meta.columns.some((c) => c.name === role) ? role : null;
}

/** The columns to load for a source (undefined: all of them). */
export function sourceColumns(source: ChurnSource): string[] | undefined {
  if (source.kind === 'label') return undefined;
  return [source.customer, source.date, source.amount].filter((n): n is string => Boolean(n));
}

/** A key for a prepared table: the same source on the same dataset version (the churned value aside). */
export function sourceKey(source: ChurnSource, version: number): string {
  const { positive: _p, ...rest } = source as ChurnSource & { positive?: string };
  return JSON.stringify(rest) + `@${version}`;
}

/** The latest day (UTC midnight) of a date column, the default as-of date of a derived label. */
export function latestDay(tx: Table, date: string): number {
  const dates = (getColumn(tx, date) as Column & { values: Float64Array }).values;
  let asOf = -Infinity;
  for (const d of dates) if (d > asOf) asOf = d;
  if (!Number.isFinite(asOf)) throw new Error(`"${date}" has no dates`);
  return Math.floor(asOf / 86_400_000) * 86_400_000;
}

/** The customer table of a source, from the dataset's table (all columns, or `sourceColumns`). */
export function prepareChurn(source: ChurnSource, table: Table, meta: ChurnDatasetInfo): PreparedChurn {
  if (source.kind === 'label') {
    const idColumn = source.idColumn ?? defaultIdColumn(meta);
    const cutoff = { at: Date.now(), what: 'today (no linked transactions date this file)' };
    return { table, target: source.target, positive: source.positive, idColumn, notes: idColumn ? [] : [NO_KEY_NOTE], datasetName: meta.name, cutoff };
  }
  const asOf = source.asOf ? parseDay(source.asOf) : latestDay(table, source.date);
  const derived = deriveChurnLabel(table, { customer: source.customer, date: source.date, amount: source.amount, asOf, horizonDays: source.horizonDays, windowDays: source.windowDays });
  const cutoff = { at: derived.cutoff, what: "the label's cutoff (features come from before it)" };
  return { table: derived.table, target: 'churned', idColumn: 'customer', notes: derived.notes, datasetName: `${meta.name} (derived label)`, cutoff };
}

/** A prepared table (maybe cached) with the churned value this source asks for. */
export function withPositive(prepared: PreparedChurn, source: ChurnSource): PreparedChurn {
  return { ...prepared, positive: source.kind === 'label' ? source.positive : undefined };
}

/** Distinct non-missing values of a label column as text (booleans as true/false), up to 13. */
export function labelValues(c: Column): string[] {
  const seen = new Set<string>();
  if (isNumericColumn(c)) {
    for (const v of c.values) {
      if (Number.isNaN(v)) continue;
      seen.add(c.type === 'boolean' ? (v ? 'true' : 'false') : String(v));
      if (seen.size > 12) break;
    }
  } else {
    const used = new Uint8Array(c.dictionary.length);
    for (const code of c.codes) if (code >= 0) used[code] = 1;
    c.dictionary.forEach((d, i) => {
      if (used[i] && seen.size <= 12) seen.add(d);
    });
  }
  return [...seen];
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The label's values and counts (or why it cannot be used), the columns the pipeline would use, leakage. */
export function inspectChurn(p: PreparedChurn): ChurnInspection {
  const { table, target } = p;
  const column = getColumn(table, target);
  const out: ChurnInspection = {
    rows: table.rows,
    target,
    values: labelValues(column),
    label: null,
    error: null,
    columns: table.columns.filter((c) => c.name !== target).map((c) => ({ name: c.name, type: c.type, excluded: null })),
    leakage: [],
    idColumn: p.idColumn,
    notes: p.notes,
  };
  let rows: Int32Array | undefined;
  let y: Float32Array | undefined;
  try {
    const t = encodeTarget(table, target, p.positive);
    out.label = { positive: t.positive, negative: t.negative, positives: t.positives, negatives: t.negatives, missing: t.missing };
    rows = labelledRows(t.y);
    y = Float32Array.from(rows, (r) => t.y[r]);
  } catch (e) {
    out.error = message(e);
  }
  try {
    const pipeline = fitPipeline(table, target, rows);
    const reasons = new Map(pipeline.excluded.map((e) => [e.name, e.reason]));
    out.columns = out.columns.map((c) => ({ ...c, excluded: reasons.get(c.name) ?? null }));
    if (rows && y) out.leakage = leakageAudit({ table, target, rows, y, cutoff: p.cutoff });
    if (p.cutoff) out.leakageCutoff = `${p.cutoff.what}, ${new Date(p.cutoff.at).toISOString().slice(0, 10)}`;
  } catch (e) {
    out.error ??= message(e);
  }
  return out;
}
