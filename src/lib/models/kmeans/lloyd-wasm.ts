// Lloyd's algorithm on our WebAssembly SIMD kernel (lloyd.wat): one fused pass per iteration that
// assigns each point and adds it to its cluster's sums, split into row ranges that run at once on
// the caller's thread and on helper threads sharing the same WebAssembly memory. The helpers are
// whatever the caller provides (Web Workers in the app, none in Node); this file only needs their
// promise-returning interface, so it stays free of any worker API.
import type { Matrix } from './matrix';
import type { LloydOptions, LloydResult } from './lloyd-common';
import { lloydLoop } from './lloyd-common';
import { LLOYD_KERNEL, LLOYD_KERNEL_SHARED } from './lloyd-kernel.generated';

type AssignFn = (px: number, start: number, end: number, d: number, pc: number, kpad: number, pl: number, ps: number, k: number) => number;

/** Byte offsets of one fit's arrays in the kernel's memory (see lloyd.wat). */
export interface KernelLayout {
  rows: number;
  cols: number;
  k: number;
  /** k rounded up to a multiple of 4 (one SIMD lane per centre). */
  kpad: number;
  /** Row ranges run at once: the caller's thread plus its helpers. */
  parts: number;
  px: number;
  pc: number;
  pl: number;
  /** Sums slot of part p starts at ps + p * partBytes: f64[k * d] sums, then f64[k] counts. */
  ps: number;
  partBytes: number;
  /** i32[parts]: a counter per part, bumped with Atomics on each hand-over (see KernelPoints.pass). */
  pctl: number;
  bytes: number;
}

/** A row range for one thread, written into sums slot `part`. */
export interface KernelJob {
  start: number;
  end: number;
  part: number;
}

/** Helper threads that run the kernel on the caller's shared memory (the app uses Web Workers). */
export interface KernelHelpers {
  readonly count: number;
  /** Hand every helper the compiled kernel and one fit's memory and layout, before its first run. */
  attach(module: WebAssembly.Module, memory: WebAssembly.Memory, layout: KernelLayout): Promise<void>;
  /** Helper h runs one job; resolves with how many labels changed. */
  run(h: number, job: KernelJob): Promise<number>;
  /** Let go of the fit's memory (it can be hundreds of MB) once the fit is done. */
  detach(): Promise<void>;
}

/** The largest kernel memory we ask for: wasm32 addresses 4 GiB, browsers cap buffers lower. */
export const MAX_KERNEL_BYTES = 2 ** 31;

const decode = (b64: string): Uint8Array => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const compiled = new Map<boolean, WebAssembly.Module | null>();

/** The compiled kernel, or null where WebAssembly SIMD (or shared memory, if asked) is missing. */
export function kernelModule(shared: boolean): WebAssembly.Module | null {
  if (!compiled.has(shared)) {
    let mod: WebAssembly.Module | null = null;
    try {
      if (!shared || canShareMemory()) mod = new WebAssembly.Module(decode(shared ? LLOYD_KERNEL_SHARED : LLOYD_KERNEL) as BufferSource);
    } catch {
      mod = null;
    }
    compiled.set(shared, mod);
  }
  return compiled.get(shared)!;
}

