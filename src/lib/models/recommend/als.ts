// Implicit-feedback ALS (Hu, Koren & Volinsky 2008): preference p = 1 for every interaction,
// confidence c = 1 + alpha * r, squared loss weighted by c plus reg * (|x|^2 + |y|^2).
// Each half-step updates one side with a few conjugate-gradient steps started from the
// previous factors, as the `implicit` library does, so no f x f system is ever formed per user.
// Written once on tfjs ops (gather / scatterND / matMul) for any backend; the tfjs cpu backend
// and wasm backends are much slower than plain loops here, so 'auto' runs the same algorithm as plain
// loops on them: our WebAssembly SIMD kernel (als-kernel.ts, rows split over the helper threads given),
// or where it cannot run, the TypeScript loops below.
// Every size uses CG (no exact f x f solve per row, which costs f^2 per interaction to form and f^3/3
// per row to factor, against about 8f per interaction for 3 CG steps): warm-started from the previous
// sweep, 3 steps reach the exact solve's loss and ranking quality (see als.test.ts).
import * as tf from '@tensorflow/tfjs';
import type { ProgressFn } from '../../progress';
import { NO_THREADS, type KernelThreads } from '../../engine/threads';
import { AlsKernel } from './als-kernel';
import { transpose, type Csr } from './csr';
import { plainLoopsFaster } from './path';
import { mulberry32 } from '../../random';
import type { Scorer } from './scorer';

export interface AlsOptions {
  factors: number;
  /** L2 regularisation of the factors. */
  regularization: number;
  /** Confidence slope: c = 1 + alpha * r. */
  alpha: number;
  iterations: number;
  /** Conjugate-gradient steps per half-iteration. */
  cgSteps: number;
  seed: number;
  /**
   * 'tf' runs on the current tfjs backend, 'ts' in plain TypeScript, 'wasm' on our kernel (the TypeScript
   * loops where it cannot run); 'auto' = 'wasm' on the cpu and wasm backends, else 'tf'.
   */
  engine: 'auto' | 'tf' | 'ts' | 'wasm';
  /** Helper threads for the kernel's row ranges (the app's kernel workers, the CLI's worker_threads). */
  threads?: KernelThreads;
  onProgress?: ProgressFn;
}

// 32 factors, reg 0.1, alpha 20: the best fixed setting found on MovieLens 100K (see the tests).
export const defaultAlsOptions: AlsOptions = {
  factors: 32,
  regularization: 0.1,
  alpha: 20,
  iterations: 15,
  cgSteps: 3,
  seed: 42,
  engine: 'auto',
};

export interface AlsModel extends Scorer {
  /** Row-major users x factors and items x factors. */
  readonly userFactors: Float32Array;
  readonly itemFactors: Float32Array;
  readonly factors: number;
}

let hostThreads: () => KernelThreads = () => NO_THREADS;
const HOST_THREADS_NNZ = 500_000;

/** The host's helper threads for fits not given `threads` (as setEaseThreads): the compute worker's kernel workers, the CLI's worker_threads. */
export function setAlsThreads(provider: () => KernelThreads): void {
  hostThreads = provider;
}

export function validateAlsOptions(o: AlsOptions): void {
  if (!(Number.isInteger(o.factors) && o.factors > 0)) throw new Error(`factors must be a positive integer, got ${o.factors}`);
  if (!(o.regularization >= 0)) throw new Error(`regularization must be >= 0, got ${o.regularization}`);
  if (!(o.alpha >= 0)) throw new Error(`alpha must be >= 0, got ${o.alpha}`);
  if (!(Number.isInteger(o.iterations) && o.iterations >= 0)) throw new Error(`iterations must be a whole number, got ${o.iterations}`);
  if (!(Number.isInteger(o.cgSteps) && o.cgSteps > 0)) throw new Error(`cgSteps must be a positive integer, got ${o.cgSteps}`);
  if (o.engine !== 'auto' && o.engine !== 'tf' && o.engine !== 'ts' && o.engine !== 'wasm') throw new Error(`Unknown ALS engine "${String(o.engine)}"`);
}

