// Streaming columnar import for a confirmed schema: decoded text in, column chunks out.
// Every data line ends up either accepted (possibly padded) or rejected with a reason; cells that do
// not fit their column's type become missing and are counted, so nothing is lost silently.
import { StringDict, ownString } from './dictionary';
import { ByteMap } from './byte-map';
import { LineSplitter } from './csv-split';
import { CsvTokenizer, MAX_FIELD_CHARS, MAX_RECORD_CHARS, type Delimiter, type RecordView } from './csv';
import type { ChunkDecoder } from './encoding';
import type { ColumnInference, ValueFormat } from './infer';
import type { ColumnType } from './table';
import { isMissingAt, parseBooleanAt, parseDateAt, parseNumberAt, trimEnd, trimStart, type DateKind } from './values';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  format: ValueFormat;
}

export interface RejectedRow {
  /** Physical line (1-based, the header is line 1) where the record starts. */
  line: number;
  reason: string;
  /** The record as written (for a stray quote or an over-long line: that one line, or its start). */
  text: string;
}

export interface InvalidCell {
  line: number;
  text: string;
}

export interface InvalidCells {
  column: string;
  count: number;
  /** The first few, in file order. */
  examples: InvalidCell[];
}

/** A block of rows: Float64Array (NaN missing) for numeric types, Int32Array codes (-1 missing) otherwise. */
export interface ColumnChunk {
  index: number;
  rows: number;
  columns: (Float64Array | Int32Array)[];
}

export interface ImportSummary {
  /** Accepted rows (including padded ones). */
  rows: number;
  rejected: number;
  /** rows + rejected: every non-blank record after the header. */
  dataLines: number;
  blankLines: number;
  /**
   * Lines inside accepted rows (and the header) after their first, where a quoted field spans lines:
   * lines = header + rows + rejected + blankLines + continuationLines.
   */
  continuationLines: number;
  paddedRows: number;
  /** Lines of the first padded rows. */
  paddedSample: number[];
  /** The first rejected rows. */
  rejectedSample: RejectedRow[];
  /** Columns with cells that did not fit their type (only those with any). */
  invalid: InvalidCells[];
  /** Final dictionary per column (null for numeric columns). */
  dictionaries: (string[] | null)[];
  chunks: number;
  /** Physical line of the header row, null when there is none. */
  headerLine: number | null;
  /** Physical lines read, counting the header. */
  lines: number;
}

export interface ImporterOptions {
  delimiter: Delimiter;
  header: boolean;
  columns: ColumnSpec[];
  /** Rows per emitted chunk. */
  chunkRows?: number;
  onChunk?: (chunk: ColumnChunk) => void;
  onRejected?: (row: RejectedRow) => void;
  /** Invalid-cell examples kept per column. */
  maxInvalidExamples?: number;
  /** Longest record kept whole (see MAX_RECORD_CHARS). */
  maxRecordChars?: number;
  /** Longest quoted field that may span lines (see MAX_FIELD_CHARS). */
  maxFieldChars?: number;
  /** False: the byte path types on the scalar JavaScript loops even where the kernel compiles (tests). */
  kernel?: boolean;
  /**
   * Dictionaries and byte caches carried over from an earlier importer of the same columns (a parallel
   * import's helper, slice after slice: src/lib/import/slices.ts), filled in place; `dictionaries` in the
   * summary are then all their values, earlier ones included.
   */
  memory?: ImporterMemory;
}

/** What an importer keeps of the values it has seen: per column, its dictionary and its cache of cells by bytes. */
export interface ImporterMemory {
  dicts: (StringDict | null)[];
  bytePath: BytePath | null;
}

/**
 * The byte path's splitter and caches of cells already typed: in the splitter's kernel memory where the
 * kernel runs (LineSplitter.lookup), else per column a ByteMap.
 */
export interface BytePath {
  splitter: LineSplitter;
  byteMaps: (ByteMap | null)[];
}

export const DEFAULT_CHUNK_ROWS = 65_536;
const REJECTED_SAMPLE = 100;
const INTEGRAL_FLOAT = /^-?\d+\.0+$/;
const PADDED_SAMPLE = 20;
const BYTE_LF = 10;
/**
 * Most bytes the text path reads before the byte path tries again: after one line it cannot take, only that
 * line; the run doubles from 256 bytes while the byte path keeps taking none (a file quoted throughout).
 */
