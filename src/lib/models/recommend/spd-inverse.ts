// Inverse of a symmetric positive definite matrix by blocked Gauss-Jordan without pivoting
// (safe for SPD: every pivot block is a Schur complement, itself SPD). Two implementations:
// plain TS (uses symmetry: n^3/2 multiply-adds, the fastest path on a CPU) and tfjs (plain
// n^3 Gauss-Jordan whose big trailing update is one tf.matMul per block, for GPU backends).
import * as tf from '@tensorflow/tfjs';
import type { ProgressFn } from '../../progress';

export interface InverseOptions {
  blockSize?: number;
  onProgress?: ProgressFn;
}

/** Inverts a small dense SPD matrix (row-major, n x n) in place; throws if a pivot is not positive. */
export function smallSpdInverse(a: Float64Array, n: number): Float64Array {
  for (let k = 0; k < n; k++) {
    const pivot = a[k * n + k];
    if (!(pivot > 0)) throw new Error(`Matrix is not positive definite (pivot ${pivot} at ${k})`);
    const inv = 1 / pivot;
    for (let j = 0; j < n; j++) a[k * n + j] *= inv;
    a[k * n + k] = inv;
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const f = a[i * n + k];
      if (f === 0) continue;
      for (let j = 0; j < n; j++) a[i * n + j] -= f * a[k * n + j];
      a[i * n + k] = -f * inv;
    }
  }
  return a;
}

/**
 * In-place inverse of a dense SPD matrix (row-major n x n, Float64Array). Only the upper
 * triangle is read and updated until the final mirror; the invariant A[i][j] = s_i s_j A[j][i]
 * (s = -1 for already swept indices) lets every block step read its row panel from it.
 */
