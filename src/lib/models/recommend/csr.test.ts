import { describe, expect, it } from 'vitest';
import { columnCounts, csrFromTriples, transpose } from './csr';

describe('csr', () => {
  const m = csrFromTriples(3, 4, [2, 0, 0, 2, 0], [1, 3, 1, 1, 0], [1, 2, 3, 4, 5]);

  it('sorts columns within rows and sums duplicates', () => {
    expect(Array.from(m.indptr)).toEqual([0, 3, 3, 4]);
    expect(Array.from(m.indices)).toEqual([0, 1, 3, 1]);
    expect(Array.from(m.data)).toEqual([5, 3, 2, 5]);
  });

  it('transposes back and forth', () => {
    const t = transpose(m);
    expect(t.rows).toBe(4);
    expect(Array.from(t.indptr)).toEqual([0, 1, 3, 3, 4]);
    expect(Array.from(t.indices)).toEqual([0, 0, 2, 0]);
    expect(transpose(t)).toEqual(m);
    expect(Array.from(columnCounts(m))).toEqual([1, 2, 0, 1]);
  });

  it('names an index outside the matrix', () => {
    expect(() => csrFromTriples(2, 2, [0, 2], [0, 0])).toThrow(/Row index 2/);
    expect(() => csrFromTriples(2, 2, [0], [-1])).toThrow(/Column index -1/);
  });
});