const TEXT_RUN = 1 << 16;
/** Distinct cells cached per boolean or date column (a column of mostly distinct dates would only fill memory). */
const VALUE_CACHE = 1 << 16;
/** Lines the byte path splits before typing them column by column. */
const BYTE_BATCH = 512;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const utf8 = new TextDecoder();

const enum Kind {
  Number,
  Boolean,
  Date,
  Dict,
  IdDict,
}

export function isNumericType(t: ColumnType): boolean {
  return t === 'integer' || t === 'number' || t === 'boolean' || t === 'date';
}

export function specsFrom(inferred: readonly ColumnInference[]): ColumnSpec[] {
  return inferred.map(({ name, type, format }) => ({ name, type, format }));
}

function checkSpec(c: ColumnSpec): void {
  const f = c.format.kind;
  const ok =
    c.type === 'integer' || c.type === 'number'
      ? f === 'number'
      : c.type === 'boolean'
        ? f === 'boolean'
        : c.type === 'date'
          ? f === 'date'
          : c.type === 'id'
            ? f === 'id' || f === 'string'
            : c.type === 'category' || c.type === 'text'
              ? f === 'string' || f === 'id'
              : false;
  if (!ok) throw new Error(`Column "${c.name}": type "${c.type}" cannot use a "${f}" format`);
}

export class Importer {
  private readonly tokenizer: CsvTokenizer;
  private readonly n: number;
  private readonly kinds: Kind[];
  private readonly decimals: ('.' | ',')[];
  private readonly dateKinds: DateKind[];
  private readonly pairs: (readonly [string, string])[];
  private readonly dicts: (StringDict | null)[];
  private readonly chunkRows: number;
  private readonly delimChar: string;
  private floats: (Float64Array | null)[] = [];
  private ints: (Int32Array | null)[] = [];
  private fill = 0;
  private chunkIndex = 0;
  private headerPending: boolean;
  private headerLine: number | null = null;
  private readonly invalidCounts: number[];
  private readonly invalidExamples: InvalidCell[][];
  /** Byte path: the splitter of batches of lines (SIMD where it compiles); a cache of cells already typed per column. */
  private bytePath: BytePath | null = null;
  /** The text path was last given bytes that did not end a line: it goes on until one does. */
  private textOpen = false;
  /** Bytes the text path reads next (see TEXT_RUN). */
  private textRun = 0;
  private readonly s = {
    rows: 0,
    rejected: 0,
    blankLines: 0,
    continuationLines: 0,
    paddedRows: 0,
    paddedSample: [] as number[],
    rejectedSample: [] as RejectedRow[],
  };

  constructor(private readonly opts: ImporterOptions) {
    const cols = opts.columns;
    if (cols.length === 0) throw new Error('Importer: no columns');
    cols.forEach(checkSpec);
    this.chunkRows = opts.chunkRows ?? DEFAULT_CHUNK_ROWS;
    if (!Number.isInteger(this.chunkRows) || this.chunkRows < 1) throw new Error(`Importer: chunkRows must be a positive integer, got ${opts.chunkRows}`);
    this.n = cols.length;
    this.headerPending = opts.header;
    this.delimChar = opts.delimiter === 'whitespace' ? ' ' : opts.delimiter;
    this.kinds = cols.map((c) => {
      switch (c.format.kind) {
        case 'number':
          return Kind.Number;
        case 'boolean':
          return Kind.Boolean;
        case 'date':
          return Kind.Date;
        case 'id':
          return c.format.integralFloat ? Kind.IdDict : Kind.Dict;
        default:
          return Kind.Dict;
      }
    });
    this.decimals = cols.map((c) => (c.format.kind === 'number' ? c.format.decimal : '.'));
    this.dateKinds = cols.map((c) => (c.format.kind === 'date' ? c.format.date : 'iso'));
    this.pairs = cols.map((c) => (c.format.kind === 'boolean' ? c.format.pair : ['1', '0']));
    const memory = opts.memory;
    if (memory && (memory.dicts.length !== this.n || memory.dicts.some((d, c) => (d !== null) !== this.kinds[c] >= Kind.Dict))) throw new Error('Importer: memory of other columns');
    this.dicts = memory ? memory.dicts : this.kinds.map((k) => (k >= Kind.Dict ? new StringDict() : null));
    if (memory?.bytePath) this.bytePath = memory.bytePath;
    this.invalidCounts = new Array(this.n).fill(0);
    this.invalidExamples = cols.map(() => []);
    this.allocate();
    // A record whose quoted field spans lines must have exactly these fields, else only its first
    // line is rejected (a stray quote) and the lines after it are read on their own.
    this.tokenizer = new CsvTokenizer(opts.delimiter, (r) => this.record(r), opts.maxRecordChars, { fields: this.n, maxFieldChars: opts.maxFieldChars ?? MAX_FIELD_CHARS });
  }

