// EASE (Steck 2019): a closed-form item-item model. B = I - P diag(1/diag(P)) with
// P = (X'X + lambda I)^-1; the score of item j for a user is sum over her items i of x_i B[i][j].
import * as tf from '@tensorflow/tfjs';
import type { ProgressFn } from '../../progress';
import type { Csr } from './csr';
import { gramMatrix } from './gram';
import { plainLoopsFaster } from './path';
import type { Scorer } from './scorer';
import { spdInverse, spdInverseTf } from './spd-inverse';

/** Dense n x n weights: 10,000 items is 400 MB of float32 (800 MB of float64 while solving) and
 *  about 5e11 multiply-adds, minutes on a CPU; beyond that EASE is not offered. */
export const EASE_MAX_ITEMS = 10_000;

export interface EaseOptions {
  /** L2 regularisation; larger favours popular items less. */
  lambda: number;
  /** 'ts' solves in plain TypeScript (fastest on a CPU), 'tf' on the current tfjs backend;
   *  'auto' picks 'ts' on the cpu and wasm backends. */
  solver?: 'auto' | 'ts' | 'tf';
  onProgress?: ProgressFn;
}

// 100 matches the published MovieLens 100K result; the auto sweep tries 50..800.
export const defaultEaseOptions: EaseOptions = { lambda: 100 };

export interface EaseModel extends Scorer {
  /** Row-major item x item weights, zero diagonal. */
  readonly weights: Float32Array;
  /** Train matrix the model scores from. */
  readonly train: Csr;
}

export async function fitEase(train: Csr, options: Partial<EaseOptions> = {}): Promise<EaseModel> {
  const opts = { ...defaultEaseOptions, ...options };
  if (!(opts.lambda > 0)) throw new Error(`EASE lambda must be > 0, got ${opts.lambda}`);
  const n = train.cols;
  if (n > EASE_MAX_ITEMS) {
    throw new Error(`EASE handles at most ${EASE_MAX_ITEMS} items; this data has ${n} (use item-kNN or ALS)`);
  }
  const solver = opts.solver ?? 'auto';
  if (solver !== 'auto' && solver !== 'ts' && solver !== 'tf') throw new Error(`Unknown EASE solver "${String(solver)}"`);
  const useTs = solver === 'ts' || (solver === 'auto' && plainLoopsFaster());
  const g = gramMatrix(train);
  for (let i = 0; i < n; i++) g[i * n + i] += opts.lambda;
  const weights = useTs ? easeWeightsTs(g, n, opts.onProgress) : await easeWeightsTf(g, n, opts.onProgress);
  return {
    name: 'ease',
    nItems: n,
    weights,
    train,
    score(users, out) {
      scoreByItemWeights(train, weights, users, out);
      return Promise.resolve();
    },
    dispose() {},
  };
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
