// Streaming CSV tokenizer over decoded text chunks. It hands each record to a callback as a reused
// view of field offsets into its buffer, so the importer can parse numbers in place and no per-row
// objects are allocated. Records may span chunk boundaries (the incomplete tail is carried over).

export type Delimiter = ',' | ';' | '\t' | '|' | 'whitespace';

export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|', 'whitespace'];

export function checkDelimiter(d: string): Delimiter {
  if (d === 'tab' || d === '\\t') return '\t';
  if (d === 'space' || d === ' ') return 'whitespace';
  if ((DELIMITERS as readonly string[]).includes(d)) return d as Delimiter;
  throw new Error(`Unsupported delimiter "${d}" (use , ; tab | or whitespace)`);
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

/** One record, valid only during the callback: fields are offsets into `text`. */
export class RecordView {
  text = '';
  /** Number of fields. A blank line is one empty field. */
  count = 0;
  /** Physical line (1-based) where the record starts. */
  line = 0;
  rawStart = 0;
  /** End of the record's text, before its line break. */
  rawEnd = 0;
  /** The record began a quoted field that never closed (only the rest of its line is included). */
  unterminated = false;
  /** The record ran past the tokenizer's size limit; only (the start of) its first line is included. */
  tooLong = false;
  starts = new Int32Array(32);
  ends = new Int32Array(32);
  /** 1 when the field had doubled quotes or text after its closing quote: read it from `values`. */
  escaped = new Uint8Array(32);
  /** 1 when the field was quoted. */
  quoted = new Uint8Array(32);
  values: string[] = [];

  field(i: number): string {
    return this.escaped[i] ? this.values[i] : this.text.slice(this.starts[i], this.ends[i]);
  }

  raw(): string {
    return this.text.slice(this.rawStart, this.rawEnd);
  }

  /** True for an empty or whitespace-only line. */
  isBlank(): boolean {
    if (this.count !== 1 || this.quoted[0]) return this.count === 0;
    const t = this.text;
    for (let i = this.starts[0], e = this.ends[0]; i < e; i++) {
      const c = t.charCodeAt(i);
      if (c !== SPACE && c !== TAB) return false;
    }
    return true;
  }

  grow(): void {
    const n = this.starts.length * 2;
    const s = new Int32Array(n);
    s.set(this.starts);
    this.starts = s;
    const e = new Int32Array(n);
    e.set(this.ends);
    this.ends = e;
    const x = new Uint8Array(n);
    x.set(this.escaped);
    this.escaped = x;
    const q = new Uint8Array(n);
    q.set(this.quoted);
    this.quoted = q;
  }
}

export type RecordFn = (r: RecordView) => void;

/** Longest record kept whole (UTF-16 units); past it a record is a stray quote or not a table. */
export const MAX_RECORD_CHARS = 16 << 20;
const RAW_LIMIT = 1000;

export class CsvTokenizer {
  private pending = '';
  private line = 1;
  private readonly view = new RecordView();
  private readonly delim: number;
  private finished = false;
  /** Dropping the rest of a too-long line. */
  private skipping = false;

  constructor(
    delimiter: Delimiter,
    private readonly onRecord: RecordFn,
    private readonly maxRecordChars = MAX_RECORD_CHARS,
  ) {
    this.delim = delimiter === 'whitespace' ? -1 : delimiter.charCodeAt(0);
    if (!(maxRecordChars > 0)) throw new Error(`CsvTokenizer: maxRecordChars must be positive, got ${maxRecordChars}`);
  }

  /** The physical line number the next record will start on. */
  get nextLine(): number {
    return this.line;
  }

  push(text: string): void {
    if (this.finished) throw new Error('CsvTokenizer: push() after finish()');
    if (this.skipping) {
      const e = lineEnd(text, 0);
      if (e === text.length) return;
      this.skipping = false;
      text = text.slice(afterBreak(text, e));
    }
    const pending = this.pending;
    let from = 0;
    if (pending.length) {
      // Finish the record cut by the previous chunk on a small joined string, then scan the new
      // chunk itself: scanning a concatenation (a V8 cons string) is ~40% slower than a flat string.
      let from_ = -1;
      for (let win = 4096; win < text.length; win *= 4) {
        const joined = pending + text.slice(0, win);
        const r = this.parse(joined, 0, false);
        if (r >= pending.length) {
          from_ = r - pending.length;
          break;
        }
      }
      if (from_ < 0) {
        const joined = pending + text;
        this.pending = joined.slice(this.parse(joined, 0, false));
        return;
      }
      from = from_;
      if (this.skipping) {
        const e = lineEnd(text, from);
        if (e === text.length) {
          this.pending = '';
          return;
        }
        this.skipping = false;
        from = afterBreak(text, e);
      }
    }
    this.pending = text.slice(this.parse(text, from, false));
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    const buf = this.pending;
    this.pending = '';
    this.parse(buf, 0, true);
  }

  /** Parses complete records from `from`; returns where the incomplete tail begins. */
  private parse(buf: string, from: number, final: boolean): number {
    const n = buf.length;
    const v = this.view;
    v.text = buf;
    const d = this.delim;
    const ws = d < 0;
    let pos = from;
    while (pos < n) {
      const recStart = pos;
      let line = this.line;
      let f = 0;
      let incomplete = false;
      v.unterminated = false;
      if (ws) pos = skipBlanks(buf, pos, n);
      while (true) {
        if (f === v.starts.length) v.grow();
        let p: number;
        if (pos < n && buf.charCodeAt(pos) === QUOTE) {
          // Quoted field: jump from quote to quote with indexOf.
          let q = pos + 1;
          let doubled = false;
          let close = -1;
          while (true) {
            const j = buf.indexOf('"', q);
            if (j < 0) break;
            if (j + 1 < n && buf.charCodeAt(j + 1) === QUOTE) {
              doubled = true;
              q = j + 2;
              continue;
            }
            if (j + 1 === n && !final) break; // the next chunk may start with a second quote
            close = j;
            break;
          }
          if (close < 0) {
            if (!final) {
              incomplete = true;
              break;
            }
            // Unterminated at end of input: reject the record up to the end of the line the quote is on,
            // and resume after it, so one stray quote does not swallow the rest of the file.
            line += countBreaks(buf, recStart, pos);
            let e = pos;
            while (e < n && buf.charCodeAt(e) !== LF && buf.charCodeAt(e) !== CR) e++;
            v.unterminated = true;
            v.count = f + 1;
            v.starts[f] = pos;
            v.ends[f] = e;
            v.escaped[f] = 0;
            v.quoted[f] = 1;
            v.line = this.line;
            v.rawStart = recStart;
            v.rawEnd = e;
            this.onRecord(v);
            if (e < n && buf.charCodeAt(e) === CR && e + 1 < n && buf.charCodeAt(e + 1) === LF) e++;
            pos = e < n ? e + 1 : n;
            this.line = line + 1;
            break;
          }
          line += countBreaks(buf, pos + 1, close);
          p = close + 1;
          v.starts[f] = pos + 1;
          v.ends[f] = close;
          v.quoted[f] = 1;
          // Lenient: text after the closing quote (a"b"c style) is kept as part of the field.
          let after = p;
          if (ws) {
            while (after < n) {
              const c = buf.charCodeAt(after);
              if (c === SPACE || c === TAB || c === LF || c === CR) break;
              after++;
            }
          } else {
            while (after < n) {
              const c = buf.charCodeAt(after);
              if (c === d || c === LF || c === CR) break;
              after++;
            }
          }
          if (doubled || after > p) {
            v.escaped[f] = 1;
            let val = buf.slice(pos + 1, close);
            if (doubled) val = val.replace(/""/g, '"');
            v.values[f] = after > p ? val + buf.slice(p, after) : val;
          } else {
            v.escaped[f] = 0;
          }
          p = after;
        } else {
          p = pos;
          if (ws) {
            while (p < n) {
              const c = buf.charCodeAt(p);
              if (c === SPACE || c === TAB || c === LF || c === CR) break;
              p++;
            }
          } else {
            // Most characters are printable and not the delimiter: one test lets them through.
            while (p < n) {
              const c = buf.charCodeAt(p);
              if (c > CR && c !== d) {
                p++;
                continue;
              }
              if (c === d || c === LF || c === CR) break;
              p++;
            }
          }
          v.starts[f] = pos;
          v.ends[f] = p;
          v.escaped[f] = 0;
          v.quoted[f] = 0;
        }
        f++;
        if (ws) {
          const q = skipBlanks(buf, p, n);
          if (q < n && buf.charCodeAt(q) !== LF && buf.charCodeAt(q) !== CR) {
            pos = q;
            continue;
          }
          p = q;
        } else if (p < n && buf.charCodeAt(p) === d) {
          pos = p + 1;
          continue;
        }
        // End of record: line break or end of buffer.
        let next: number;
        if (p >= n) {
          if (!final) {
            incomplete = true;
            break;
          }
          next = n;
        } else if (buf.charCodeAt(p) === CR) {
          if (p + 1 < n) next = buf.charCodeAt(p + 1) === LF ? p + 2 : p + 1;
          else if (final) next = n;
          else {
            incomplete = true; // might be the CR of a CRLF split across chunks
            break;
          }
        } else {
          next = p + 1;
        }
        v.count = f;
        v.line = this.line;
        v.rawStart = recStart;
        v.rawEnd = p;
        this.onRecord(v);
        this.line = line + 1;
        pos = next;
        break;
      }
      if (incomplete) {
        if (n - recStart <= this.maxRecordChars) return recStart;
        // Without a limit, one stray quote would hold the rest of the file in memory and be
        // rescanned on every push: reject the record's first line and carry on after it.
        const e = lineEnd(buf, recStart);
        v.tooLong = true;
        v.count = 1;
        v.starts[0] = recStart;
        v.ends[0] = Math.min(e, recStart + RAW_LIMIT);
        v.escaped[0] = 0;
        v.quoted[0] = 0;
        v.line = this.line;
        v.rawStart = recStart;
        v.rawEnd = v.ends[0];
        this.onRecord(v);
        v.tooLong = false;
        this.line++;
        if (e >= n) {
          this.skipping = true;
          return n;
        }
        pos = afterBreak(buf, e);
      }
    }
    return n;
  }
}

/** Index of the first CR or LF at or after i (or the length). */
function lineEnd(s: string, i: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === LF || c === CR) break;
    i++;
  }
  return i;
}

