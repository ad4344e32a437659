// The importer's byte path splitter: whole lines of a delimited file's bytes cut into fields, on the SIMD
// kernel (csv-split.wat) where WebAssembly SIMD compiles, else on the scalar loop below. Both take exactly
// the same lines (a fuzz test compares them) and stop at the first line they cannot take, which the text
// path (CsvTokenizer) then reads: a byte over 127, a lone CR, a blank line, other than `cols` fields, a
// line over maxChars, a quote other than around a whole field, a field over several lines. On the lines
// they take, the text path would give the same fields (src/lib/data/byte-path.test.ts checks it).
import { kernelModules } from '../engine/threads';
import { CSV_SPLIT_KERNEL, CSV_SPLIT_KERNEL_SHARED } from './csv-split-kernel.generated';

const LF = 10;
const CR = 13;
const QUOTE = 34;
/** Bytes the kernel may read past the input's end (it masks them off). */
const PAD = 64;
const PAGE = 65_536;

const kernelModule = kernelModules(CSV_SPLIT_KERNEL_SHARED, CSV_SPLIT_KERNEL);

/**
 * Splits the line at `pos` of bytes[pos, n): field f's start at starts[o + f], its end at ends[o + f] (quotes
 * excluded). Returns where the next line starts, or -1 when the line is not whole in bytes[pos, n) or is one
 * the byte path leaves to the text path (see above).
 */
export function splitLine(bytes: Uint8Array, pos: number, n: number, d: number, cols: number, starts: Int32Array, ends: Int32Array, o: number, maxChars: number): number {
  let f = 0;
  let p = pos;
  for (;;) {
    let a = p;
    let b: number;
    let c = 0;
    if (p < n && bytes[p] === QUOTE) {
      // A quoted field: its closing quote, with no line break, other quote or byte over 127 before it.
      let q = p + 1;
      while (q < n) {
        c = bytes[q];
        if (c === QUOTE || c === LF || c === CR || c > 127) break;
        q++;
      }
      if (q + 1 >= n || c !== QUOTE) return -1;
      a = p + 1;
      b = q;
      p = q + 1;
      c = bytes[p];
      if (c !== d && c !== LF && c !== CR) return -1;
    } else {
      while (p < n) {
        c = bytes[p];
        // Most bytes are printable ASCII past the quote: one test lets them through.
        if (c > QUOTE && c < 128 && c !== d) {
          p++;
          continue;
        }
        if (c === d || c === LF || c === CR) break;
        if (c === QUOTE || c > 127) return -1;
        p++;
      }
      if (p >= n) return -1;
      b = p;
    }
    if (c === d) {
      if (f === cols - 1) return -1;
      starts[o + f] = a;
      ends[o + f] = b;
      f++;
      p++;
      continue;
    }
    if (c === CR && (p + 1 >= n || bytes[p + 1] !== LF)) return -1;
    if (f !== cols - 1 || p - pos > maxChars) return -1;
    starts[o + f] = a;
    ends[o + f] = b;
    return c === LF ? p + 1 : p + 2;
  }
}

type SplitFn = (src: number, pos: number, n: number, delim: number, cols: number, starts: number, ends: number, rowsMax: number, maxChars: number) => number;
type ColumnFn = (src: number, starts: number, ends: number, stride: number, col: number, from: number, rows: number, out: number, extra: number) => number;
type LookupFn = (src: number, starts: number, ends: number, stride: number, col: number, from: number, rows: number, out: number, wide: number, tab: number) => number;

interface Kernel {
  memory: WebAssembly.Memory;
  split: SplitFn;
  next: WebAssembly.Global;
  hit: WebAssembly.Global;
  hash: (p: number, len: number) => number;
  lookup: LookupFn;
  numbers: ColumnFn;
}

/** Bytes per table entry in kernel memory: f64 value, i32 hash, length, arena offset, invalid flag, the key's first 16 bytes. */
const ENTRY = 40;

/**
 * A column's cache of cells already typed (bytes -> value, invalid flag), in the kernel's memory so that
 * LineSplitter.lookup finds a batch's cells without leaving WebAssembly. Keys are added from JavaScript
 * (new values are rare); regions that grow are copied to new ones from the splitter's allocator.
 */
interface KernelTable {
  /** Header: i32 mask, slots, entries, arena (what the kernel's lookup reads). */
  at: number;
  mask: number;
  slots: number;
  entries: number;
  capacity: number;
  arena: number;
  arenaSize: number;
  arenaUsed: number;
  size: number;
  limit: number;
}

/**
 * Splits batches of lines of one input at a time: `load` it, then `split` from line starts in it. Where the
 * kernel runs, it also types the split fields in WebAssembly (`numbers`, `lookup` in per-column tables of
 * cells already seen), so a batch's cells are typed without a JavaScript call per cell.
 */
