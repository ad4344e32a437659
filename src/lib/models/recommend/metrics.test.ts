import { describe, expect, it } from 'vitest';
import { heldOutRanks, metricAtRank, pairedDifference, rankingMetrics, userValues } from './metrics';

describe('rankingMetrics', () => {
  it('averages hit rate, NDCG and MAP over evaluated users and counts coverage', () => {
    // user 0 hits at rank 1 (0-based), user 1 misses, user 2 is not evaluated.
    const top = Int32Array.from([4, 2, 1, 3, 0, -1]);
    const m = rankingMetrics(top, 2, Int32Array.from([2, 5, -1]), 10);
    expect(m.users).toBe(2);
    expect(m.hrAtK).toBe(0.5);
    expect(m.recallAtK).toBe(0.5);
    expect(m.precisionAtK).toBe(0.25);
    expect(m.ndcgAtK).toBeCloseTo(1 / Math.log2(3) / 2, 12);
    expect(m.mapAtK).toBeCloseTo(0.25, 12);
    expect(m.coverage).toBeCloseTo(0.5, 12);
  });

  it('rejects a bad k', () => {
    expect(() => rankingMetrics(new Int32Array(0), 0, new Int32Array(0), 1)).toThrow(/k must.*0/);
  });
});

describe('paired comparison of two models', () => {
  it('ranks each held-out item and turns ranks into per-user metrics that average to rankingMetrics', () => {
    const top = Int32Array.from([4, 2, 1, 3, 0, -1, 7, 5]);
    const test = Int32Array.from([2, 5, -1, 5]);
    const ranks = heldOutRanks(top, 2, test);
    expect(Array.from(ranks)).toEqual([2, 0, -1, 2]);
    const m = rankingMetrics(top, 2, test, 10);
    for (const key of ['hrAtK', 'ndcgAtK', 'mapAtK', 'precisionAtK', 'recallAtK'] as const) {
      const v = Array.from(userValues(ranks, key, 2)).filter((x) => !Number.isNaN(x));
      expect(v.reduce((a, b) => a + b, 0) / v.length).toBeCloseTo(m[key], 12);
    }
    expect(metricAtRank('ndcgAtK', 1, 10)).toBe(1);
    expect(metricAtRank('mapAtK', 4, 10)).toBe(0.25);
  });

  it('gives the mean difference and its standard error over users both evaluated (worked by hand)', () => {
    // Differences 1, 0, -0.5 (the 4th user is skipped): mean 1/6, sample variance 21/36, se sqrt(21/36/3) = sqrt(7)/6.
    const d = pairedDifference(Float64Array.from([1, 0, 0.5, NaN]), Float64Array.from([0, 0, 1, 1]));
    expect(d.n).toBe(3);
    expect(d.mean).toBeCloseTo(1 / 6, 12);
    expect(d.se).toBeCloseTo(Math.sqrt(7) / 6, 12);
    // Identical models: no difference, no noise.
    expect(pairedDifference(Float64Array.from([1, 0]), Float64Array.from([1, 0]))).toEqual({ mean: 0, se: 0, n: 2 });
    expect(() => pairedDifference(new Float64Array(2), new Float64Array(3))).toThrow(/length/);
  });
});
