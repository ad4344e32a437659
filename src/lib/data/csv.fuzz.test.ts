// Seeded fuzz test of the parser: thousands of small generated files (quotes, delimiters, CRLF/LF/CR,
// ragged rows, stray quotes, blank lines, trailing delimiters) imported in random slices and compared
// with a simple, independent reference reader written here. Every physical line must be accounted for
// (header + rows + rejected + blank + lines inside multi-line rows) and every accepted row must equal
// the reference reading of its lines.
import { describe, expect, it } from 'vitest';
import type { Delimiter } from './csv';
import { Importer, type ColumnChunk, type ColumnSpec, type RejectedRow } from './importer';
import { isMissingAt, trimEnd, trimStart } from './values';

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------- reference reader

interface RefRecord {
  closed: boolean;
  fields: string[];
  quoted: boolean[];
  /** Some quoted field has text after its closing quote. */
  loose: boolean;
  /** Longest raw quoted text that holds a line break. */
  spanMax: number;
  /** Index where the record ends (its line break, or the end of the text). */
  end: number;
}

function readRecord(text: string, at: number, delim: string): RefRecord {
  const fields: string[] = [];
  const quoted: boolean[] = [];
  let loose = false;
  let spanMax = 0;
  let p = at;
  const isEnd = (ch: string | undefined) => ch === undefined || ch === delim || ch === '\n' || ch === '\r';
  for (;;) {
    if (text[p] === '"') {
      let value = '';
      let q = p + 1;
      let close = -1;
      while (close < 0) {
        const j = text.indexOf('"', q);
        if (j < 0) return { closed: false, fields, quoted, loose, spanMax, end: text.length };
        if (text[j + 1] === '"') {
          value += text.slice(q, j) + '"';
          q = j + 2;
        } else {
          value += text.slice(q, j);
          close = j;
        }
      }
      if (/[\r\n]/.test(text.slice(p + 1, close))) spanMax = Math.max(spanMax, close - p - 1);
      let b = close + 1;
      while (!isEnd(text[b])) b++;
      if (b > close + 1) {
        loose = true;
        value += text.slice(close + 1, b);
      }
      fields.push(value);
      quoted.push(true);
      p = b;
    } else {
      let b = p;
      while (!isEnd(text[b])) b++;
      fields.push(text.slice(p, b));
      quoted.push(false);
      p = b;
    }
    if (text[p] === delim) {
      p++;
      continue;
    }
    return { closed: true, fields, quoted, loose, spanMax, end: p };
  }
}

interface RefResult {
  lines: number;
  headerLine: number | null;
  rows: string[][];
  rejected: { line: number; text: string }[];
  blank: number;
  continuation: number;
}

/** RFC 4180 records, except that a record spanning lines must fit, else only its first line is rejected. */
function reference(text: string, delim: string, width: number, header: boolean, maxField: number): RefResult {
  const lines: { start: number; end: number }[] = [];
  for (let i = 0; i < text.length; ) {
    let e = i;
    while (e < text.length && text[e] !== '\n' && text[e] !== '\r') e++;
    lines.push({ start: i, end: e });
    i = e >= text.length ? e : text[e] === '\r' && text[e + 1] === '\n' ? e + 2 : e + 1;
  }
  const out: RefResult = { lines: lines.length, headerLine: null, rows: [], rejected: [], blank: 0, continuation: 0 };
  let headerPending = header;
  const lineText = (i: number) => text.slice(lines[i].start, lines[i].end);
  const effective = (f: string[]) => {
    let c = f.length;
    while (c > width && f[c - 1] === '') c--;
    return c;
  };
  for (let i = 0; i < lines.length; ) {
    const r = readRecord(text, lines[i].start, delim);
    if (!r.closed) {
      out.rejected.push({ line: i + 1, text: lineText(i) });
      i++;
      continue;
    }
    let last = i;
    while (lines[last].end < r.end) last++;
    const count = effective(r.fields);
    if (last > i && (count !== width || r.spanMax > maxField || r.loose)) {
      out.rejected.push({ line: i + 1, text: lineText(i) });
      i++;
      continue;
    }
    if (r.fields.length === 1 && !r.quoted[0] && /^[ \t]*$/.test(r.fields[0])) out.blank++;
    else if (headerPending) {
      headerPending = false;
      out.headerLine = i + 1;
      out.continuation += last - i;
    } else if (count > width || (count === 1 && width > 1 && r.quoted[0] && r.fields[0].includes(delim))) {
      out.rejected.push({ line: i + 1, text: lineText(i) });
    } else {
      const row = r.fields.slice(0, count);
      while (row.length < width) row.push('');
      out.rows.push(row);
      out.continuation += last - i;
    }
    i = last + 1;
  }
  return out;
}

