// EASE (Steck 2019): a closed-form item-item model. B = I - P diag(1/diag(P)) with
// P = (X'X + lambda I)^-1; the score of item j for a user is sum over her items i of x_i B[i][j].
import * as tf from '@tensorflow/tfjs';
import { NO_THREADS, type KernelThreads } from '../../engine/threads';
import type { ProgressFn } from '../../progress';
import { columnCounts, type Csr } from './csr';
import { gramMatrix } from './gram';
import { plainLoopsFaster } from './path';
import { recencyInput } from './recency';
import type { Scorer } from './scorer';
import { spdInverse, spdInverseTf } from './spd-inverse';
import { SpdKernelMatrix } from './spd-inverse-wasm';
import { easeWeightsWebgpu } from '../../gpu/spd-inverse-webgpu';

/** Dense n x n weights: 15,000 items is 900 MB of float32 weights plus 900 MB of packed float64 while
 *  solving on the wasm kernel, and about 1.7e12 multiply-adds; above it the items with the most customers
 *  are kept (easePruning says so) and the others get no EASE score. */
export const EASE_MAX_ITEMS = 15_000;

export interface EaseOptions {
  /** L2 regularisation; larger favours popular items less. */
  lambda: number;
  /** 'wasm' solves on our WebAssembly SIMD kernel (spd-inverse.wat, helper threads if given), 'ts' in
   *  plain TypeScript, 'tf' on the current tfjs backend; 'auto' picks 'wasm' (else 'ts') on the cpu and
   *  wasm backends, 'webgpu' (our WGSL kernels, src/lib/gpu/spd-inverse-webgpu.ts, float32; else 'tf')
   *  when the engine's backend is webgpu. */
  solver?: 'auto' | 'ts' | 'tf' | 'wasm' | 'webgpu';
  /** Helper threads for the wasm kernel (the app's kernel workers, Node worker_threads in the CLI). */
  threads?: KernelThreads;
  /** Recency decay at scoring time: the customer's items weigh exp(-rank / tau), rank 0 her latest
   *  (recency.ts; needs `train.recency`); absent: every item weighs its matrix value. */
  recencyTau?: number;
  /** Item cap (default EASE_MAX_ITEMS; tests pass a small one). */
  maxItems?: number;
  onProgress?: ProgressFn;
}

let hostThreads: () => KernelThreads = () => NO_THREADS;

/**
 * The host's helper threads for fits that are not given `threads` (the recommend orchestration, the
 * served-model refit): the compute worker sets its kernel workers, the CLI its Node worker_threads. A
 * provider, so no thread starts until a fit solves on the kernel.
 */
export function setEaseThreads(provider: () => KernelThreads): void {
  hostThreads = provider;
}

// 100 matches the published MovieLens 100K result; the auto sweep tries 50..800.
export const defaultEaseOptions: EaseOptions = { lambda: 100 };

export interface EaseModel extends Scorer {
  /** Row-major weights over the kept items (all items unless pruned), zero diagonal. */
  readonly weights: Float32Array;
  /** Kept item indices when the catalogue was over the cap (the others score -Infinity), else null. */
  readonly kept: Int32Array | null;
  /** Train matrix the model scores from. */
  readonly train: Csr;
}

export async function fitEase(train: Csr, options: Partial<EaseOptions> = {}): Promise<EaseModel> {
  const opts = { ...defaultEaseOptions, ...options };
  if (!(opts.lambda > 0)) throw new Error(`EASE lambda must be > 0, got ${opts.lambda}`);
  const solver = opts.solver ?? 'auto';
  if (!['auto', 'ts', 'tf', 'wasm', 'webgpu'].includes(solver)) throw new Error(`Unknown EASE solver "${String(solver)}"`);
  const kept = mostSupported(train, opts.maxItems ?? EASE_MAX_ITEMS);
  const x = kept ? keepColumns(train, kept) : train;
  const n = x.cols;
  let weights: Float32Array | null = null;
  if (solver === 'webgpu' || (solver === 'auto' && tf.getBackend() === 'webgpu')) weights = await easeWeightsWebgpu(x, opts.lambda, opts.onProgress);
  if (!weights && solver === 'webgpu') throw new Error('The WebGPU EASE kernels cannot run here (no WebGPU adapter, or the item matrix is larger than its storage buffers)');
  if (solver === 'wasm' || (solver === 'auto' && plainLoopsFaster())) weights = await easeWeightsWasm(x, opts.lambda, opts.threads ?? hostThreads(), opts.onProgress);
  if (!weights && solver === 'wasm') throw new Error('The WebAssembly SIMD kernel is not available here');
  if (!weights) {
    const g = gramMatrix(x);
    for (let i = 0; i < n; i++) g[i * n + i] += opts.lambda;
    const useTs = solver === 'ts' || (solver === 'auto' && plainLoopsFaster());
    weights = useTs ? easeWeightsTs(g, n, opts.onProgress) : await easeWeightsTf(g, n, opts.onProgress);
  }
  // The weights come from the plain rows; only the scores read the recency-weighted ones (no refit per tau).
  const scorer = easeWithInput({ weights, kept, nItems: train.cols }, recencyInput(train, opts.recencyTau));
  return { ...scorer, weights, kept, train };
}

/** Items kept when the catalogue is over the cap: the `cap` with the most customers (ties: lower index), sorted; null if none is pruned. */
export function mostSupported(train: Csr, cap: number): Int32Array | null {
  if (train.cols <= cap) return null;
  const support = columnCounts(train);
  const order = Array.from({ length: train.cols }, (_, j) => j).sort((a, b) => support[b] - support[a] || a - b);
  return Int32Array.from(order.slice(0, cap)).sort();
}

