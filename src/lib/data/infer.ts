// Column type inference from a sample of cell texts plus the column's name.
import type { ColumnType } from './table';
import type { Delimiter } from './csv';
import {
  BOOLEAN_PAIRS,
  DATE_KIND_LABEL,
  UNIX_SECONDS_RANGE,
  isMissing,
  numberShape,
  parseDate,
  parseNumber,
  type DateKind,
  type DecimalMark,
} from './values';

/** How the importer reads a column's cells. */
export type ValueFormat =
  | { kind: 'number'; decimal: DecimalMark; percent: boolean; currency: boolean }
  | { kind: 'boolean'; pair: readonly [string, string] }
  | { kind: 'date'; date: DateKind; ambiguous: boolean }
  /** integralFloat: `17850.0` is stored as `17850`. */
  | { kind: 'id'; integralFloat: boolean }
  | { kind: 'string' };

export interface ColumnInference {
  name: string;
  type: ColumnType;
  format: ValueFormat;
  /** For the user, e.g. "dates read as D/M/YYYY because 23/04/2020 appears on line 12". */
  notes: string[];
  /** Sample cells that do not fit the type and will be read as missing. */
  invalid: number;
  /** Why this type, from the values: "boolean: only 0 and 1", "id: 10,000 distinct of 10,000, sequential". */
  reason: string;
}

export interface InferOptions {
  delimiter?: Delimiter;
}

/** Share of non-missing cells that must fit a type for the column to get it. */
export const TYPE_THRESHOLD = 0.95;
/** Distinct share of the sample that makes a column near-unique (a key candidate). */
export const NEAR_UNIQUE = 0.95;
/** An id-named column with repeats (a transactions file's customer column) needs this many distinct values. */
export const ID_MIN_DISTINCT = 20;
/** Integers with at most this many distinct values spread over a wide range are codes (area codes). */
export const CODE_MAX_DISTINCT = 12;
/** Unnamed columns need this many rows before "all distinct" says id. */
const UNIQUE_MIN_ROWS = 100;

const STRONG_ID_WORDS = new Set(['id', 'ids', 'uuid', 'guid', 'key', 'no', 'nr', 'num', 'code']);
const WEAK_ID_WORDS = new Set(['user', 'customer', 'client', 'member', 'account', 'invoice', 'order', 'session', 'transaction', 'sku', 'item', 'product', 'movie']);
// "customerid", "userno": names written in one lower-case word.
const GLUED_ID = /^(?:customer|user|client|member|account|item|product|movie|order|invoice|transaction|session|stock)(?:id|no|code|key)$/;
const TIME_WORDS = new Set(['time', 'timestamp', 'ts', 'date', 'datetime', 'created', 'updated', 'epoch', 'unixtime']);

/** Words of a column name: camelCase, snake_case, spaces and dashes split; lower-case. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function idNameStrength(name: string): 'strong' | 'weak' | 'none' {
  const w = nameWords(name);
  if (w.length === 0) return 'none';
  const last = w[w.length - 1];
  if (STRONG_ID_WORDS.has(last) || GLUED_ID.test(last)) return 'strong';
  if (WEAK_ID_WORDS.has(last)) return 'weak';
  return 'none';
}

function isTimeName(name: string): boolean {
  return nameWords(name).some((w) => TIME_WORDS.has(w));
}

function isGenericName(name: string): boolean {
  return /^column_\d+$/.test(name);
}

interface Distinct {
  /** Trimmed non-missing value -> [occurrences, index of first occurrence]. */
  map: Map<string, [number, number]>;
  nonMissing: number;
}

function distinctValues(values: readonly string[]): Distinct {
  const map = new Map<string, [number, number]>();
  // Samples repeat a few spellings many times: decide "missing?" and trim once per spelling.
  const seen = new Map<string, [number, number] | null>();
  let nonMissing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    let e = seen.get(v);
    if (e === undefined) {
      if (isMissing(v)) e = null;
      else {
        const t = v.trim();
        e = map.get(t);
        if (!e) {
          e = [0, i];
          map.set(t, e);
        }
      }
      seen.set(v, e);
    }
    if (e) {
      e[0]++;
      nonMissing++;
    }
  }
  return { map, nonMissing };
}

