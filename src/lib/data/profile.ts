// Column profiles for the data preview: counts, spread, histograms, top values and warnings.
import { isNumericColumn, type CategoricalColumn, type Column, type ColumnType, type NumericColumn, type Table } from './table';

export interface HistogramBin {
  x0: number;
  x1: number;
  count: number;
}

export interface TopValue {
  value: string;
  count: number;
}

export type ProfileWarning = 'id-like' | 'constant' | 'mixed' | 'mostly-missing';

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  rows: number;
  missing: number;
  /** 0..100 */
  missingPct: number;
  distinct: number;
  /** Numeric and date columns (dates in epoch ms). */
  min?: number;
  max?: number;
  mean?: number;
  /** Sample standard deviation (n - 1). */
  std?: number;
  histogram?: HistogramBin[];
  /** Categorical and boolean columns: the most frequent values, most frequent first. */
  top?: TopValue[];
  /** Date columns: ISO texts of the first and last date. */
  dateRange?: { min: string; max: string };
  warnings: ProfileWarning[];
  /** Cells the importer could not read as this type (they are missing now). */
  invalid: number;
  /** A few of those cells, for the "mixed content" warning. */
  invalidExamples: CellExample[];
}

/** A cell that did not fit its type: by file line (import) or by stored row (a later change of type). */
export interface CellExample {
  line?: number;
  /** 1-based, over the stored rows. */
  row?: number;
  text: string;
  /** e.g. "is not a number". */
  reason?: string;
}

/** What the import said about one column. */
export interface ImportInfo {
  invalid: number;
  examples?: CellExample[];
}

/** The parts of an import report profiles use (ImportReport fits). */
export interface ReportLike {
  invalid: { column: string; count: number; examples: { line: number; text: string }[] }[];
}

export const HISTOGRAM_BINS = 20;
export const TOP_VALUES = 10;
/** A column with more missing cells than this share gets `mostly-missing`. */
export const MOSTLY_MISSING = 0.5;
/** distinct / non-missing at or above this gets `id-like`. */
export const ID_LIKE = 0.95;

export function profileColumn(col: Column, importInfo?: ImportInfo): ColumnProfile {
  const base = isNumericColumn(col) ? profileNumeric(col) : profileCategorical(col);
  const rows = isNumericColumn(col) ? col.values.length : col.codes.length;
  const present = rows - base.missing;
  const warnings: ProfileWarning[] = [];
  const discrete = col.type !== 'number' && col.type !== 'date' && col.type !== 'boolean';
  if (discrete && present >= 20 && base.distinct >= ID_LIKE * present) warnings.push('id-like');
  if (present > 0 && base.distinct === 1) warnings.push('constant');
  if (importInfo && importInfo.invalid > 0) warnings.push('mixed');
  if (rows > 0 && base.missing > MOSTLY_MISSING * rows) warnings.push('mostly-missing');
  return {
    name: col.name,
    type: col.type,
    rows,
    missingPct: rows ? (100 * base.missing) / rows : 0,
    ...base,
    warnings,
    invalid: importInfo?.invalid ?? 0,
    invalidExamples: importInfo?.examples ?? [],
  };
}

export function profileTable(table: Table, report?: ReportLike): { rows: number; columns: ColumnProfile[] } {
  const byName = new Map((report?.invalid ?? []).map((x) => [x.column, x]));
  return {
    rows: table.rows,
    columns: table.columns.map((c) => {
      const inv = byName.get(c.name);
      return profileColumn(c, inv ? { invalid: inv.count, examples: inv.examples } : undefined);
    }),
  };
}

type Partial_ = Omit<ColumnProfile, 'name' | 'type' | 'rows' | 'missingPct' | 'warnings' | 'invalid' | 'invalidExamples'>;

