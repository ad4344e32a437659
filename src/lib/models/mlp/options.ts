// Options of the small churn MLP, with their defaults and checks.

export type { TrainingData } from '../logistic/options';

export interface MlpOptions {
  /** Units of each hidden layer (ReLU). */
  hidden: number[];
  /** Dropout rate after each hidden layer while training. */
  dropout: number;
  learningRate: number;
  batchSize: number;
  maxEpochs: number;
  /** Stop after this many epochs without a better validation loss; the best weights are kept. */
  patience: number;
  /** Share of training rows held out (stratified) for early stopping. */
  validationShare: number;
  /** L2 penalty on the weights (not biases), added to the mean loss. */
  l2: number;
  classWeight: 'none' | 'balanced';
  seed: number;
}

export const defaultMlpOptions: MlpOptions = {
  hidden: [32],
  dropout: 0.2,
  learningRate: 0.01,
  batchSize: 256,
  maxEpochs: 40,
  patience: 4,
  validationShare: 0.15,
  l2: 1e-4,
  classWeight: 'none',
  seed: 42,
};

export function resolveMlpOptions(opts: Partial<MlpOptions> = {}): MlpOptions {
  const o = { ...defaultMlpOptions, ...opts };
  if (!(o.hidden.length >= 1 && o.hidden.every((u) => Number.isInteger(u) && u >= 1))) throw new Error(`hidden must list whole numbers >= 1, got ${JSON.stringify(o.hidden)}`);
  if (!(o.dropout >= 0 && o.dropout < 1)) throw new Error(`dropout must be in [0, 1), got ${o.dropout}`);
  if (!(o.learningRate > 0)) throw new Error(`learningRate must be > 0, got ${o.learningRate}`);
  for (const k of ['batchSize', 'maxEpochs', 'patience'] as const) {
    if (!(Number.isInteger(o[k]) && o[k] >= 1)) throw new Error(`${k} must be a whole number >= 1, got ${o[k]}`);
  }
  if (!(o.validationShare > 0 && o.validationShare < 0.5)) throw new Error(`validationShare must be in (0, 0.5), got ${o.validationShare}`);
  if (!(o.l2 >= 0)) throw new Error(`l2 must be >= 0, got ${o.l2}`);
  if (o.classWeight !== 'none' && o.classWeight !== 'balanced') throw new Error(`classWeight must be 'none' or 'balanced', got ${JSON.stringify(o.classWeight)}`);
  if (!Number.isFinite(o.seed)) throw new Error(`seed must be a number, got ${o.seed}`);
  return o;
}