/** Cells (by occurrence) for which `fits` fails, and the first of them. */
function misfits(d: Distinct, fits: (v: string) => boolean): { count: number; first: string | null; index: number } {
  let count = 0;
  let first: string | null = null;
  let index = Infinity;
  for (const [v, [n, i]] of d.map) {
    if (fits(v)) continue;
    count += n;
    if (i < index) {
      index = i;
      first = v;
    }
  }
  return { count, first, index };
}

function booleanPair(d: Distinct): readonly [string, string] | null {
  const lower = new Set<string>();
  for (const v of d.map.keys()) lower.add(v.toLowerCase());
  if (lower.size === 0 || lower.size > 2) return null;
  for (const pair of BOOLEAN_PAIRS) {
    if (![...lower].every((v) => v === pair[0] || v === pair[1])) continue;
    // A column of only 0 or only 1 is more likely a number than a flag.
    if (pair[0] === '1' && lower.size < 2) return null;
    return pair;
  }
  return null;
}

function numberFormat(d: Distinct, delimiter: Delimiter | undefined): { decimal: DecimalMark; percent: boolean; currency: boolean; numeric: number } {
  let dot = 0;
  let comma = 0;
  let ambDot = 0;
  let ambComma = 0;
  let percent = false;
  let currency = false;
  let numeric = 0;
  for (const [v, [n]] of d.map) {
    const s = numberShape(v);
    if (!s) continue;
    numeric += n;
    if (s.percent) percent = true;
    if (s.currency) currency = true;
    if (s.decimal === 'dot') dot += n;
    else if (s.decimal === 'comma') comma += n;
    else if (s.decimal === 'ambiguous-dot') ambDot += n;
    else if (s.decimal === 'ambiguous-comma') ambComma += n;
  }
  let decimal: DecimalMark = '.';
  if (comma > dot) decimal = ',';
  // Only "1,234" or only "1.234" seen: in a ;-separated file (the European convention) the comma
  // is the decimal mark and the dot groups thousands; elsewhere the other way round.
  else if (comma === 0 && dot === 0 && (ambComma > 0) !== (ambDot > 0) && delimiter === ';') decimal = ',';
  return { decimal, percent, currency, numeric };
}

const INTEGRAL_FLOAT = /^-?\d+\.0+$/;
const INTEGER_TEXT = /^[+-]?\d+$/;

function lineOf(lines: ArrayLike<number> | undefined, index: number): string {
  return lines && index < lines.length ? ` on line ${lines[index]}` : '';
}

function dateKindFor(d: Distinct, lines: ArrayLike<number> | undefined): { kind: DateKind; ambiguous: boolean; fit: number; note: string | null } | null {
  let best: { kind: DateKind; fit: number } | null = null;
  for (const kind of ['iso', 'ymd8', 'dmon', 'mdy', 'dmy'] as const) {
    const bad = misfits(d, (v) => !Number.isNaN(parseDate(kind, v)));
    const fit = d.nonMissing - bad.count;
    if (!best || fit > best.fit) best = { kind, fit };
  }
  if (!best || best.fit === 0) return null;
  if (best.kind !== 'mdy' && best.kind !== 'dmy') return { kind: best.kind, ambiguous: false, fit: best.fit, note: null };
  // Day or month first: decided by a first part above 12 (D/M) or a second part above 12 (M/D).
  const mdyBad = misfits(d, (v) => !Number.isNaN(parseDate('mdy', v)));
  const dmyBad = misfits(d, (v) => !Number.isNaN(parseDate('dmy', v)));
  const onlyDmy = misfits(d, (v) => Number.isNaN(parseDate('dmy', v)) || !Number.isNaN(parseDate('mdy', v)));
  const onlyMdy = misfits(d, (v) => Number.isNaN(parseDate('mdy', v)) || !Number.isNaN(parseDate('dmy', v)));
  if (onlyDmy.count > 0 && onlyDmy.count >= onlyMdy.count) {
    return {
      kind: 'dmy',
      ambiguous: false,
      fit: d.nonMissing - dmyBad.count,
      note: `dates read as D/M/YYYY because ${onlyDmy.first} appears${lineOf(lines, onlyDmy.index)}`,
    };
  }
  if (onlyMdy.count > 0) {
    return {
      kind: 'mdy',
      ambiguous: false,
      fit: d.nonMissing - mdyBad.count,
      note: `dates read as M/D/YYYY because ${onlyMdy.first} appears${lineOf(lines, onlyMdy.index)}`,
    };
  }
  return {
    kind: 'mdy',
    ambiguous: true,
    fit: d.nonMissing - mdyBad.count,
    note: 'dates could be D/M/YYYY or M/D/YYYY (no day above 12 in the sample): read as M/D/YYYY; change it if that is wrong',
  };
}

