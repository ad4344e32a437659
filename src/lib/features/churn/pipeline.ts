// The churn feature pipeline: fitted on training rows only, then applied to any rows or any table
// with the same columns. The fitted pipeline is plain JSON-able data, so it is saved with the model
// and crosses worker boundaries unchanged.
import { isNumericColumn, type Column, type Table } from '../../data/table';
import { resolvePipelineOptions, type PipelineOptions } from './options';

const DAY_MS = 86_400_000;
/** The category level that stands for a missing value. */
export const MISSING_LEVEL = '(missing)';
/** The category level that rare and unseen values fall into. */
export const OTHER_LEVEL = 'Other';

interface Standardised {
  /** Training median (raw units), used to fill missing values and as the typical value in reasons. */
  median: number;
  /** Mean and population standard deviation after imputation, as sklearn's StandardScaler. */
  mean: number;
  std: number;
  /** A 0/1 "is missing" feature is added only when training rows had missing values. */
  indicator: boolean;
}

export type ColumnStep =
  | ({ kind: 'numeric'; column: string; /** Every present training value is a whole number (rules then say ">= 16", not ">= 15.5"); absent in older saved models. */ integer?: boolean } & Standardised)
  | ({ kind: 'date'; column: string; referenceDate: number } & Standardised)
  | { kind: 'boolean'; column: string; fill: number; indicator: boolean }
  | { kind: 'categorical'; column: string; levels: string[]; other: boolean; mode: string };

export interface ExcludedColumn {
  name: string;
  reason: string;
}

export interface FittedPipeline {
  version: 1;
  target: string;
  steps: ColumnStep[];
  excluded: ExcludedColumn[];
  /** Per output feature: machine name, human label, index of its step (source column). */
  features: string[];
  labels: string[];
  groups: number[];
  /** Per feature: training mean of the transformed value (the logistic attribution centre). */
  center: number[];
  /** Per feature: the transformed value of a typical customer (median / most common level). */
  baseline: number[];
}

export interface FeatureMatrix {
  /** Row-major, rows x features. */
  X: Float32Array;
  rows: number;
  features: number;
  names: string[];
  labels: string[];
  /** Feature -> source column index (into groupNames), so one-hot columns move together. */
  groups: Int32Array;
  groupNames: string[];
}

const typeFamily = (c: Column): string =>
  c.type === 'integer' || c.type === 'number' ? 'number' : c.type === 'category' || c.type === 'text' || c.type === 'id' ? 'text' : c.type;

const stepFamily: Record<ColumnStep['kind'], string[]> = {
  numeric: ['number', 'boolean'],
  date: ['date'],
  boolean: ['boolean', 'number'],
  categorical: ['text'],
};

const stepTypeName: Record<ColumnStep['kind'], string> = {
  numeric: 'number',
  date: 'date',
  boolean: 'boolean',
  categorical: 'category',
};

function allRows(n: number): Int32Array {
  const r = new Int32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return 0;
  return n % 2 ? sorted[(n - 1) >> 1] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/** Present values of `read` over `rows`, sorted, plus the count of missing ones. */
function presentSorted(rows: Int32Array, read: (r: number) => number): { sorted: Float64Array; missing: number } {
  const buf = new Float64Array(rows.length);
  let k = 0;
  for (const r of rows) {
    const v = read(r);
    if (!Number.isNaN(v)) buf[k++] = v;
  }
  return { sorted: buf.subarray(0, k).sort(), missing: rows.length - k };
}

function countDistinctSorted(sorted: Float64Array): number {
  let d = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) d++;
  return d;
}

function standardise(rows: Int32Array, read: (r: number) => number): Standardised & { distinct: number } {
  const { sorted, missing } = presentSorted(rows, read);
  const med = median(sorted);
  let sum = 0;
  for (const v of sorted) sum += v;
  const n = rows.length;
  const mean = (sum + missing * med) / n;
  let ss = missing * (med - mean) ** 2;
  for (const v of sorted) ss += (v - mean) ** 2;
  const std = Math.sqrt(ss / n);
  return { median: med, mean, std: std > 0 ? std : 1, indicator: missing > 0, distinct: countDistinctSorted(sorted) + (missing > 0 ? 1 : 0) };
}

/** Why a column cannot be a feature, or null when it can. */
function idLike(c: Column, rows: Int32Array, opts: PipelineOptions): string | null {
  if (c.type === 'id') return 'identifier column';
  if (isNumericColumn(c)) {
    if (c.type !== 'integer' || rows.length < 20) return null;
    const { sorted, missing } = presentSorted(rows, (r) => c.values[r]);
    if (missing === 0 && countDistinctSorted(sorted) === rows.length) return `ID-like (a different whole number in each of ${rows.length} rows)`;
    return null;
  }
  const seen = new Uint8Array(c.dictionary.length);
  let distinct = 0;
  let present = 0;
  for (const r of rows) {
    const code = c.codes[r];
    if (code < 0) continue;
    present++;
    if (!seen[code]) {
      seen[code] = 1;
      distinct++;
    }
  }
  if (present >= 20 && distinct >= opts.idDistinctShare * present) return `ID-like (${distinct} distinct values in ${present} rows)`;
  return null;
}