/** Index after the line break at e. */
function afterBreak(s: string, e: number): number {
  return s.charCodeAt(e) === CR && e + 1 < s.length && s.charCodeAt(e + 1) === LF ? e + 2 : e + 1;
}

function skipBlanks(s: string, i: number, n: number): number {
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c !== SPACE && c !== TAB) break;
    i++;
  }
  return i;
}

/** Line breaks (CRLF, LF or CR) in s[from, to). */
export function countBreaks(s: string, from: number, to: number): number {
  let k = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === LF) k++;
    else if (c === CR && (i + 1 >= to || s.charCodeAt(i + 1) !== LF)) k++;
  }
  return k;
}

/** Tokenizes a whole string into arrays of field strings (for samples, previews and tests). */
export function tokenize(text: string, delimiter: Delimiter, maxRecords = Infinity): { fields: string[][]; lines: number[] } {
  const fields: string[][] = [];
  const lines: number[] = [];
  const t = new CsvTokenizer(delimiter, (r) => {
    if (fields.length >= maxRecords) return;
    const row: string[] = new Array(r.count);
    for (let i = 0; i < r.count; i++) row[i] = r.field(i);
    fields.push(row);
    lines.push(r.line);
  });
  t.push(text);
  t.finish();
  return { fields, lines };
}
