// k-means options, their defaults and validation (shared by the worker and the UI).
import type { ProgressFn } from '../../progress';
import type { KernelHelpers } from './lloyd-wasm';

export type LloydPath = 'auto' | 'wasm' | 'tf' | 'typed' | 'webgpu';

export interface KmeansOptions {
  k: number;
  /** k-means++ restarts; the lowest inertia wins. */
  restarts?: number;
  maxIter?: number;
  /** Relative tolerance: stop when the squared centre shift is below tol x mean feature variance (sklearn's rule). */
  tol?: number;
  seed?: number;
  /** log1p the features before standardising (clamps values below 0 to 0). */
  log?: boolean;
  /** Standardise each feature (population std). */
  standardize?: boolean;
  /**
   * Where Lloyd runs: 'wasm' on our WebAssembly SIMD kernel (lloyd.wat), 'tf' on the current tfjs
   * backend, 'typed' on float64 typed arrays, 'webgpu' on our WGSL kernel (lloyd-webgpu.ts);
   * 'auto' = webgpu when the engine's calibration chose webgpu and the data is large, else wasm
   * wherever WebAssembly SIMD exists (measured fastest at every size, see choosePath in
   * kmeans.ts), otherwise typed or tf.
   */
  path?: LloydPath;
  /** Threads that share the wasm kernel's rows (Web Workers in the app); none = this thread only. */
  helpers?: KernelHelpers;
  /** Fixed initial centres (k x d, clustering space): skips k-means++ and restarts. */
  init?: Float64Array;
  onProgress?: ProgressFn;
}

export type ResolvedKmeansOptions = Required<Omit<KmeansOptions, 'init' | 'onProgress' | 'helpers'>> &
  Pick<KmeansOptions, 'init' | 'onProgress' | 'helpers'>;

export const KMEANS_DEFAULTS = {
  restarts: 10,
  maxIter: 300,
  tol: 1e-4,
  seed: 0,
  log: false,
  standardize: true,
  path: 'auto' as LloydPath,
};

export function resolveKmeansOptions(o: KmeansOptions, rows: number, cols: number): ResolvedKmeansOptions {
  // An option passed as undefined means "use the default", as if it were left out.
  const given = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as KmeansOptions;
  const r = { ...KMEANS_DEFAULTS, ...given };
  if (!Number.isInteger(r.k) || r.k < 2) throw new Error(`k must be an integer >= 2, got ${r.k}`);
  if (r.k > rows) throw new Error(`k = ${r.k} is larger than the number of points (${rows})`);
  if (!Number.isInteger(r.restarts) || r.restarts < 1) throw new Error(`restarts must be an integer >= 1, got ${r.restarts}`);
  if (!Number.isInteger(r.maxIter) || r.maxIter < 1) throw new Error(`maxIter must be an integer >= 1, got ${r.maxIter}`);
  if (!(r.tol >= 0)) throw new Error(`tol must be >= 0, got ${r.tol}`);
  if (!Number.isFinite(r.seed)) throw new Error(`seed must be a finite number, got ${r.seed}`);
  if (!['auto', 'wasm', 'tf', 'typed', 'webgpu'].includes(r.path)) throw new Error(`path must be auto, wasm, tf, typed or webgpu, got "${r.path}"`);
  if (r.init && r.init.length !== r.k * cols) {
    throw new Error(`init has ${r.init.length} values, expected k x d = ${r.k * cols}`);
  }
  return r;
}