function latestDate(table: Table, rows: Int32Array): number {
  let latest = -Infinity;
  for (const c of table.columns) {
    if (c.type !== 'date') continue;
    for (const r of rows) if (c.values[r] > latest) latest = c.values[r];
  }
  return latest;
}

function fitCategorical(c: Column & { codes: Int32Array; dictionary: string[] }, rows: Int32Array, opts: PipelineOptions): ColumnStep | string {
  const counts = new Float64Array(c.dictionary.length + 1);
  const MISSING = c.dictionary.length;
  for (const r of rows) {
    const code = c.codes[r];
    counts[code < 0 ? MISSING : code]++;
  }
  const minCount = Math.max(opts.rareCount, opts.rareShare * rows.length);
  const levels: { name: string; n: number }[] = [];
  let rare = 0;
  let used = 0;
  let mode = '';
  let modeN = -1;
  counts.forEach((n, code) => {
    if (n === 0) return;
    used++;
    const name = code === MISSING ? MISSING_LEVEL : c.dictionary[code];
    if (n >= minCount) levels.push({ name, n });
    else rare += n;
  });
  if (used < 2) return 'constant';
  levels.sort((a, b) => b.n - a.n || (a.name < b.name ? -1 : 1));
  if (levels.length === 0) return `every level is rare: each in fewer than ${Math.ceil(minCount)} rows`;
  for (const l of levels) if (l.n > modeN) [mode, modeN] = [l.name, l.n];
  if (rare > modeN) mode = OTHER_LEVEL;
  return { kind: 'categorical', column: c.name, levels: levels.map((l) => l.name), other: rare > 0, mode };
}

function fitStep(table: Table, c: Column, rows: Int32Array, opts: PipelineOptions, refDate: number): ColumnStep | string {
  if (!isNumericColumn(c)) return fitCategorical(c, rows, opts);
  const values = c.values;
  if (c.type === 'boolean') {
    const { sorted, missing } = presentSorted(rows, (r) => values[r]);
    if (countDistinctSorted(sorted) + (missing > 0 ? 1 : 0) < 2) return 'constant';
    let ones = 0;
    for (const v of sorted) ones += v;
    return { kind: 'boolean', column: c.name, fill: ones * 2 >= sorted.length ? 1 : 0, indicator: missing > 0 };
  }
  if (c.type === 'date') {
    if (!Number.isFinite(refDate)) return 'no dates in the training rows';
    const s = standardise(rows, (r) => (refDate - values[r]) / DAY_MS);
    if (s.distinct < 2) return 'constant';
    const { distinct: _d, ...st } = s;
    return { kind: 'date', column: c.name, referenceDate: refDate, ...st };
  }
  const s = standardise(rows, (r) => values[r]);
  if (s.distinct < 2) return 'constant';
  const { distinct: _d, ...st } = s;
  let integer = true;
  for (const r of rows) if (Number.isFinite(values[r]) && !Number.isInteger(values[r])) integer = false;
  return { kind: 'numeric', column: c.name, ...st, integer };
}

function describeFeatures(steps: ColumnStep[]): { features: string[]; labels: string[]; groups: number[] } {
  const features: string[] = [];
  const labels: string[] = [];
  const groups: number[] = [];
  const add = (name: string, label: string, g: number): void => {
    features.push(name);
    labels.push(label);
    groups.push(g);
  };
  steps.forEach((s, g) => {
    const col = s.column;
    if (s.kind === 'categorical') {
      for (const l of s.levels) add(`${col}=${l}`, `${col} = ${l}`, g);
      if (s.other) add(`${col}=${OTHER_LEVEL}`, `${col} = ${OTHER_LEVEL}`, g);
      return;
    }
    add(col, s.kind === 'date' ? `${col} (days ago)` : col, g);
    if (s.indicator) add(`${col}__missing`, `${col} is missing`, g);
  });
  return { features, labels, groups };
}

/** The transformed value of a typical training customer for each feature of one step. */
function stepBaseline(s: ColumnStep): number[] {
  if (s.kind === 'categorical') {
    const out = s.levels.map((l) => (l === s.mode ? 1 : 0));
    if (s.other) out.push(s.mode === OTHER_LEVEL ? 1 : 0);
    return out;
  }
  const value = s.kind === 'boolean' ? s.fill : (s.median - s.mean) / s.std;
  return s.indicator ? [value, 0] : [value];
}

/**
 * Fits the pipeline on the given training rows (all rows when omitted). Columns that cannot be
 * features (identifiers, ID-like, constant, or left out by the user) are listed in `excluded`
 * with the reason.
 */
