// EASE at many lambdas from one factorisation. P(l) = (X'X + l I)^-1 is all EASE needs
// (B = I - P diag(1/diag P)), and one symmetric eigendecomposition gives P for every l:
// - dual (users m < items n): Woodbury, P(l) = (I - X' (l I + X X')^-1 X) / l with X X' = U S U',
//   so with Z = X' U (n x m, once) diag P(l) costs O(n m) and a user's x_u P(l) O(n m), because
//   x_u Z = (U S)_u. The n x n matrix is never formed: on 610 users x 9,724 items one 610^2
//   eigendecomposition replaces a 9,724^2 inverse per lambda.
// - primal (m >= n, few items): X'X = V S V', P(l) = V (S + l)^-1 V' formed per lambda (n^3 / 2
//   multiply-adds, about half a Cholesky inverse) and scored through dense weights.
import * as tf from '@tensorflow/tfjs';
import type { Csr } from './csr';
import { transpose } from './csr';
import { scoreByItemWeights } from './ease';
import { gramMatrix } from './gram';
import type { Scorer } from './scorer';

/** Above this many items the primal eigendecomposition (about 9 n^3 flops in f64 JavaScript) costs more than a few
 *  direct inverses on the WebAssembly kernel: `easePath` returns null and callers fit each lambda directly. */
export const PRIMAL_EIGEN_MAX_ITEMS = 1200;

export interface EasePath {
  kind: 'dual' | 'primal';
  nItems: number;
  /** diag of P(lambda). */
  diagonal(lambda: number): Float64Array;
  /** The EASE scorer at lambda (scores equal those of fitEase at that lambda). `input`: rows to score from
   *  instead of the training rows (same pattern, other values: recency weights, recency.ts). */
  scorer(lambda: number, input?: Csr): Scorer;
  /** Dense row-major EASE weights at lambda (tests and small catalogues: n^2 memory). */
  weights(lambda: number): Float64Array;
  /** Frees the tensors of the scoring product (scorers of this path stop working). */
  dispose(): void;
}

export interface EasePathOptions {
  /** The dual scoring product (users x m)(m x n): 'tf' on the current tfjs backend (XNNPACK or a GPU, several
   *  times faster than plain loops there), 'ts' in plain loops; 'auto' uses tf unless the backend is 'cpu'. */
  matmul?: 'auto' | 'ts' | 'tf';
}

/** The dual eigendecomposition costs about 9 m^3 flops in f64 JavaScript: above this many users a direct inverse
 *  per lambda (the WebAssembly kernel) is cheaper. */
export const DUAL_EIGEN_MAX_USERS = 1500;

/** Users below items: the dual form serves a sweep of lambdas (one m x m eigendecomposition). */
export function preferDual(train: Csr): boolean {
  return train.rows < train.cols && train.rows <= DUAL_EIGEN_MAX_USERS;
}

/** For ONE lambda the dual pays only when users are well below items (9 m^3 against one n^3 inverse). */
export function preferDualFit(train: Csr): boolean {
  return preferDual(train) && train.rows * 3 <= train.cols;
}

/** The EASE scorer at one lambda in the dual form (exact; no n x n matrix): for users well below items. */
export function fitEaseDual(train: Csr, lambda: number, options: EasePathOptions & { input?: Csr } = {}): Scorer {
  checkLambda(lambda);
  const path = dualPath(train, useTfProduct(options));
  const scorer = path.scorer(lambda, options.input);
  return { name: 'ease', nItems: scorer.nItems, score: (users, out) => scorer.score(users, out), dispose: () => path.dispose() };
}

function useTfProduct(options: EasePathOptions): boolean {
  const matmul = options.matmul ?? 'auto';
  if (matmul !== 'auto' && matmul !== 'ts' && matmul !== 'tf') throw new Error(`Unknown matmul "${String(matmul)}"`);
  return matmul === 'tf' || (matmul === 'auto' && tf.getBackend() !== 'cpu');
}

