import { describe, expect, it } from 'vitest';
import { mlpLogits, predictMlp } from './predict';
import type { MlpModel } from './train';

// 2 inputs -> 2 ReLU units -> 1 output, weights chosen by hand.
const model: MlpModel = {
  kind: 'mlp',
  layers: [
    { inputs: 2, units: 2, weights: [1, -1, 2, 1], bias: [0, 0.5] },
    { inputs: 2, units: 1, weights: [1, -2], bias: [0.25] },
  ],
  epochs: 1,
  bestEpoch: 1,
  validationLoss: 0,
};

describe('predictMlp', () => {
  it('runs ReLU hidden layers and a linear output in log-odds', () => {
    // row (1, 1): hidden = relu(1 + 2, -1 + 1 + 0.5) = (3, 0.5); out = 3 - 1 + 0.25
    // row (-1, 0): hidden = relu(-1, 1 + 0.5) = (0, 1.5); out = -3 + 0.25
    const z = mlpLogits(model, Float32Array.from([1, 1, -1, 0]), 2);
    expect(Array.from(z)).toEqual([2.25, -2.75]);
    expect(predictMlp(model, Float32Array.from([1, 1]), 1)[0]).toBeCloseTo(1 / (1 + Math.exp(-2.25)), 12);
    expect(() => mlpLogits(model, Float32Array.from([1, 2, 3]), 2)).toThrow('X has 3 values, expected 2 rows x 2 features');
  });
});