export function fitPipeline(table: Table, target: string, rows?: Int32Array, options?: Partial<PipelineOptions>): FittedPipeline {
  const opts = resolvePipelineOptions(options);
  const r = rows ?? allRows(table.rows);
  if (r.length === 0) throw new Error('Cannot fit the feature pipeline on zero rows');
  const names = new Set(table.columns.map((c) => c.name));
  for (const [what, list] of [['include', opts.include], ['exclude', opts.exclude]] as const) {
    for (const n of list ?? []) {
      if (!names.has(n)) throw new Error(`Unknown column "${n}" in ${what} (columns: ${[...names].join(', ')})`);
    }
  }
  const include = opts.include ? new Set(opts.include) : null;
  const exclude = new Set(opts.exclude ?? []);
  const refDate = opts.referenceDate ?? latestDate(table, r);

  const steps: ColumnStep[] = [];
  const excluded: ExcludedColumn[] = [];
  for (const c of table.columns) {
    if (c.name === target) continue;
    let reason: string | null = null;
    if (include && !include.has(c.name)) reason = 'not selected';
    else if (exclude.has(c.name)) reason = 'excluded by user';
    else reason = idLike(c, r, opts);
    const step = reason === null ? fitStep(table, c, r, opts, refDate) : reason;
    if (typeof step === 'string') excluded.push({ name: c.name, reason: step });
    else steps.push(step);
  }
  if (steps.length === 0) throw new Error(`No usable feature columns (excluded: ${excluded.map((e) => `${e.name}: ${e.reason}`).join('; ')})`);

  const { features, labels, groups } = describeFeatures(steps);
  const pipeline: FittedPipeline = { version: 1, target, steps, excluded, features, labels, groups, center: [], baseline: steps.flatMap(stepBaseline) };
  const fm = transformTable(pipeline, table, r);
  const center = new Float64Array(fm.features);
  for (let i = 0; i < fm.rows; i++) for (let j = 0; j < fm.features; j++) center[j] += fm.X[i * fm.features + j];
  pipeline.center = Array.from(center, (s) => s / fm.rows);
  return pipeline;
}

/** Missing or mistyped columns of `table` for this pipeline, one message each. */
export function columnProblems(p: FittedPipeline, table: Table): string[] {
  const problems: string[] = [];
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  for (const s of p.steps) {
    const c = byName.get(s.column);
    if (!c) problems.push(`missing column "${s.column}"`);
    else if (!stepFamily[s.kind].includes(typeFamily(c))) problems.push(`column "${s.column}" is ${c.type}, expected ${stepTypeName[s.kind]}`);
  }
  return problems;
}

/** Applies a fitted pipeline to `rows` of `table` (all rows when omitted). */
export function transformTable(p: FittedPipeline, table: Table, rows?: Int32Array): FeatureMatrix {
  const problems = columnProblems(p, table);
  if (problems.length) throw new Error(`The table does not match the model's columns: ${problems.join('; ')}`);
  const r = rows ?? allRows(table.rows);
  const n = r.length;
  const d = p.features.length;
  const X = new Float32Array(n * d);
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  let offset = 0;
  for (const s of p.steps) {
    const c = byName.get(s.column) as Column;
    if (s.kind === 'categorical') {
      const cc = c as Column & { codes: Int32Array; dictionary: string[] };
      const index = new Map(s.levels.map((l, i) => [l, i]));
      const otherIdx = s.other ? s.levels.length : -1;
      // Unseen levels count as "Other" when training had one, else as no level at all.
      const codeMap = Int32Array.from(cc.dictionary, (v) => index.get(v) ?? otherIdx);
      const missingIdx = index.get(MISSING_LEVEL) ?? otherIdx;
      for (let i = 0; i < n; i++) {
        const code = cc.codes[r[i]];
        const k = code < 0 ? missingIdx : codeMap[code];
        if (k >= 0) X[i * d + offset + k] = 1;
      }
      offset += s.levels.length + (s.other ? 1 : 0);
      continue;
    }
    const values = (c as Column & { values: Float64Array }).values;
    for (let i = 0; i < n; i++) {
      const raw = values[r[i]];
      const missing = Number.isNaN(raw);
      let v: number;
      if (s.kind === 'boolean') v = missing ? s.fill : raw === 0 ? 0 : 1;
      else {
        const x = missing ? s.median : s.kind === 'date' ? (s.referenceDate - raw) / DAY_MS : raw;
        v = (x - s.mean) / s.std;
      }
      X[i * d + offset] = v;
      if (s.indicator) X[i * d + offset + 1] = missing ? 1 : 0;
    }
    offset += s.indicator ? 2 : 1;
  }
  return {
    X,
    rows: n,
    features: d,
    names: p.features,
    labels: p.labels,
    groups: Int32Array.from(p.groups),
    groupNames: p.steps.map((s) => s.column),
  };
}
