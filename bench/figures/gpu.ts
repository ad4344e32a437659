// The `gpu` bench section's worker side: our WGSL kernels against the wasm kernels of the same run.
// On a real GPU: k-means 1M x 8, k = 8, 20 Lloyd iterations and the EASE inverse at n = 4,000, timed on
// both. On a software adapter (SwiftShader: a CPU emulation, 20-100x slower than wasm) timings say
// nothing, so only the small correctness run is reported.
import * as tf from '@tensorflow/tfjs';
import { gpuContext } from '../../src/lib/gpu/device';
import { spdInverseWebgpu } from '../../src/lib/gpu/spd-inverse-webgpu';
import { benchKmeans } from '../../src/lib/models/kmeans/bench';
import type { Matrix } from '../../src/lib/models/kmeans/matrix';
import { lloydTyped } from '../../src/lib/models/kmeans/lloyd-typed';
import { GpuPoints, lloydWebgpu } from '../../src/lib/models/kmeans/lloyd-webgpu';
import { spdInverse } from '../../src/lib/models/recommend/spd-inverse';
import { spdInverseWasm } from '../../src/lib/models/recommend/spd-inverse-wasm';
import { mulberry32 } from '../../src/lib/random';
import { kernelHelpers, kernelThreadPool } from '../../workers/compute/kernel-helpers';

export interface GpuFigure {
  name: string;
  value: number;
  unit: string;
  /** The wasm kernel's figure of the same run (timings only). */
  reference?: number;
  referenceName?: string;
  target?: string;
  pass?: boolean | null;
  backend: string;
  note?: string;
}

export interface GpuFigures {
  adapter: string;
  software: boolean;
  figures: GpuFigure[];
}

function points(rows: number, dims: number, seed: number): Matrix {
  const rng = mulberry32(seed);
  const data = new Float64Array(rows * dims);
  for (let i = 0; i < data.length; i++) data[i] = Math.fround(rng());
  return { data, rows, cols: dims };
}

/** X'X + lambda I of a seeded users x items 0/1 matrix with power-law item popularity (as EASE sees it). */
function gram(users: number, n: number, perUser: number, lambda: number, seed: number): Float64Array {
  const rng = mulberry32(seed);
  const g = new Float64Array(n * n);
  const items = new Set<number>();
  for (let u = 0; u < users; u++) {
    items.clear();
    while (items.size < perUser) items.add(Math.min(n - 1, Math.floor(n * rng() ** 2)));
    const row = [...items];
    for (const i of row) for (const j of row) g[i * n + j] += 1;
  }
  for (let i = 0; i < n; i++) g[i * n + i] += lambda;
  return g;
}

async function seconds<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const out = await fn();
  return [(performance.now() - t0) / 1000, out];
}

async function kmeansOnGpu(x: Matrix, k: number, iters: number): Promise<number> {
  const init = x.data.slice(0, k * x.cols);
  const fixed = { maxIter: iters, tol: -1, stopWhenStable: false };
  const warm = (await GpuPoints.upload(x, k))!;
  await lloydWebgpu(warm, x, init, k, { ...fixed, maxIter: 1 });
  warm.dispose();
  // As benchKmeans's wasm figure: the upload counts, the warm-up (shader compilation) does not.
  const [s] = await seconds(async () => {
    const gp = (await GpuPoints.upload(x, k))!;
    try {
      await lloydWebgpu(gp, x, init, k, fixed);
    } finally {
      gp.dispose();
    }
  });
  return s;
}

export interface GpuFigureOptions {
  /** Time even on a software adapter (to exercise the timed path while developing, with small sizes). */
  force?: boolean;
  /** k-means rows (default 1,000,000) and EASE n (default 4,000) of the timed run. */
  rows?: number;
  n?: number;
}

