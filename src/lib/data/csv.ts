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
  /** Physical line where it ends (after `line` when a quoted field spans lines). */
  endLine = 0;
  rawStart = 0;
  /** End of the record's text, before its line break. */
  rawEnd = 0;
  /**
   * Set (with `unterminated` or `tooLong`) when the tokenizer rejects this line: the view then holds
   * that one physical line (or the start of it) as a single field, and parsing resumes at the next line.
   */
  reason = '';
  /** A quote opened on this line and never closed on a record that fits: only this line is included. */
  unterminated = false;
  /** The line ran past the tokenizer's size limit; only its start is included. */
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

  /** Field count without trailing empty fields past `width` (a trailing delimiter adds no column). */
  countFor(width: number): number {
    let c = this.count;
    while (c > width && this.starts[c - 1] === this.ends[c - 1] && !this.escaped[c - 1]) c--;
    return c;
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

/** Longest record kept whole (UTF-16 units); past it a line is skipped and rejected with its length. */
export const MAX_RECORD_CHARS = 16 << 20;
/** Longest quoted field that may span lines; past it the quote is taken as a stray one. */
export const MAX_FIELD_CHARS = 1_000_000;
/** Longest rejected line kept as text. */
const RAW_LIMIT = 100_000;
/** The start kept of a line rejected for its length. */
const LONG_RAW = 1000;

/**
 * What a record must look like when a quoted field makes it span lines (RFC 4180 allows it). A
 * record that does not fit is a stray quote: only its first line is rejected and parsing resumes on
 * the next line, so one stray quote never swallows the lines after it.
 */
export interface RecordShape {
  /** Expected fields (trailing empty fields past it are ignored). */
  fields: number;
  /** Longest quoted text that may span lines. */
  maxFieldChars: number;
}

interface Skip {
  line: number;
  chars: number;
  raw: string;
}

/** 1234567 -> "1,234,567" (locale-free, so messages are the same everywhere). */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function quoteReason(line: number, field: number, detail: string): string {
  return `quote opened at line ${groupDigits(line)}, column ${field + 1}, never closed on that record${detail ? ` (${detail})` : ''}`;
}

/**
 * A reason written by a tokenizer that counted lines from 1 in a later slice of the file, with its line
 * numbers moved by `by`: every line number in the reasons above follows the word "line ".
 */
export function shiftReasonLines(reason: string, by: number): string {
  return by === 0 ? reason : reason.replace(/\bline (\d{1,3}(?:,\d{3})*)/g, (_, n: string) => `line ${groupDigits(Number(n.replace(/,/g, '')) + by)}`);
}

function longLineReason(line: number, chars: number, limit: number): string {
  return `line ${groupDigits(line)} is ${groupDigits(chars)} characters long, over the ${groupDigits(limit)} a record may hold: skipped`;
}

export class CsvTokenizer {
  private pending = '';
  private line = 1;
  private readonly view = new RecordView();
  private readonly delim: number;
  private finished = false;
  /** Dropping the rest of a too-long line. */
  private skip: Skip | null = null;
  /** A rejected line ended on a CR at the end of a chunk: an LF starting the next one belongs to it. */
  private dropLF = false;

  constructor(
    delimiter: Delimiter,
    private readonly onRecord: RecordFn,
    private readonly maxRecordChars = MAX_RECORD_CHARS,
    private readonly shape: RecordShape | null = null,
  ) {
    this.delim = delimiter === 'whitespace' ? -1 : delimiter.charCodeAt(0);
    if (!(maxRecordChars > 0)) throw new Error(`CsvTokenizer: maxRecordChars must be positive, got ${maxRecordChars}`);
    if (shape && !(shape.fields > 0 && shape.maxFieldChars > 0)) throw new Error(`CsvTokenizer: bad record shape ${JSON.stringify(shape)}`);
  }

  /** True between records: nothing pending, no line being skipped (a parallel import's slice ended cleanly). */
  get idle(): boolean {
    return this.pending === '' && !this.skip && !this.dropLF;
  }

  /** The physical line number the next record will start on. */
  get nextLine(): number {
    return this.skip ? this.skip.line + 1 : this.line;
  }

  /** Counts `lines` read by someone else while idle (the importer's byte path: whole lines it typed itself). */
  skipLines(lines: number): void {
    if (!this.idle || this.finished) throw new Error('CsvTokenizer: skipLines() only between records');
    this.line += lines;
  }

  push(text: string): void {
    if (this.finished) throw new Error('CsvTokenizer: push() after finish()');
    let from = this.resume(text, 0);
    if (from < 0) return;
    const tail = this.pending;
    if (tail.length && tail.charCodeAt(tail.length - 1) !== CR && from === 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
      // No line break: the pending record cannot end in this text, so do not rescan it (a huge
      // line would otherwise be rescanned on every push) until it passes the size limit.
      this.pending = tail + text;
      if (this.pending.length > this.maxRecordChars) this.pending = this.pending.slice(this.parse(this.pending, 0, false));
      return;
    }
    while (this.pending.length) {
      // Finish the record cut by the previous chunk on a small joined string, then scan the new
      // chunk itself: scanning a concatenation (a V8 cons string) is ~40% slower than a flat string.
      const pending = this.pending;
      let end = from;
      let r = 0;
      // Windows start at the tail's length, so a long tail is rescanned a bounded number of times.
      for (let win = Math.max(4096, pending.length); ; win *= 4) {
        end = Math.min(text.length, from + win);
        r = this.parse(pending + text.slice(from, end), 0, false);
        if (r > 0 || end === text.length) break;
      }
      if (r >= pending.length) {
        this.pending = '';
        from += r - pending.length;
        if (this.skip || this.dropLF) {
          from = this.resume(text, from);
          if (from < 0) return;
        }
      } else if (end === text.length) {
        // Nothing past the old tail was consumed: all of it stays pending.
        this.pending = pending.slice(r) + text.slice(from);
        return;
      } else {
        // The old tail's first record was rejected (a stray quote) and parsing went back into it:
        // what remains of the tail is tried again with the new text.
        this.pending = pending.slice(r);
      }
    }
    this.pending = text.slice(this.parse(text, from, false));
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.skip) {
      this.endSkip();
      return;
    }
    const buf = this.pending;
    this.pending = '';
    this.parse(buf, 0, true);
  }

  /** Goes on with a skipped line or a pending LF at text[i]; returns where parsing resumes, or -1 if text is used up. */
  private resume(text: string, i: number): number {
    if (this.dropLF && i < text.length) {
      this.dropLF = false;
      if (text.charCodeAt(i) === LF) i++;
    }
    const skip = this.skip;
    if (!skip) return i;
    const lf = text.indexOf('\n', i);
    const cr = text.indexOf('\r', i);
    const e = lf < 0 ? (cr < 0 ? text.length : cr) : cr < 0 ? lf : Math.min(lf, cr);
    if (skip.raw.length < LONG_RAW) skip.raw += text.slice(i, Math.min(e, i + LONG_RAW - skip.raw.length));
    skip.chars += e - i;
    if (e === text.length) return -1;
    this.endSkip();
    if (text.charCodeAt(e) === CR && e + 1 === text.length) {
      this.dropLF = true;
      return -1;
    }
    return afterBreak(text, e);
  }

  private endSkip(): void {
    const skip = this.skip as Skip;
    this.skip = null;
    const v = this.view;
    v.text = skip.raw;
    this.emitRejected(0, skip.raw.length, skip.line, longLineReason(skip.line, skip.chars, this.maxRecordChars), false);
    this.line = skip.line + 1;
  }

  /** Hands on text[a, b) of line `line` as a rejected line (v.text must be set). */
  private emitRejected(a: number, b: number, line: number, reason: string, quote: boolean): void {
    const v = this.view;
    b = Math.min(b, a + RAW_LIMIT);
    v.count = 1;
    v.starts[0] = a;
    v.ends[0] = b;
    v.escaped[0] = 0;
    v.quoted[0] = 0;
    v.line = line;
    v.endLine = line;
    v.rawStart = a;
    v.rawEnd = b;
    v.reason = reason;
    v.unterminated = quote;
    v.tooLong = !quote;
    this.onRecord(v);
    v.reason = '';
    v.unterminated = false;
    v.tooLong = false;
  }

  /** Rejects the first line of the record at recStart (whose break is in buf) and returns where the next line starts. */
  private rejectFirstLine(buf: string, recStart: number, final: boolean, reason: string, quote: boolean): number {
    const n = buf.length;
    const e = lineEnd(buf, recStart);
    this.view.text = buf;
    this.emitRejected(recStart, quote ? e : Math.min(e, recStart + LONG_RAW), this.line, reason, quote);
    this.line++;
    if (e >= n) return n;
    if (buf.charCodeAt(e) === CR && e + 1 === n && !final) {
      this.dropLF = true;
      return n;
    }
    return afterBreak(buf, e);
  }

  /**
   * Rejects the record at recStart that passed a limit: for its length when its first line alone is
   * past maxRecordChars or no quote is open (skipping to the line's end if it is not in buf yet),
   * else as a stray quote. Returns where parsing resumes.
   */
  private giveUp(buf: string, recStart: number, final: boolean, field: number, detail: string): number {
    const n = buf.length;
    const e = lineEnd(buf, recStart);
    if (e < n || final) {
      if (field >= 0 && e - recStart <= this.maxRecordChars) return this.rejectFirstLine(buf, recStart, final, quoteReason(this.line, field, detail), true);
      return this.rejectFirstLine(buf, recStart, final, longLineReason(this.line, e - recStart, this.maxRecordChars), false);
    }
    // The line itself is longer than the limit: skip to its end, counting, then reject it.
    this.skip = { line: this.line, chars: n - recStart, raw: buf.slice(recStart, recStart + LONG_RAW) };
    return n;
  }

  /** Why a record that spans lines does not fit the shape ('' when it does). */
  private misfit(endLine: number, spanMax: number, looseLine: number): string {
    const shape = this.shape as RecordShape;
    const c = this.view.countFor(shape.fields);
    if (c !== shape.fields) return `closing it at line ${groupDigits(endLine)} would make ${c} field${c === 1 ? '' : 's'}, expected ${shape.fields}`;
    if (spanMax > shape.maxFieldChars) return `the quoted text would run over ${groupDigits(shape.maxFieldChars)} characters`;
    if (looseLine > 0) return `the quote that would close it, at line ${groupDigits(looseLine)}, is followed by text`;
    return '';
  }

  /** Parses complete records from `from`; returns where the incomplete tail begins. */
  private parse(buf: string, from: number, final: boolean): number {
    const n = buf.length;
    const v = this.view;
    v.text = buf;
    const d = this.delim;
    const ws = d < 0;
    const dch = ws ? '' : String.fromCharCode(d);
    const shape = this.shape;
    let pos = from;
    // Next line feed, quote, CR and delimiter at or after pos (n when none), found with indexOf (memchr) and
    // reused until pos passes them.
    let nextLF = -1;
    let nextQ = -1;
    let nextCR = -1;
    let nextD = -1;
    outer: while (pos < n) {
      if (!ws) {
        if (nextLF < pos) nextLF = indexOrEnd(buf, '\n', pos);
        if (nextQ < pos) nextQ = indexOrEnd(buf, '"', pos);
        if (nextCR < pos) nextCR = indexOrEnd(buf, '\r', pos);
        const e = nextLF;
        // Fast path: a whole line (LF or CRLF) with no quote and no other CR is split at delimiters
        // found with indexOf (2-3x faster than a charCodeAt loop); it gives exactly what the general
        // loop below would.
        const end = nextCR === e - 1 && e > pos ? e - 1 : e;
        if (e < n && nextQ > e && (nextCR > e || end === nextCR) && end - pos <= this.maxRecordChars) {
          let starts = v.starts;
          let ends = v.ends;
          let escaped = v.escaped;
          let quoted = v.quoted;
          let f = 0;
          let s = pos;
          while (true) {
            // Kept across lines like the others, so a file with few delimiters is not rescanned per line.
            if (nextD < s) nextD = indexOrEnd(buf, dch, s);
            const p = nextD > end ? end : nextD;
            if (f === starts.length) {
              v.grow();
              starts = v.starts;
              ends = v.ends;
              escaped = v.escaped;
              quoted = v.quoted;
            }
            starts[f] = s;
            ends[f] = p;
            escaped[f] = 0;
            quoted[f] = 0;
            f++;
            if (p === end) break;
            s = p + 1;
          }
          v.count = f;
          v.line = this.line;
          v.endLine = this.line;
          v.rawStart = pos;
          v.rawEnd = end;
          this.onRecord(v);
          this.line++;
          pos = e + 1;
          continue;
        }
      }
      const recStart = pos;
      let line = this.line;
      let f = 0;
      let incomplete = false;
      // The first quoted field that crosses a line break (it starts on the record's first line).
      let spanField = -1;
      let spanMax = 0;
      let looseLine = 0;
      let openField = -1;
      let crEnd = 0;
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
            const spans = lineEnd(buf, pos + 1) < n;
            const field = spanField >= 0 ? spanField : f;
            if (final) {
              // The file ends inside the quote: reject the record's first line and resume after it.
              pos =
                n - recStart > this.maxRecordChars
                  ? this.giveUp(buf, recStart, true, field, `no closing quote within ${groupDigits(this.maxRecordChars)} characters`)
                  : this.rejectFirstLine(buf, recStart, true, quoteReason(this.line, field, spans || spanField >= 0 ? 'the file ends inside it' : ''), true);
              continue outer;
            }
            // (The last character may be the closing quote, not yet known to be one: hence the - 2.)
            if (shape && spans && n - pos - 2 > shape.maxFieldChars) {
              // It can no longer fit: give up now rather than hold the rest of the file.
              pos = this.giveUp(buf, recStart, false, field, `the quoted text would run over ${groupDigits(shape.maxFieldChars)} characters`);
              continue outer;
            }
            openField = f;
            incomplete = true;
            break;
          }
          const breaks = countBreaks(buf, pos + 1, close);
          if (breaks) {
            if (spanField < 0) spanField = f;
            if (close - pos - 1 > spanMax) spanMax = close - pos - 1;
            line += breaks;
          }
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
            if (after > p && looseLine === 0) looseLine = line;
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
            crEnd = 1;
            break;
          }
        } else {
          next = p + 1;
        }
        v.count = f;
        if (p - recStart > this.maxRecordChars) {
          // Past the limit even though it ended: the same verdict as for one still open (see below).
          pos = this.giveUp(buf, recStart, final, spanField, `the record would run over ${groupDigits(this.maxRecordChars)} characters`);
          continue outer;
        }
        if (line !== this.line && shape) {
          // A quoted field spans lines: keep the record only if it fits, else it was a stray quote.
          const why = this.misfit(line, spanMax, looseLine);
          if (why) {
            pos = this.rejectFirstLine(buf, recStart, final, quoteReason(this.line, spanField, why), true);
            continue outer;
          }
        }
        v.line = this.line;
        v.endLine = line;
        v.rawStart = recStart;
        v.rawEnd = p;
        this.onRecord(v);
        this.line = line + 1;
        pos = next;
        break;
      }
      if (incomplete) {
        if (n - recStart - crEnd <= this.maxRecordChars) return recStart;
        // Without a limit, one stray quote or one huge line would hold the rest of the file in
        // memory and be rescanned on every push.
        // A first line past the limit is rejected for its length, whatever quotes it holds.
        pos = this.giveUp(buf, recStart, false, spanField >= 0 ? spanField : openField, `no closing quote within ${groupDigits(this.maxRecordChars)} characters`);
        if (this.skip) return n;
      }
    }
    return n;
  }
}