/** The eigen path for `train`, or null when no eigen form is cheap (callers then fit each lambda directly). */
export function easePath(train: Csr, options: EasePathOptions = {}): EasePath | null {
  const useTf = useTfProduct(options);
  if (preferDual(train)) return dualPath(train, useTf);
  if (train.rows >= train.cols && train.cols <= PRIMAL_EIGEN_MAX_ITEMS) return primalPath(train);
  return null;
}

function checkLambda(lambda: number) {
  if (!(lambda > 0)) throw new Error(`EASE lambda must be > 0, got ${lambda}`);
}

function dualPath(x: Csr, useTf: boolean): EasePath {
  const m = x.rows;
  const n = x.cols;
  // K = X X' is the Gram matrix of X' (cost: sum over items of their users squared).
  const { values: s, vectors: vt } = symmetricEigen(gramMatrix(transpose(x)), m);
  for (let k = 0; k < m; k++) if (s[k] < 0) s[k] = 0; // rounding below zero on a PSD matrix
  // Zt = U' X (m x n): row k is column k of Z = X' U.
  const zt = new Float64Array(m * n);
  for (let k = 0; k < m; k++) {
    const uk = k * m;
    const row = k * n;
    for (let u = 0; u < m; u++) {
      const c = vt[uk + u];
      if (c === 0) continue;
      for (let p = x.indptr[u]; p < x.indptr[u + 1]; p++) zt[row + x.indices[p]] += c * x.data[p];
    }
  }
  // Components with s = 0 add nothing to x_u Z (= U_u S); skipping them saves work on rank-deficient data.
  const active: number[] = [];
  const top = s.reduce((a, b) => Math.max(a, b), 0);
  for (let k = 0; k < m; k++) if (s[k] > 1e-13 * top) active.push(k);
  const diagonal = (lambda: number) => {
    checkLambda(lambda);
    const d = new Float64Array(n).fill(1);
    for (let k = 0; k < m; k++) {
      const c = 1 / (s[k] + lambda);
      const row = k * n;
      for (let j = 0; j < n; j++) d[j] -= c * zt[row + j] * zt[row + j];
    }
    for (let j = 0; j < n; j++) d[j] /= lambda;
    return d;
  };
  // The scoring product reads a float32 copy: half the memory traffic, and scores are float32 anyway.
  let zt32: Float32Array | null = null;
  let ztTensor: tf.Tensor2D | null = null;
  return {
    kind: 'dual',
    dispose() {
      ztTensor?.dispose();
      ztTensor = null;
      zt32 = null;
    },
    nItems: n,
    diagonal,
    weights(lambda) {
      const d = diagonal(lambda);
      const w = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          if (i === j) continue;
          let q = 0;
          for (let k = 0; k < m; k++) q += (zt[k * n + i] * zt[k * n + j]) / (s[k] + lambda);
          // P_ij = (0 - q) / lambda; B_ij = -P_ij / P_jj.
          w[i * n + j] = q / lambda / d[j];
        }
      }
      return w;
    },
    scorer(lambda, input) {
      const d = diagonal(lambda);
      // score_j = x_uj - (x_u P)_j / P_jj with x_u P = (x_u - a_u Z') / lambda, a_u = x_u Z (S + lambda)^-1,
      // which is U_u S (S + lambda)^-1 for the training rows (x_u Z = x_u X' U = U_u S).
      const r = Float64Array.from(d, (v) => 1 / (lambda * v));
      const shrink = Float64Array.from(s, (v) => v / (v + lambda));
      if (input && (input.rows !== m || input.cols !== n)) throw new Error(`EASE input rows are ${input.rows} x ${input.cols}, the fit ${m} x ${n}`);
      const rows = input ?? x;
      const coef = input
        ? (u: number, k: number) => {
            let t = 0;
            for (let p = input.indptr[u]; p < input.indptr[u + 1]; p++) t += input.data[p] * zt[k * n + input.indices[p]];
            return t / (s[k] + lambda);
          }
        : (u: number, k: number) => vt[k * m + u] * shrink[k];
      return {
        name: 'ease',
        nItems: n,
        async score(users, out) {
          if (!useTf) return dualScores(rows, coef, (zt32 ??= Float32Array.from(zt)), active, r, users, out);
          ztTensor ??= tf.tensor2d(Float32Array.from(zt), [m, n]);
          const a = new Float32Array(users.length * m);
          for (let b = 0; b < users.length; b++) {
            const u = users[b];
            if (u < 0 || u >= m) continue;
            for (const k of active) a[b * m + k] = coef(u, k);
          }
          const at = tf.tensor2d(a, [users.length, m]);
          const prod = tf.matMul(at, ztTensor);
          at.dispose();
          const y = (await prod.data()) as Float32Array;
          prod.dispose();
          finishDualScores(rows, r, users, y, out);
        },
        dispose() {},
      };
    },
  };
}