export class LineSplitter {
  /** Field f of row r (of the last split) at [starts[r * cols + f], ends[r * cols + f]) of the loaded bytes. */
  starts: Int32Array;
  ends: Int32Array;
  /** Where the first line not taken by the last split begins. */
  next = 0;
  private bytes: Uint8Array = new Uint8Array(0);
  private readonly kernel: Kernel | null = null;
  private srcAt = 0;
  private srcSize = 0;
  /** Typed output of one column of a batch (rowsMax f64), then the bump allocator's heap. */
  private outAt = 0;
  private top = 0;
  private readonly tables: (KernelTable | null)[];
  /** Views over the whole kernel memory and its output region, made again only when the memory grows (the buffer getter is slow). */
  private u8 = new Uint8Array(0);
  private i32 = new Int32Array(0);
  private f64 = new Float64Array(0);
  private outF = new Float64Array(0);
  private outI = new Int32Array(0);

  /**
   * @param useKernel false for the scalar loop even where the kernel compiles (tests compare the two).
   */
  constructor(
    readonly cols: number,
    readonly rowsMax: number,
    useKernel = true,
  ) {
    const cells = cols * rowsMax;
    this.tables = new Array(cols).fill(null);
    const module = useKernel ? kernelModule(false) : null;
    if (module) {
      try {
        const memory = new WebAssembly.Memory({ initial: Math.ceil((8 * cells + 8 * rowsMax + PAD) / PAGE), maximum: 65_536 });
        const { exports: x } = new WebAssembly.Instance(module, { env: { memory } });
        this.kernel = { memory, split: x.split as SplitFn, next: x.next as WebAssembly.Global, hit: x.hit as WebAssembly.Global, hash: x.hash as Kernel['hash'], lookup: x.lookup as LookupFn, numbers: x.numbers as ColumnFn };
        this.outAt = 8 * cells;
        this.top = this.outAt + 8 * rowsMax;
      } catch {
        this.kernel = null;
      }
    }
    if (this.kernel) {
      this.starts = this.ends = this.i32;
      this.views();
    } else {
      this.starts = new Int32Array(cells);
      this.ends = new Int32Array(cells);
    }
  }

  /** True when the SIMD kernel runs (not the scalar loop); then `numbers` and `lookup` type on it too. */
  get simd(): boolean {
    return this.kernel !== null;
  }

  /** n bytes (8-aligned, PAD readable past them) from the heap, growing the memory as needed. */
  private alloc(n: number): number {
    const k = this.kernel as Kernel;
    const at = this.top;
    this.top = (at + n + PAD + 7) & ~7;
    if (this.top > this.u8.length) {
      k.memory.grow(Math.ceil((this.top - this.u8.length) / PAGE));
      this.views();
    }
    return at;
  }

  /** New views over the kernel memory (after a growth, the old ones are detached: length 0). */
  private views(): void {
    const buf = (this.kernel as Kernel).memory.buffer;
    const cells = this.cols * this.rowsMax;
    this.u8 = new Uint8Array(buf);
    this.i32 = new Int32Array(buf);
    this.f64 = new Float64Array(buf);
    this.starts = new Int32Array(buf, 0, cells);
    this.ends = new Int32Array(buf, 4 * cells, cells);
    this.outF = new Float64Array(buf, this.outAt, this.rowsMax);
    this.outI = new Int32Array(buf, this.outAt, this.rowsMax);
  }

  /** Makes `bytes` the input of the next splits (copied into the kernel's memory). */
  load(bytes: Uint8Array): void {
    this.bytes = bytes;
    const k = this.kernel;
    if (!k) return;
    if (bytes.length > this.srcSize) {
      // A new region (the old one is left: inputs are pieces of a similar size, so this is rare).
      this.srcSize = Math.max(bytes.length, this.srcSize * 2);
      this.srcAt = this.alloc(this.srcSize);
    }
    this.u8.set(bytes, this.srcAt);
  }

  /** Splits whole lines from `pos` (a line start) of the loaded bytes, up to `n` and `rowsMax` lines; returns how many. */
  split(pos: number, n: number, delim: number, maxChars: number, rowsMax = this.rowsMax): number {
    rowsMax = Math.min(rowsMax, this.rowsMax);
    const k = this.kernel;
    if (k) {
      const rows = k.split(this.srcAt, pos, n, delim, this.cols, 0, 4 * this.cols * this.rowsMax, rowsMax, maxChars);
      this.next = k.next.value as number;
      return rows;
    }
    let r = 0;
    while (r < rowsMax && pos < n) {
      const next = splitLine(this.bytes, pos, n, delim, this.cols, this.starts, this.ends, r * this.cols, maxChars);
      if (next < 0) break;
      r++;
      pos = next;
    }
    this.next = pos;
    return r;
  }

  /** The typed output of the last `numbers` or `lookup` (valid until the next table insert). */
  outF64(): Float64Array {
    return this.outF;
  }

