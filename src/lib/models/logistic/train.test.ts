import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainLogistic } from './train';
import { predictLogistic, logisticLogits } from './predict';
import { createRng } from '../../random';
import { rocAuc } from '../../metrics';
import type { Progress } from '../../progress';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** n rows, d standard-normal features, labels from a logistic model with the given weights. */
function simulate(n: number, w: number[], b: number, seed = 3) {
  const rng = createRng(seed);
  const d = w.length;
  const X = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let z = b;
    for (let j = 0; j < d; j++) {
      const u = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
      X[i * d + j] = u;
      z += w[j] * u;
    }
    y[i] = rng() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X, y, rows: n, features: d };
}

/** Gradient of sum log loss + 0.5 l2 |w|^2 (intercept unpenalised), in float64. */
function gradient(data: ReturnType<typeof simulate>, w: number[], b: number, l2: number, sw?: number[]): number[] {
  const d = data.features;
  const g = new Array<number>(d + 1).fill(0);
  const z = logisticLogits({ kind: 'logistic', weights: w, intercept: b, iterations: 0, converged: true, loss: 0 }, data.X, data.rows);
  for (let i = 0; i < data.rows; i++) {
    const r = (1 / (1 + Math.exp(-z[i])) - data.y[i]) * (sw ? sw[i] : 1);
    for (let j = 0; j < d; j++) g[j] += r * data.X[i * d + j];
    g[d] += r;
  }
  for (let j = 0; j < d; j++) g[j] += l2 * w[j];
  return g;
}

describe('trainLogistic', () => {
  const data = simulate(2000, [1.5, -1, 0.5, 0], -0.7);

  it("reaches the penalised optimum sklearn's LogisticRegression(C=1) solves for", async () => {
    const m = await trainLogistic(data);
    expect(m.converged).toBe(true);
    expect(m.iterations).toBeLessThan(15);
    // The objective is strictly convex: a zero gradient means the same solution as sklearn's.
    for (const g of gradient(data, m.weights, m.intercept, 1)) expect(Math.abs(g)).toBeLessThan(0.01);
    expect(m.weights[0]).toBeCloseTo(1.5, 0);
    expect(m.weights[1]).toBeCloseTo(-1, 0);
  });

  it('weights classes: balanced weights centre the scores on the decision boundary', async () => {
    const plain = await trainLogistic(data, { l2: 1 });
    const balanced = await trainLogistic(data, { classWeight: 'balanced' });
    let pos = 0;
    for (const v of data.y) pos += v;
    const sw = Array.from(data.y, (v) => (v ? data.rows / (2 * pos) : data.rows / (2 * (data.rows - pos))));
    for (const g of gradient(data, balanced.weights, balanced.intercept, 1, sw)) expect(Math.abs(g)).toBeLessThan(0.01);
    // The simulated positives are the minority, so balancing raises the intercept.
    expect(balanced.intercept).toBeGreaterThan(plain.intercept + 0.2);
  });

  it('predicts probabilities that rank the held-out rows well', async () => {
    const m = await trainLogistic(data);
    const test = simulate(1000, [1.5, -1, 0.5, 0], -0.7, 9);
    const p = predictLogistic(m, test.X, test.rows);
    expect(p.every((v) => v > 0 && v < 1)).toBe(true);
    expect(rocAuc(test.y, p)).toBeGreaterThan(0.8);
  });

  it('reports progress, leaves no tensors behind and rejects bad input', async () => {
    const before = tf.memory().numTensors;
    const seen: Progress[] = [];
    await trainLogistic(data, {}, (p) => seen.push(p));
    expect(tf.memory().numTensors).toBe(before);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen[0].stage).toBe('Logistic regression');
    expect(seen.at(-1)!.loss).toBeLessThan(seen[0].loss!);
    await expect(trainLogistic(data, { l2: -1 })).rejects.toThrow('l2 must be a number >= 0, got -1');
    await expect(trainLogistic(data, { classWeight: [1, 0] })).rejects.toThrow('classWeight must be');
    await expect(trainLogistic({ ...data, rows: 5 })).rejects.toThrow('X has 8000 values, expected rows x features = 20');
  });

  it('the float64 typed-array path finds the same model as the tf path (class weights, L2)', async () => {
    const small = simulate(600, [0.8, -1.2, 0.3, 0.05, 2], 0.4, 5);
    const weight = Float32Array.from({ length: small.rows }, (_, i) => 0.5 + (i % 3));
    for (const opts of [{ classWeight: 'balanced' as const, l2: 3 }, { classWeight: [1, 4] as [number, number], l2: 0.1 }]) {
      const viaTf = await trainLogistic({ ...small, weight }, { ...opts, path: 'tf' });
      const typed = await trainLogistic({ ...small, weight }, { ...opts, path: 'typed' });
      expect(typed.converged).toBe(true);
      // tf accumulates in float32: agreement is to float32 resolution, not bit for bit.
      for (const [a, b] of [...typed.weights.map((v, j) => [v, viaTf.weights[j]]), [typed.intercept, viaTf.intercept]]) {
        expect(Math.abs(a - b)).toBeLessThan(1e-5 * Math.max(1, Math.abs(b)));
      }
      expect(typed.loss).toBeCloseTo(viaTf.loss, 3);
      expect(Math.abs(typed.iterations - viaTf.iterations)).toBeLessThanOrEqual(1);
    }
    // Mostly-zero (one-hot like) features take the per-row nonzeros pass: the same model again.
    const sparse = { ...small, X: small.X.map((v, i) => (i % 5 === 0 || v > 0.6 ? v : 0)) };
    const sTf = await trainLogistic(sparse, { classWeight: 'balanced', path: 'tf' });
    const sTyped = await trainLogistic(sparse, { classWeight: 'balanced', path: 'typed' });
    for (const [j, v] of sTyped.weights.entries()) expect(Math.abs(v - sTf.weights[j])).toBeLessThan(1e-5 * Math.max(1, Math.abs(v)));
    expect(Math.abs(sTyped.intercept - sTf.intercept)).toBeLessThan(1e-5 * Math.max(1, Math.abs(sTf.intercept)));
    await expect(trainLogistic(small, { path: 'gpu' as never })).rejects.toThrow("path must be 'auto', 'typed' or 'tf'");
  });
});