export async function gpuFigures(o: GpuFigureOptions = {}): Promise<GpuFigures> {
  const ctx = await gpuContext();
  if (!ctx) return { adapter: 'none', software: true, figures: [] };
  const backend = `webgpu kernel (${ctx.label})`;
  const figures: GpuFigure[] = [];
  if (ctx.software && !o.force) {
    // Correctness only, small data: the same checks as tests/browser/gpu/*.test.ts.
    const x = points(2_000, 8, 7);
    const init = x.data.slice(0, 5 * 8);
    const opts = { maxIter: 50, tol: 0 };
    const ref = lloydTyped(x, init, 5, opts);
    const gp = (await GpuPoints.upload(x, 5))!;
    const r = await lloydWebgpu(gp, x, init, 5, opts);
    gp.dispose();
    let differ = 0;
    for (let i = 0; i < x.rows; i++) if (r.labels[i] !== ref.labels[i]) differ++;
    let centreErr = 0;
    for (let i = 0; i < ref.centres.length; i++) centreErr = Math.max(centreErr, Math.abs(r.centres[i] - ref.centres[i]));
    figures.push({ name: 'k-means 2,000 x 8, k = 5 on WebGPU vs typed arrays: labels that differ', value: differ, unit: 'labels', target: '0', pass: differ === 0, backend, note: `max centre difference ${centreErr.toExponential(1)}` });
    const n = 300;
    const g = gram(700, n, 15, 50, 3);
    const p = spdInverse(g.slice(), n);
    const q = (await spdInverseWebgpu(g, n))!;
    let maxP = 0;
    let err = 0;
    for (let i = 0; i < n * n; i++) {
      maxP = Math.max(maxP, Math.abs(p[i]));
      err = Math.max(err, Math.abs(q[i] - p[i]));
    }
    figures.push({ name: 'EASE inverse n = 300 on WebGPU (float32) vs float64 TypeScript: max error / max |P|', value: err / maxP, unit: '', target: '< 1e-5', pass: err / maxP < 1e-5, backend });
    return { adapter: ctx.label, software: true, figures };
  }
  await tf.ready();
  const helpers = kernelHelpers();
  const rows = o.rows ?? 1_000_000;
  const x = points(rows, 8, 42);
  const gpuS = await kmeansOnGpu(x, 8, 20);
  const wasm = await benchKmeans(tf, { rows, dims: 8, k: 8, iters: 20, path: 'wasm', helpers });
  figures.push({ name: `k-means ${rows.toLocaleString('en')} x 8, k = 8, 20 Lloyd iterations on WebGPU`, value: gpuS, unit: 's', reference: wasm.ms / 1000, referenceName: `our ${wasm.backend}, same run`, backend });
  const n = o.n ?? 4_000;
  const g = gram(2_000, n, 60, 250, 5);
  // Compile the shaders outside the timing, on the leading 64 x 64 block (SPD as g is).
  const lead = new Float64Array(64 * 64);
  for (let i = 0; i < 64; i++) lead.set(g.subarray(i * n, i * n + 64), i * 64);
  await spdInverseWebgpu(lead, 64);
  const [gpuInv, q] = await seconds(async () => (await spdInverseWebgpu(g, n))!);
  const threads = kernelThreadPool();
  const [wasmInv, p] = await seconds(() => spdInverseWasm(g.slice(), n, { threads }));
  let maxP = 0;
  let err = 0;
  for (let i = 0; i < n * n; i++) {
    maxP = Math.max(maxP, Math.abs(p[i]));
    err = Math.max(err, Math.abs(q[i] - p[i]));
  }
  figures.push({
    name: `EASE inverse n = ${n.toLocaleString('en')} on WebGPU (float32; upload, invert, read back)`,
    value: gpuInv,
    unit: 's',
    reference: wasmInv,
    referenceName: `our wasm-simd SPD kernel (float64, ${threads.count + 1} threads), same run`,
    backend,
    note: `max difference / max |P| ${(err / maxP).toExponential(1)}`,
  });
  return { adapter: ctx.label, software: false, figures };
}
