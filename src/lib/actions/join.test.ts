import { describe, expect, it } from 'vitest';
import { assembleActionList, disagreement, joinById, valueTiers } from './join';
import { DEFAULT_CUTOFFS } from './types';

describe('join', () => {
  it('joins sources in any order and subset by trimmed id', () => {
    expect(joinById(['a', 'b', 'c'], { customers: [' c', 'a'], value: (i) => i * 10 + 1 }, -1)).toEqual([11, -1, 1]);
    expect(joinById(['a'], null, 'none')).toEqual(['none']);
  });

  it('computes value at risk, bands, tiers and disagreement flags', () => {
    const l = assembleActionList({
      customers: ['x', 'y', 'z', 'w'],
      churn: { customers: ['y', 'x', 'z'], value: (i) => ({ probability: [0.7, 0.1, 0.4][i], reasons: [] }) },
      clv: { customers: ['x', 'y', 'w'], value: (i) => ({ pAlive: [0.2, 0.9, 0.5][i], clv: [100, 50, 10][i] }) },
      segment: { customers: ['z'], value: () => 'Loyal' },
    });
    expect(Array.from(l.probability)).toEqual([0.1, 0.7, 0.4, NaN]);
    expect(Array.from(l.valueAtRisk)).toEqual([10, 35, NaN, NaN]);
    expect(Array.from(l.band)).toEqual([0, 2, 1, -1]);
    expect(l.segment).toEqual(['', '', 'Loyal', '']);
    expect(Array.from(l.disagree)).toEqual([2, 1, 0, 0]);
    expect(l.tier[2]).toBe(-1);
  });

  it('cuts value tiers by CLV quantiles', () => {
    const clv = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    expect(Array.from(valueTiers(clv, { high: 0.2, medium: 0.3 }))).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 2, 2]);
    expect(() => valueTiers(clv, { high: 0.8, medium: 0.5 })).toThrow('sum to at most 1');
  });

  it('flags strong disagreement only past both thresholds', () => {
    const d = DEFAULT_CUTOFFS.disagree;
    expect(disagreement(0.61, 0.81, d)).toBe(1);
    expect(disagreement(0.59, 0.99, d)).toBe(0);
    expect(disagreement(0.1, 0.2, d)).toBe(2);
    expect(disagreement(NaN, 0.2, d)).toBe(0);
  });
});
