import { describe, expect, it } from 'vitest';
import { createRng, permutation, shuffleInPlace } from './random';

describe('random', () => {
  it('is reproducible from a seed and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(sa);
    expect(Array.from({ length: 5 }, c)).not.toEqual(sa);
    for (const v of sa) expect(v >= 0 && v < 1).toBe(true);
  });
  it('draws roughly uniform values', () => {
    const rng = createRng(1);
    let sum = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) sum += rng();
    expect(sum / n).toBeCloseTo(0.5, 1);
  });
  it('permutes every index exactly once', () => {
    const p = permutation(100, createRng(7));
    expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(p)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
  it('shuffles only the given range', () => {
    const a = [0, 1, 2, 3, 4, 5, 6, 7];
    shuffleInPlace(a, createRng(3), 2, 6);
    expect(a.slice(0, 2)).toEqual([0, 1]);
    expect(a.slice(6)).toEqual([6, 7]);
    expect(a.slice(2, 6).sort()).toEqual([2, 3, 4, 5]);
  });
});
