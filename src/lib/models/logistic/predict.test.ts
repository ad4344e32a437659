import { describe, expect, it } from 'vitest';
import { logisticLogits, predictLogistic } from './predict';
import type { LogisticModel } from './train';

const model: LogisticModel = { kind: 'logistic', weights: [2, -1], intercept: 0.5, iterations: 1, converged: true, loss: 0 };

describe('predictLogistic', () => {
  it('is the sigmoid of intercept + w . x', () => {
    expect(Array.from(logisticLogits(model, Float32Array.from([1, 1, 0, 3]), 2))).toEqual([1.5, -2.5]);
    expect(predictLogistic(model, Float32Array.from([0, 0.5]), 1)[0]).toBe(0.5);
    expect(() => predictLogistic(model, Float32Array.from([1]), 1)).toThrow('X has 1 values, expected 1 rows x 2 features');
  });
});
