import { describe, expect, it } from 'vitest';
import { checkBinary, checkScores, countPositives } from './validate';

describe('validate', () => {
  it('counts positives of 0/1 labels', () => {
    expect(countPositives([0, 1, 1, 0, 1])).toBe(3);
  });
  it('names the bad label', () => {
    expect(() => countPositives([0, 2], 'rocAuc')).toThrow('rocAuc: y must be 0 or 1, got y[1] = 2');
  });
  it('rejects length mismatch, empty input and NaN scores', () => {
    expect(() => checkScores([0, 1], [0.5])).toThrow('y has 2 values but p has 1');
    expect(() => checkScores([], [])).toThrow('no rows');
    expect(() => checkScores([0, 1], [0.1, NaN])).toThrow('p[1] is NaN');
  });
  it('requires both classes', () => {
    expect(() => checkBinary([1, 1], [0.2, 0.3], 'rocAuc')).toThrow('rocAuc: y needs both classes, but all 2 rows are 1');
    expect(checkBinary([1, 0, 1], [0.2, 0.3, 0.4])).toBe(2);
  });
});
