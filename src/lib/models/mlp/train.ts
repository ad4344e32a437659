// A small MLP for churn on TensorFlow.js, written with raw ops and variables rather than tf.layers
// so every tensor is owned here (and disposed here), initialisation is seeded from our own RNG,
// and early stopping can keep the best weights (tf.layers' EarlyStopping cannot restore them).
import * as tf from '@tensorflow/tfjs';
import { noProgress, type ProgressFn } from '../../progress';
import { createRng, shuffleInPlace } from '../../random';
import { checkTrainingData, rowWeights } from '../logistic/options';
import { resolveMlpOptions, type MlpOptions, type TrainingData } from './options';

export interface MlpLayer {
  /** Row-major inputs x units. */
  weights: number[];
  bias: number[];
  inputs: number;
  units: number;
}

export interface MlpModel {
  kind: 'mlp';
  /** Hidden layers use ReLU; the last layer has one unit and gives the log-odds. */
  layers: MlpLayer[];
  epochs: number;
  bestEpoch: number;
  validationLoss: number;
}

/** Stratified split of 0..n-1 into training and validation rows. */
export function validationSplit(y: Float32Array, share: number, rng: () => number): { train: Int32Array; valid: Int32Array } {
  const train: number[] = [];
  const valid: number[] = [];
  for (const cls of [0, 1]) {
    const idx: number[] = [];
    for (let i = 0; i < y.length; i++) if ((y[i] ? 1 : 0) === cls) idx.push(i);
    shuffleInPlace(idx, rng);
    const k = Math.round(idx.length * share);
    // Loops, not push(...idx): spreading 100,000+ rows overflows the call stack.
    for (let i = 0; i < k; i++) valid.push(idx[i]);
    for (let i = k; i < idx.length; i++) train.push(idx[i]);
  }
  return { train: Int32Array.from(train), valid: Int32Array.from(valid) };
}

/** The given rows of row-major M (width columns), packed. */
function rowsOf(M: Float32Array, width: number, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) out.set(M.subarray(rows[i] * width, (rows[i] + 1) * width), i * width);
  return out;
}

function glorot(inputs: number, units: number, rng: () => number): Float32Array {
  const limit = Math.sqrt(6 / (inputs + units));
  return Float32Array.from({ length: inputs * units }, () => (rng() * 2 - 1) * limit);
}

export async function trainMlp(data: TrainingData, options?: Partial<MlpOptions>, onProgress: ProgressFn = noProgress): Promise<MlpModel> {
  checkTrainingData(data);
  const opts = resolveMlpOptions(options);
  const rng = createRng(opts.seed);
  const { rows: n, features: d } = data;
  const sizes = [d, ...opts.hidden, 1];
  const { train, valid } = validationSplit(data.y, opts.validationShare, rng);
  const sw = rowWeights(data, opts.classWeight);
  const weighted = sw.some((v) => v !== 1);

  // Each layer's bias is the last row of its weight matrix, fed by a constant-1 input column:
  // half the variables, so half the optimizer ops per step (tf's per-op cost dominates this small net).
  const Xa = new Float32Array(n * (d + 1));
  for (let i = 0; i < n; i++) {
    Xa.set(data.X.subarray(i * d, (i + 1) * d), i * (d + 1));
    Xa[i * (d + 1) + d] = 1;
  }
  // Batches are cut in JS and uploaded whole: on tfjs's cpu backend a gather costs ~40x a JS copy,
  // and on GPU backends a small upload per batch is cheap.
  const validX = tf.tensor2d(rowsOf(Xa, d + 1, valid), [valid.length, d + 1]);
  const validY = tf.tensor2d(Float32Array.from(valid, (i) => data.y[i]), [valid.length, 1]);
  const validW = tf.tensor2d(Float32Array.from(valid, (i) => sw[i]), [valid.length, 1]);
  const vars: tf.Variable[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const init = new Float32Array((sizes[l] + 1) * sizes[l + 1]);
    init.set(glorot(sizes[l], sizes[l + 1], rng));
    // tidy drops the initial tensor; the variable itself survives it.
    vars.push(tf.tidy(() => tf.variable(tf.tensor2d(init, [sizes[l] + 1, sizes[l + 1]]))));
  }
  const optimizer = tf.train.adam(opts.learningRate);

  const forward = (x: tf.Tensor2D, dropSeed: number | null): tf.Tensor2D => {
    let h = x;
    for (let l = 0; l < vars.length; l++) {
      if (l > 0) h = tf.concat([h, tf.onesLike(tf.slice(h, [0, 0], [-1, 1]))], 1);
      h = tf.matMul(h, vars[l] as tf.Variable<tf.Rank.R2>);
      if (l + 1 < vars.length) {
        h = tf.relu(h);
        if (dropSeed !== null && opts.dropout > 0) h = tf.dropout(h, opts.dropout, undefined, dropSeed + l) as tf.Tensor2D;
      }
    }
    return h;
  };
  const lossOf = (logits: tf.Tensor2D, yb: tf.Tensor2D, wb: tf.Tensor2D | null): tf.Scalar => {
    const each = tf.sub(tf.softplus(logits), tf.mul(yb, logits));
    if (!wb) return tf.mean(each);
    return tf.div(tf.sum(tf.mul(wb, each)), tf.sum(wb));
  };

  try {
    let best = Infinity;
    let bestEpoch = 0;
    let bestWeights: Float32Array[] = [];
    let epoch = 0;
    const order = Array.from(train);
    let step = 0;
    while (epoch < opts.maxEpochs && epoch - bestEpoch < opts.patience) {
      epoch++;
      shuffleInPlace(order, rng);
      for (let s = 0; s < order.length; s += opts.batchSize) {
        const batch = order.slice(s, s + opts.batchSize);
        const xb = tf.tensor2d(rowsOf(Xa, d + 1, batch), [batch.length, d + 1]);
        const yb = tf.tensor2d(Float32Array.from(batch, (i) => data.y[i]), [batch.length, 1]);
        const wb = weighted ? tf.tensor2d(Float32Array.from(batch, (i) => sw[i]), [batch.length, 1]) : null;
        const seed = Math.floor(opts.seed * 100_003 + ++step * 17);
        const cost = optimizer.minimize(() => {
          const base = lossOf(forward(xb, seed), yb, wb);
          if (opts.l2 === 0) return base;
          const penalty = vars.map((v) => tf.sum(tf.square(v))).reduce((a, b) => tf.add(a, b));
          return tf.add(base, tf.mul(penalty, opts.l2)) as tf.Scalar;
        }, false, vars);
        tf.dispose([xb, yb, cost ?? [], wb ?? []]);
      }
      const vLossT = tf.tidy(() => lossOf(forward(validX, null), validY, weighted ? validW : null));
      const vLoss = (await vLossT.data())[0];
      vLossT.dispose();
      if (vLoss < best - 1e-5) {
        best = vLoss;
        bestEpoch = epoch;
        bestWeights = await Promise.all(vars.map(async (v) => (await v.data()) as Float32Array));
      }
      onProgress({ stage: 'Neural network', done: epoch, total: opts.maxEpochs, loss: vLoss });
    }
    const layers: MlpLayer[] = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const inputs = sizes[l];
      const units = sizes[l + 1];
      const all = bestWeights[l];
      layers.push({ weights: Array.from(all.subarray(0, inputs * units)), bias: Array.from(all.subarray(inputs * units)), inputs, units });
    }
    return { kind: 'mlp', layers, epochs: epoch, bestEpoch, validationLoss: best };
  } finally {
    optimizer.dispose();
    tf.dispose([validX, validY, validW, ...vars]);
  }
}
