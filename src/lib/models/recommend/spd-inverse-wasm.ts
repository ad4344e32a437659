// EASE's symmetric positive-definite inverse on our WebAssembly SIMD kernel (spd-inverse.wat): the same
// blocked Gauss-Jordan with symmetry as spdInverse() in spd-inverse.ts (n^3/2 multiply-adds, as few as
// Cholesky + triangular inverse + L^-T L^-1, and one big update per block instead of three), with the
// matrix kept as a packed float64 upper triangle: n(n+1)/2 values, 900 MB at 15,000 items, so float64
// fits a 2 GiB wasm32 memory up to EASE's cap (a full 15,000^2 float64 matrix would not). Per block of
// bs pivots the caller's thread inverts the small pivot block and packs the panels (O(n bs) work); the
// O(n^2 bs) trailing update is split by rows, of equal work, between this thread and its helpers.
import type { KernelThreads } from '../../engine/threads';
import { NO_THREADS, splitRange } from '../../engine/threads';
import type { ProgressFn } from '../../progress';
import { smallSpdInverse } from './spd-inverse';
import { SPD_INVERSE_KERNEL, SPD_INVERSE_KERNEL_SHARED } from './spd-inverse-kernel.generated';
import { SPD_INVERSE_FMA_KERNEL, SPD_INVERSE_FMA_KERNEL_SHARED } from './spd-inverse-fma-kernel.generated';

type UpdateFn = (pc: number, ld: number, tri: number, pu: number, pr: number, kk: number, i0: number, i1: number, jc: number) => number;

/** The largest kernel memory we ask for: browsers cap buffers near 2 GiB. */
export const MAX_SPD_KERNEL_BYTES = 2 ** 31;
const PAGE = 65536;
/** Columns per chunk of the update: bs x 512 float64 of R stays in L2 across row groups. */
const COLUMN_CHUNK = 512;

const decode = (b64: string): Uint8Array => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const compiled = new Map<string, WebAssembly.Module | null>();

/**
 * The compiled kernel, or null where WebAssembly SIMD (or shared memory, if asked) is missing. With fma
 * (the default) the relaxed-SIMD twin (spd-inverse-fma.wat: fused multiply-adds, about half the inner
 * loop's floating-point operations) where this engine validates it, else the plain SIMD kernel.
 */
export function spdKernelModule(shared: boolean, fma = true): WebAssembly.Module | null {
  const key = `${shared}/${fma}`;
  if (!compiled.has(key)) {
    let mod: WebAssembly.Module | null = null;
    try {
      if (!shared || canShare()) {
        const fmaBytes = fma ? decode(shared ? SPD_INVERSE_FMA_KERNEL_SHARED : SPD_INVERSE_FMA_KERNEL) : null;
        const bytes = fmaBytes && WebAssembly.validate(fmaBytes as BufferSource) ? fmaBytes : decode(shared ? SPD_INVERSE_KERNEL_SHARED : SPD_INVERSE_KERNEL);
        mod = new WebAssembly.Module(bytes as BufferSource);
      }
    } catch {
      mod = null;
    }
    compiled.set(key, mod);
  }
  return compiled.get(key)!;
}

/** Whether this engine runs the fused (relaxed-SIMD) kernel. */
export function spdKernelFused(): boolean {
  try {
    return WebAssembly.validate(decode(SPD_INVERSE_FMA_KERNEL) as BufferSource);
  } catch {
    return false;
  }
}

