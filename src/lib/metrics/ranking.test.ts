import { describe, expect, it } from 'vitest';
import { rankedCounts } from './ranking';

describe('rankedCounts', () => {
  it('groups ties and accumulates from the highest score', () => {
    // scores 0.9(+) 0.8(-) 0.8(+) 0.3(-) 0.1(+)
    const r = rankedCounts([1, 0, 1, 0, 1], [0.9, 0.8, 0.8, 0.3, 0.1]);
    expect(Array.from(r.thresholds)).toEqual([0.9, 0.8, 0.3, 0.1]);
    expect(Array.from(r.tps)).toEqual([1, 2, 2, 3]);
    expect(Array.from(r.fps)).toEqual([0, 1, 2, 2]);
    expect(r.positives).toBe(3);
    expect(r.negatives).toBe(2);
  });
  it('treats -0 and 0 as one score', () => {
    const r = rankedCounts([1, 0], [0, -0]);
    expect(r.thresholds.length).toBe(1);
  });
  it('rejects a single class', () => {
    expect(() => rankedCounts([0, 0], [0.1, 0.2], 'rocAuc')).toThrow('rocAuc: y needs both classes');
  });
});
