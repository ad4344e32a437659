// L2-penalised logistic regression fitted by Newton's method (IRLS). The n x d products (gradient
// X'r, Hessian X'SX) run as plain float64 loops on the cpu/wasm backends and as tf matMuls on a GPU
// backend; only the d x d system is solved on the CPU. Newton reaches the exact optimum sklearn's
// LogisticRegression(C=1) finds in a handful of iterations, where Adam would need thousands.
import * as tf from '@tensorflow/tfjs';
import { noProgress, type ProgressFn } from '../../progress';
import { checkTrainingData, resolveLogisticOptions, rowWeights, type LogisticOptions, type TrainingData } from './options';
import { choleskySolve } from './solve';

export interface LogisticModel {
  kind: 'logistic';
  /** One coefficient per feature, in the feature space the model was trained on. */
  weights: number[];
  intercept: number;
  iterations: number;
  converged: boolean;
  /** Final penalised training loss (summed weighted log loss + L2 term). */
  loss: number;
}

interface Evaluation {
  loss: number;
  grad: Float64Array;
  hess: Float64Array;
}

export async function trainLogistic(data: TrainingData, options?: Partial<LogisticOptions>, onProgress: ProgressFn = noProgress): Promise<LogisticModel> {
  checkTrainingData(data);
  const opts = resolveLogisticOptions(options);
  const { rows: n, features: d } = data;
  const p = d + 1; // the last coefficient is the intercept
  const typed = opts.path === 'typed' || (opts.path === 'auto' && TYPED_BACKENDS.has(tf.getBackend()));
  const ev = typed ? typedEvaluator(data, opts) : tfEvaluator(data, opts);
  const evaluate = async (w: Float64Array): Promise<Evaluation> => {
    const e = await ev.evaluate(w);
    for (let j = 0; j < d; j++) {
      e.loss += 0.5 * opts.l2 * w[j] * w[j];
      e.grad[j] += opts.l2 * w[j];
      e.hess[j * p + j] += opts.l2;
    }
    return e;
  };

  try {
    let w: Float64Array = new Float64Array(p);
    let cur = await evaluate(w);
    let iterations = 0;
    let converged = false;
    while (iterations < opts.maxIterations) {
      iterations++;
      const step = choleskySolve(cur.hess, cur.grad, p);
      let decrease = 0;
      for (let j = 0; j < p; j++) decrease += step[j] * cur.grad[j];
      // Below float32 resolution of the loss a line search only chases rounding noise.
      const tiny = decrease < 1e-7 * Math.max(1, Math.abs(cur.loss));
      // Backtracking (Armijo) keeps Newton monotone on nearly separable data.
      let t = 1;
      let next: Float64Array;
      let ev: Evaluation;
      for (;;) {
        next = w.map((v, j) => v - t * step[j]);
        ev = await evaluate(next);
        if (tiny || ev.loss <= cur.loss - 1e-4 * t * decrease || t < 1e-8) break;
        t /= 2;
      }
      let maxStep = 0;
      for (let j = 0; j < p; j++) maxStep = Math.max(maxStep, Math.abs(t * step[j]));
      w = next;
      cur = ev;
      onProgress({ stage: 'Logistic regression', done: iterations, total: opts.maxIterations, loss: cur.loss / n });
      if (tiny || maxStep < opts.tolerance) {
        converged = true;
        break;
      }
    }
    return { kind: 'logistic', weights: Array.from(w.subarray(0, d)), intercept: w[d], iterations, converged, loss: cur.loss };
  } finally {
    ev.dispose();
  }
}

/** Backends whose matMuls are slower than plain float64 loops for the tall-thin n x p passes. */
const TYPED_BACKENDS = new Set(['cpu', 'wasm', 'tensorflow']);

interface Evaluator {
  /** Unpenalised summed weighted loss, its gradient and Hessian (p x p, full) at w. */
  evaluate(w: Float64Array): Promise<Evaluation>;
  dispose(): void;
}