function canShare(): boolean {
  try {
    return new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

export interface SpdKernelOptions {
  /** Pivots per block, rounded up to a multiple of 4 (default 64). */
  blockSize?: number;
  threads?: KernelThreads;
  /** Fused multiply-adds where the engine has relaxed SIMD (default true); false: always the plain kernel. */
  fma?: boolean;
  onProgress?: ProgressFn;
}

let keys = 0;

/**
 * An n x n SPD matrix in kernel memory as a packed upper triangle, padded with identity to N = n rounded up
 * to 4 (identity rows and columns invert to themselves and couple with nothing). Fill it with set()/add()
 * or through `packed` and rowStart(), invert() in place, read with get().
 */
export class SpdKernelMatrix {
  readonly n: number;
  /** n rounded up to a multiple of 4. */
  readonly size: number;
  readonly bs: number;
  readonly memory: WebAssembly.Memory;
  readonly module: WebAssembly.Module;
  /** The packed upper triangle: element (i, j), j >= i, at rowStart(i) + j. */
  readonly packed: Float64Array;
  private readonly update: UpdateFn;
  private readonly pR: number;
  private readonly pU: number;
  private readonly pD: number;
  private readonly pNew: number;
  private readonly pRN: number;
  private readonly pW: number;

  private constructor(n: number, bs: number, module: WebAssembly.Module, shared: boolean) {
    const N = Math.ceil(n / 4) * 4;
    this.n = n;
    this.size = N;
    this.bs = bs;
    this.module = module;
    const triBytes = align(((N * (N + 1)) / 2) * 8);
    const panel = align(N * bs * 8);
    this.pR = triBytes;
    this.pU = this.pR + panel;
    this.pD = this.pU + panel;
    this.pNew = this.pD + align(bs * bs * 8);
    this.pRN = this.pNew + panel;
    this.pW = this.pRN + panel;
    const pages = Math.ceil((this.pW + WARM_BYTES) / PAGE);
    // Declared once: initial = maximum, the memory never grows.
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared } as WebAssembly.MemoryDescriptor);
    this.update = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports.update as UpdateFn;
    this.packed = new Float64Array(this.memory.buffer, 0, (N * (N + 1)) / 2);
    for (let i = n; i < N; i++) this.packed[this.rowStart(i) + i] = 1;
  }

  /** Kernel memory for an n x n inverse, or null where the kernel cannot run (no SIMD, or too large). */
  static create(n: number, opts: { blockSize?: number; threads?: KernelThreads; fma?: boolean } = {}): SpdKernelMatrix | null {
    const bs = Math.max(4, Math.ceil((opts.blockSize ?? 64) / 4) * 4);
    const shared = (opts.threads?.count ?? 0) > 0;
    if (spdKernelBytes(n, bs) > MAX_SPD_KERNEL_BYTES) return null;
    const module = spdKernelModule(shared, opts.fma ?? true);
    return module ? new SpdKernelMatrix(n, bs, module, shared) : null;
  }

  /** Index in `packed` of element (i, 0): valid for columns j >= i. */
  rowStart(i: number): number {
    return i * this.size - (i * (i + 1)) / 2;
  }

  get(i: number, j: number): number {
    return i <= j ? this.packed[this.rowStart(i) + j] : this.packed[this.rowStart(j) + i];
  }

  /** Inverts in place; throws if the matrix is not positive definite. */
  async invert(opts: SpdKernelOptions = {}): Promise<void> {
    const threads = opts.threads ?? NO_THREADS;
    if (threads.count > 0 && !(this.memory.buffer instanceof SharedArrayBuffer)) throw new Error('SPD kernel: helper threads need a matrix created with them');
    const key = `spd-inverse-${++keys}`;
    if (threads.count > 0) await threads.attach(key, this.module, this.memory);
    try {
      await this.warmUp(threads, key);
      await this.sweep(threads, key, opts.onProgress);
    } finally {
      if (threads.count > 0) await threads.detach(key);
    }
  }

  /**
   * V8 runs a wasm function in its baseline tier until it has run a while, and a long call never switches
   * tier midway: a few small calls on scratch memory first, so the first block's big update runs optimised.
   */
  private async warmUp(threads: KernelThreads, key: string): Promise<void> {
    const args = (p: number) => [this.pW + WARM_C + p * WARM_PART, 64, 0, this.pW, this.pW + WARM_R, 64, 0, 4, 64];
    const helpers = Array.from({ length: Math.min(threads.count, WARM_PARTS - 1) }, async (_, h) => {
      for (let r = 0; r < 10; r++) await threads.call(h, key, 'update', args(h + 1));
    });
    for (let r = 0; r < 40; r++) this.update(...(args(0) as Parameters<UpdateFn>));
    await Promise.all(helpers);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private async sweep(threads: KernelThreads, key: string, onProgress?: ProgressFn): Promise<void> {
    const { size: N, bs: bsMax, packed: a } = this;
    const buf = this.memory.buffer;
    const rPack = new Float64Array(buf, this.pR, N * bsMax);
    const uPack = new Float64Array(buf, this.pU, N * bsMax);
    const dPack = new Float64Array(buf, this.pD, bsMax * bsMax);
    const rNew = new Float64Array(buf, this.pNew, N * bsMax);
    const rnPack = new Float64Array(buf, this.pRN, N * bsMax);
    const d = new Float64Array(bsMax * bsMax);
    const rowAt = new Int32Array(bsMax);
    for (let k0 = 0; k0 < N; k0 += bsMax) {
      const k1 = Math.min(N, k0 + bsMax);
      const bs = k1 - k0;
      for (let s = 0; s < bs; s++) {
        const row = this.rowStart(k0 + s);
        for (let t = s; t < bs; t++) d[s * bs + t] = d[t * bs + s] = a[row + k0 + t];
      }
      smallSpdInverse(d.subarray(0, bs * bs), bs);
      // Old row panel R[t][j] (zero in the pivot columns) and U[i][t] = sign(i) R[t][i], both packed by
      // groups of 4 (layouts in spd-inverse.wat); -D packed by groups of 4 rows.
      for (let j = 0; j < k0; j++) {
        const row = this.rowStart(j) + k0;
        const base = (j >> 2) * bs * 4 + (j & 3);
        for (let t = 0; t < bs; t++) {
          const v = a[row + t];
          rPack[base + t * 4] = -v;
          uPack[base + t * 4] = v;
        }
      }
      for (let j = k0; j < k1; j++) {
        const base = (j >> 2) * bs * 4 + (j & 3);
        for (let t = 0; t < bs; t++) rPack[base + t * 4] = uPack[base + t * 4] = 0;
      }
      // By groups of 4 columns so the packed panel is written in order (by rows it strides across MBs).
      for (let t = 0; t < bs; t++) rowAt[t] = this.rowStart(k0 + t);
      for (let g = k1; g < N; g += 4) {
        let o = g * bs;
        for (let t = 0; t < bs; t++, o += 4) {
          const src = rowAt[t] + g;
          rPack[o] = a[src];
          rPack[o + 1] = a[src + 1];
          rPack[o + 2] = a[src + 2];
          rPack[o + 3] = a[src + 3];
        }
      }
      uPack.set(rPack.subarray(k1 * bs, N * bs), k1 * bs);
      for (let s = 0; s < bs; s++) for (let t = 0; t < bs; t++) dPack[(s >> 2) * bs * 4 + t * 4 + (s & 3)] = -d[s * bs + t];
      // New row panel D R (bs x N, row-major), then packed for the trailing update.
      // Its rows (groups of 4) split between the threads too: the helpers otherwise idle through it.
      rNew.fill(0, 0, bs * N);
      const panelArgs = (p: number): number[] => {
        const [g0, g1] = splitRange(bs / 4, threads.count + 1, p);
        return [this.pNew, N, 0, this.pD, this.pR, bs, g0 * 4, g1 * 4, COLUMN_CHUNK];
      };
      const panelHelpers = Array.from({ length: threads.count }, (_, h) => threads.call(h, key, 'update', panelArgs(h + 1)));
      this.update(...(panelArgs(0) as Parameters<UpdateFn>));
      await Promise.all(panelHelpers);
      for (let g = 0; g < N; g += 4) {
        let o = g * bs;
        for (let t = 0, src = g; t < bs; t++, o += 4, src += N) {
          rnPack[o] = rNew[src];
          rnPack[o + 1] = rNew[src + 1];
          rnPack[o + 2] = rNew[src + 2];
          rnPack[o + 3] = rNew[src + 3];
        }
      }
      // A[i][j] -= U[i][t] Rnew[t][j], j >= i, rows outside the pivot block: split by work between threads.
      const parts = threads.count + 1;
      const cuts = workCuts(N, k0, k1, parts);
      const run = (p: number): number[][] => {
        const [a0, a1] = [cuts[p], cuts[p + 1]];
        const ranges: number[][] = [];
        if (a0 < Math.min(a1, k0)) ranges.push([a0, Math.min(a1, k0)]);
        if (Math.max(a0, k1) < a1) ranges.push([Math.max(a0, k1), a1]);
        return ranges.map(([i0, i1]) => [0, N, 1, this.pU, this.pRN, bs, i0, i1, COLUMN_CHUNK]);
      };
      const helpers = Array.from({ length: threads.count }, async (_, h) => {
        for (const args of run(h + 1)) await threads.call(h, key, 'update', args);
      });
      for (const args of run(0)) this.update(...(args as Parameters<UpdateFn>));
      await Promise.all(helpers);
      for (let s = 0; s < bs; s++) {
        const row = this.rowStart(k0 + s);
        for (let t = s; t < bs; t++) a[row + k0 + t] = d[s * bs + t];
        const src = s * N;
        for (let j = k1; j < N; j++) a[row + j] = rNew[src + j];
      }
      // Column j of the new panel, read from its packed copy (4 columns share 2 KB) rather than down rNew.
      for (let j = 0; j < k0; j++) {
        const row = this.rowStart(j) + k0;
        const base = (j >> 2) * bs * 4 + (j & 3);
        for (let s = 0; s < bs; s++) a[row + s] = rnPack[base + s * 4];
      }
      onProgress?.({ stage: 'Inverting the item Gram matrix', done: Math.min(k1, this.n), total: this.n });
    }
  }
}

// Warm-up scratch: U (4 x 64), R (64 x 64), then a 4 x 64 C per thread.
const WARM_R = 4 * 64 * 8;
const WARM_C = WARM_R + 64 * 64 * 8;
const WARM_PART = 4 * 64 * 8;
const WARM_PARTS = 8;
const WARM_BYTES = WARM_C + WARM_PARTS * WARM_PART;

const align = (b: number) => Math.ceil(b / 16) * 16;

/** Bytes of kernel memory for an n x n inverse with blocks of bs. */
export function spdKernelBytes(n: number, bs = 64): number {
  const N = Math.ceil(n / 4) * 4;
  return align(((N * (N + 1)) / 2) * 8) + 4 * align(N * bs * 8) + align(bs * bs * 8) + WARM_BYTES;
}

/** Row cuts (multiples of 4) giving each part near-equal update work: row i outside [k0, k1) costs N - i. */
function workCuts(N: number, k0: number, k1: number, parts: number): number[] {
  const cost = (i: number) => (i >= k0 && i < k1 ? 0 : N - i);
  let total = 0;
  for (let i = 0; i < N; i += 4) total += cost(i);
  const cuts = [0];
  let acc = 0;
  for (let i = 0; i < N && cuts.length < parts; i += 4) {
    acc += cost(i);
    if (acc >= (total * cuts.length) / parts) cuts.push(i + 4);
  }
  while (cuts.length <= parts) cuts.push(N);
  cuts[parts] = N;
  return cuts;
}

/** Inverse of a dense SPD matrix (row-major n x n, only the upper triangle is read) on the kernel; a new array. */
export async function spdInverseWasm(a: Float64Array, n: number, opts: SpdKernelOptions = {}): Promise<Float64Array> {
  if (a.length !== n * n) throw new Error(`Matrix has ${a.length} entries, expected ${n} x ${n}`);
  const m = SpdKernelMatrix.create(n, opts);
  if (!m) throw new Error('The WebAssembly SIMD kernel is not available here (or the matrix is too large for it)');
  for (let i = 0; i < n; i++) m.packed.set(a.subarray(i * n + i, i * n + n), m.rowStart(i) + i);
  await m.invert(opts);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = m.rowStart(i);
    for (let j = i; j < n; j++) out[i * n + j] = out[j * n + i] = m.packed[row + j];
  }
  return out;
}
