// Cell value readers. They work on a range [a, b) of a string so the importer can parse fields in
// place, without slicing a new string per cell; each returns NaN when the text does not fit.
//
// Choices worth knowing:
// - Percentages keep the number as written ("12%" -> 12) and the column gets a note, so a value
//   never silently changes scale.
// - Dates become epoch milliseconds UTC. Wall times without a zone are kept as if they were UTC, so
//   results do not depend on the machine's time zone; an explicit Z or offset is honoured.

const SPACE = 32;
const TAB = 9;
const NBSP = 160;

function isBlankChar(c: number): boolean {
  return c === SPACE || c === TAB || c === NBSP || c === 0x202f;
}

export function trimStart(s: string, a: number, b: number): number {
  while (a < b && isBlankChar(s.charCodeAt(a))) a++;
  return a;
}

export function trimEnd(s: string, a: number, b: number): number {
  while (b > a && isBlankChar(s.charCodeAt(b - 1))) b--;
  return b;
}

/** Spellings of "no value" (compared lower-case, after trimming). Empty and blank cells are missing too. */
export const MISSING_TOKENS: ReadonlySet<string> = new Set(['na', 'n/a', '#n/a', 'null', '?', '-', 'nan', 'none']);

export function isMissingAt(s: string, a: number, b: number): boolean {
  a = trimStart(s, a, b);
  b = trimEnd(s, a, b);
  const len = b - a;
  if (len === 0) return true;
  if (len > 4) return false;
  const c = s.charCodeAt(a);
  if (c >= 48 && c <= 57) return false;
  return MISSING_TOKENS.has(s.slice(a, b).toLowerCase());
}

export function isMissing(s: string): boolean {
  return isMissingAt(s, 0, s.length);
}

// ---------------------------------------------------------------- numbers

export type DecimalMark = '.' | ',';

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Reads a number. The fast path handles `-?\d+([.,]\d+)?` with a digit loop (exact for up to 15
 * significant digits: an exact integer divided by an exact power of ten rounds correctly); anything
 * else (thousands separators, currency, %, exponents, parentheses) goes through `parseNumberSlow`.
 */
export function parseNumberAt(s: string, a: number, b: number, decimal: DecimalMark = '.'): number {
  a = trimStart(s, a, b);
  b = trimEnd(s, a, b);
  if (a === b) return NaN;
  const dec = decimal === '.' ? 46 : 44;
  let i = a;
  let neg = false;
  let c = s.charCodeAt(i);
  if (c === 45) {
    neg = true;
    i++;
  } else if (c === 43) {
    i++;
  }
  const digitsStart = i;
  let m = 0;
  while (i < b) {
    c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    m = m * 10 + c;
    i++;
  }
  let nd = i - digitsStart;
  let frac = 0;
  if (i < b && s.charCodeAt(i) === dec) {
    i++;
    const fs = i;
    while (i < b) {
      c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      m = m * 10 + c;
      i++;
    }
    frac = i - fs;
    nd += frac;
    if (frac === 0 && nd === 0) return NaN;
  }
  if (i === b && nd > 0 && nd <= 15) {
    const v = frac ? m / POW10[frac] : m;
    return neg ? -v : v;
  }
  return parseNumberSlow(s.slice(a, b), decimal);
}

const CURRENCY = /[$€£¥₹]|\b(?:USD|EUR|GBP|CHF)\b/g;
const INNER_SPACE = /[\s\u00a0\u202f']/g;
const DOT_NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d*)(?:\.\d*)?(?:[eE][+-]?\d+)?$/;
const COMMA_NUMBER = /^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d*)(?:,\d*)?(?:[eE][+-]?\d+)?$/;

export function parseNumberSlow(text: string, decimal: DecimalMark = '.'): number {
  let t = text.trim();
  if (!t) return NaN;
  let neg = false;
  if (t.charCodeAt(0) === 40 && t.charCodeAt(t.length - 1) === 41) {
    // Accounting style: (1,200.00) is negative.
    neg = true;
    t = t.slice(1, -1);
  }
  t = t.replace(CURRENCY, '');
  if (t.endsWith('%')) t = t.slice(0, -1);
  t = t.replace(INNER_SPACE, '');
  if (t.endsWith('-') && !t.startsWith('-')) t = '-' + t.slice(0, -1); // trailing minus, as some ledgers write it
  if (!t || !/\d/.test(t)) return NaN;
  let core: string;
  if (decimal === '.') {
    if (!DOT_NUMBER.test(t)) return NaN;
    core = t.replace(/,/g, '');
  } else {
    if (!COMMA_NUMBER.test(t)) return NaN;
    core = t.replace(/\./g, '').replace(',', '.');
  }
  const v = Number(core);
  if (!Number.isFinite(v)) return NaN;
  return neg ? -v : v;
}

