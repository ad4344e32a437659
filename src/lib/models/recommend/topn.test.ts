import { describe, expect, it } from 'vitest';
import { csrFromTriples } from './csr';
import type { Scorer } from './scorer';
import { selectTop, topN } from './topn';

const fixed = (scores: number[][]): Scorer => ({
  name: 'popularity',
  nItems: scores[0].length,
  score(users, out) {
    users.forEach((u, b) => out.set(scores[u], b * scores[0].length));
    return Promise.resolve();
  },
  dispose() {},
});

describe('topN', () => {
  it('ranks unseen items best first, ties to the lower index, -1 when items run out', async () => {
    const seen = csrFromTriples(2, 4, [0, 1, 1, 1], [1, 0, 1, 2]);
    const got = await topN(fixed([[3, 9, 3, 5], [1, 2, 3, 4]]), seen, Int32Array.from([0, 1]), 3, { batchSize: 1 });
    expect(Array.from(got.items)).toEqual([3, 0, 2, 3, -1, -1]);
    expect(Array.from(got.scores.subarray(0, 3))).toEqual([5, 3, 3]);
  });

  it('keeps the best k of a long row', () => {
    const row = Float32Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);
    const items = new Int32Array(5);
    selectTop(row, 5, items, new Float32Array(5));
    expect(Array.from(items, (i) => row[i])).toEqual([999, 998, 997, 996, 995]);
  });

  it('rejects a bad k', async () => {
    await expect(topN(fixed([[1]]), csrFromTriples(1, 1, [], []), Int32Array.from([0]), 1.5)).rejects.toThrow(/1.5/);
  });
});
