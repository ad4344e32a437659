import { describe, expect, it } from 'vitest';
import { kmeansPlusPlus } from './init';
import { mulberry32 } from '../../random';
import { blobs } from './testing';

describe('kmeansPlusPlus', () => {
  it('puts one initial centre in each of well separated blobs', () => {
    const truth = [
      [0, 0],
      [20, 0],
      [0, 20],
      [20, 20],
    ];
    const { x } = blobs(truth, 50, 0.5);
    for (let seed = 0; seed < 5; seed++) {
      const c = kmeansPlusPlus(x, 4, mulberry32(seed));
      const hit = truth.map((t) => [0, 1, 2, 3].some((i) => Math.hypot(c[i * 2] - t[0], c[i * 2 + 1] - t[1]) < 3));
      expect(hit).toEqual([true, true, true, true]);
    }
  });

  it('refuses k larger than the data', () => {
    expect(() => kmeansPlusPlus({ data: new Float64Array(4), rows: 2, cols: 2 }, 3, mulberry32(0))).toThrow(/k = 3/);
  });
});