  push(text: string): void {
    this.tokenizer.push(text);
  }

  /**
   * The next bytes of a UTF-8 or Latin-1 file, decoded by `decoder` where needed. Whole lines of ASCII
   * with no lone CR, exactly the columns' fields and quotes only around whole fields are split (by
   * LineSplitter: SIMD) and typed on the bytes (the byte path: a number is read from its digits, a categorical cell looked up by hash in a per-column cache of
   * cells already seen, so only new distinct values are decoded); every other line goes through the text
   * path (`push`), whose results the byte path gives exactly on the lines it takes. Pushes may cut lines
   * anywhere.
   */
  pushBytes(bytes: Uint8Array, decoder: ChunkDecoder): void {
    const n = bytes.length;
    // The text path alone for whitespace-separated files and one column (a blank line is one empty field).
    const fast = this.opts.delimiter !== 'whitespace' && this.n > 1;
    let i = 0;
    if (fast) this.lineSplitter().load(bytes);
    while (i < n) {
      if (fast && !this.textOpen && !this.headerPending && this.tokenizer.idle) {
        const j = this.byteLines(bytes, i, n);
        if (j > i) {
          decoder.advance?.(j - i);
          this.textRun = 0;
        } else this.textRun = Math.min(TEXT_RUN, Math.max(256, this.textRun * 2));
        i = j;
        if (i >= n) break;
      }
      let e = n;
      if (fast) {
        const lf = bytes.indexOf(BYTE_LF, Math.min(n - 1, i + this.textRun));
        if (lf >= 0) e = lf + 1;
      }
      this.tokenizer.push(decoder.decode(bytes.subarray(i, e), false));
      // Ending on a line feed, the decoder holds no cut character and the tokenizer knows where it stands.
      this.textOpen = bytes[e - 1] !== BYTE_LF;
      i = e;
    }
  }

  /** Between records, header read: where a parallel import's slice may end (see src/lib/import/slices.ts). */
  atRecordStart(): boolean {
    return this.tokenizer.idle && !this.headerPending;
  }

  finish(): ImportSummary {
    this.tokenizer.finish();
    if (this.fill > 0) this.flush();
    const invalid: InvalidCells[] = [];
    for (let c = 0; c < this.n; c++) {
      if (this.invalidCounts[c] > 0) invalid.push({ column: this.opts.columns[c].name, count: this.invalidCounts[c], examples: this.invalidExamples[c] });
    }
    return {
      ...this.s,
      dataLines: this.s.rows + this.s.rejected,
      invalid,
      dictionaries: this.dicts.map((d) => (d ? d.values : null)),
      chunks: this.chunkIndex,
      headerLine: this.headerLine,
      lines: this.tokenizer.nextLine - 1,
    };
  }

  private allocate(): void {
    const m = this.chunkRows;
    this.floats = this.kinds.map((k) => (k < Kind.Dict ? new Float64Array(m) : null));
    this.ints = this.kinds.map((k) => (k >= Kind.Dict ? new Int32Array(m) : null));
  }

  private flush(): void {
    const rows = this.fill;
    const full = rows === this.chunkRows;
    const columns = this.kinds.map((k, c) => {
      const a = (k < Kind.Dict ? this.floats[c] : this.ints[c]) as Float64Array | Int32Array;
      return full ? a : a.slice(0, rows);
    });
    this.opts.onChunk?.({ index: this.chunkIndex++, rows, columns });
    this.fill = 0;
    if (full) this.allocate();
  }

