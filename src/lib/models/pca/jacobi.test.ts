import { describe, expect, it } from 'vitest';
import { jacobiEigen } from './jacobi';

describe('jacobiEigen', () => {
  it('diagonalises a symmetric matrix: A v = lambda v, largest first', () => {
    const d = 4;
    const a = Float64Array.from([4, 1, 2, 0.5, 1, 3, 0, 1, 2, 0, 5, 1.5, 0.5, 1, 1.5, 2]);
    const { values, vectors } = jacobiEigen(a, d);
    for (let i = 1; i < d; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
    expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(4 + 3 + 5 + 2, 10);
    for (let e = 0; e < d; e++) {
      for (let r = 0; r < d; r++) {
        let av = 0;
        for (let k = 0; k < d; k++) av += a[r * d + k] * vectors[e * d + k];
        expect(av).toBeCloseTo(values[e] * vectors[e * d + r], 10);
      }
      let norm = 0;
      for (let k = 0; k < d; k++) norm += vectors[e * d + k] ** 2;
      expect(norm).toBeCloseTo(1, 12);
    }
  });

  it('knows the eigenvalues of [[2, 1], [1, 2]]', () => {
    const { values, vectors } = jacobiEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect(values[0]).toBeCloseTo(3, 12);
    expect(values[1]).toBeCloseTo(1, 12);
    expect(Math.abs(vectors[0])).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('rejects a non-symmetric matrix', () => {
    expect(() => jacobiEigen(Float64Array.from([1, 2, 3, 4]), 2)).toThrow(/not symmetric at \(0, 1\)/);
  });
});