/** What the importer stores for a text cell: trimmed, missing spellings as null. */
function cell(s: string): string | null {
  const a = trimStart(s, 0, s.length);
  const b = trimEnd(s, a, s.length);
  return isMissingAt(s, a, b) ? null : s.slice(a, b);
}

// ---------------------------------------------------------------- generated files

const DELIMS: Delimiter[] = [',', ';', '\t', '|'];
const EOLS = ['\n', '\r\n', '\r'];

function generate(rand: () => number) {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const delim = pick(DELIMS);
  const width = 1 + Math.floor(rand() * 4);
  const header = rand() < 0.5;
  const words = ['a', 'b', 'x y', 'NA', '7', '2.5', ' ', '', '-', 'zoë', ...DELIMS.filter((d) => d !== delim)];
  const word = () => Array.from({ length: Math.floor(rand() * 3) }, () => pick(words)).join('');
  const quotedField = () => {
    const parts = [word()];
    const n = Math.floor(rand() * 3);
    for (let k = 0; k < n; k++) parts.push(pick([delim, '""', pick(EOLS), ' ']), word());
    return `"${parts.join('')}"`;
  };
  const field = (): string => {
    const u = rand();
    if (u < 0.6) return word();
    if (u < 0.85) return quotedField();
    if (u < 0.9) return `${word()}"${word()}`; // a quote inside an unquoted field is literal
    if (u < 0.95) return `"${word()}"${word()}x`; // text after a closing quote
    return `"${word()}`; // a stray quote
  };
  const row = (k: number) => Array.from({ length: Math.max(1, k) }, field).join(delim);
  const lines: string[] = [];
  const nLines = Math.floor(rand() * 14);
  for (let i = 0; i < nLines; i++) {
    const u = rand();
    let line: string;
    if (u < 0.55) line = row(width + pick([0, 0, 0, 0, -1, 1, 2]));
    else if (u < 0.65) line = row(width) + delim.repeat(1 + Math.floor(rand() * 2));
    else if (u < 0.75) line = pick(['', ' ', ' \t ']);
    else if (u < 0.85) line = row(width).replace(/^/, pick(['"', `${word()}${delim}"`])); // stray quote early in the line
    else if (u < 0.92) line = `"${row(width).replace(/"/g, '""')}"`; // the whole line wrapped in quotes
    else line = row(width) + `${delim}"${word()}${pick(EOLS)}${word()}"`; // a multi-line field at the end
    lines.push(line + (i < nLines - 1 || rand() < 0.7 ? pick(EOLS) : ''));
  }
  const maxField = rand() < 0.2 ? 2 + Math.floor(rand() * 12) : 1_000_000;
  return { text: lines.join(''), delim, width, header, maxField };
}

function slices(text: string, rand: () => number): string[] {
  if (rand() < 0.3) return [text];
  const out: string[] = [];
  for (let at = 0; at < text.length; ) {
    const size = 1 + Math.floor(rand() * (rand() < 0.5 ? 4 : 40));
    out.push(text.slice(at, at + size));
    at += size;
  }
  return out;
}