  outI32(): Int32Array {
    return this.outI;
  }

  /**
   * Numbers of column `col` of rows [from, rows) of the last split into outF64 (the byte path's fast form,
   * `decimal` the decimal mark's byte); stops at the first cell it cannot read and returns its row.
   */
  numbers(col: number, from: number, rows: number, decimal: number): number {
    const cells = this.cols * this.rowsMax;
    return (this.kernel as Kernel).numbers(this.srcAt, 0, 4 * cells, this.cols, col, from, rows, this.outAt, decimal);
  }

  /**
   * Column `col` of rows [from, rows) looked up in its table, values into outF64 (`wide`) or outI32. Stops
   * at a cell not in the table (returns its row, `hit` -1) or after one whose key is flagged invalid (its
   * row, `hit` >= 0); returns `rows` when all are done.
   */
  lookup(col: number, from: number, rows: number, wide: boolean): number {
    const k = this.kernel as Kernel;
    const t = this.table(col);
    const cells = this.cols * this.rowsMax;
    return k.lookup(this.srcAt, 0, 4 * cells, this.cols, col, from, rows, this.outAt, wide ? 1 : 0, t.at);
  }

  /** After a lookup stopped: the key of the flagged cell, or -1 for a miss. */
  get hit(): number {
    return (this.kernel as Kernel).hit.value as number;
  }

  /** Keys a column's table may hold (past it, cells are not cached: a column of mostly distinct dates). */
  setLimit(col: number, limit: number): void {
    this.table(col).limit = limit;
  }

  /** Adds the loaded bytes [a, b) (not in the table) to column `col`'s table; false when the table is full. */
  insert(col: number, a: number, b: number, value: number, flag: number): boolean {
    const t = this.table(col);
    if (t.size >= t.limit) return false;
    const k = this.kernel as Kernel;
    const len = b - a;
    const h = k.hash(this.srcAt + a, len);
    if (t.size === t.capacity) {
      const entries = this.alloc(2 * t.capacity * ENTRY);
      this.u8.copyWithin(entries, t.entries, t.entries + t.size * ENTRY);
      t.entries = entries;
      t.capacity *= 2;
    }
    if (t.arenaUsed + len > t.arenaSize) {
      const size = Math.max(2 * t.arenaSize, t.arenaUsed + len);
      const arena = this.alloc(size);
      this.u8.copyWithin(arena, t.arena, t.arena + t.arenaUsed);
      t.arena = arena;
      t.arenaSize = size;
    }
    const u8 = this.u8;
    u8.copyWithin(t.arena + t.arenaUsed, this.srcAt + a, this.srcAt + b);
    const e = t.entries + t.size * ENTRY;
    this.f64[e >> 3] = value;
    const m = (e + 8) >> 2;
    this.i32[m] = h;
    this.i32[m + 1] = len;
    this.i32[m + 2] = t.arenaUsed;
    this.i32[m + 3] = flag;
    // The first 16 bytes inline, zero past the key (as the kernel masks a cell's).
    u8.fill(0, e + 24, e + 40);
    u8.copyWithin(e + 24, this.srcAt + a, this.srcAt + a + Math.min(len, 16));
    t.arenaUsed += len;
    t.size++;
    if (t.size * 2 > t.mask + 1) this.rehash(t, 2 * (t.mask + 1));
    else this.place(t, t.size - 1, h);
    this.writeHeader(t);
    return true;
  }

  private table(col: number): KernelTable {
    let t = this.tables[col];
    if (!t) {
      t = { at: this.alloc(16), mask: 0, slots: 0, entries: this.alloc(8 * ENTRY), capacity: 8, arena: 0, arenaSize: 64, arenaUsed: 0, size: 0, limit: Infinity };
      t.arena = this.alloc(t.arenaSize);
      this.tables[col] = t;
      this.rehash(t, 16);
      this.writeHeader(t);
    }
    return t;
  }

  private place(t: KernelTable, key: number, h: number): void {
    const slots = this.i32;
    const base = t.slots >> 2;
    let s = h & t.mask;
    while (slots[base + s] !== -1) s = (s + 1) & t.mask;
    slots[base + s] = key;
  }

  private rehash(t: KernelTable, size: number): void {
    t.slots = this.alloc(4 * size);
    t.mask = size - 1;
    this.i32.fill(-1, t.slots >> 2, (t.slots >> 2) + size);
    for (let key = 0; key < t.size; key++) this.place(t, key, this.i32[(t.entries + key * ENTRY + 8) >> 2]);
  }

  private writeHeader(t: KernelTable): void {
    const h = this.i32;
    const at = t.at >> 2;
    h[at] = t.mask;
    h[at + 1] = t.slots;
    h[at + 2] = t.entries;
    h[at + 3] = t.arena;
  }
}
