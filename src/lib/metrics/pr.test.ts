import { describe, expect, it } from 'vitest';
import { averagePrecision, prCurve } from './pr';

describe('averagePrecision', () => {
  it('matches sklearn on a small example', () => {
    // sklearn average_precision_score([1,0,1,0],[0.9,0.5,0.4,0.1]) = 0.5*1 + 0.5*(2/3) = 0.8333
    expect(averagePrecision([1, 0, 1, 0], [0.9, 0.5, 0.4, 0.1])).toBeCloseTo(5 / 6, 12);
  });
  it('treats a tie group as one step', () => {
    // steps: R 1/3 @ P 1, R 2/3 @ P 2/3 (0.8 tie), R 2/3 @ 1/2, R 1 @ 3/5
    expect(averagePrecision([1, 0, 1, 0, 1], [0.9, 0.8, 0.8, 0.3, 0.1])).toBeCloseTo(1 / 3 + 2 / 9 + 0.2, 12);
  });
  it('is 1 for a perfect ranking and the prevalence for constant scores', () => {
    expect(averagePrecision([0, 1, 1], [0.1, 0.8, 0.9])).toBe(1);
    expect(averagePrecision([0, 1, 0, 0], [0.5, 0.5, 0.5, 0.5])).toBe(0.25);
  });
});

describe('prCurve', () => {
  it('lists precision and recall by decreasing threshold', () => {
    const c = prCurve([1, 0, 1, 0], [0.9, 0.5, 0.4, 0.1]);
    expect(Array.from(c.thresholds)).toEqual([Infinity, 0.9, 0.5, 0.4, 0.1]);
    expect(Array.from(c.recall)).toEqual([0, 0.5, 0.5, 1, 1]);
    const prec = Array.from(c.precision);
    expect(prec[0]).toBe(1);
    expect(prec[1]).toBe(1);
    expect(prec[2]).toBe(0.5);
    expect(prec[3]).toBeCloseTo(2 / 3, 12);
    expect(prec[4]).toBe(0.5);
  });
});