/** What the user is told when EASE prunes a catalogue (null when it does not). */
export function easePruning(items: number, cap = EASE_MAX_ITEMS): string | null {
  if (items <= cap) return null;
  const f = (v: number) => v.toLocaleString('en-US');
  return `EASE kept the ${f(cap)} items with the most customers (its limit) out of ${f(items)}; the other ${f(items - cap)} get no EASE score, so EASE never recommends them.`;
}

function keepColumns(m: Csr, kept: Int32Array): Csr {
  const map = new Int32Array(m.cols).fill(-1);
  kept.forEach((j, k) => (map[j] = k));
  const indptr = new Int32Array(m.rows + 1);
  const indices: number[] = [];
  const data: number[] = [];
  for (let u = 0; u < m.rows; u++) {
    for (let p = m.indptr[u]; p < m.indptr[u + 1]; p++) {
      const k = map[m.indices[p]];
      if (k >= 0) {
        indices.push(k);
        data.push(m.data[p]);
      }
    }
    indptr[u + 1] = indices.length;
  }
  return { rows: m.rows, cols: kept.length, indptr, indices: Int32Array.from(indices), data: Float32Array.from(data) };
}

/** On the wasm kernel: X'X + lambda I built straight into its packed float64 upper triangle (no dense n^2 copy). */
async function easeWeightsWasm(x: Csr, lambda: number, threads: KernelThreads | undefined, onProgress?: ProgressFn): Promise<Float32Array | null> {
  const n = x.cols;
  const m = SpdKernelMatrix.create(n, { threads });
  if (!m) return null;
  const a = m.packed;
  for (let u = 0; u < x.rows; u++) {
    const p0 = x.indptr[u];
    const p1 = x.indptr[u + 1];
    for (let p = p0; p < p1; p++) {
      const row = m.rowStart(x.indices[p]);
      const v = x.data[p];
      // Indices are sorted within a row: q >= p gives the upper triangle.
      for (let q = p; q < p1; q++) a[row + x.indices[q]] += v * x.data[q];
    }
  }
  for (let i = 0; i < n; i++) a[m.rowStart(i) + i] += lambda;
  await m.invert({ threads, onProgress });
  const diag = new Float64Array(n);
  for (let i = 0; i < n; i++) diag[i] = a[m.rowStart(i) + i];
  const w = new Float32Array(n * n);
  // W[i][j] = -P[i][j] / P[j][j]; P's upper triangle fills both halves, in tiles so the transposed writes stay cached.
  const T = 64;
  for (let i0 = 0; i0 < n; i0 += T) {
    for (let j0 = i0; j0 < n; j0 += T) {
      for (let i = i0; i < Math.min(n, i0 + T); i++) {
        const row = m.rowStart(i);
        for (let j = Math.max(j0, i + 1); j < Math.min(n, j0 + T); j++) {
          const v = a[row + j];
          w[i * n + j] = -v / diag[j];
          w[j * n + i] = -v / diag[i];
        }
      }
    }
  }
  return w;
}

function easeWeightsTs(g: Float64Array, n: number, onProgress?: ProgressFn): Float32Array {
  const p = spdInverse(g, n, { onProgress });
  const w = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) w[i * n + j] = -p[i * n + j] / p[j * n + j];
  return w;
}

async function easeWeightsTf(g: Float64Array, n: number, onProgress?: ProgressFn): Promise<Float32Array> {
  const a = tf.tensor2d(Float32Array.from(g), [n, n]);
  const p = await spdInverseTf(a, { onProgress });
  a.dispose();
  const w = tf.tidy(() => {
    const diag = tf.sum(tf.mul(p, tf.eye(n)), 0, true);
    return tf.mul(tf.neg(tf.div(p, diag)), tf.sub(1, tf.eye(n)));
  });
  p.dispose();
  const data = (await w.data()) as Float32Array;
  w.dispose();
  return data;
}

/** scores[u][j] = sum over the user's items i of x[u][i] * w[i][j]: shared by EASE and item-kNN. */
export function scoreByItemWeights(train: Csr, w: Float32Array, users: Int32Array, out: Float32Array): void {
  const n = train.cols;
  out.fill(0, 0, users.length * n);
  for (let b = 0; b < users.length; b++) {
    const u = users[b];
    if (u >= train.rows) continue;
    const o = b * n;
    for (let p = train.indptr[u]; p < train.indptr[u + 1]; p++) {
      const v = train.data[p];
      const row = train.indices[p] * n;
      for (let j = 0; j < n; j++) out[o + j] += v * w[row + j];
    }
  }
}

/** The fitted EASE weights scoring from other rows of the training pattern (recency weights, recency.ts). */
export function easeWithInput(model: Pick<EaseModel, 'weights' | 'kept' | 'nItems'>, input: Csr): Scorer {
  const { kept, weights } = model;
  const all = model.nItems;
  const x = kept ? keepColumns(input, kept) : input;
  const n = x.cols;
  let buf = new Float32Array(0);
  return {
    name: 'ease',
    nItems: all,
    score(users, out) {
      if (!kept) {
        scoreByItemWeights(x, weights, users, out);
        return Promise.resolve();
      }
      // Scores over the kept items, spread to the catalogue: pruned items are never recommended by EASE.
      if (buf.length < users.length * n) buf = new Float32Array(users.length * n);
      scoreByItemWeights(x, weights, users, buf);
      out.fill(-Infinity, 0, users.length * all);
      for (let b = 0; b < users.length; b++) for (let j = 0; j < n; j++) out[b * all + kept[j]] = buf[b * n + j];
      return Promise.resolve();
    },
    dispose() {},
  };
}
