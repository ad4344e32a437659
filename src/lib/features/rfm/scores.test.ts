import { describe, expect, it } from 'vitest';
import { quintileCuts, quintileScores } from './scores';

describe('quintileScores', () => {
  it('splits distinct values into five equal groups', () => {
    const v = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    expect(Array.from(quintileScores(v))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('reverses for recency: the smallest values score 5', () => {
    const v = Float64Array.from([10, 1, 5, 7, 3]);
    expect(Array.from(quintileScores(v, true))).toEqual([1, 5, 3, 2, 4]);
  });

  it('keeps ties together', () => {
    // 60% of customers bought once: they all get the same, lowest score.
    const v = Float64Array.from([1, 1, 1, 1, 1, 1, 2, 2, 3, 9]);
    const s = quintileScores(v);
    expect(new Set(Array.from(s.slice(0, 6)))).toEqual(new Set([1]));
    expect(s[6]).toBe(s[7]);
    expect(s[9]).toBe(5);
  });

  it('computes quantiles with linear interpolation', () => {
    expect(quintileCuts(Float64Array.from([0, 10]))).toEqual([2, 4, 6, 8]);
  });
});
