import { describe, expect, it } from 'vitest';
import { foldCount, stratifiedKFold } from './kfold';

function counts(fold: Int32Array, y: number[], k: number, label: number): number[] {
  const c = new Array<number>(k).fill(0);
  fold.forEach((f, i) => {
    if (y[i] === label) c[f]++;
  });
  return c;
}

describe('stratifiedKFold', () => {
  const y = Array.from({ length: 103 }, (_, i) => (i % 4 === 0 ? 1 : 0)); // 26 positives, 77 negatives

  it('keeps the class mix in every fold', () => {
    const fold = stratifiedKFold(y, 5, 42);
    for (const label of [0, 1]) {
      const c = counts(fold, y, 5, label);
      expect(Math.max(...c) - Math.min(...c)).toBeLessThanOrEqual(1);
    }
    const sizes = counts(fold, y.map(() => 0), 5, 0);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(103);
  });
  it('is seeded: same seed same folds, other seed other folds', () => {
    expect(stratifiedKFold(y, 5, 1)).toEqual(stratifiedKFold(y, 5, 1));
    expect(stratifiedKFold(y, 5, 1)).not.toEqual(stratifiedKFold(y, 5, 2));
  });
  it('shuffles rather than cutting the data in blocks', () => {
    const fold = stratifiedKFold(y, 5, 3);
    const firstTen = new Set(Array.from(fold.slice(0, 20)));
    expect(firstTen.size).toBeGreaterThan(2);
  });
  it('names bad arguments', () => {
    expect(() => stratifiedKFold(y, 1)).toThrow('k must be an integer >= 2, got 1');
    expect(() => stratifiedKFold([0, 1], 3)).toThrow('k = 3 is more than the 2 rows');
    expect(() => stratifiedKFold([0, NaN], 2)).toThrow('y[1] is NaN');
  });
});

describe('foldCount', () => {
  it('is the largest fold index + 1', () => {
    expect(foldCount(new Int32Array([0, 2, 1, 2]))).toBe(3);
    expect(foldCount([])).toBe(0);
  });
  it('counts the folds of 300,000 rows (Math.max(...fold) overflows the call stack there)', () => {
    const fold = stratifiedKFold(Array.from({ length: 300_000 }, (_, i) => (i % 3 === 0 ? 1 : 0)), 3, 1);
    expect(foldCount(fold)).toBe(3);
  });
});
