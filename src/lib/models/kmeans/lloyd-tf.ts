// Lloyd's algorithm with the n x k work on TensorFlow.js, written once for every backend (cpu,
// wasm, webgpu): scores = X (-2 C^T) + |c|^2 in one fused matMul (|x|^2 is the same for every
// centre, so argMin does not need it), then argMin. Only the n labels come back; the new centres
// are summed in JS (one O(n d) pass). Measured on wasm, that beats summing on the backend
// (oneHot + cast + a transposed matMul + sum cost 3-5x the E-step there; wasm lacks
// UnsortedSegmentSum). Points are uploaded once in row blocks, so each block's n x k scores stay
// in cache between the matMul and the argMin.
import * as tfDefault from '@tensorflow/tfjs';
import type { Matrix } from './matrix';
import type { LloydOptions, LloydResult } from './lloyd-common';
import { clusterSums, lloydLoop } from './lloyd-common';

export type Tf = typeof tfDefault;

/** Points on the backend as float32 row blocks. */
export interface DevicePoints {
  rows: number;
  cols: number;
  blocks: tfDefault.Tensor2D[];
  dispose(): void;
}

export const DEFAULT_BLOCK_ROWS = 65_536;

/** Upload points once; reuse across restarts and dispose after. */
export function uploadPoints(x: Matrix, tf: Tf = tfDefault, blockRows = DEFAULT_BLOCK_ROWS): DevicePoints {
  if (!Number.isInteger(blockRows) || blockRows < 1) throw new Error(`blockRows must be a positive integer, got ${blockRows}`);
  const data = Float32Array.from(x.data);
  const blocks: tfDefault.Tensor2D[] = [];
  for (let r = 0; r < x.rows; r += blockRows) {
    const m = Math.min(blockRows, x.rows - r);
    blocks.push(tf.tensor2d(data.subarray(r * x.cols, (r + m) * x.cols), [m, x.cols], 'float32'));
  }
  return { rows: x.rows, cols: x.cols, blocks, dispose: () => blocks.forEach((b) => b.dispose()) };
}

/** Nearest centre of every point, computed on the current backend; written into out if given. */
export async function assignTf(
  tf: Tf,
  xt: DevicePoints,
  centres: Float64Array,
  k: number,
  out: Int32Array = new Int32Array(xt.rows),
): Promise<Int32Array> {
  const d = xt.cols;
  const cm2t = new Float32Array(d * k);
  const cnorm = new Float32Array(k);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      const v = centres[c * d + j];
      cm2t[j * k + c] = -2 * v;
      cnorm[c] += v * v;
    }
  }
  const b = tf.tensor2d(cm2t, [d, k]);
  const bias = tf.tensor1d(cnorm);
  try {
    const parts = xt.blocks.map((block) => tf.tidy(() => tf.argMin(tf.fused.matMul({ a: block, b, bias }), 1)));
    let offset = 0;
    for (const part of parts) {
      out.set((await part.data()) as Int32Array, offset);
      offset += part.shape[0];
      part.dispose();
    }
    return out;
  } finally {
    b.dispose();
    bias.dispose();
  }
}

/**
 * Lloyd iterations from init, E-step on the current tfjs backend. x holds the same points as xt
 * in float64: the sums, and the rare move of an empty cluster to the farthest point, use it.
 */
export async function lloydTf(
  xt: DevicePoints,
  x: Matrix,
  init: Float64Array,
  k: number,
  opts: LloydOptions,
  tf: Tf = tfDefault,
): Promise<LloydResult> {
  const n = x.rows;
  const d = x.cols;
  if (xt.rows !== n || xt.cols !== d) throw new Error(`points on the backend are ${xt.rows} x ${xt.cols}, data is ${n} x ${d}`);
  const labels = new Int32Array(n);
  const next = new Int32Array(n);
  return lloydLoop(x, labels, init, k, opts, async (centres, sums, counts, final) => {
    if (final) {
      await assignTf(tf, xt, centres, k, labels);
      return 0;
    }
    await assignTf(tf, xt, centres, k, next);
    let changed = 0;
    for (let i = 0; i < n; i++) if (next[i] !== labels[i]) changed++;
    labels.set(next);
    clusterSums(x, labels, k, sums, counts);
    return changed;
  });
}
