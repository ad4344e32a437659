// Lloyd-step benchmark for the bench harness (browser) and Node: random float32 points, fixed
// iteration count, same protocol as the sklearn reference (20 iterations, k = 8).
import type { Tf } from './lloyd-tf';
import { lloydTf, uploadPoints } from './lloyd-tf';
import { lloydTyped } from './lloyd-typed';
import { createRng } from './random';
import type { Matrix } from './matrix';

export interface BenchKmeansOptions {
  rows: number;
  dims: number;
  k: number;
  iters: number;
  seed?: number;
  /** 'tf' = the current backend of the given tf; 'typed' = plain typed arrays. */
  path?: 'tf' | 'typed';
  /** Rows per uploaded block on the tf path. */
  blockRows?: number;
}

export interface BenchKmeansResult {
  backend: string;
  path: 'tf' | 'typed';
  rows: number;
  dims: number;
  k: number;
  iters: number;
  /** Upload of the points to the backend (tf path only). */
  uploadMs: number;
  /** The Lloyd iterations plus the final assignment, after one warm-up iteration. */
  ms: number;
  msPerIter: number;
}

export async function benchKmeans(tf: Tf, o: BenchKmeansOptions): Promise<BenchKmeansResult> {
  const { rows, dims, k, iters } = o;
  const path = o.path ?? 'tf';
  if (!Number.isInteger(rows) || rows < k) throw new Error(`rows must be an integer >= k, got ${rows}`);
  if (!Number.isInteger(iters) || iters < 1) throw new Error(`iters must be an integer >= 1, got ${iters}`);
  const rng = createRng(o.seed ?? 42);
  const data32 = new Float32Array(rows * dims);
  for (let i = 0; i < data32.length; i++) data32[i] = rng();
  const x: Matrix = { data: Float64Array.from(data32), rows, cols: dims };
  const init = x.data.slice(0, k * dims);
  const fixed = { maxIter: iters, tol: -1, stopWhenStable: false };
  if (path === 'typed') {
    lloydTyped(x, init, k, { ...fixed, maxIter: 1 });
    const t0 = performance.now();
    lloydTyped(x, init, k, fixed);
    const ms = performance.now() - t0;
    return { backend: 'typed-arrays', path, rows, dims, k, iters, uploadMs: 0, ms, msPerIter: ms / iters };
  }
  const t0 = performance.now();
  const xt = uploadPoints(x, tf, o.blockRows);
  await Promise.all(xt.blocks.map((b) => b.data()));
  const uploadMs = performance.now() - t0;
  try {
    // Warm-up: WebGPU compiles its shaders and wasm allocates on the first call.
    await lloydTf(xt, x, init, k, { ...fixed, maxIter: 1 }, tf);
    const t1 = performance.now();
    await lloydTf(xt, x, init, k, fixed, tf);
    const ms = performance.now() - t1;
    return { backend: tf.getBackend(), path, rows, dims, k, iters, uploadMs, ms, msPerIter: ms / iters };
  } finally {
    xt.dispose();
  }
}