export function parseNumber(text: string, decimal: DecimalMark = '.'): number {
  return parseNumberAt(text, 0, text.length, decimal);
}

/** What a numeric-looking cell says about the number format, for inference. */
export interface NumberShape {
  /** 'dot' / 'comma': the mark is surely decimal; 'ambiguous': one separator followed by exactly 3 digits. */
  decimal: 'dot' | 'comma' | 'none' | 'ambiguous-dot' | 'ambiguous-comma';
  currency: boolean;
  percent: boolean;
  exotic: boolean;
}

const SHAPE_CORE = /^[+-]?[\d.,]*\d[\d.,]*(?:[eE][+-]?\d+)?$/;

/** Classifies a cell that may be a number; null when it is not numeric under any convention. */
export function numberShape(text: string): NumberShape | null {
  let t = text.trim();
  if (!t) return null;
  let exotic = false;
  if (t.startsWith('(') && t.endsWith(')')) {
    t = t.slice(1, -1);
    exotic = true;
  }
  const before = t.length;
  t = t.replace(CURRENCY, '');
  const currency = t.length !== before;
  const percent = t.endsWith('%');
  if (percent) t = t.slice(0, -1);
  t = t.replace(INNER_SPACE, '');
  if (t.endsWith('-') && !t.startsWith('-')) t = '-' + t.slice(0, -1);
  if (!SHAPE_CORE.test(t)) return null;
  const dots = count(t, '.');
  const commas = count(t, ',');
  let decimal: NumberShape['decimal'];
  if (dots === 0 && commas === 0) decimal = 'none';
  else if (dots && commas) decimal = t.lastIndexOf('.') > t.lastIndexOf(',') ? 'dot' : 'comma';
  else if (dots > 1) decimal = 'comma';
  else if (commas > 1) decimal = 'dot';
  else {
    const mark = dots ? '.' : ',';
    const after = t.length - t.indexOf(mark) - 1;
    const lead = t.indexOf(mark) - (t[0] === '-' || t[0] === '+' ? 1 : 0);
    if (after === 3 && lead >= 1 && lead <= 3 && !/[eE]/.test(t)) decimal = dots ? 'ambiguous-dot' : 'ambiguous-comma';
    else decimal = dots ? 'dot' : 'comma';
  }
  return { decimal, currency, percent, exotic };
}

function count(s: string, ch: string): number {
  let k = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) k++;
  return k;
}

// ---------------------------------------------------------------- booleans

/** Accepted true/false spellings, lower-case. A column is boolean when its values fit one pair. */
export const BOOLEAN_PAIRS: readonly (readonly [string, string])[] = [
  ['yes', 'no'],
  ['true', 'false'],
  ['y', 'n'],
  ['1', '0'],
  ['vrai', 'faux'],
  ['oui', 'non'],
  ['ja', 'nein'],
  ['si', 'no'],
  ['t', 'f'],
];

/** Reads a boolean cell as 1 / 0 given the column's pair, NaN otherwise. */
export function parseBooleanAt(s: string, a: number, b: number, pair: readonly [string, string]): number {
  a = trimStart(s, a, b);
  b = trimEnd(s, a, b);
  const len = b - a;
  if (len === pair[0].length && equalsLower(s, a, pair[0])) return 1;
  if (len === pair[1].length && equalsLower(s, a, pair[1])) return 0;
  return NaN;
}

function equalsLower(s: string, a: number, lower: string): boolean {
  for (let k = 0; k < lower.length; k++) {
    let c = s.charCodeAt(a + k);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(k)) return false;
  }
  return true;
}

// ---------------------------------------------------------------- dates