  private reject(line: number, reason: string, text: string): void {
    this.s.rejected++;
    const row = { line, reason, text: ownString(text, 0, text.length) };
    if (this.s.rejectedSample.length < REJECTED_SAMPLE) this.s.rejectedSample.push(row);
    this.opts.onRejected?.(row);
  }

  private invalidCell(c: number, line: number, text: string): void {
    this.invalidCounts[c]++;
    const ex = this.invalidExamples[c];
    if (ex.length < (this.opts.maxInvalidExamples ?? 5)) ex.push({ line, text });
  }

  /** The byte path's splitter and caches (carried over in `memory` from an earlier importer). */
  private lineSplitter(): LineSplitter {
    if (!this.bytePath) {
      const splitter = new LineSplitter(this.n, BYTE_BATCH, this.opts.kernel !== false);
      const limit = (k: Kind) => (k >= Kind.Dict ? Infinity : VALUE_CACHE);
      if (splitter.simd) this.kinds.forEach((k, c) => k !== Kind.Number && splitter.setLimit(c, limit(k)));
      this.bytePath = { splitter, byteMaps: splitter.simd ? [] : this.kinds.map((k) => (k === Kind.Number ? null : new ByteMap(limit(k)))) };
      if (this.opts.memory) this.opts.memory.bytePath = this.bytePath;
    }
    return this.bytePath.splitter;
  }

  /** Types the whole lines from `from` that the byte path can take (bytes loaded into the splitter); returns where the first it cannot begins. */
  private byteLines(bytes: Uint8Array, from: number, n: number): number {
    const splitter = this.lineSplitter();
    const d = this.opts.delimiter.charCodeAt(0);
    const maxChars = this.opts.maxRecordChars ?? MAX_RECORD_CHARS;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const first = this.tokenizer.nextLine;
    let line = first;
    let pos = from;
    // Batches of lines split first, then typed column by column: each column's loop keeps one kind, one
    // cache and one output array.
    for (;;) {
      if (pos >= n) break;
      const room = Math.min(BYTE_BATCH, this.chunkRows - this.fill);
      const r = splitter.split(pos, n, d, maxChars, room);
      pos = splitter.next;
      if (r > 0) {
        if (splitter.simd) this.byteRowsKernel(bytes, splitter, r, line);
        else this.byteRows(bytes, view, r, line);
        line += r;
      }
      if (r < room) break;
    }
    if (line > first) this.tokenizer.skipLines(line - first);
    return pos;
  }

  /** `rows` lines split by byteLines, typed column by column: what record() makes of the same lines. */
  private byteRows(bytes: Uint8Array, view: DataView, rows: number, line: number): void {
    const row0 = this.fill;
    const { starts, ends } = (this.bytePath as BytePath).splitter;
    const stride = this.n;
    for (let c = 0; c < this.n; c++) {
      const k = this.kinds[c];
      if (k === Kind.Number) {
        const out = this.floats[c] as Float64Array;
        const dec = this.decimals[c];
        const decByte = dec === '.' ? 46 : 44;
        for (let r = 0, o = c; r < rows; r++, o += stride) {
          const a = starts[o];
          const b = ends[o];
          let x = numberFromBytes(bytes, a, b, decByte);
          if (x !== x) {
            const t = asciiText(bytes, a, b);
            x = parseNumberAt(t, 0, t.length, dec);
            if (x !== x && !isMissingAt(t, 0, t.length)) this.invalidCell(c, line + r, t);
          }
          out[row0 + r] = x;
        }
        continue;
      }
      const map = (this.bytePath as BytePath).byteMaps[c] as ByteMap;
      const ints = k >= Kind.Dict ? (this.ints[c] as Int32Array) : null;
      const floats = ints ? null : (this.floats[c] as Float64Array);
      for (let r = 0, o = c; r < rows; r++, o += stride) {
        const a = starts[o];
        const b = ends[o];
        const h = map.hash(bytes, a, b);
        const key = map.find(bytes, view, a, b, h);
        let x: number;
        if (key >= 0) {
          x = map.values[key];
          if (map.flags[key]) this.invalidCell(c, line + r, asciiText(bytes, a, b));
        } else {
          const t = asciiText(bytes, a, b);
          let invalid = 0;
          if (ints) x = this.code(c, k, t, 0, t.length);
          else {
            x = k === Kind.Date ? parseDateAt(this.dateKinds[c], t, 0, t.length) : parseBooleanAt(t, 0, t.length, this.pairs[c]);
            if (x !== x && !isMissingAt(t, 0, t.length)) {
              invalid = 1;
              this.invalidCell(c, line + r, t);
            }
          }
          map.insert(bytes, a, b, h, x, invalid);
        }
        if (ints) ints[row0 + r] = x;
        else (floats as Float64Array)[row0 + r] = x;
      }
    }
    this.s.rows += rows;
    this.fill += rows;
    if (this.fill === this.chunkRows) this.flush();
  }