export async function fitAls(train: Csr, options: Partial<AlsOptions> = {}): Promise<AlsModel> {
  const opts = { ...defaultAlsOptions, ...options };
  validateAlsOptions(opts);
  const f = opts.factors;
  const byItem = transpose(train);
  // Small random start as in `implicit`: the scale matters little, the seed makes runs repeat.
  const rand = mulberry32(opts.seed);
  let x: Float32Array = Float32Array.from({ length: train.rows * f }, () => rand() * 0.01);
  let y: Float32Array = Float32Array.from({ length: train.cols * f }, () => rand() * 0.01);
  const useTs = opts.engine === 'ts' || opts.engine === 'wasm' || (opts.engine === 'auto' && plainLoopsFaster());
  const total = opts.iterations;
  if (useTs) {
    // Float64 inside: V8 converts every float32 read, which costs more than the extra memory.
    const x64 = Float64Array.from(x);
    const y64 = Float64Array.from(y);
    // the host's helpers only for large data: a small fit (MovieLens 100K takes about 1 s) gains less than the threads cost to start
    const threads = opts.threads ?? (train.indices.length >= HOST_THREADS_NNZ ? hostThreads() : NO_THREADS);
    const kernel = opts.engine === 'ts' ? null : createKernel(train, byItem, f, opts.cgSteps, threads);
    if (kernel) await kernelSweeps(kernel, x64, y64, { ...opts, threads });
    else {
      for (let it = 0; it < total; it++) {
        cgHalfStepTs(train, x64, y64, f, opts);
        cgHalfStepTs(byItem, y64, x64, f, opts);
        opts.onProgress?.({ stage: 'Training ALS', done: it + 1, total });
      }
    }
    x = Float32Array.from(x64);
    y = Float32Array.from(y64);
  } else {
    let xt = tf.tensor2d(x, [train.rows, f]);
    let yt = tf.tensor2d(y, [train.cols, f]);
    for (let it = 0; it < total; it++) {
      const nx = cgHalfStepTf(train, xt, yt, opts);
      xt.dispose();
      xt = nx;
      const ny = cgHalfStepTf(byItem, yt, xt, opts);
      yt.dispose();
      yt = ny;
      // Reading one value back paces the loop and lets the UI show progress as it happens.
      const probe = tf.slice(yt, [0, 0], [1, 1]);
      await probe.data();
      probe.dispose();
      opts.onProgress?.({ stage: 'Training ALS', done: it + 1, total });
    }
    x = (await xt.data()) as Float32Array;
    y = (await yt.data()) as Float32Array;
    xt.dispose();
    yt.dispose();
  }
  return alsScorer(x, y, f, train.cols);
}

function createKernel(byUser: Csr, byItem: Csr, f: number, steps: number, threads: KernelThreads): AlsKernel | null {
  const k = AlsKernel.create(byUser, byItem, f, steps, threads.count + 1);
  return k ?? (threads.count > 0 ? AlsKernel.create(byUser, byItem, f, steps, 1) : null);
}

/** The iterations on the kernel, from and back into x64 / y64. */
async function kernelSweeps(k: AlsKernel, x64: Float64Array, y64: Float64Array, o: AlsOptions): Promise<void> {
  const threads = o.threads ?? NO_THREADS;
  k.write('user', x64);
  k.write('item', y64);
  if (k.parts > 1) await threads.attach(k.key, k.module, k.memory);
  try {
    for (let it = 0; it < o.iterations; it++) {
      await k.halfStep('user', o.regularization, o.alpha, o.cgSteps, threads);
      await k.halfStep('item', o.regularization, o.alpha, o.cgSteps, threads);
      o.onProgress?.({ stage: 'Training ALS', done: it + 1, total: o.iterations });
    }
  } finally {
    if (k.parts > 1) await threads.detach(k.key);
  }
  k.read('user', x64);
  k.read('item', y64);
}

function alsScorer(userFactors: Float32Array, itemFactors: Float32Array, f: number, nItems: number): AlsModel {
  return {
    name: 'als',
    nItems,
    factors: f,
    userFactors,
    itemFactors,
    score(users, out) {
      scoreFactors(userFactors, itemFactors, f, nItems, users, out);
      return Promise.resolve();
    },
    dispose() {},
  };
}