function profileNumeric(col: NumericColumn): Partial_ {
  const v = col.values;
  const n = v.length;
  let missing = 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let integral = true;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (x !== x) {
      missing++;
      continue;
    }
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
    if (integral && Math.floor(x) !== x) integral = false;
  }
  const present = n - missing;
  if (present === 0) return { missing, distinct: 0 };
  const mean = sum / present;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (x === x) ss += (x - mean) * (x - mean);
  }
  const std = present > 1 ? Math.sqrt(ss / (present - 1)) : 0;
  const distinct = integral && max - min < 1 << 22 ? distinctIntegers(v, min, max) : distinctFloats(v);
  const out: Partial_ = { missing, distinct, min, max, mean, std, histogram: histogram(v, min, max, integral) };
  if (col.type === 'boolean') {
    let ones = 0;
    for (let i = 0; i < n; i++) if (v[i] === 1) ones++;
    out.top = [
      { value: 'true', count: ones },
      { value: 'false', count: present - ones },
    ].sort((a, b) => b.count - a.count);
  }
  if (col.type === 'date') out.dateRange = { min: isoDate(min), max: isoDate(max) };
  return out;
}

function isoDate(ms: number): string {
  const s = new Date(ms).toISOString();
  return ms % 86_400_000 === 0 ? s.slice(0, 10) : s.slice(0, 19);
}

function distinctIntegers(v: Float64Array, min: number, max: number): number {
  const seen = new Uint8Array(max - min + 1);
  let k = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x !== x) continue;
    const j = x - min;
    if (seen[j] === 0) {
      seen[j] = 1;
      k++;
    }
  }
  return k;
}

/** Exact distinct count with an open-addressing hash over the doubles' bit patterns. */
function distinctFloats(v: Float64Array): number {
  let size = 1024;
  while (size < v.length * 2) size *= 2;
  const mask = size - 1;
  const table = new Float64Array(size);
  const used = new Uint8Array(size);
  const bits = new Uint32Array(v.buffer, v.byteOffset, v.length * 2);
  let k = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x !== x) continue;
    // +0 and -0 are one value; their bit patterns differ.
    const lo = x === 0 ? 0 : bits[2 * i];
    const hi = x === 0 ? 0 : bits[2 * i + 1];
    let h = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi ^ (hi >>> 15), 0x85ebca77)) & mask;
    while (used[h]) {
      if (table[h] === x) break;
      h = (h + 1) & mask;
    }
    if (!used[h]) {
      used[h] = 1;
      table[h] = x;
      k++;
    }
  }
  return k;
}

function histogram(v: Float64Array, min: number, max: number, integral: boolean): HistogramBin[] {
  // Small integer ranges get one bin per value so bars are not split across integers.
  const span = max - min;
  const bins = integral && span + 1 <= HISTOGRAM_BINS ? span + 1 : span === 0 ? 1 : HISTOGRAM_BINS;
  const width = integral && span + 1 <= HISTOGRAM_BINS ? 1 : span === 0 ? 1 : span / bins;
  const counts = new Float64Array(bins);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x !== x) continue;
    let b = Math.floor((x - min) / width);
    if (b >= bins) b = bins - 1;
    counts[b]++;
  }
  const out: HistogramBin[] = [];
  for (let b = 0; b < bins; b++) {
    const x0 = min + b * width;
    out.push({ x0, x1: b === bins - 1 && !(integral && span + 1 <= HISTOGRAM_BINS) ? max : x0 + width, count: counts[b] });
  }
  return out;
}

function profileCategorical(col: CategoricalColumn): Partial_ {
  const codes = col.codes;
  const counts = new Int32Array(col.dictionary.length);
  let missing = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c < 0) missing++;
    else counts[c]++;
  }
  let distinct = 0;
  for (let j = 0; j < counts.length; j++) if (counts[j] > 0) distinct++;
  return { missing, distinct, top: topCounts(counts, col.dictionary, TOP_VALUES) };
}

function topCounts(counts: Int32Array, dictionary: string[], k: number): TopValue[] {
  // Keeps a small sorted list instead of sorting the whole dictionary (ids have one entry per row).
  const best: number[] = [];
  for (let j = 0; j < counts.length; j++) {
    const c = counts[j];
    if (c === 0) continue;
    if (best.length === k && c <= counts[best[k - 1]]) continue;
    let at = best.length;
    while (at > 0 && counts[best[at - 1]] < c) at--;
    best.splice(at, 0, j);
    if (best.length > k) best.pop();
  }
  return best.map((j) => ({ value: dictionary[j], count: counts[j] }));
}
