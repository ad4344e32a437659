import { describe, expect, it } from 'vitest';
import { logRankTest } from './log-rank';

describe('logRankTest', () => {
  it('reproduces the Freireich 6-MP vs placebo leukaemia example (Chisq 16.8, p 4.2e-5)', () => {
    // Gehan (1965) / Freireich et al. (1963): weeks in remission; R survdiff gives O 9 / E 19.3 and 21 / 10.7.
    const mp = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35];
    const mpEvent = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0];
    const placebo = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23];
    const r = logRankTest([...mp, ...placebo], [...mpEvent, ...placebo.map(() => 1)], [...mp.map(() => 0), ...placebo.map(() => 1)], 2);
    expect(r.observed).toEqual([9, 21]);
    expect(r.expected[0]).toBeCloseTo(19.25050095, 7);
    expect(r.expected[1]).toBeCloseTo(10.74949905, 7);
    expect(r.chiSquare).toBeCloseTo(16.792940989216536, 9);
    expect(r.degreesOfFreedom).toBe(1);
    expect(r.pValue).toBeCloseTo(4.1688091093345355e-5, 10);
  });

  it('handles three groups (k - 1 = 2 degrees of freedom) and ignores missing groups', () => {
    // Reference from an independent numpy implementation of the same formulas.
    const t = [1, 2, 2, 3, 4, 5, 5, 6, 2, 3, 3, 4, 7, 8, 1, 1, 2, 5, 6, 9, 9, 3];
    const e = [1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1];
    const g = [...Array(8).fill(0), ...Array(6).fill(1), ...Array(7).fill(2), -1];
    const r = logRankTest(t, e, g, 3);
    expect(r.observed).toEqual([5, 4, 5]);
    expect(r.expected[0]).toBeCloseTo(4.22077922, 7);
    expect(r.expected[2]).toBeCloseTo(5.65728716, 7);
    expect(r.chiSquare).toBeCloseTo(0.27840370772611606, 10);
    expect(r.degreesOfFreedom).toBe(2);
    expect(r.pValue).toBeCloseTo(0.8700523872964858, 10);
  });

  it('rejects bad input, naming the value', () => {
    expect(() => logRankTest([1, 2], [1, 1], [0, 0], 1)).toThrow('got 1');
    expect(() => logRankTest([1, 2], [1, 1], [0, 5], 2)).toThrow('group index 5');
  });
});