/** out[b][j] = x_u . y_j, four items at a time so each user vector is read once per four dots. */
export function scoreFactors(xf: Float32Array, yf: Float32Array, f: number, nItems: number, users: Int32Array, out: Float32Array): void {
  const xu = new Float64Array(f);
  for (let b = 0; b < users.length; b++) {
    const u = users[b];
    for (let k = 0; k < f; k++) xu[k] = xf[u * f + k];
    const o = b * nItems;
    let j = 0;
    for (; j + 4 <= nItems; j += 4) {
      const y0 = j * f;
      const y1 = y0 + f;
      const y2 = y1 + f;
      const y3 = y2 + f;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < f; k++) {
        const v = xu[k];
        s0 += v * yf[y0 + k];
        s1 += v * yf[y1 + k];
        s2 += v * yf[y2 + k];
        s3 += v * yf[y3 + k];
      }
      out[o + j] = s0;
      out[o + j + 1] = s1;
      out[o + j + 2] = s2;
      out[o + j + 3] = s3;
    }
    for (; j < nItems; j++) {
      let s = 0;
      for (let k = 0; k < f; k++) s += xu[k] * yf[j * f + k];
      out[o + j] = s;
    }
  }
}

/** Y'Y + reg I as a dense f x f array. */
function gramPlusReg(y: Float64Array, rows: number, f: number, reg: number): Float64Array {
  const g = new Float64Array(f * f);
  for (let r = 0; r < rows; r++) {
    const o = r * f;
    for (let a = 0; a < f; a++) {
      const v = y[o + a];
      if (v === 0) continue;
      for (let b = a; b < f; b++) g[a * f + b] += v * y[o + b];
    }
  }
  for (let a = 0; a < f; a++) {
    g[a * f + a] += reg;
    for (let b = 0; b < a; b++) g[a * f + b] = g[b * f + a];
  }
  return g;
}

// Updates every row of x (rows of m) given the other side's factors y, in place.
function cgHalfStepTs(m: Csr, x: Float64Array, y: Float64Array, f: number, o: AlsOptions): void {
  const g = gramPlusReg(y, m.cols, f, o.regularization);
  const xv = new Float64Array(f);
  const r = new Float64Array(f);
  const p = new Float64Array(f);
  const ap = new Float64Array(f);
  for (let u = 0; u < m.rows; u++) {
    const a = m.indptr[u];
    const b = m.indptr[u + 1];
    for (let k = 0; k < f; k++) xv[k] = x[u * f + k];
    // r = Y'C p - (Y'Y + Y'(C - I)Y + reg I) x
    mulSym(g, xv, r, f, -1);
    for (let q = a; q < b; q++) {
      const yo = m.indices[q] * f;
      const cm1 = o.alpha * m.data[q];
      const dot = dotAt(y, yo, xv, f);
      const coef = 1 + cm1 - cm1 * dot;
      for (let k = 0; k < f; k++) r[k] += coef * y[yo + k];
    }
    p.set(r);
    let rsold = dot64(r, r, f);
    if (rsold < 1e-20) continue;
    for (let step = 0; step < o.cgSteps; step++) {
      mulSym(g, p, ap, f, 1);
      for (let q = a; q < b; q++) {
        const yo = m.indices[q] * f;
        const dot = dotAt(y, yo, p, f);
        const coef = o.alpha * m.data[q] * dot;
        for (let k = 0; k < f; k++) ap[k] += coef * y[yo + k];
      }
      const step_ = rsold / dot64(p, ap, f);
      for (let k = 0; k < f; k++) {
        xv[k] += step_ * p[k];
        r[k] -= step_ * ap[k];
      }
      const rsnew = dot64(r, r, f);
      if (rsnew < 1e-20) break;
      const beta = rsnew / rsold;
      for (let k = 0; k < f; k++) p[k] = r[k] + beta * p[k];
      rsold = rsnew;
    }
    for (let k = 0; k < f; k++) x[u * f + k] = xv[k];
  }
}

// Four accumulators break the add dependency chain, which otherwise bounds these short dots.
function dotAt(y: Float64Array, yo: number, v: Float64Array, f: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 4 <= f; k += 4) {
    s0 += y[yo + k] * v[k];
    s1 += y[yo + k + 1] * v[k + 1];
    s2 += y[yo + k + 2] * v[k + 2];
    s3 += y[yo + k + 3] * v[k + 3];
  }
  for (; k < f; k++) s0 += y[yo + k] * v[k];
  return s0 + s1 + s2 + s3;
}

// out = sign * G v, accumulated row by row (G is symmetric) so no add waits on the previous one.
function mulSym(g: Float64Array, v: Float64Array, out: Float64Array, f: number, sign: number): void {
  out.fill(0, 0, f);
  for (let b = 0; b < f; b++) {
    const s = sign * v[b];
    const o = b * f;
    for (let a = 0; a < f; a++) out[a] += s * g[o + a];
  }
}

