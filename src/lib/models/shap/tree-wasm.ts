// The fast TreeSHAP pass (tree-fast.ts) on the WebAssembly kernel of tree.wat, rows shared out to helper
// threads (src/lib/engine/threads.ts) on one shared memory. Rows go through a window of windowRows rows (X in,
// contributions out), so the kernel's memory stays near the tables' size whatever the row count.
import { kernelInstance, kernelModules, splitRange, type KernelThreads } from '../../engine/threads';
import type { FlatEnsemble } from './tree-fast';
import { TREE_KERNEL, TREE_KERNEL_SHARED } from './tree-kernel.generated';

type Fn = (...args: number[]) => number;

const kernelModule = kernelModules(TREE_KERNEL_SHARED, TREE_KERNEL);

/** Rows per window: 16,384 at 30 features (2 MB of X, 4 MB of contributions), fewer for wide data (<= 32 MB out). */
export const windowRows = (features: number): number => Math.max(256, Math.min(16_384, Math.floor(2 ** 22 / (features + 1))));
/** Rows below which a helper's round trip is not worth it. */
const MIN_SHARE = 1024;

export interface TreeShapKernel {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  /** This thread plus helpers (shared memory when > 1). */
  readonly parts: number;
  rows: Fn;
  /** Windows on the kernel's memory. */
  x: Float32Array;
  out: Float64Array;
  /** The kernel's arguments before (X, F, out, pat, r0, r1): nodes, roots, T, leaf features, weights. */
  head: number[];
  xAt: number;
  outAt: number;
  /** Pattern scratch of part q at patAt + q * patBytes. */
  patAt: number;
  patBytes: number;
  features: number;
}

/** The kernel with the flat trees copied in, or null where WebAssembly (or its shared memory for parts > 1) is unavailable. */
export function createTreeShapKernel(fe: FlatEnsemble, features: number, parts: number): TreeShapKernel | null {
  const shared = parts > 1;
  const module = kernelModule(shared);
  if (!module) return null;
  const align = (b: number) => Math.ceil(b / 16) * 16;
  const T = (fe.roots.length >> 1) - 1;
  const nodes = 0;
  const roots = align(nodes + fe.nodes.length * 4);
  const lfeat = align(roots + fe.roots.length * 4);
  const w = align(lfeat + fe.leafFeatures.length * 4);
  const xAt = align(w + fe.weights.length * 8);
  const W = windowRows(features);
  const outAt = align(xAt + W * features * 4);
  const patAt = align(outAt + W * (features + 1) * 8);
  const patBytes = align(fe.records * 4);
  const instance = kernelInstance(module, patAt + parts * patBytes, shared);
  if (!instance) return null;
  const { memory, exports } = instance;
  const buf = memory.buffer;
  new Int32Array(buf, nodes, fe.nodes.length).set(fe.nodes);
  new Int32Array(buf, roots, fe.roots.length).set(fe.roots);
  new Int32Array(buf, lfeat, fe.leafFeatures.length).set(fe.leafFeatures);
  new Float64Array(buf, w, fe.weights.length).set(fe.weights);
  return {
    module,
    memory,
    parts,
    rows: exports.rows as Fn,
    x: new Float32Array(buf, xAt, W * features),
    out: new Float64Array(buf, outAt, W * (features + 1)),
    head: [nodes, roots, T, lfeat, w],
    xAt,
    outAt,
    patAt,
    patBytes,
    features,
  };
}

/**
 * Adds the kernel's trees' contributions for rows [r0, r1) (at most windowRows(features)) of X into out (features + 1 per
 * row, the full matrix), sharing the rows out to the helpers attached under `key` (parts - 1 of them).
 */
export async function kernelShapRows(k: TreeShapKernel, threads: KernelThreads, key: string, X: Float32Array, r0: number, r1: number, out: Float64Array): Promise<void> {
  const F = k.features;
  const n = r1 - r0;
  const S = F + 1;
  k.x.set(X.subarray(r0 * F, r1 * F));
  k.out.fill(0, 0, n * S);
  const args = (q: number, a: number, b: number) => [...k.head, k.xAt, F, k.outAt, k.patAt + q * k.patBytes, a, b];
  const P = Math.max(1, Math.min(k.parts, Math.floor(n / MIN_SHARE)));
  const pending: Promise<number>[] = [];
  for (let q = 1; q < P; q++) {
    const [a, b] = splitRange(n, P, q);
    pending.push(threads.call(q - 1, key, 'rows', args(q, a, b)));
  }
  const [a0, b0] = splitRange(n, P, 0);
  k.rows(...args(0, a0, b0));
  await Promise.all(pending);
  const done = k.out.subarray(0, n * S);
  for (let i = 0, o = r0 * S; i < done.length; i++, o++) out[o] += done[i];
}