function misfitNote(count: number, first: string | null, index: number, lines: ArrayLike<number> | undefined, what: string): string {
  return `${count} value${count === 1 ? '' : 's'} in the sample ${count === 1 ? 'is' : 'are'} not ${what} (e.g. "${first}"${lineOf(lines, index)}): read as missing`;
}

const count = (n: number): string => n.toLocaleString('en-US');

/** "4,372 distinct of 8,254". */
function distinctText(d: Distinct): string {
  return `${count(d.map.size)} distinct of ${count(d.nonMissing)}`;
}

function nearUnique(d: Distinct): boolean {
  return d.map.size >= NEAR_UNIQUE * d.nonMissing;
}

/** Whole numbers 1..n (or 0..n-1, any start) counting up by one in file order: a row number. */
function isSequential(values: readonly string[]): boolean {
  let prev = NaN;
  let seen = 0;
  for (const v of values) {
    if (isMissing(v)) return false;
    const t = v.trim();
    if (!INTEGER_TEXT.test(t)) return false;
    const x = Number(t);
    if (seen > 0 && x !== prev + 1) return false;
    prev = x;
    seen++;
  }
  return seen >= 3;
}

/**
 * Infers a column's type and value format from sample cells. `lines` gives each cell's physical line,
 * for notes that point the user at the evidence.
 */
