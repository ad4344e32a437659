import { describe, expect, it } from 'vitest';
import { columnCounts } from './csr';
import { syntheticEvents, syntheticInteractions } from './synthetic';

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

  it('as events: the same pairs with one time each, only customers and items that occur', () => {
    const options = { users: 50, items: 80, interactions: 400, clusters: 4, seed: 5 };
    const m = syntheticInteractions(options);
    const e = syntheticEvents(options);
    expect(e.user.length).toBe(400);
    expect(new Set(Array.from(e.user, (u, k) => `${e.userIds[u]}:${e.itemIds[e.item[k]]}`)).size).toBe(400);
    const u0 = Number(e.userIds[e.user[0]].slice(1));
    const items = Array.from(m.indices.subarray(m.indptr[u0], m.indptr[u0 + 1]), (i) => `I${i}`).sort();
    expect(e.itemIds.filter((_, i) => e.item.some((x, k) => x === i && e.user[k] === e.user[0])).sort()).toEqual(items);
    expect(new Set(e.user).size).toBe(e.userIds.length);
    expect(new Set(e.item).size).toBe(e.itemIds.length);
  });

  it('rejects bad sizes by value', () => {
    expect(() => syntheticInteractions({ users: 0 })).toThrow(/users.*0/);
  });
});