function importAll(text: string[], delim: Delimiter, width: number, header: boolean, maxField: number, maxRecordChars?: number) {
  const columns: ColumnSpec[] = Array.from({ length: width }, (_, i) => ({ name: `c${i}`, type: 'text', format: { kind: 'string' } }));
  const chunks: ColumnChunk[] = [];
  const rejected: RejectedRow[] = [];
  const imp = new Importer({ delimiter: delim, header, columns, chunkRows: 7, maxFieldChars: maxField, maxRecordChars, onChunk: (c) => chunks.push(c), onRejected: (r) => rejected.push(r) });
  for (const t of text) imp.push(t);
  const summary = imp.finish();
  const rows: (string | null)[][] = [];
  for (const ch of chunks) {
    for (let i = 0; i < ch.rows; i++) {
      rows.push(ch.columns.map((col, c) => {
        const code = (col as Int32Array)[i];
        return code < 0 ? null : (summary.dictionaries[c] as string[])[code];
      }));
    }
  }
  return { summary, rows, rejected };
}

describe('parser fuzz (seeded)', () => {
  it('accounts for every line and reads every accepted row as the reference does, in any slicing', () => {
    const rand = mulberry32(20261207);
    let files = 0;
    let rejectedLines = 0;
    let multiLine = 0;
    for (; files < 4000; files++) {
      const g = generate(rand);
      const ref = reference(g.text, g.delim, g.width, g.header, g.maxField);
      const parts = slices(g.text, rand);
      const { summary, rows, rejected } = importAll(parts, g.delim, g.width, g.header, g.maxField);
      const where = `file #${files} ${JSON.stringify(g)} in slices ${JSON.stringify(parts)}`;
      expect(summary.lines, where).toBe(ref.lines);
      expect(summary.lines, where).toBe((summary.headerLine === null ? 0 : 1) + summary.rows + summary.rejected + summary.blankLines + summary.continuationLines);
      expect(summary.dataLines, where).toBe(summary.rows + summary.rejected);
      expect({ header: summary.headerLine, blank: summary.blankLines, continuation: summary.continuationLines }, where).toEqual({ header: ref.headerLine, blank: ref.blank, continuation: ref.continuation });
      expect(rejected.map((r) => ({ line: r.line, text: r.text })), where).toEqual(ref.rejected);
      expect(rows, where).toEqual(ref.rows.map((r) => r.map(cell)));
      for (const r of rejected) if (r.reason.startsWith('quote opened')) expect(r.reason, where).toMatch(new RegExp(`^quote opened at line ${r.line}, column \\d+, never closed on that record`));
      rejectedLines += ref.rejected.length;
      multiLine += ref.continuation;
    }
    // The generator must keep producing the cases it is meant to.
    expect(rejectedLines).toBeGreaterThan(1000);
    expect(multiLine).toBeGreaterThan(300);
  }, 30_000);

  it('gives the same result in any slicing when records pass a small size limit, and still accounts for every line', () => {
    const rand = mulberry32(7);
    let tooLong = 0;
    for (let files = 0; files < 1500; files++) {
      const g = generate(rand);
      const maxRecord = 4 + Math.floor(rand() * 30);
      const whole = importAll([g.text], g.delim, g.width, g.header, g.maxField, maxRecord);
      const parts = slices(g.text, rand);
      const where = `file #${files} ${JSON.stringify(g)} maxRecordChars ${maxRecord} in slices ${JSON.stringify(parts)}`;
      // Which lines are rejected may not depend on the slicing; the detail in brackets may (it says
      // what was seen when the limit was passed).
      const same = (r: ReturnType<typeof importAll>) => ({ ...r, rejected: r.rejected.map((x) => ({ ...x, reason: x.reason.replace(/ \(.*\)$/, '') })), summary: { ...r.summary, rejectedSample: [] } });
      expect(same(importAll(parts, g.delim, g.width, g.header, g.maxField, maxRecord)), where).toEqual(same(whole));
      const { summary } = whole;
      expect(summary.lines, where).toBe(reference(g.text, g.delim, g.width, g.header, g.maxField).lines);
      expect(summary.lines, where).toBe((summary.headerLine === null ? 0 : 1) + summary.rows + summary.rejected + summary.blankLines + summary.continuationLines);
      tooLong += whole.rejected.filter((r) => / characters long, over the /.test(r.reason)).length;
    }
    expect(tooLong).toBeGreaterThan(100);
  }, 30_000);
});