export function spdInverse(a: Float64Array, n: number, opts: InverseOptions = {}): Float64Array {
  const bsMax = opts.blockSize ?? 64;
  if (!(Number.isInteger(bsMax) && bsMax > 0)) throw new Error(`blockSize must be a positive integer, got ${bsMax}`);
  if (a.length !== n * n) throw new Error(`Matrix has ${a.length} entries, expected ${n} x ${n}`);
  const rOld = new Float64Array(bsMax * n);
  const rNew = new Float64Array(bsMax * n);
  const u = new Float64Array(n * bsMax);
  const d = new Float64Array(bsMax * bsMax);
  for (let k0 = 0; k0 < n; k0 += bsMax) {
    const k1 = Math.min(n, k0 + bsMax);
    const bs = k1 - k0;
    for (let s = 0; s < bs; s++) {
      for (let t = s; t < bs; t++) {
        const v = a[(k0 + s) * n + k0 + t];
        d[s * bs + t] = v;
        d[t * bs + s] = v;
      }
    }
    smallSpdInverse(d.subarray(0, bs * bs), bs);
    // Row panel of the pivot block, zero in its own columns.
    rOld.fill(0, 0, bs * n);
    for (let t = 0; t < bs; t++) {
      const row = k0 + t;
      for (let j = 0; j < k0; j++) rOld[t * n + j] = -a[j * n + row];
      for (let j = k1; j < n; j++) rOld[t * n + j] = a[row * n + j];
    }
    rNew.fill(0, 0, bs * n);
    for (let s = 0; s < bs; s++) {
      for (let t = 0; t < bs; t++) {
        const f = d[s * bs + t];
        const src = t * n;
        const dst = s * n;
        for (let j = 0; j < n; j++) rNew[dst + j] += f * rOld[src + j];
      }
    }
    u.fill(0, 0, n * bs);
    for (let i = 0; i < n; i++) {
      if (i >= k0 && i < k1) continue;
      const sign = i < k0 ? -1 : 1;
      for (let t = 0; t < bs; t++) u[i * bs + t] = sign * rOld[t * n + i];
    }
    upperUpdate(a, n, u, rNew, bs, k0, k1);
    for (let s = 0; s < bs; s++) {
      for (let t = s; t < bs; t++) a[(k0 + s) * n + k0 + t] = d[s * bs + t];
      for (let j = k1; j < n; j++) a[(k0 + s) * n + j] = rNew[s * n + j];
      for (let j = 0; j < k0; j++) a[j * n + k0 + s] = rNew[s * n + j];
    }
    opts.onProgress?.({ stage: 'Inverting the item Gram matrix', done: k1, total: n });
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[i * n + j] = a[j * n + i];
  return a;
}

// A[i][j] -= sum_t U[i][t] R[t][j] for j >= i (rounded down to a block of 4 rows), outside rows
// k0..k1. Four rows and four t's per pass keep the inner loop at 4 loads per 16 multiply-adds.
function upperUpdate(a: Float64Array, n: number, u: Float64Array, r: Float64Array, bs: number, k0: number, k1: number): void {
  for (let i0 = 0; i0 < n; i0 += 4) {
    const rowsHere = Math.min(4, n - i0);
    if (i0 >= k0 && i0 + rowsHere <= k1) continue;
    if (rowsHere < 4) {
      for (let i = i0; i < n; i++) {
        for (let t = 0; t < bs; t++) {
          const f = u[i * bs + t];
          if (f === 0) continue;
          for (let j = i0; j < n; j++) a[i * n + j] -= f * r[t * n + j];
        }
      }
      continue;
    }
    // Columns in chunks so the four rows being updated stay in L1 across all t.
    for (let j0 = i0; j0 < n; j0 += J_CHUNK) {
      const j1 = Math.min(n, j0 + J_CHUNK);
      let t = 0;
      for (; t + 4 <= bs; t += 4) kernel4x4(a, n, i0, u, bs, t, r, j0, j1);
      for (; t < bs; t++) {
        for (let q = 0; q < 4; q++) {
          const f = u[(i0 + q) * bs + t];
          const c = (i0 + q) * n;
          for (let j = j0; j < j1; j++) a[c + j] -= f * r[t * n + j];
        }
      }
    }
  }
}

const J_CHUNK = 256;

function kernel4x4(a: Float64Array, n: number, i0: number, u: Float64Array, bs: number, t: number, r: Float64Array, j0: number, j1: number): void {
  const c0 = i0 * n;
  const c1 = c0 + n;
  const c2 = c1 + n;
  const c3 = c2 + n;
  const u0 = i0 * bs + t;
  const u1 = u0 + bs;
  const u2 = u1 + bs;
  const u3 = u2 + bs;
  const a00 = u[u0], a01 = u[u0 + 1], a02 = u[u0 + 2], a03 = u[u0 + 3];
  const a10 = u[u1], a11 = u[u1 + 1], a12 = u[u1 + 2], a13 = u[u1 + 3];
  const a20 = u[u2], a21 = u[u2 + 1], a22 = u[u2 + 2], a23 = u[u2 + 3];
  const a30 = u[u3], a31 = u[u3 + 1], a32 = u[u3 + 2], a33 = u[u3 + 3];
  const o0 = t * n;
  const o1 = o0 + n;
  const o2 = o1 + n;
  const o3 = o2 + n;
  for (let j = j0; j < j1; j++) {
    const b0 = r[o0 + j], b1 = r[o1 + j], b2 = r[o2 + j], b3 = r[o3 + j];
    a[c0 + j] -= a00 * b0 + a01 * b1 + a02 * b2 + a03 * b3;
    a[c1 + j] -= a10 * b0 + a11 * b1 + a12 * b2 + a13 * b3;
    a[c2 + j] -= a20 * b0 + a21 * b1 + a22 * b2 + a23 * b3;
    a[c3 + j] -= a30 * b0 + a31 * b1 + a32 * b2 + a33 * b3;
  }
}

/**
 * The same inverse on the current tfjs backend: per block, the small pivot block is inverted
 * on the CPU (one read-back of bs x bs), and the n x n update is a single tf.matMul.
 * Consumes nothing: the input stays owned by the caller; the result is a new tensor.
 */
export async function spdInverseTf(a: tf.Tensor2D, opts: InverseOptions = {}): Promise<tf.Tensor2D> {
  const bsMax = opts.blockSize ?? 256;
  if (!(Number.isInteger(bsMax) && bsMax > 0)) throw new Error(`blockSize must be a positive integer, got ${bsMax}`);
  const n = a.shape[0];
  let cur = tf.clone(a);
  for (let k0 = 0; k0 < n; k0 += bsMax) {
    const k1 = Math.min(n, k0 + bsMax);
    const bs = k1 - k0;
    const block = tf.slice(cur, [k0, k0], [bs, bs]);
    const dArr = Float64Array.from(await block.data());
    block.dispose();
    smallSpdInverse(dArr, bs);
    const next = tf.tidy(() => {
      const d = tf.tensor2d(Float32Array.from(dArr), [bs, bs]);
      const parts = (t: tf.Tensor2D, axis: 0 | 1, mid: tf.Tensor2D): tf.Tensor2D => {
        const size = (from: number, to: number) => (axis === 0 ? [to - from, t.shape[1]] : [t.shape[0], to - from]);
        const begin = (from: number) => (axis === 0 ? [from, 0] : [0, from]);
        const pieces: tf.Tensor2D[] = [];
        if (k0 > 0) pieces.push(tf.slice(t, begin(0), size(0, k0)));
        pieces.push(mid);
        if (k1 < n) pieces.push(tf.slice(t, begin(k1), size(k1, n)));
        return pieces.length === 1 ? pieces[0] : tf.concat(pieces, axis);
      };
      const colPanel = tf.slice(cur, [0, k0], [n, bs]);
      const cm = parts(colPanel, 0, tf.zeros<tf.Rank.R2>([bs, bs]));
      const rowPanel = tf.slice(cur, [k0, 0], [bs, n]);
      const rNew = tf.matMul(d, rowPanel) as tf.Tensor2D;
      const rWithD = parts(rNew, 1, d);
      // With I + D in the pivot columns one matMul also yields the column update -A_iK D.
      const rForUpdate = parts(rNew, 1, tf.add<tf.Tensor2D>(tf.eye(bs), d));
      const updated = tf.sub<tf.Tensor2D>(cur, tf.matMul(cm, rForUpdate));
      return parts(updated, 0, rWithD);
    });
    cur.dispose();
    cur = next;
    opts.onProgress?.({ stage: 'Inverting the item Gram matrix', done: k1, total: n });
  }
  return cur;
}
