// ALS's plain-loop engine on our WebAssembly SIMD kernel (als-cg.wat): the same conjugate-gradient
// half-steps as cgHalfStepTs in als.ts, in float64, with the rows of each half-step split between this
// thread and helper threads (src/lib/engine/threads.ts) on one shared memory. Rows are split by work
// (their interactions plus a Gram product per CG step), so a few heavy items do not leave a thread idle.
import { kernelModules, NO_THREADS, type KernelThreads } from '../../engine/threads';
import { ALS_CG_KERNEL, ALS_CG_KERNEL_SHARED } from './als-cg-kernel.generated';
import type { Csr } from './csr';

type Fn = (...args: number[]) => number;

// Null where it cannot compile (no WebAssembly SIMD here: als.ts runs its TypeScript loops).
const kernelModule = kernelModules(ALS_CG_KERNEL_SHARED, ALS_CG_KERNEL);

interface Side {
  indptr: number;
  indices: number;
  data: number;
  rows: number;
  /** Factor rows updated on this side, and the other side's. */
  x: number;
  y: number;
  yRows: number;
  /** Row ranges per part, split by work. */
  cuts: number[];
}

let runs = 0;

/** ALS's factor arrays and both orientations of the interactions in one kernel memory. */
export class AlsKernel {
  private constructor(
    readonly module: WebAssembly.Module,
    readonly memory: WebAssembly.Memory,
    private readonly cg: Fn,
    private readonly gram: Fn,
    private readonly f: number,
    private readonly fp: number,
    private readonly users: Side,
    private readonly items: Side,
    private readonly g: number,
    private readonly scr: number,
    private readonly scrBytes: number,
    readonly parts: number,
    readonly key: string,
  ) {}

  /** Null where the kernel cannot run (no SIMD, no shared memory for parts > 1, over 2 GiB). */
  static create(byUser: Csr, byItem: Csr, f: number, steps: number, parts = 1): AlsKernel | null {
    const module = kernelModule(parts > 1);
    if (!module) return null;
    const fp = Math.ceil(f / 8) * 8; // the kernel's loops take 8 doubles a turn
    const nnz = byUser.indices.length;
    const align = (b: number) => Math.ceil(b / 16) * 16;
    let at = 0;
    const take = (bytes: number) => {
      const o = at;
      at = align(at + bytes);
      return o;
    };
    const csr = (m: Csr) => ({ indptr: take((m.rows + 1) * 4), indices: take(nnz * 4), data: take(nnz * 4), rows: m.rows });
    const u = csr(byUser);
    const i = csr(byItem);
    const x = take(byUser.rows * fp * 8);
    const y = take(byItem.rows * fp * 8);
    const g = take(fp * fp * 8);
    let longest = 0;
    for (const m of [byUser, byItem]) for (let r = 0; r < m.rows; r++) longest = Math.max(longest, m.indptr[r + 1] - m.indptr[r]);
    const scrBytes = (3 + longest) * fp * 8;
    const scr = take(parts * scrBytes);
    if (at > 2 ** 31) return null;
    const pages = Math.ceil(at / 65_536);
    let memory: WebAssembly.Memory;
    try {
      memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: parts > 1 });
    } catch {
      return null;
    }
    const buf = memory.buffer;
    const load = (m: Csr, s: { indptr: number; indices: number; data: number }) => {
      new Int32Array(buf, s.indptr, m.rows + 1).set(m.indptr);
      new Int32Array(buf, s.indices, nnz).set(m.indices);
      new Float32Array(buf, s.data, nnz).set(m.data);
    };
    load(byUser, u);
    load(byItem, i);
    const ex = new WebAssembly.Instance(module, { env: { memory } }).exports;
    const users: Side = { ...u, x, y, yRows: byItem.rows, cuts: workCuts(byUser, parts, steps, fp) };
    const items: Side = { ...i, x: y, y: x, yRows: byUser.rows, cuts: workCuts(byItem, parts, steps, fp) };
    return new AlsKernel(module, memory, ex.cg as Fn, ex.gram as Fn, f, fp, users, items, g, scr, scrBytes, parts, `als-${++runs}`);
  }

  /** Copy factors in (user or item side, rows x f) or out. */
  private view(side: 'user' | 'item'): Float64Array {
    const s = side === 'user' ? this.users : this.items;
    return new Float64Array(this.memory.buffer, s.x, s.rows * this.fp);
  }
  write(side: 'user' | 'item', v: Float64Array): void {
    const out = this.view(side);
    const { f, fp } = this;
    out.fill(0);
    for (let r = 0, n = v.length / f; r < n; r++) for (let k = 0; k < f; k++) out[r * fp + k] = v[r * f + k];
  }
  read(side: 'user' | 'item', v: Float64Array): void {
    const src = this.view(side);
    const { f, fp } = this;
    for (let r = 0, n = v.length / f; r < n; r++) for (let k = 0; k < f; k++) v[r * f + k] = src[r * fp + k];
  }

  /** One half-step: every row of `side` updated from the other side's factors. */
  async halfStep(side: 'user' | 'item', reg: number, alpha: number, steps: number, threads: KernelThreads = NO_THREADS): Promise<void> {
    const s = side === 'user' ? this.users : this.items;
    const { fp } = this;
    const g = new Float64Array(this.memory.buffer, this.g, fp * fp);
    g.fill(0);
    this.gram(s.y, 0, s.yRows, fp, this.g);
    for (let a = 0; a < this.f; a++) g[a * fp + a] += reg;
    const args = (p: number) => [s.indptr, s.indices, s.data, s.cuts[p], s.cuts[p + 1], s.x, s.y, this.g, fp, alpha, steps, this.scr + p * this.scrBytes];
    const pending: Promise<number>[] = [];
    for (let p = 1; p < this.parts; p++) pending.push(threads.call(p - 1, this.key, 'cg', args(p)));
    this.cg(...args(0));
    await Promise.all(pending);
  }
}

/** Row boundaries (parts + 1) that give each part about the same work: its interactions and Gram products. */
function workCuts(m: Csr, parts: number, steps: number, fp: number): number[] {
  // a Gram product (fp^2) costs about fp/2 interactions (a dot and an axpy of fp each), one per CG step and one for the residual
  const perRow = ((steps + 1) * fp) / 2;
  const total = m.indptr[m.rows] + perRow * m.rows;
  const cuts = [0];
  let r = 0;
  for (let p = 1; p < parts; p++) {
    const target = (total * p) / parts;
    while (r < m.rows && m.indptr[r] + perRow * r < target) r++;
    cuts.push(r);
  }
  cuts.push(m.rows);
  return cuts;
}