function dot64(a: Float64Array, b: Float64Array, f: number): number {
  let s = 0;
  for (let k = 0; k < f; k++) s += a[k] * b[k];
  return s;
}

/** Rows per chunk so gathered item vectors stay near this many floats. */
const TF_CHUNK_FLOATS = 8_000_000;

// The same half-step on tensors: all rows at once (in chunks of rows), each CG quantity a
// batch of row vectors; sparse sums over a row's items are scatterND sums over its entries.
function cgHalfStepTf(m: Csr, x: tf.Tensor2D, y: tf.Tensor2D, o: AlsOptions): tf.Tensor2D {
  const f = x.shape[1];
  const g = tf.tidy(() => tf.add<tf.Tensor2D>(tf.matMul(y, y, true, false), tf.mul(tf.eye(f), o.regularization)));
  const maxNnz = Math.max(1, Math.floor(TF_CHUNK_FLOATS / f));
  const pieces: tf.Tensor2D[] = [];
  let r0 = 0;
  while (r0 < m.rows) {
    let r1 = r0 + 1;
    while (r1 < m.rows && m.indptr[r1 + 1] - m.indptr[r0] <= maxNnz) r1++;
    pieces.push(cgChunkTf(m, r0, r1, x, y, g, o));
    r0 = r1;
  }
  g.dispose();
  const out = pieces.length === 1 ? pieces[0] : tf.concat(pieces, 0);
  if (pieces.length > 1) pieces.forEach((t) => t.dispose());
  return out;
}

function cgChunkTf(m: Csr, r0: number, r1: number, x: tf.Tensor2D, y: tf.Tensor2D, g: tf.Tensor2D, o: AlsOptions): tf.Tensor2D {
  const a = m.indptr[r0];
  const b = m.indptr[r1];
  const nnz = b - a;
  const rows = r1 - r0;
  const f = x.shape[1];
  const localRow = new Int32Array(nnz);
  for (let u = r0; u < r1; u++) localRow.fill(u - r0, m.indptr[u] - a, m.indptr[u + 1] - a);
  const cm1Arr = Float32Array.from(m.data.subarray(a, b), (v) => o.alpha * v);
  return tf.tidy(() => {
    const xv0 = tf.slice(x, [r0, 0], [rows, f]);
    if (nnz === 0) return tf.clone(xv0);
    const rowIdx = tf.tensor1d(localRow, 'int32');
    const scatterIdx = tf.reshape(rowIdx, [nnz, 1]);
    const cm1 = tf.tensor2d(cm1Arr, [nnz, 1]);
    const yg = tf.gather(y, tf.tensor1d(m.indices.subarray(a, b), 'int32'));
    const sumRows = (t: tf.Tensor2D) => tf.scatterND(scatterIdx, t, [rows, f]) as tf.Tensor2D;
    const mulA = (v: tf.Tensor2D): tf.Tensor2D => {
      const dots = tf.sum(tf.mul(yg, tf.gather(v, rowIdx)), 1, true);
      return tf.add<tf.Tensor2D>(tf.matMul(v, g), sumRows(tf.mul(yg, tf.mul(cm1, dots))));
    };
    // b = sum over the row's items of c * y_i (preference 1).
    const rhs = sumRows(tf.mul(yg, tf.add(cm1, 1)));
    let xv: tf.Tensor2D = xv0;
    let r = tf.sub<tf.Tensor2D>(rhs, mulA(xv));
    let p = r;
    let rsold = tf.sum(tf.mul(r, r), 1, true);
    for (let step = 0; step < o.cgSteps; step++) {
      const ap = mulA(p);
      const pap = tf.sum(tf.mul(p, ap), 1, true);
      // Rows already solved (rsold ~ 0) take no step instead of dividing by zero.
      const live = tf.greater(rsold, 1e-20);
      const stepSize = tf.where(live, tf.div(rsold, tf.where(live, pap, tf.onesLike(pap))), tf.zerosLike(pap));
      xv = tf.add<tf.Tensor2D>(xv, tf.mul(stepSize, p));
      r = tf.sub<tf.Tensor2D>(r, tf.mul(stepSize, ap));
      const rsnew = tf.sum(tf.mul(r, r), 1, true);
      const beta = tf.where(live, tf.div(rsnew, tf.where(live, rsold, tf.onesLike(rsold))), tf.zerosLike(rsold));
      p = tf.add<tf.Tensor2D>(r, tf.mul(beta, p));
      rsold = rsnew;
    }
    return xv;
  });
}