export type DateKind = 'iso' | 'ymd8' | 'mdy' | 'dmy' | 'dmon' | 'unix-s' | 'unix-ms';

export const DATE_KINDS: readonly DateKind[] = ['iso', 'ymd8', 'mdy', 'dmy', 'dmon', 'unix-s', 'unix-ms'];

export const DATE_KIND_LABEL: Record<DateKind, string> = {
  iso: 'YYYY-MM-DD',
  ymd8: 'YYYYMMDD',
  mdy: 'M/D/YYYY',
  dmy: 'D/M/YYYY',
  dmon: 'DD-Mon-YYYY',
  'unix-s': 'unix seconds',
  'unix-ms': 'unix milliseconds',
};

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function validYmd(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

// A tiny cursor shared by the date readers (single-threaded, so a module variable is safe and
// keeps the hot path free of allocations).
let P = 0;

function digits(s: string, end: number, min: number, max: number): number {
  let v = 0;
  let k = 0;
  while (P < end && k < max) {
    const c = s.charCodeAt(P) - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
    P++;
    k++;
  }
  return k >= min ? v : -1;
}

function twoDigitYear(y: number): number {
  return y < 70 ? 2000 + y : 1900 + y;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthName(s: string, end: number): number {
  const start = P;
  while (P < end) {
    const c = s.charCodeAt(P) | 32;
    if (c < 97 || c > 122) break;
    P++;
  }
  const len = P - start;
  if (len < 3) return -1;
  const word = s.slice(start, P).toLowerCase();
  const m = MONTHS.indexOf(word.slice(0, 3));
  if (m < 0) return -1;
  // Accept "Sep", "Sept" and full names, not arbitrary words that start like a month.
  if (len > 3 && !FULL_MONTHS[m].startsWith(word)) return -1;
  return m + 1;
}

const FULL_MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Optional time of day after a date, then an optional zone; returns ms to add, or NaN when malformed. */
function timePart(s: string, end: number): number {
  if (P === end) return 0;
  const c = s.charCodeAt(P);
  if (c !== SPACE && c !== 84 /* T */) return NaN;
  P++;
  while (P < end && s.charCodeAt(P) === SPACE) P++;
  if (P === end) return 0;
  const h = digits(s, end, 1, 2);
  if (h < 0 || P >= end || s.charCodeAt(P) !== 58) return NaN;
  P++;
  const mi = digits(s, end, 2, 2);
  if (mi < 0 || mi > 59) return NaN;
  let sec = 0;
  let ms = 0;
  if (P < end && s.charCodeAt(P) === 58) {
    P++;
    sec = digits(s, end, 2, 2);
    if (sec < 0 || sec > 60) return NaN;
    if (P < end && (s.charCodeAt(P) === 46 || s.charCodeAt(P) === 44)) {
      P++;
      const fs = P;
      const f = digits(s, end, 1, 9);
      if (f < 0) return NaN;
      ms = Math.round((f / POW10[P - fs]) * 1000);
    }
  }
  let hour = h;
  while (P < end && s.charCodeAt(P) === SPACE) P++;
  if (P + 1 < end) {
    const a = s.charCodeAt(P) | 32;
    const m = s.charCodeAt(P + 1) | 32;
    if ((a === 97 || a === 112) && m === 109) {
      if (h < 1 || h > 12) return NaN;
      hour = (h % 12) + (a === 112 ? 12 : 0);
      P += 2;
    }
  }
  if (hour > 23) return NaN;
  let offset = 0;
  while (P < end && s.charCodeAt(P) === SPACE) P++;
  if (P < end) {
    const z = s.charCodeAt(P);
    if (z === 90 /* Z */) P++;
    else if (z === 43 || z === 45) {
      P++;
      const oh = digits(s, end, 2, 2);
      if (oh < 0) return NaN;
      if (P < end && s.charCodeAt(P) === 58) P++;
      const om = P < end ? digits(s, end, 2, 2) : 0;
      if (om < 0) return NaN;
      offset = (z === 43 ? -1 : 1) * (oh * 60 + om) * 60_000;
    } else if (end - P === 3 && s.slice(P, end).toUpperCase() === 'UTC') P = end;
  }
  if (P !== end) return NaN;
  return ((hour * 60 + mi) * 60 + sec) * 1000 + ms + offset;
}

function isDateSep(c: number): boolean {
  return c === 45 || c === 47 || c === 46; // - / .
}

function parseIso(s: string, a: number, b: number): number {
  P = a;
  const y = digits(s, b, 4, 4);
  if (y < 0 || P >= b) return NaN;
  const sep = s.charCodeAt(P);
  if (!isDateSep(sep)) return NaN;
  P++;
  const m = digits(s, b, 1, 2);
  if (m < 0 || P >= b || s.charCodeAt(P) !== sep) return NaN;
  P++;
  const d = digits(s, b, 1, 2);
  if (d < 0 || !validYmd(y, m, d)) return NaN;
  const t = timePart(s, b);
  return daysFromCivil(y, m, d) * DAY_MS + t;
}

function parseYmd8(s: string, a: number, b: number): number {
  if (b - a !== 8) return NaN;
  P = a;
  const v = digits(s, b, 8, 8);
  if (v < 0) return NaN;
  const y = Math.floor(v / 10000);
  const m = Math.floor(v / 100) % 100;
  const d = v % 100;
  if (y < 1800 || y > 2200 || !validYmd(y, m, d)) return NaN;
  return daysFromCivil(y, m, d) * DAY_MS;
}

function parseNumericDate(s: string, a: number, b: number, dayFirst: boolean): number {
  P = a;
  const p1 = digits(s, b, 1, 2);
  if (p1 < 0 || P >= b) return NaN;
  const sep = s.charCodeAt(P);
  if (!isDateSep(sep)) return NaN;
  P++;
  const p2 = digits(s, b, 1, 2);
  if (p2 < 0 || P >= b || s.charCodeAt(P) !== sep) return NaN;
  P++;
  const ys = P;
  let y = digits(s, b, 2, 4);
  if (y < 0 || P - ys === 3) return NaN;
  if (P - ys === 2) y = twoDigitYear(y);
  const d = dayFirst ? p1 : p2;
  const m = dayFirst ? p2 : p1;
  if (!validYmd(y, m, d)) return NaN;
  const t = timePart(s, b);
  return daysFromCivil(y, m, d) * DAY_MS + t;
}

function parseDmon(s: string, a: number, b: number): number {
  P = a;
  const d = digits(s, b, 1, 2);
  if (d < 0 || P >= b) return NaN;
  const sep = s.charCodeAt(P);
  if (sep !== 45 && sep !== SPACE && sep !== 47) return NaN;
  P++;
  const m = monthName(s, b);
  if (m < 0 || P >= b || s.charCodeAt(P) !== sep) return NaN;
  P++;
  const ys = P;
  let y = digits(s, b, 2, 4);
  if (y < 0 || P - ys === 3) return NaN;
  if (P - ys === 2) y = twoDigitYear(y);
  if (!validYmd(y, m, d)) return NaN;
  const t = timePart(s, b);
  return daysFromCivil(y, m, d) * DAY_MS + t;
}

function parseUnix(s: string, a: number, b: number, scale: number): number {
  const v = parseNumberAt(s, a, b, '.');
  return Number.isFinite(v) ? Math.round(v * scale) : NaN;
}

/** Reads a date in the given layout as epoch ms UTC; NaN when the cell does not fit it. */
export function parseDateAt(kind: DateKind, s: string, a: number, b: number): number {
  a = trimStart(s, a, b);
  b = trimEnd(s, a, b);
  if (a === b) return NaN;
  switch (kind) {
    case 'iso':
      return parseIso(s, a, b);
    case 'ymd8':
      return parseYmd8(s, a, b);
    case 'mdy':
      return parseNumericDate(s, a, b, false);
    case 'dmy':
      return parseNumericDate(s, a, b, true);
    case 'dmon':
      return parseDmon(s, a, b);
    case 'unix-s':
      return parseUnix(s, a, b, 1000);
    case 'unix-ms':
      return parseUnix(s, a, b, 1);
  }
}

export function parseDate(kind: DateKind, text: string): number {
  return parseDateAt(kind, text, 0, text.length);
}

/** Epoch seconds from 1990 to 2036: the range where a bare integer column plausibly holds unix times. */
export const UNIX_SECONDS_RANGE: readonly [number, number] = [631_152_000, 2_082_758_400];
