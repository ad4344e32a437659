import { describe, expect, it } from 'vitest';
import { columnCounts } from './csr';
import { syntheticInteractions } from './synthetic';

describe('syntheticInteractions', () => {
  it('is seeded, binary, about the asked size and skewed toward popular items', () => {
    const a = syntheticInteractions({ users: 2000, items: 300, interactions: 40_000, seed: 1 });
    expect(syntheticInteractions({ users: 2000, items: 300, interactions: 40_000, seed: 1 })).toEqual(a);
    expect(a.rows).toBe(2000);
    expect(a.indices.length).toBe(40_000);
    expect(new Set(a.data).size).toBe(1);
    const counts = columnCounts(a);
    expect(counts[0]).toBeGreaterThan(counts[299] * 5);
  });

  it('rejects bad sizes by value', () => {
    expect(() => syntheticInteractions({ users: 0 })).toThrow(/users.*0/);
  });
});