/** Index of ch at or after i, or the length when there is none. */
function indexOrEnd(s: string, ch: string, i: number): number {
  const j = s.indexOf(ch, i);
  return j < 0 ? s.length : j;
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

export interface TokenizeOptions {
  /** Records kept (the rest are parsed but dropped). */
  maxRecords?: number;
  /** False when `text` is only the start of a file: its last, possibly cut, record is left out. */
  complete?: boolean;
  shape?: RecordShape | null;
}

/**
 * Tokenizes a string into arrays of field strings (for samples, previews and tests). Lines the
 * tokenizer rejects (stray quotes, over-long lines) are left out; `rejected` counts them.
 */
export function tokenize(text: string, delimiter: Delimiter, opts: TokenizeOptions | number = {}): { fields: string[][]; lines: number[]; endLines: number[]; rejected: number } {
  const { maxRecords = Infinity, complete = true, shape = null } = typeof opts === 'number' ? { maxRecords: opts } : opts;
  const fields: string[][] = [];
  const lines: number[] = [];
  const endLines: number[] = [];
  let rejected = 0;
  const t = new CsvTokenizer(
    delimiter,
    (r) => {
      if (r.reason) {
        rejected++;
        return;
      }
      if (fields.length >= maxRecords) return;
      const row: string[] = new Array(r.count);
      for (let i = 0; i < r.count; i++) row[i] = r.field(i);
      fields.push(row);
      lines.push(r.line);
      endLines.push(r.endLine);
    },
    MAX_RECORD_CHARS,
    shape,
  );
  t.push(text);
  // An incomplete sample is not finished: its cut last record stays pending and is never read.
  if (complete) t.finish();
  return { fields, lines, endLines, rejected };
}
