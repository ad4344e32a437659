import { describe, expect, it } from 'vitest';
import { permutationImportance } from './permutation';
import { createRng } from '../random';

// y depends on feature 0 only; features 1 and 2 are noise.
function data(rows: number) {
  const rng = createRng(5);
  const X = new Float32Array(rows * 3);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < 3; f++) X[i * 3 + f] = rng();
    y[i] = X[i * 3] + 0.3 * (rng() - 0.5) > 0.5 ? 1 : 0;
  }
  return { X, y };
}
const usesFeature0 = (X: Float32Array, rows: number) => Float64Array.from({ length: rows }, (_, i) => X[i * 3]);

describe('permutationImportance', () => {
  const { X, y } = data(400);

  it('finds the feature the model uses and gives zero to the ones it ignores', () => {
    const r = permutationImportance(usesFeature0, X, 400, 3, y, { repeats: 3, seed: 1 });
    expect(r.baseline).toBeGreaterThan(0.9);
    expect(r.mean[0]).toBeGreaterThan(0.3);
    expect(r.std[0]).toBeGreaterThan(0);
    expect(r.mean[1]).toBe(0);
    expect(r.mean[2]).toBe(0);
  });
  it('does not change X', () => {
    const copy = X.slice();
    permutationImportance(usesFeature0, X, 400, 3, y, { repeats: 2 });
    expect(X).toEqual(copy);
  });
  it('shuffles a group of columns together', () => {
    // features 0 and 1 form one group: one score for both, shuffling them drops AUC to chance
    const pairModel = (M: Float32Array, rows: number) =>
      Float64Array.from({ length: rows }, (_, i) => M[i * 3] - M[i * 3 + 1]);
    const grouped = permutationImportance(pairModel, X, 400, 3, y, { groups: [0, 0, 1], repeats: 2 });
    expect(grouped.mean.length).toBe(2);
    expect(grouped.mean[0]).toBeCloseTo(grouped.baseline - 0.5, 0);
    expect(grouped.mean[1]).toBe(0);
  });
  it('is reproducible with a seed and supports log-loss', () => {
    const a = permutationImportance(usesFeature0, X, 400, 3, y, { seed: 9, repeats: 2 });
    const b = permutationImportance(usesFeature0, X, 400, 3, y, { seed: 9, repeats: 2 });
    expect(a.mean).toEqual(b.mean);
    const ll = permutationImportance(usesFeature0, X, 400, 3, y, { metric: 'logLoss', repeats: 2 });
    expect(ll.mean[0]).toBeGreaterThan(0);
    expect(ll.baseline).toBeLessThan(0);
  });
  it('names bad arguments', () => {
    expect(() => permutationImportance(usesFeature0, X, 401, 3, y)).toThrow('X has 1200 values, expected rows * features = 1203');
    expect(() => permutationImportance(usesFeature0, X, 400, 3, y, { groups: [0, 1] })).toThrow('groups has 2 entries');
    expect(() => permutationImportance(usesFeature0, X, 400, 3, y, { repeats: 0 })).toThrow('repeats must be an integer >= 1, got 0');
  });
});
