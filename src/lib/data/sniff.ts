// Dialect sniffing from a decoded sample: delimiter, header row and clean column names.
import { groupDigits, MAX_FIELD_CHARS, tokenize, type Delimiter } from './csv';
import { DATE_KINDS, numberShape, parseDate } from './values';

export interface SniffOptions {
  /** Skip detection and use this delimiter. */
  delimiter?: Delimiter;
  /** Skip detection: whether the first non-blank record is a header. */
  header?: boolean;
  /** Column names (for headerless files; for files with a header they replace its names in order). */
  columns?: string[];
  /** Records read for detection and inference. */
  maxRecords?: number;
}

export interface SniffResult {
  delimiter: Delimiter;
  header: boolean;
  names: string[];
  /** Data records of the sample (header and blank lines removed), fields as written (unquoted). */
  rows: string[][];
  /** Physical line of each sample row. */
  lines: number[];
  notes: string[];
}

export const SNIFF_MAX_RECORDS = 20_000;

const REAL_DELIMITERS: readonly Delimiter[] = [';', '\t', '|', ','];

interface Counts {
  multi: number;
  consistency: number;
  mode: number;
}

function fieldCounts(rows: string[][]): Counts {
  const freq = new Map<number, number>();
  let multi = 0;
  let nonBlank = 0;
  for (const r of rows) {
    if (r.length === 1 && r[0].trim() === '') continue;
    nonBlank++;
    if (r.length > 1) {
      multi++;
      freq.set(r.length, (freq.get(r.length) ?? 0) + 1);
    }
  }
  let mode = 1;
  let best = 0;
  for (const [k, n] of freq) {
    if (n > best || (n === best && k > mode)) {
      best = n;
      mode = k;
    }
  }
  return { multi: nonBlank ? multi / nonBlank : 0, consistency: multi ? best / multi : 0, mode };
}

/** Picks the delimiter whose field counts are most present and consistent over the first lines. */
export function detectDelimiter(text: string): Delimiter {
  const head = cutAtLastBreak(text.slice(0, 64 * 1024), text.length > 64 * 1024);
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const d of REAL_DELIMITERS) {
    const c = fieldCounts(tokenize(head, d, 200).fields);
    const score = c.multi * (0.5 + 0.5 * c.consistency);
    if (score > bestScore + 1e-9) {
      best = d;
      bestScore = score;
    }
  }
  if (bestScore >= 0.5) return best;
  // Space-aligned columns (CDNOW): only when no real delimiter is around and the counts agree.
  const ws = fieldCounts(tokenize(head, 'whitespace', 200).fields);
  if (ws.multi >= 0.8 && ws.consistency >= 0.8) return 'whitespace';
  return bestScore > 0 ? best : ',';
}

function cutAtLastBreak(text: string, truncated: boolean): string {
  if (!truncated) return text;
  const i = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  return i > 0 ? text.slice(0, i + 1) : text;
}

function looksTyped(v: string): boolean {
  const t = v.trim();
  if (!t) return false;
  if (numberShape(t)) return true;
  for (const k of DATE_KINDS) {
    if (k === 'unix-s' || k === 'unix-ms') continue;
    if (!Number.isNaN(parseDate(k, t))) return true;
  }
  return false;
}

/**
 * A first record is a header when none of its cells looks like a number or a date, the file is
 * rectangular (headers name every column; ragged files such as baskets have none), and none of its
 * cells recurs as a value in the same column below.
 */
export function detectHeader(records: string[][]): boolean {
  if (records.length === 0) return false;
  const first = records[0];
  if (first.some(looksTyped)) return false;
  // Data lines ending with a delimiter (`1,a,2,`) still have as many columns as the header.
  const rest = records.slice(1).map((r) => withoutTrailingEmpty(r, first.length));
  if (rest.length === 0) return true;
  const c = fieldCounts(rest);
  const width = Math.max(...rest.map((r) => r.length));
  if (width > 1 && (c.consistency < 0.6 || first.length < c.mode)) return false;
  for (let j = 0; j < first.length; j++) {
    const h = first[j].trim();
    if (!h) continue;
    for (const r of rest) if (r[j] !== undefined && r[j].trim() === h) return false;
  }
  return true;
}