/** n x p work as tf matMuls (float32) on the active backend. */
function tfEvaluator(data: TrainingData, opts: LogisticOptions): Evaluator {
  const { rows: n, features: d } = data;
  const p = d + 1;
  const Xa = new Float32Array(n * p);
  for (let i = 0; i < n; i++) {
    Xa.set(data.X.subarray(i * d, (i + 1) * d), i * p);
    Xa[i * p + d] = 1;
  }
  const X = tf.tensor2d(Xa, [n, p]);
  const y = tf.tensor2d(data.y, [n, 1]);
  const sw = tf.tensor2d(rowWeights(data, opts.classWeight), [n, 1]);
  return {
    async evaluate(w) {
      const [lossT, gradT, hessT] = tf.tidy(() => {
        const z = tf.matMul(X, tf.tensor2d(Float32Array.from(w), [p, 1]));
        const prob = tf.sigmoid(z);
        const loss = tf.sum(tf.mul(sw, tf.sub(tf.softplus(z), tf.mul(y, z))));
        const grad = tf.matMul(X, tf.mul(sw, tf.sub(prob, y)), true, false);
        const s = tf.mul(sw, tf.mul(prob, tf.sub(1, prob)));
        const hess = tf.matMul(tf.mul(X, s), X, true, false);
        return [loss, grad, hess];
      });
      try {
        const [l, g, h] = await Promise.all([lossT.data(), gradT.data(), hessT.data()]);
        return { loss: l[0], grad: Float64Array.from(g), hess: Float64Array.from(h) };
      } finally {
        tf.dispose([lossT, gradT, hessT]);
      }
    },
    dispose: () => tf.dispose([X, y, sw]),
  };
}

/** Below this fraction of nonzero features the typed pass walks each row's nonzeros instead. */
const SPARSE_BELOW = 0.5;

/** Rows per block of the typed pass: p columns of it (float64) stay in L1/L2 cache. */
const BLOCK = 256;

/**
 * Loss, gradient and Hessian in ONE float64 pass over the rows. Rows go through in blocks stored
 * column-wise, so each entry of X'SX's upper triangle is a dot product over the block with its sum
 * in a register (p^2/2 multiply-adds per row, no per-row load/store of the triangle). On the cpu
 * backend this is many times faster than tf's three float32 matMuls (which also copy X*s, n x p).
 */