/** Shared WebAssembly memory needs SharedArrayBuffer (a cross-origin isolated page, or Node). */
export function canShareMemory(): boolean {
  try {
    return new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

/** Instantiate the kernel on a memory (the caller's, or a helper's copy of the same shared one). */
export function kernelAssign(module: WebAssembly.Module, memory: WebAssembly.Memory): AssignFn {
  return new WebAssembly.Instance(module, { env: { memory } }).exports.assign as AssignFn;
}

/** Run one job with a kernel instance (the caller's part, or a helper's). */
export function runJob(assign: AssignFn, l: KernelLayout, job: KernelJob): number {
  return assign(l.px, job.start, job.end, l.cols, l.pc, l.kpad, l.pl, l.ps + job.part * l.partBytes, l.k);
}

export function kernelLayout(rows: number, cols: number, k: number, parts: number): KernelLayout {
  const kpad = Math.ceil(k / 4) * 4;
  const align = (b: number) => Math.ceil(b / 16) * 16;
  const px = 0;
  const pc = align(px + rows * cols * 4);
  const pl = align(pc + cols * kpad * 4);
  const ps = align(pl + rows * 4);
  const partBytes = align((k * cols + k) * 8);
  const pctl = ps + parts * partBytes;
  return { rows, cols, k, kpad, parts, px, pc, pl, ps, partBytes, pctl, bytes: pctl + align(parts * 4) };
}

/** Row range of part p when rows are split into parts contiguous, near-equal ranges. */
export function partRange(rows: number, parts: number, p: number): [number, number] {
  return [Math.floor((rows * p) / parts), Math.floor((rows * (p + 1)) / parts)];
}

/** The helper thread's side: attach to one fit's memory, then run jobs on it. */
export function kernelHelper() {
  let attached: { assign: AssignFn; layout: KernelLayout; ctl: Int32Array } | null = null;
  return {
    attach(module: WebAssembly.Module, memory: WebAssembly.Memory, layout: KernelLayout): void {
      attached = { assign: kernelAssign(module, memory), layout, ctl: new Int32Array(memory.buffer, layout.pctl, layout.parts) };
    },
    run(job: KernelJob): number {
      if (!attached) throw new Error('kernel helper: run before attach');
      const { assign, layout, ctl } = attached;
      Atomics.load(ctl, job.part);
      const changed = runJob(assign, layout, job);
      Atomics.add(ctl, job.part, 1);
      return changed;
    },
    detach(): void {
      attached = null;
    },
  };
}

export type KernelHelperApi = ReturnType<typeof kernelHelper>;

/** Points copied once (as float32) into a kernel memory; reused across restarts, dropped after. */
export class KernelPoints {
  readonly layout: KernelLayout;
  readonly memory: WebAssembly.Memory;
  readonly module: WebAssembly.Module;
  readonly labels: Int32Array;
  private readonly assign: AssignFn;
  private readonly centresT: Float32Array;
  private readonly slots: Float64Array;
  private readonly ctl: Int32Array;
  private constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, layout: KernelLayout) {
    this.module = module;
    this.memory = memory;
    this.layout = layout;
    this.assign = kernelAssign(module, memory);
    const buf = memory.buffer;
    this.labels = new Int32Array(buf, layout.pl, layout.rows);
    this.centresT = new Float32Array(buf, layout.pc, layout.cols * layout.kpad);
    this.slots = new Float64Array(buf, layout.ps, (layout.parts * layout.partBytes) / 8);
    this.ctl = new Int32Array(buf, layout.pctl, layout.parts);
  }

  /**
   * Null when the kernel cannot run here (no WebAssembly SIMD) or the data would not fit in its
   * memory; the caller then takes another path. With helpers the memory is shared and the rows
   * are split between the caller and them.
   */
  static upload(x: Matrix, k: number, helpers = 0): KernelPoints | null {
    const shared = helpers > 0;
    const module = kernelModule(shared);
    if (!module) return null;
    const layout = kernelLayout(x.rows, x.cols, k, helpers + 1);
    if (layout.bytes > MAX_KERNEL_BYTES) return null;
    const pages = Math.ceil(layout.bytes / 65_536);
    let memory: WebAssembly.Memory;
    try {
      // The kernel declares a maximum, so the memory must too; it never grows.
      memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared });
    } catch {
      return null;
    }
    new Float32Array(memory.buffer, layout.px, x.rows * x.cols).set(x.data);
    return new KernelPoints(module, memory, layout);
  }

  writeCentres(centres: Float64Array): void {
    const { k, kpad, cols: d } = this.layout;
    const t = this.centresT;
    t.fill(Infinity);
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) t[j * kpad + c] = centres[c * d + j];
  }

  /** One pass over all rows (split between this thread and the helpers); returns labels changed. */
  async pass(helpers: KernelHelpers | undefined, sums: Float64Array, counts: Float64Array): Promise<number> {
    const l = this.layout;
    this.slots.fill(0);
    const pending: Promise<number>[] = [];
    for (let p = 1; p < l.parts; p++) {
      const [start, end] = partRange(l.rows, l.parts, p);
      // Release: the centres and zeroed slots written above are visible to the helper that reads this.
      Atomics.add(this.ctl, p, 1);
      pending.push(helpers!.run(p - 1, { start, end, part: p }));
    }
    const [start, end] = partRange(l.rows, l.parts, 0);
    let changed = runJob(this.assign, l, { start, end, part: 0 });
    for (const c of await Promise.all(pending)) changed += c;
    // Acquire: the helpers' labels and sums, released by the Atomics.add in kernelHelper().run.
    for (let p = 1; p < l.parts; p++) Atomics.load(this.ctl, p);
    const kd = l.k * l.cols;
    sums.fill(0);
    counts.fill(0);
    for (let p = 0; p < l.parts; p++) {
      const o = (p * l.partBytes) / 8;
      for (let i = 0; i < kd; i++) sums[i] += this.slots[o + i];
      for (let c = 0; c < l.k; c++) counts[c] += this.slots[o + kd + c];
    }
    return changed;
  }
}

/**
 * Lloyd iterations from init on the kernel. x holds the same points in float64: the rare move of
 * an empty cluster to the farthest point uses it. helpers must already be attached to points.
 */
export async function lloydWasm(
  points: KernelPoints,
  x: Matrix,
  init: Float64Array,
  k: number,
  opts: LloydOptions,
  helpers?: KernelHelpers,
): Promise<LloydResult> {
  const { rows: n, cols: d } = x;
  const l = points.layout;
  if (l.rows !== n || l.cols !== d || l.k !== k) throw new Error(`kernel points are ${l.rows} x ${l.cols} for k = ${l.k}, data is ${n} x ${d} for k = ${k}`);
  if (l.parts > 1 && (!helpers || helpers.count < l.parts - 1)) throw new Error(`kernel points are split in ${l.parts} parts but ${helpers?.count ?? 0} helpers were given`);
  const run = await lloydLoop(x, points.labels, init, k, opts, (centres, sums, counts) => {
    points.writeCentres(centres);
    return points.pass(helpers, sums, counts);
  });
  return { ...run, labels: run.labels.slice() };
}