export function inferColumn(name: string, values: readonly string[], lines?: ArrayLike<number>, opts: InferOptions = {}): ColumnInference {
  const d = distinctValues(values);
  const n = d.nonMissing;
  const notes: string[] = [];
  // A name only raises or lowers confidence; the values decide (a 2- or 3-valued column is never an id).
  const idName = idNameStrength(name);
  const str = (type: ColumnType, reason: string): ColumnInference => ({ name, type, format: { kind: 'string' }, notes, invalid: 0, reason });
  if (n === 0) {
    notes.push('no values in the sample');
    return str('category', 'category: no values in the sample');
  }
  const keys = [...d.map.keys()];
  const allIntegerText = keys.every((v) => INTEGER_TEXT.test(v));
  const k = d.map.size;
  // Enough distinct values for an id-named column with repeats to be a key (customers in a transactions file).
  const idByName = idName !== 'none' && (nearUnique(d) || k >= ID_MIN_DISTINCT);

  const pair = booleanPair(d);
  if (pair) return { name, type: 'boolean', format: { kind: 'boolean', pair }, notes, invalid: 0, reason: `boolean: only ${keysInOrder(d).join(' and ')}` };

  // Zero-padded integers are codes, not quantities: keep their text.
  if (allIntegerText && keys.some((v) => v.length > 1 && v.replace(/^[+-]/, '')[0] === '0')) {
    const lengths = new Set(keys.map((v) => v.length));
    if (idByName || (lengths.size === 1 && (nearUnique(d) || k >= ID_MIN_DISTINCT))) {
      notes.push('zero-padded numbers kept as text ids');
      return { name, type: 'id', format: { kind: 'id', integralFloat: false }, notes, invalid: 0, reason: `id: zero-padded codes, ${distinctText(d)}` };
    }
    if (lengths.size === 1) return str('category', `category: zero-padded code with ${count(k)} values (kept as text)`);
  }

  if (idName !== 'strong') {
    const date = dateKindFor(d, lines);
    // YYYYMMDD needs every value to be a plausible date, not just most: 8-digit codes are common.
    const threshold = date?.kind === 'ymd8' ? 1 : TYPE_THRESHOLD;
    if (date && date.fit >= threshold * n) {
      if (date.note) notes.push(date.note);
      const bad = misfits(d, (v) => !Number.isNaN(parseDate(date.kind, v)));
      if (bad.count) notes.push(misfitNote(bad.count, bad.first, bad.index, lines, `dates (${DATE_KIND_LABEL[date.kind]})`));
      const share = bad.count ? `${Math.floor((100 * (n - bad.count)) / n)}% of values` : 'every value';
      // "2010-12-01 08:26" says more than its date part.
      const timed = keys.some((v) => /\d[ T]\d{1,2}:\d{2}/.test(v)) ? ' with a time of day' : '';
      return {
        name,
        type: 'date',
        format: { kind: 'date', date: date.kind, ambiguous: date.ambiguous },
        notes,
        invalid: bad.count,
        reason: `date: ${share} read as ${DATE_KIND_LABEL[date.kind]}${timed}`,
      };
    }
  }

  const nf = numberFormat(d, opts.delimiter);
  if (nf.numeric >= TYPE_THRESHOLD * n) {
    const bad = misfits(d, (v) => !Number.isNaN(parseNumber(v, nf.decimal)));
    if (bad.count <= (1 - TYPE_THRESHOLD) * n) {
      const parsed = keys.map((v) => parseNumber(v, nf.decimal)).filter((v) => !Number.isNaN(v));
      const integral = parsed.every(Number.isInteger);
      const plain = integral && !nf.percent && !nf.currency;
      const integralFloat = keys.some((v) => INTEGRAL_FLOAT.test(v));
      const asId = (reason: string): ColumnInference => {
        if (integralFloat) notes.push(`ids written as decimals (e.g. "${keys.find((v) => INTEGRAL_FLOAT.test(v))}") are stored without ".0"`);
        return { name, type: 'id', format: { kind: 'id', integralFloat }, notes, invalid: bad.count, reason };
      };
      if (plain && k >= 3 && k === n && (idName !== 'none' || n >= ID_MIN_DISTINCT) && isSequential(values)) {
        return asId(`id: ${distinctText(d)}, sequential (a row number)`);
      }
      if (plain && idByName) return asId(`id: ${distinctText(d)}, named like an id`);
      // "5.0" says the column holds measurements, even when every value happens to be whole.
      const integer = integral && !keys.some((v) => v.includes(nf.decimal));
      if (integer && (isTimeName(name) || isGenericName(name))) {
        const [lo, hi] = UNIX_SECONDS_RANGE;
        if (parsed.every((v) => v >= lo && v <= hi)) {
          notes.push('integers read as unix time (seconds since 1970)');
          return { name, type: 'date', format: { kind: 'date', date: 'unix-s', ambiguous: false }, notes, invalid: bad.count, reason: 'date: whole numbers in the range of unix time (seconds)' };
        }
        if (parsed.every((v) => v >= lo * 1000 && v <= hi * 1000)) {
          notes.push('integers read as unix time (milliseconds since 1970)');
          return { name, type: 'date', format: { kind: 'date', date: 'unix-ms', ambiguous: false }, notes, invalid: bad.count, reason: 'date: whole numbers in the range of unix time (milliseconds)' };
        }
      }
      if (integer && plain && k === n && n >= UNIQUE_MIN_ROWS) return asId(`id: ${distinctText(d)}, every whole number different`);
      if (integer && plain && bad.count === 0) {
        let lo = Infinity;
        let hi = -Infinity;
        for (const v of parsed) {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        // 408, 415, 510: a few values far apart are labels, not amounts (a count like 0..9 is dense).
        if (k >= 2 && k <= CODE_MAX_DISTINCT && n >= 2 * k && hi - lo + 1 > 3 * k) {
          return { name, type: 'category', format: { kind: 'string' }, notes, invalid: 0, reason: `category: integer code with ${k} values` };
        }
      }
      if (nf.decimal === ',') notes.push('decimal comma (1.234,56 = 1234.56)');
      if (nf.percent) notes.push('values end in %: kept as written (12% is read as 12)');
      if (nf.currency) notes.push('currency symbols ignored');
      if (bad.count) notes.push(misfitNote(bad.count, bad.first, bad.index, lines, 'numbers'));
      const range = parsed.length ? `${formatRange(parsed)}` : '';
      return {
        name,
        type: integer ? 'integer' : 'number',
        format: { kind: 'number', decimal: nf.decimal, percent: nf.percent, currency: nf.currency },
        notes,
        invalid: bad.count,
        reason: integer ? `integer: whole numbers${range}, ${count(k)} distinct` : `number: decimals${range}`,
      };
    }
  }

  if (idByName) return str('id', `id: ${distinctText(d)}, named like an id`);
  let totalLength = 0;
  let spaced = false;
  for (const [v, [c]] of d.map) {
    totalLength += v.length * c;
    if (!spaced && /\s/.test(v)) spaced = true;
  }
  const meanLength = totalLength / n;
  if (n >= ID_MIN_DISTINCT && k === n && !spaced && meanLength <= 40) return str('id', `id: ${distinctText(d)}, short codes without spaces`);
  if (k / n > 0.5 && meanLength >= 15 && k > 20) return str('text', `text: ${distinctText(d)}, ${Math.round(meanLength)} characters on average`);
  return str('category', `category: ${count(k)} distinct value${k === 1 ? '' : 's'}${k > 1 ? ` of ${count(n)}` : ''}`);
}

/** The distinct values in order of first appearance (for short reasons). */
function keysInOrder(d: Distinct): string[] {
  return [...d.map.entries()].sort((a, b) => a[1][1] - b[1][1]).map(([v]) => v);
}

function formatRange(values: number[]): string {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  // As the profile shows them: separators, at most two decimals.
  const f = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return lo === hi ? ` (all ${f(lo)})` : ` from ${f(lo)} to ${f(hi)}`;
}

/** The value format for a type the user chose, read from the same sample. */
export function inferColumnAs(name: string, type: ColumnType, values: readonly string[], lines?: ArrayLike<number>, opts: InferOptions = {}): ColumnInference {
  const auto = inferColumn(name, values, lines, opts);
  if (auto.type === type) return auto;
  const d = distinctValues(values);
  const notes = [`type set to ${type} (detected: ${auto.type})`];
  const reason = `${type}: chosen by you (detected ${auto.reason})`;
  switch (type) {
    case 'integer':
    case 'number': {
      const nf = numberFormat(d, opts.delimiter);
      const bad = misfits(d, (v) => !Number.isNaN(parseNumber(v, nf.decimal)));
      if (bad.count) notes.push(misfitNote(bad.count, bad.first, bad.index, lines, 'numbers'));
      return { name, type, format: { kind: 'number', decimal: nf.decimal, percent: nf.percent, currency: nf.currency }, notes, invalid: bad.count, reason };
    }
    case 'date': {
      let kind: DateKind = 'iso';
      let ambiguous = false;
      const date = dateKindFor(d, lines);
      if (auto.format.kind === 'date') kind = auto.format.date;
      else if (date) {
        kind = date.kind;
        ambiguous = date.ambiguous;
      } else if (keys(d).every((v) => INTEGER_TEXT.test(v))) kind = 'unix-s';
      const bad = misfits(d, (v) => !Number.isNaN(parseDate(kind, v)));
      if (bad.count) notes.push(misfitNote(bad.count, bad.first, bad.index, lines, `dates (${DATE_KIND_LABEL[kind]})`));
      return { name, type, format: { kind: 'date', date: kind, ambiguous }, notes, invalid: bad.count, reason };
    }
    case 'boolean': {
      let best: readonly [string, string] = BOOLEAN_PAIRS[0];
      let bestFit = -1;
      for (const pair of BOOLEAN_PAIRS) {
        const fit = d.nonMissing - misfits(d, (v) => pair.includes(v.toLowerCase())).count;
        if (fit > bestFit) {
          best = pair;
          bestFit = fit;
        }
      }
      const bad = misfits(d, (v) => best.includes(v.toLowerCase()));
      if (bad.count) notes.push(misfitNote(bad.count, bad.first, bad.index, lines, `${best[0]}/${best[1]}`));
      return { name, type, format: { kind: 'boolean', pair: best }, notes, invalid: bad.count, reason };
    }
    case 'id':
      return { name, type, format: { kind: 'id', integralFloat: keys(d).some((v) => INTEGRAL_FLOAT.test(v)) }, notes, invalid: 0, reason };
    default:
      return { name, type, format: { kind: 'string' }, notes, invalid: 0, reason };
  }
}

function keys(d: Distinct): string[] {
  return [...d.map.keys()];
}
