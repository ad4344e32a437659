import { describe, expect, it } from 'vitest';
import { compressRows, distinctIndex } from './compress';

describe('compressRows', () => {
  it('merges identical rows into weights and maps every row to its distinct row', () => {
    const x = Float64Array.from([1, 0, 1, 1, 0]);
    const t = Float64Array.from([2, 0, 2, 3, 0]);
    const c = compressRows([x, t]);
    expect(c.columns.map((col) => Array.from(col))).toEqual([
      [0, 1, 1],
      [0, 2, 3],
    ]);
    expect(Array.from(c.weights)).toEqual([2, 2, 1]);
    expect(Array.from(c.index)).toEqual([1, 0, 1, 2, 0]);
  });

  it('filters rows and multiplies input weights', () => {
    const x = Float64Array.from([5, 5, 6]);
    const c = compressRows([x], Float64Array.from([2, 3, 4]), (i) => i !== 2);
    expect(Array.from(c.weights)).toEqual([5]);
    expect(Array.from(c.index)).toEqual([0, 0, -1]);
    expect(() => compressRows([x, new Float64Array(2)])).toThrow('3 vs 2');
  });
});

describe('distinctIndex', () => {
  it('returns sorted distinct values and each element’s position among them', () => {
    const d = distinctIndex(Float64Array.from([3, 1, 3, 2.5]));
    expect(Array.from(d.values)).toEqual([1, 2.5, 3]);
    expect(Array.from(d.index)).toEqual([2, 0, 2, 1]);
  });
});