  /**
   * byteRows on the kernel: each column of the batch typed in WebAssembly (numbers from their digits, other
   * cells looked up in the column's table), which stops only at what JavaScript must do: a cell it cannot
   * read as a plain number, a cell not yet in the table (typed here as byteRows does and added), one flagged
   * invalid (counted here). The same values and invalid cells as byteRows.
   */
  private byteRowsKernel(bytes: Uint8Array, sp: LineSplitter, rows: number, line: number): void {
    const row0 = this.fill;
    const stride = this.n;
    for (let c = 0; c < this.n; c++) {
      const k = this.kinds[c];
      if (k === Kind.Number) {
        const dec = this.decimals[c];
        const decByte = dec === '.' ? 46 : 44;
        let r = 0;
        for (;;) {
          r = sp.numbers(c, r, rows, decByte);
          if (r >= rows) break;
          const t = asciiText(bytes, sp.starts[r * stride + c], sp.ends[r * stride + c]);
          const x = parseNumberAt(t, 0, t.length, dec);
          if (x !== x && !isMissingAt(t, 0, t.length)) this.invalidCell(c, line + r, t);
          sp.outF64()[r++] = x;
        }
        (this.floats[c] as Float64Array).set(sp.outF64().subarray(0, rows), row0);
        continue;
      }
      const ints = k >= Kind.Dict ? (this.ints[c] as Int32Array) : null;
      let r = 0;
      for (;;) {
        r = sp.lookup(c, r, rows, !ints);
        if (r >= rows) break;
        const a = sp.starts[r * stride + c];
        const b = sp.ends[r * stride + c];
        const t = asciiText(bytes, a, b);
        if (sp.hit >= 0) {
          // A cached invalid cell (its value already written): counted with its line, as on first sight.
          this.invalidCell(c, line + r, t);
          r++;
          continue;
        }
        let x: number;
        let invalid = 0;
        if (ints) x = this.code(c, k, t, 0, t.length);
        else {
          x = k === Kind.Date ? parseDateAt(this.dateKinds[c], t, 0, t.length) : parseBooleanAt(t, 0, t.length, this.pairs[c]);
          if (x !== x && !isMissingAt(t, 0, t.length)) {
            invalid = 1;
            this.invalidCell(c, line + r, t);
          }
        }
        sp.insert(c, a, b, x, invalid);
        // After the insert (which may grow the kernel's memory): views over the current buffer.
        if (ints) sp.outI32()[r] = x;
        else sp.outF64()[r] = x;
        r++;
      }
      if (ints) ints.set(sp.outI32().subarray(0, rows), row0);
      else (this.floats[c] as Float64Array).set(sp.outF64().subarray(0, rows), row0);
    }
    this.s.rows += rows;
    this.fill += rows;
    if (this.fill === this.chunkRows) this.flush();
  }

