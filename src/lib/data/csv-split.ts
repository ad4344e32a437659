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

/** Splits batches of lines of one input at a time: `load` it, then `split` from line starts in it. */
export class LineSplitter {
  /** Field f of row r (of the last split) at [starts[r * cols + f], ends[r * cols + f]) of the loaded bytes. */
  starts: Int32Array;
  ends: Int32Array;
  /** Where the first line not taken by the last split begins. */
  next = 0;
  private bytes: Uint8Array = new Uint8Array(0);
  private readonly kernel: { memory: WebAssembly.Memory; split: SplitFn; next: WebAssembly.Global } | null = null;
  private srcAt = 0;

  /**
   * @param useKernel false for the scalar loop even where the kernel compiles (tests compare the two).
   */
  constructor(
    readonly cols: number,
    readonly rowsMax: number,
    useKernel = true,
  ) {
    const cells = cols * rowsMax;
    const module = useKernel ? kernelModule(false) : null;
    if (module) {
      try {
        const memory = new WebAssembly.Memory({ initial: Math.ceil((8 * cells + PAD) / PAGE), maximum: 65_536 });
        const { exports } = new WebAssembly.Instance(module, { env: { memory } });
        this.kernel = { memory, split: exports.split as SplitFn, next: exports.next as WebAssembly.Global };
        this.srcAt = 8 * cells;
      } catch {
        this.kernel = null;
      }
    }
    if (this.kernel) {
      const buf = this.kernel.memory.buffer;
      this.starts = new Int32Array(buf, 0, cells);
      this.ends = new Int32Array(buf, 4 * cells, cells);
    } else {
      this.starts = new Int32Array(cells);
      this.ends = new Int32Array(cells);
    }
  }

  /** True when the SIMD kernel runs (not the scalar loop). */
  get simd(): boolean {
    return this.kernel !== null;
  }

  /** Makes `bytes` the input of the next splits (copied into the kernel's memory). */
  load(bytes: Uint8Array): void {
    this.bytes = bytes;
    const k = this.kernel;
    if (!k) return;
    const need = this.srcAt + bytes.length + PAD;
    if (need > k.memory.buffer.byteLength) {
      k.memory.grow(Math.ceil((need - k.memory.buffer.byteLength) / PAGE));
      // The old views are detached by the growth (length 0): new ones over the same cells.
      const buf = k.memory.buffer;
      const cells = this.cols * this.rowsMax;
      this.starts = new Int32Array(buf, 0, cells);
      this.ends = new Int32Array(buf, 4 * cells, cells);
    }
    new Uint8Array(k.memory.buffer, this.srcAt, bytes.length).set(bytes);
  }

  /** Splits whole lines from `pos` (a line start) of the loaded bytes, up to `n` and `rowsMax` lines; returns how many. */
  split(pos: number, n: number, delim: number, maxChars: number, rowsMax = this.rowsMax): number {
    rowsMax = Math.min(rowsMax, this.rowsMax);
    const k = this.kernel;
    if (k) {
      const rows = k.split(this.srcAt, pos, n, delim, this.cols, 0, this.srcAt / 2, rowsMax, maxChars);
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
}