const COL_BLOCK = 256;
const USER_BLOCK = 4;

// out[b][j] = x_uj (1 - r_j) + r_j sum_k a_uk Zt[k][j]: a (users x m)(m x n) product, blocked so that a
// slab of Zt (m x COL_BLOCK) stays in cache while every user of the batch passes over it, four at a time.
function dualScores(x: Csr, coef: (u: number, k: number) => number, zt: Float32Array, active: number[], r: Float64Array, users: Int32Array, out: Float32Array) {
  const m = x.rows;
  const n = x.cols;
  out.fill(0, 0, users.length * n);
  const ks = Int32Array.from(active);
  const nk = ks.length;
  const nu = users.length;
  const groups = Math.ceil(nu / USER_BLOCK);
  // a[g][q][t]: coefficient of component ks[q] for user t of group g (zero for users outside the matrix).
  const a = new Float64Array(groups * nk * USER_BLOCK);
  for (let b = 0; b < nu; b++) {
    const u = users[b];
    if (u < 0 || u >= m) continue;
    const base = Math.floor(b / USER_BLOCK) * nk * USER_BLOCK + (b % USER_BLOCK);
    for (let q = 0; q < nk; q++) a[base + q * USER_BLOCK] = coef(u, ks[q]);
  }
  const acc = new Float64Array(USER_BLOCK * COL_BLOCK);
  for (let j0 = 0; j0 < n; j0 += COL_BLOCK) {
    const w = Math.min(COL_BLOCK, n - j0);
    for (let g = 0; g < groups; g++) {
      acc.fill(0);
      const ga = g * nk * USER_BLOCK;
      for (let q = 0; q < nk; q++) {
        const aq = ga + q * USER_BLOCK;
        const a0 = a[aq];
        const a1 = a[aq + 1];
        const a2 = a[aq + 2];
        const a3 = a[aq + 3];
        const zrow = ks[q] * n + j0;
        for (let j = 0; j < w; j++) {
          const z = zt[zrow + j];
          acc[j] += a0 * z;
          acc[COL_BLOCK + j] += a1 * z;
          acc[2 * COL_BLOCK + j] += a2 * z;
          acc[3 * COL_BLOCK + j] += a3 * z;
        }
      }
      const nb = Math.min(USER_BLOCK, nu - g * USER_BLOCK);
      for (let t = 0; t < nb; t++) {
        const o = (g * USER_BLOCK + t) * n + j0;
        for (let j = 0; j < w; j++) out[o + j] = acc[t * COL_BLOCK + j];
      }
    }
  }
  finishDualScores(x, r, users, out, out);
}

/** out = r .* (a Zt) + x_u .* (1 - r), from the product y (users x n). */
function finishDualScores(x: Csr, r: Float64Array, users: Int32Array, y: Float32Array, out: Float32Array) {
  const m = x.rows;
  const n = x.cols;
  const nu = users.length;
  for (let b = 0; b < nu; b++) {
    const o = b * n;
    for (let j = 0; j < n; j++) out[o + j] = r[j] * y[o + j];
  }
  for (let b = 0; b < nu; b++) {
    const u = users[b];
    if (u < 0 || u >= m) continue;
    const o = b * n;
    for (let p = x.indptr[u]; p < x.indptr[u + 1]; p++) {
      const j = x.indices[p];
      out[o + j] += x.data[p] * (1 - r[j]);
    }
  }
}

