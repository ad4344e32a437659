import { describe, expect, it } from 'vitest';
import { choleskySolve } from './solve';

describe('choleskySolve', () => {
  it('solves a symmetric positive-definite system', () => {
    const A = Float64Array.from([4, 2, 0.4, 2, 5, 1, 0.4, 1, 3]);
    const x = choleskySolve(A, Float64Array.from([1, 2, 3]), 3);
    const back = [0, 1, 2].map((i) => A[i * 3] * x[0] + A[i * 3 + 1] * x[1] + A[i * 3 + 2] * x[2]);
    back.forEach((v, i) => expect(v).toBeCloseTo(i + 1, 12));
  });

  it('rescues a singular matrix with a tiny ridge and fails on an indefinite one', () => {
    const x = choleskySolve(Float64Array.from([1, 1, 1, 1]), Float64Array.from([2, 2]), 2);
    expect(x[0] + x[1]).toBeCloseTo(2, 4);
    expect(() => choleskySolve(Float64Array.from([1, 2, 2, 1]), Float64Array.from([1, 1]), 2)).toThrow('not positive definite');
  });
});
