import { describe, expect, it } from 'vitest';
import { brierScore, logLoss } from './loss';

describe('logLoss', () => {
  it('is the mean negative log-likelihood', () => {
    // -(ln 0.8 + ln 0.7) / 2
    expect(logLoss([1, 0], [0.8, 0.3])).toBeCloseTo((0.2231435513142097 + 0.35667494393873245) / 2, 12);
  });
  it('clips certain mistakes instead of returning Infinity', () => {
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-15), 6);
    expect(logLoss([0, 1], [0, 1])).toBeLessThan(1e-12);
  });
  it('rejects scores that are not probabilities', () => {
    expect(() => logLoss([1, 0], [1.2, 0.3])).toThrow('logLoss: p must be a probability in [0, 1], got p[0] = 1.2');
  });
});

describe('brierScore', () => {
  it('is the mean squared error of the probability', () => {
    // ((1-0.8)^2 + 0.3^2 + (1-0.5)^2) / 3 = (0.04 + 0.09 + 0.25) / 3
    expect(brierScore([1, 0, 1], [0.8, 0.3, 0.5])).toBeCloseTo(0.38 / 3, 12);
  });
  it('validates labels', () => {
    expect(() => brierScore([1, 3], [0.5, 0.5])).toThrow('brierScore: y must be 0 or 1, got y[1] = 3');
  });
});
