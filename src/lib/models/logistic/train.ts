// L2-penalised logistic regression fitted by Newton's method (IRLS) on TensorFlow.js. The n x d
// products (gradient X'r, Hessian X'SX) run as tf matMuls on whatever backend is active; only the
// d x d system is solved on the CPU. Newton reaches the exact optimum sklearn's
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
  const Xa = new Float32Array(n * p);
  for (let i = 0; i < n; i++) {
    Xa.set(data.X.subarray(i * d, (i + 1) * d), i * p);
    Xa[i * p + d] = 1;
  }
  const X = tf.tensor2d(Xa, [n, p]);
  const y = tf.tensor2d(data.y, [n, 1]);
  const sw = tf.tensor2d(rowWeights(data, opts.classWeight), [n, 1]);

  const evaluate = async (w: Float64Array): Promise<Evaluation> => {
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
      const grad = Float64Array.from(g);
      const hess = Float64Array.from(h);
      let loss = l[0];
      for (let j = 0; j < d; j++) {
        loss += 0.5 * opts.l2 * w[j] * w[j];
        grad[j] += opts.l2 * w[j];
        hess[j * p + j] += opts.l2;
      }
      return { loss, grad, hess };
    } finally {
      tf.dispose([lossT, gradT, hessT]);
    }
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
    tf.dispose([X, y, sw]);
  }
}
