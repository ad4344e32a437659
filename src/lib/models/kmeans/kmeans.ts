// k-means: k-means++ restarts, Lloyd on our wasm kernel, tfjs or typed arrays, best inertia kept.
import * as tf from '@tensorflow/tfjs';
import { distinctRows, type Matrix } from './matrix';
import type { KmeansOptions, LloydPath } from './options';
import { resolveKmeansOptions } from './options';
import type { FeatureTransform } from './transform';
import { fitTransform, inverseTransform } from './transform';
import { kmeansPlusPlus } from './init';
import { mulberry32 } from '../../random';
import { inertiaOf } from './lloyd-common';
import { lloydTyped } from './lloyd-typed';
import { lloydTf, uploadPoints } from './lloyd-tf';
import type { KernelHelpers } from './lloyd-wasm';
import { KernelPoints, canShareMemory, lloydWasm } from './lloyd-wasm';
import { GpuPoints, MAX_D, lloydWebgpu } from './lloyd-webgpu';

export interface KmeansResult {
  k: number;
  labels: Int32Array;
  /** Centres in the space the clustering ran in (after log1p / standardisation). */
  centres: Matrix;
  /** Centres mapped back to the original feature units. */
  centresOriginal: Matrix;
  /** Within-cluster sum of squares in the clustering space (float64). */
  inertia: number;
  sizes: number[];
  /** Lloyd iterations of the winning restart. */
  iterations: number;
  converged: boolean;
  /** Inertia of each restart, in order. */
  restartInertias: number[];
  /** Where Lloyd ran: 'wasm-simd kernel, N threads', 'typed-arrays' or the tfjs backend. */
  backend: string;
  transform: FeatureTransform;
}

/** Transform x (log1p / standardise as asked), then cluster. */
export async function kmeans(x: Matrix, opts: KmeansOptions): Promise<KmeansResult> {
  const { data, transform } = fitTransform(x, { log: opts.log, standardize: opts.standardize ?? true });
  return kmeansFit(data, transform, opts);
}

/** Cluster points already in clustering space (z = fitTransform(x).data). */
export async function kmeansFit(z: Matrix, transform: FeatureTransform, opts: KmeansOptions): Promise<KmeansResult> {
  const o = resolveKmeansOptions(opts, z.rows, z.cols);
  const { k } = o;
  // More segments than distinct points leaves some empty, with duplicate centres.
  const distinct = distinctRows(z, k);
  if (distinct < k) throw new Error(tooFewDistinct(k, distinct, z.rows));
  const work = z.rows * z.cols * k;
  const gpu = o.path === 'webgpu' || (o.path === 'auto' && work >= WEBGPU_ABOVE && tf.getBackend() === 'webgpu') ? await GpuPoints.upload(z, k) : null;
  if (o.path === 'webgpu' && !gpu) throw new Error(`The WebGPU k-means kernel cannot run here (no WebGPU adapter, more than ${MAX_D} features, or data too large for its buffers)`);
  const kernel = !gpu && (o.path === 'auto' || o.path === 'wasm') ? await kernelPoints(z, k, work, o.helpers) : null;
  if (o.path === 'wasm' && !kernel) throw new Error('The WebAssembly SIMD k-means kernel cannot run here (no WebAssembly SIMD, or the data is too large for it)');
  const path = gpu ? 'webgpu' : kernel ? 'wasm' : choosePath(o.path, work);
  const tolAbs = o.tol * meanVariance(z);
  const rng = mulberry32(o.seed);
  const restarts = o.init ? 1 : o.restarts;
  const xt = path === 'tf' ? uploadPoints(z) : null;
  let best: { centres: Float64Array; labels: Int32Array; inertia: number; iterations: number; converged: boolean } | null = null;
  const restartInertias: number[] = [];
  try {
    for (let r = 0; r < restarts; r++) {
      const init = o.init ? o.init.slice() : kmeansPlusPlus(z, k, rng);
      const lloydOpts = { maxIter: o.maxIter, tol: tolAbs };
      const run = gpu
        ? await lloydWebgpu(gpu, z, init, k, lloydOpts)
        : kernel
          ? await lloydWasm(kernel.points, z, init, k, lloydOpts, kernel.helpers)
          : xt
            ? await lloydTf(xt, z, init, k, lloydOpts)
            : lloydTyped(z, init, k, lloydOpts);
      const inertia = inertiaOf(z, run.centres, run.labels);
      restartInertias.push(inertia);
      if (!best || inertia < best.inertia) best = { ...run, inertia };
      o.onProgress?.({ stage: `k-means (k = ${k}): restart ${r + 1} of ${restarts}`, done: r + 1, total: restarts, loss: inertia });
    }
  } finally {
    xt?.dispose();
    gpu?.dispose();
    await kernel?.helpers?.detach();
  }
  if (!best) throw new Error('k-means ran no restart');
  const centres: Matrix = { data: best.centres, rows: k, cols: z.cols };
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < best.labels.length; i++) sizes[best.labels[i]]++;
  return {
    k,
    labels: best.labels,
    centres,
    centresOriginal: inverseTransform(centres, transform),
    inertia: best.inertia,
    sizes,
    iterations: best.iterations,
    converged: best.converged,
    restartInertias,
    backend: gpu ? `webgpu kernel (${gpu.gpu.label})` : kernel ? kernel.label : path === 'tf' ? tf.getBackend() : 'typed-arrays',
    transform,
  };
}