  private record(v: RecordView): void {
    if (v.reason) {
      this.reject(v.line, v.reason, v.raw());
      return;
    }
    if (v.isBlank()) {
      this.s.blankLines++;
      return;
    }
    if (this.headerPending) {
      this.headerPending = false;
      this.headerLine = v.line;
      this.s.continuationLines += v.endLine - v.line;
      return;
    }
    const n = this.n;
    // Empty fields past the last column are trailing delimiters (`1,a,2,`), not data.
    const count = v.count > n ? v.countFor(n) : v.count;
    if (count > n) {
      this.reject(v.line, `${count} fields, expected ${n}`, v.raw());
      return;
    }
    if (count === 1 && n > 1 && v.quoted[0] && v.field(0).includes(this.delimChar)) {
      this.reject(v.line, 'the whole line is wrapped in quotes', v.raw());
      return;
    }
    if (count < n) {
      this.s.paddedRows++;
      if (this.s.paddedSample.length < PADDED_SAMPLE) this.s.paddedSample.push(v.line);
    }
    const row = this.fill;
    const kinds = this.kinds;
    const floats = this.floats;
    const ints = this.ints;
    const text = v.text;
    const starts = v.starts;
    const ends = v.ends;
    const escaped = v.escaped;
    for (let c = 0; c < n; c++) {
      const k = kinds[c];
      if (c >= count) {
        if (k < Kind.Dict) (floats[c] as Float64Array)[row] = NaN;
        else (ints[c] as Int32Array)[row] = -1;
        continue;
      }
      let t = text;
      let a = starts[c];
      let b = ends[c];
      if (escaped[c]) {
        t = v.values[c];
        a = 0;
        b = t.length;
      }
      if (k === Kind.Number) {
        const x = parseNumberAt(t, a, b, this.decimals[c]);
        (floats[c] as Float64Array)[row] = x;
        if (x !== x && !isMissingAt(t, a, b)) this.invalidCell(c, v.line, ownString(t, a, b));
      } else if (k >= Kind.Dict) {
        (ints[c] as Int32Array)[row] = this.code(c, k, t, a, b);
      } else {
        const x = k === Kind.Date ? parseDateAt(this.dateKinds[c], t, a, b) : parseBooleanAt(t, a, b, this.pairs[c]);
        (floats[c] as Float64Array)[row] = x;
        if (x !== x && !isMissingAt(t, a, b)) this.invalidCell(c, v.line, ownString(t, a, b));
      }
    }
    this.s.rows++;
    this.s.continuationLines += v.endLine - v.line;
    if (++this.fill === this.chunkRows) this.flush();
  }

  private code(c: number, k: Kind, t: string, a: number, b: number): number {
    a = trimStart(t, a, b);
    b = trimEnd(t, a, b);
    if (a === b) return -1;
    const dict = this.dicts[c] as StringDict;
    const code = dict.get(t, a, b);
    if (code !== undefined) return code;
    const key = ownString(t, a, b);
    // Missing spellings are remembered as -1, so "NA" costs one lookup like any other value.
    if (isMissingAt(t, a, b)) {
      dict.alias(key, -1);
      return -1;
    }
    if (k === Kind.IdDict && INTEGRAL_FLOAT.test(key)) {
      const whole = key.slice(0, key.lastIndexOf('.'));
      let wholeCode = dict.get(whole, 0, whole.length);
      if (wholeCode === undefined) wholeCode = dict.add(whole);
      dict.alias(key, wholeCode);
      return wholeCode;
    }
    return dict.add(key);
  }
}

/**
 * parseNumberAt's fast path on bytes (`[+-]?\d*([.,]\d*)?` with 1-15 digits, the same arithmetic, so the
 * same double); NaN for anything else, which the caller reads as text.
 */
function numberFromBytes(s: Uint8Array, a: number, b: number, dec: number): number {
  if (a === b) return NaN;
  let i = a;
  let neg = false;
  let c = s[i];
  if (c === 45) {
    neg = true;
    i++;
  } else if (c === 43) {
    i++;
  }
  const digitsStart = i;
  let m = 0;
  while (i < b) {
    c = s[i] - 48;
    if (c < 0 || c > 9) break;
    m = m * 10 + c;
    i++;
  }
  let nd = i - digitsStart;
  let frac = 0;
  if (i < b && s[i] === dec) {
    i++;
    const fs = i;
    while (i < b) {
      c = s[i] - 48;
      if (c < 0 || c > 9) break;
      m = m * 10 + c;
      i++;
    }
    frac = i - fs;
    nd += frac;
  }
  if (i === b && nd > 0 && nd <= 15) {
    const v = frac ? m / POW10[frac] : m;
    return neg ? -v : v;
  }
  return NaN;
}

/** ASCII bytes as a string (the byte path takes only ASCII lines, the same text in UTF-8 and Latin-1). */
function asciiText(bytes: Uint8Array, a: number, b: number): string {
  const cell = bytes.subarray(a, b);
  return b - a > 64 ? utf8.decode(cell) : String.fromCharCode.apply(null, cell as unknown as number[]);
}
