import { describe, expect, it } from 'vitest';
import { createRng, sampleIndices } from './random';

describe('createRng', () => {
  it('is reproducible per seed and uniform-ish in [0, 1)', () => {
    const a = createRng(7);
    const b = createRng(7);
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, v) => s + v, 0) / xs.length).toBeCloseTo(0.5, 1);
    expect(createRng(8)()).not.toBe(createRng(7)());
  });
});

describe('sampleIndices', () => {
  it('draws distinct indices, all of them when asked for more', () => {
    const s = sampleIndices(100, 30, createRng(1));
    expect(new Set(s).size).toBe(30);
    expect(Math.max(...s)).toBeLessThan(100);
    expect(Array.from(sampleIndices(5, 10, createRng(1))).sort()).toEqual([0, 1, 2, 3, 4]);
  });
});