/** Why K segments cannot be made from `distinct` distinct points (of `rows`). */
export function tooFewDistinct(k: number, distinct: number, rows: number): string {
  const points = `${distinct} distinct point${distinct === 1 ? '' : 's'}`;
  return `K = ${k} is more than the ${points} in the data (${rows} rows; rows with equal features are one point), so some segments would be empty: choose K = ${distinct < 2 ? 2 : distinct} or less${distinct < 2 ? ', or features that differ between customers' : ''}.`;
}

/**
 * Below this many multiply-adds per Lloyd iteration (rows x features x k) the kernel runs on the
 * calling thread alone: a helper's hand-over (two messages per iteration) costs more than it saves.
 */
export const HELPERS_ABOVE = 1_000_000;

/** The points in the wasm kernel's memory, shared with helpers when the work is worth it; null if it cannot run. */
async function kernelPoints(z: Matrix, k: number, work: number, helpers?: KernelHelpers) {
  const useHelpers = helpers && helpers.count > 0 && work >= HELPERS_ABOVE && canShareMemory() ? helpers : undefined;
  let points = useHelpers ? KernelPoints.upload(z, k, useHelpers.count) : null;
  if (points && useHelpers) {
    await useHelpers.attach(points.module, points.memory, points.layout);
    return { points, helpers: useHelpers, label: `wasm-simd kernel, ${points.layout.parts} threads` };
  }
  points = KernelPoints.upload(z, k, 0);
  return points && { points, helpers: undefined, label: 'wasm-simd kernel, 1 thread' };
}

/**
 * With the engine on webgpu (calibration measured it fastest, so a real GPU), 'auto' runs Lloyd on
 * the WGSL kernel from this many multiply-adds per iteration (rows x features x k); below it a
 * dispatch and read-back per iteration cost more than the wasm kernel's whole pass. Not yet
 * measured on a real GPU (none at hand): 1M x 8, k = 8 is 64M, well above it.
 */
export const WEBGPU_ABOVE = 4_000_000;

/**
 * Without the wasm kernel (no WebAssembly SIMD). Measured (headless Chromium, wasm): 25k x 3, k = 5
 * runs 1.1-2x faster on typed arrays, while 100k x 16 and 1M x 8 with k = 8 run about 2x faster on
 * tfjs-wasm; on the tfjs cpu backend typed arrays win at every size (2-7x). Below this many
 * multiply-adds per iteration, use typed arrays.
 */
export const TYPED_PATH_BELOW = 2_000_000;

function choosePath(path: LloydPath, work: number): 'tf' | 'typed' {
  if (path === 'tf' || path === 'typed') return path;
  return tf.getBackend() === 'cpu' || work < TYPED_PATH_BELOW ? 'typed' : 'tf';
}

function meanVariance(z: Matrix): number {
  const { rows: n, cols: d, data } = z;
  if (n === 0) return 0;
  let total = 0;
  for (let c = 0; c < d; c++) {
    let s = 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const v = data[i * d + c];
      s += v;
      ss += v * v;
    }
    const m = s / n;
    total += Math.max(0, ss / n - m * m);
  }
  return total / d;
}
