import { describe, expect, it } from 'vitest';
import { segmentProfile } from './profile';

describe('segmentProfile', () => {
  it('gives size, share and feature means against the overall mean', () => {
    const x = { data: Float64Array.from([1, 10, 3, 30, 8, 20]), rows: 3, cols: 2 };
    const p = segmentProfile(x, Int32Array.from([0, 0, 1]), 2, ['recency', 'monetary']);
    expect(p.overall).toEqual([4, 20]);
    expect(p.segments[0]).toMatchObject({ cluster: 0, size: 2, means: [2, 20], ratio: [0.5, 1] });
    expect(p.segments[1].share).toBeCloseTo(1 / 3, 12);
  });

  it('rejects labels outside 0..k-1', () => {
    const x = { data: Float64Array.from([1]), rows: 1, cols: 1 };
    expect(() => segmentProfile(x, Int32Array.from([3]), 2, ['a'])).toThrow(/label 3/);
  });
});
