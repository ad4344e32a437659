import { describe, expect, it } from 'vitest';
import { rankingMetrics } from './metrics';

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
