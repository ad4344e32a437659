// Lloyd-step benchmark for the bench harness (browser) and Node: random float32 points, fixed
// iteration count, same protocol as the sklearn reference (20 iterations, k = 8).
import type { Tf } from './lloyd-tf';
import { lloydTf, uploadPoints } from './lloyd-tf';
import { lloydTyped } from './lloyd-typed';
import type { KernelHelpers } from './lloyd-wasm';
import { KernelPoints, lloydWasm } from './lloyd-wasm';
import { mulberry32 } from '../../random';
import type { Matrix } from './matrix';

export interface BenchKmeansOptions {
  rows: number;
  dims: number;
  k: number;
  iters: number;
  seed?: number;
  /** 'wasm' = our SIMD kernel (with helpers if given); 'tf' = the current backend of the given tf; 'typed' = plain typed arrays. */
  path?: 'wasm' | 'tf' | 'typed';
  /** Threads for the wasm kernel. */
  helpers?: KernelHelpers;
  /** Rows per uploaded block on the tf path. */
  blockRows?: number;
}

export interface BenchKmeansResult {
  backend: string;
  path: 'wasm' | 'tf' | 'typed';
  rows: number;
  dims: number;
  k: number;
  iters: number;
  /** Upload of the points to the backend (tf and wasm paths). */
  uploadMs: number;
  /**
   * The Lloyd iterations plus the final assignment, after one warm-up iteration; on the wasm path
   * it includes the upload (copy into the kernel's memory, handing it to the helpers) as well.
   */
  ms: number;
  msPerIter: number;
}

export async function benchKmeans(tf: Tf, o: BenchKmeansOptions): Promise<BenchKmeansResult> {
  const { rows, dims, k, iters } = o;
  const path = o.path ?? 'tf';
  if (!Number.isInteger(rows) || rows < k) throw new Error(`rows must be an integer >= k, got ${rows}`);
  if (!Number.isInteger(iters) || iters < 1) throw new Error(`iters must be an integer >= 1, got ${iters}`);
  const rng = mulberry32(o.seed ?? 42);
  const data32 = new Float32Array(rows * dims);
  for (let i = 0; i < data32.length; i++) data32[i] = rng();
  const x: Matrix = { data: Float64Array.from(data32), rows, cols: dims };
  const init = x.data.slice(0, k * dims);
  const fixed = { maxIter: iters, tol: -1, stopWhenStable: false };
  if (path === 'wasm') {
    const helpers = o.helpers && o.helpers.count > 0 ? o.helpers : undefined;
    const upload = async () => {
      const points = KernelPoints.upload(x, k, helpers?.count ?? 0);
      if (!points) throw new Error('the wasm kernel cannot run here');
      if (helpers) await helpers.attach(points.module, points.memory, points.layout);
      return points;
    };
    await lloydWasm(await upload(), x, init, k, { ...fixed, maxIter: 1 }, helpers);
    const t0 = performance.now();
    const points = await upload();
    const uploadMs = performance.now() - t0;
    await lloydWasm(points, x, init, k, fixed, helpers);
    const ms = performance.now() - t0;
    await helpers?.detach();
    const backend = `wasm-simd kernel, ${points.layout.parts} thread${points.layout.parts > 1 ? 's' : ''}`;
    return { backend, path, rows, dims, k, iters, uploadMs, ms, msPerIter: (ms - uploadMs) / iters };
  }
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
