import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainMlp, validationSplit } from './train';
import { predictMlp } from './predict';
import { trainLogistic, predictLogistic } from '../logistic';
import { createRng } from '../../random';
import { rocAuc } from '../../metrics';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Churn depends on |x0| and on x0 * x1: a linear model cannot see either. */
function nonlinear(n: number, seed: number) {
  const rng = createRng(seed);
  const X = new Float32Array(n * 3);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng() * 4 - 2;
    const b = rng() * 4 - 2;
    X.set([a, b, rng() * 2 - 1], i * 3);
    const z = 2 * Math.abs(a) - 2 + 1.5 * a * b;
    y[i] = rng() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X, y, rows: n, features: 3 };
}

describe('trainMlp', () => {
  const train = nonlinear(1200, 1);
  const test = nonlinear(600, 2);

  it('learns a non-linear risk that logistic regression misses', async () => {
    const mlp = await trainMlp(train, { maxEpochs: 30 });
    const lr = await trainLogistic(train);
    const aucMlp = rocAuc(test.y, predictMlp(mlp, test.X, test.rows));
    const aucLr = rocAuc(test.y, predictLogistic(lr, test.X, test.rows));
    expect(aucMlp).toBeGreaterThan(0.8);
    expect(aucMlp).toBeGreaterThan(aucLr + 0.1);
  });

  it('is reproducible from its seed and stops early keeping the best epoch', async () => {
    const opts = { maxEpochs: 12, patience: 2, hidden: [8] };
    const a = await trainMlp(train, opts);
    const b = await trainMlp(train, opts);
    expect(a.layers).toEqual(b.layers);
    const c = await trainMlp(train, { ...opts, seed: 7 });
    expect(c.layers[0].weights).not.toEqual(a.layers[0].weights);
    expect(a.bestEpoch).toBeLessThanOrEqual(a.epochs);
    expect(a.epochs === opts.maxEpochs || a.epochs - a.bestEpoch === opts.patience).toBe(true);
    // Plain data: weights and biases per layer, last layer one unit.
    expect(a.layers.map((l) => [l.inputs, l.units, l.weights.length, l.bias.length])).toEqual([
      [3, 8, 24, 8],
      [8, 1, 8, 1],
    ]);
  });

  it('leaves no tensors behind, reports progress and rejects bad options', async () => {
    const before = tf.memory().numTensors;
    const losses: number[] = [];
    await trainMlp(train, { maxEpochs: 3, classWeight: 'balanced' }, (p) => losses.push(p.loss ?? NaN));
    expect(tf.memory().numTensors).toBe(before);
    expect(losses).toHaveLength(3);
    expect(losses.every(Number.isFinite)).toBe(true);
    await expect(trainMlp(train, { hidden: [0] })).rejects.toThrow('hidden must list whole numbers >= 1, got [0]');
    await expect(trainMlp(train, { dropout: 1 })).rejects.toThrow('dropout must be in [0, 1), got 1');
  });
});

describe('validationSplit', () => {
  it('splits 300,000 rows by class without overflowing the stack (a spread of 100,000+ rows did)', () => {
    const n = 300_000;
    const y = new Float32Array(n);
    for (let i = 0; i < n; i += 4) y[i] = 1;
    const { train, valid } = validationSplit(y, 0.2, createRng(3));
    expect(train.length + valid.length).toBe(n);
    expect(valid.length).toBe(Math.round(0.75 * n * 0.2) + Math.round(0.25 * n * 0.2));
    // every row once, classes in proportion
    const seen = new Uint8Array(n);
    for (const i of train) seen[i]++;
    for (const i of valid) seen[i]++;
    expect(seen.every((c) => c === 1)).toBe(true);
    let pos = 0;
    for (const i of valid) pos += y[i];
    expect(pos).toBe(Math.round(0.25 * n * 0.2));
  });
});