/** The record without empty fields past `width` (a trailing delimiter adds no column). */
export function withoutTrailingEmpty(r: string[], width: number): string[] {
  let c = r.length;
  while (c > width && r[c - 1] === '') c--;
  return c === r.length ? r : r.slice(0, c);
}

/** Trimmed names; empty -> column_N (1-based position); repeats -> name_2, name_3... */
export function cleanNames(raw: string[]): string[] {
  const out: string[] = [];
  const used = new Set<string>();
  raw.forEach((r, i) => {
    let base = r.replace(/^\uFEFF/, '').trim();
    if (!base) base = `column_${i + 1}`;
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}_${k}`;
    used.add(name);
    out.push(name);
  });
  return out;
}

/**
 * Delimiter, header and names from the start of a file. `complete` says whether `text` is the whole
 * file; when it is not, the last (possibly cut) record is dropped from the sample.
 */
export function sniff(text: string, opts: SniffOptions = {}, complete = true): SniffResult {
  const notes: string[] = [];
  const delimiter = opts.delimiter ?? detectDelimiter(text);
  const max = opts.maxRecords ?? SNIFF_MAX_RECORDS;
  let t = tokenize(text, delimiter, { maxRecords: max + 1, complete });
  if (t.fields.length === 0 && !complete) {
    if (!/[\r\n]/.test(text)) throw new Error(`No line break in the first ${groupDigits(text.length)} characters: the file is one very long line, not a table with one record per line`);
    throw new Error(`No complete record in the first ${groupDigits(text.length)} characters (a quote on line 1 that never closes?)`);
  }
  let sampled = read(t, opts);
  // A quoted field that spans lines: read again as the importer will, so that a stray quote does
  // not merge the lines after it into one record of the sample.
  if (t.endLines.some((e, i) => e !== t.lines[i])) {
    t = tokenize(text, delimiter, { maxRecords: max + 1, complete, shape: { fields: Math.max(1, sampled.width), maxFieldChars: MAX_FIELD_CHARS } });
    sampled = read(t, opts);
  }
  const { records, header, rows, rowLines } = sampled;
  let { width } = sampled;
  if (opts.columns && opts.columns.length > width) width = opts.columns.length;
  const raw: string[] = [];
  for (let j = 0; j < width; j++) {
    const given = opts.columns?.[j];
    raw.push(given ?? (header ? (records[0][j] ?? '') : `column_${j + 1}`));
  }
  const names = cleanNames(raw);
  if (!header && opts.header === undefined && records.length) notes.push('No header row detected: columns are named column_1, column_2, ...');
  return { delimiter, header, names, rows, lines: rowLines, notes };
}

/** Header, data rows and width of a tokenized sample (blank lines removed). */
function read(t: { fields: string[][]; lines: number[]; endLines: number[] }, opts: SniffOptions) {
  const keep = t.fields.map((r) => !(r.length === 1 && r[0].trim() === ''));
  const records = t.fields.filter((_, i) => keep[i]);
  const recordLines = t.lines.filter((_, i) => keep[i]);
  const spans = t.endLines.filter((_, i) => keep[i]).map((e, i) => e !== recordLines[i]);
  const header = opts.header ?? detectHeader(records.slice(0, 200));
  let rows = header ? records.slice(1) : records;
  const rowLines = header ? recordLines.slice(1) : recordLines;
  let width = 0;
  if (header && records.length) {
    width = records[0].length;
    rows = rows.map((r) => withoutTrailingEmpty(r, width));
  } else {
    // Records spanning lines may be stray quotes that merged lines: the others set the width.
    const single = spans.includes(false);
    rows.forEach((r, i) => {
      if (!single || !spans[i + (header ? 1 : 0)]) width = Math.max(width, r.length);
    });
  }
  return { records, header, rows, rowLines, width };
}