export function typedEvaluator(data: TrainingData, opts: LogisticOptions): Evaluator {
  const { rows: n, features: d, X, y } = data;
  const p = d + 1;
  const sw = rowWeights(data, opts.classWeight);
  let nonzero = 0;
  for (let i = 0; i < X.length; i++) if (X[i] !== 0) nonzero++;
  // One-hot features leave most of a row zero: then pairs of nonzeros per row cost far less than
  // the full triangle (at 60 features, a few one-hot groups: ~10x fewer multiply-adds).
  if (nonzero < SPARSE_BELOW * X.length) return sparseEvaluator(data, sw);
  const cols = new Float64Array(p * BLOCK);
  cols.fill(1, d * BLOCK); // the intercept's column
  const sx = new Float64Array(BLOCK);
  const sv = new Float64Array(BLOCK);
  const rv = new Float64Array(BLOCK);
  const tri = new Float64Array((p * (p + 1)) / 2);
  const g = new Float64Array(p);
  return {
    async evaluate(w) {
      tri.fill(0);
      g.fill(0);
      let loss = 0;
      const b = w[d];
      for (let i0 = 0; i0 < n; i0 += BLOCK) {
        const m = Math.min(BLOCK, n - i0);
        for (let r = 0; r < m; r++) {
          const i = i0 + r;
          const o = i * d;
          let z = b;
          for (let j = 0; j < d; j++) {
            const v = X[o + j];
            cols[j * BLOCK + r] = v;
            z += v * w[j];
          }
          const wi = sw[i];
          const yi = y[i];
          // softplus(z) - y z, without overflow for large |z|.
          const e = Math.exp(-Math.abs(z));
          loss += wi * ((z > 0 ? z : 0) + Math.log1p(e) - yi * z);
          const prob = z >= 0 ? 1 / (1 + e) : e / (1 + e);
          rv[r] = wi * (prob - yi);
          sv[r] = wi * prob * (1 - prob);
        }
        for (let j = 0, t = 0; j < p; j++) {
          const cj = j * BLOCK;
          let gj = 0;
          for (let r = 0; r < m; r++) {
            const v = cols[cj + r];
            gj += rv[r] * v;
            sx[r] = sv[r] * v;
          }
          g[j] += gj;
          let k = 0;
          // Four columns at a time: one load of sx[r] feeds four sums.
          for (; k + 3 <= j; k += 4, t += 4) {
            const c0 = k * BLOCK;
            const c1 = c0 + BLOCK;
            const c2 = c1 + BLOCK;
            const c3 = c2 + BLOCK;
            let a0 = 0;
            let a1 = 0;
            let a2 = 0;
            let a3 = 0;
            for (let r = 0; r < m; r++) {
              const v = sx[r];
              a0 += v * cols[c0 + r];
              a1 += v * cols[c1 + r];
              a2 += v * cols[c2 + r];
              a3 += v * cols[c3 + r];
            }
            tri[t] += a0;
            tri[t + 1] += a1;
            tri[t + 2] += a2;
            tri[t + 3] += a3;
          }
          for (; k <= j; k++, t++) {
            const ck = k * BLOCK;
            let acc = 0;
            for (let r = 0; r < m; r++) acc += sx[r] * cols[ck + r];
            tri[t] += acc;
          }
        }
      }
      const hess = new Float64Array(p * p);
      for (let j = 0, t = 0; j < p; j++) {
        for (let k = 0; k <= j; k++, t++) {
          hess[j * p + k] = tri[t];
          hess[k * p + j] = tri[t];
        }
      }
      return { loss, grad: Float64Array.from(g), hess };
    },
    dispose: () => {},
  };
}

/** The typed pass over each row's nonzero features only (the intercept's 1 included). */
function sparseEvaluator(data: TrainingData, sw: Float32Array): Evaluator {
  const { rows: n, features: d, X, y } = data;
  const p = d + 1;
  const nz = new Int32Array(p);
  const nv = new Float64Array(p);
  const h = new Float64Array(p * p);
  const g = new Float64Array(p);
  return {
    async evaluate(w) {
      h.fill(0);
      g.fill(0);
      let loss = 0;
      const b = w[d];
      for (let i = 0, o = 0; i < n; i++, o += d) {
        let z = b;
        let c = 0;
        for (let j = 0; j < d; j++) {
          const v = X[o + j];
          if (v !== 0) {
            nz[c] = j;
            nv[c++] = v;
            z += v * w[j];
          }
        }
        nz[c] = d;
        nv[c++] = 1;
        const wi = sw[i];
        const yi = y[i];
        const e = Math.exp(-Math.abs(z));
        loss += wi * ((z > 0 ? z : 0) + Math.log1p(e) - yi * z);
        const prob = z >= 0 ? 1 / (1 + e) : e / (1 + e);
        const r = wi * (prob - yi);
        const s = wi * prob * (1 - prob);
        for (let a = 0; a < c; a++) {
          const ja = nz[a];
          const xa = nv[a];
          g[ja] += r * xa;
          const sx = s * xa;
          const row = ja * p;
          for (let k = 0; k <= a; k++) h[row + nz[k]] += sx * nv[k];
        }
      }
      // Only j >= k was summed (nz is ascending): mirror it.
      const hess = new Float64Array(p * p);
      for (let j = 0; j < p; j++) {
        for (let k = 0; k <= j; k++) {
          hess[j * p + k] = h[j * p + k];
          hess[k * p + j] = h[j * p + k];
        }
      }
      return { loss, grad: Float64Array.from(g), hess };
    },
    dispose: () => {},
  };
}