function primalPath(x: Csr): EasePath {
  const n = x.cols;
  const { values: s, vectors: vt } = symmetricEigen(gramMatrix(x), n);
  for (let k = 0; k < n; k++) if (s[k] < 0) s[k] = 0;
  // P(l) = sum_k v_k v_k' / (s_k + l), accumulated one eigenvector at a time (rows of vt are contiguous).
  const inverse = (lambda: number) => {
    checkLambda(lambda);
    const p = new Float64Array(n * n);
    for (let k = 0; k < n; k++) {
      const c = 1 / (s[k] + lambda);
      const v = k * n;
      for (let i = 0; i < n; i++) {
        const ci = c * vt[v + i];
        if (ci === 0) continue;
        const row = i * n;
        for (let j = i; j < n; j++) p[row + j] += ci * vt[v + j];
      }
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) p[i * n + j] = p[j * n + i];
    return p;
  };
  const weights = (lambda: number) => {
    const p = inverse(lambda);
    const w = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) w[i * n + j] = -p[i * n + j] / p[j * n + j];
    return w;
  };
  return {
    kind: 'primal',
    dispose() {},
    nItems: n,
    diagonal(lambda) {
      checkLambda(lambda);
      const d = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        const c = 1 / (s[k] + lambda);
        for (let i = 0; i < n; i++) d[i] += c * vt[k * n + i] * vt[k * n + i];
      }
      return d;
    },
    weights,
    scorer(lambda, input) {
      const w = Float32Array.from(weights(lambda));
      if (input && (input.rows !== x.rows || input.cols !== n)) throw new Error(`EASE input rows are ${input.rows} x ${input.cols}, the fit ${x.rows} x ${n}`);
      const rows = input ?? x;
      return {
        name: 'ease',
        nItems: n,
        score(users, out) {
          scoreByItemWeights(rows, w, users, out);
          return Promise.resolve();
        },
        dispose() {},
      };
    },
  };
}

/**
 * Eigendecomposition of a symmetric n x n matrix (row-major, overwritten): Householder reduction to
 * tridiagonal form, then the implicit QL algorithm (tred2 / tql2 of EISPACK, as in JAMA), in f64.
 * Returns the eigenvalues (ascending) and the eigenvectors as the rows of `vectors`.
 */
export function symmetricEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  if (a.length !== n * n) throw new Error(`symmetricEigen: expected ${n * n} entries, got ${a.length}`);
  const v = a;
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 0) return { values: d, vectors: v };
  tred2(v, d, e, n);
  // tql2 rotates pairs of eigenvector columns: transposed, they are contiguous rows.
  const vt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) vt[j * n + i] = v[i * n + j];
  tql2(vt, d, e, n);
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x] - d[y]);
  const values = Float64Array.from(order, (i) => d[i]);
  const vectors = new Float64Array(n * n);
  order.forEach((i, r) => vectors.set(vt.subarray(i * n, (i + 1) * n), r * n));
  return { values, vectors };
}

function tred2(V: Float64Array, d: Float64Array, e: Float64Array, n: number) {
  for (let j = 0; j < n; j++) d[j] = V[(n - 1) * n + j];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = V[(i - 1) * n + j];
        V[i * n + j] = 0;
        V[j * n + i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        V[j * n + i] = f;
        g = e[j] + V[j * n + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += V[k * n + j] * d[k];
          e[k] += V[k * n + j] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) V[k * n + j] -= f * e[k] + g * d[k];
        d[j] = V[(i - 1) * n + j];
        V[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    V[(n - 1) * n + i] = V[i * n + i];
    V[i * n + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[k * n + i + 1] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[k * n + i + 1] * V[k * n + j];
        for (let k = 0; k <= i; k++) V[k * n + j] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) V[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = V[(n - 1) * n + j];
    V[(n - 1) * n + j] = 0;
  }
  V[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

// Vt holds the eigenvectors as rows (the transpose of JAMA's V).
function tql2(Vt: Float64Array, d: Float64Array, e: Float64Array, n: number) {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) throw new Error('symmetricEigen: QL did not converge');
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          const a = i * n;
          const b = (i + 1) * n;
          for (let k = 0; k < n; k++) {
            const hk = Vt[b + k];
            const vk = Vt[a + k];
            Vt[b + k] = s * vk + c * hk;
            Vt[a + k] = c * vk - s * hk;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}
