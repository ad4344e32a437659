import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededNormal } from '../../random';
import { smallSpdInverse, spdInverse, spdInverseTf } from './spd-inverse';

function randomSpd(n: number, seed: number): Float64Array {
  const z = seededNormal(seed);
  const m = Float64Array.from({ length: n * n }, () => z());
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += m[k * n + i] * m[k * n + j];
      a[i * n + j] = s + (i === j ? n : 0);
    }
  return a;
}

function maxIdentityError(a: Float64Array, inv: ArrayLike<number>, n: number): number {
  let worst = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[i * n + k] * inv[k * n + j];
      worst = Math.max(worst, Math.abs(s - (i === j ? 1 : 0)));
    }
  return worst;
}

describe('spdInverse', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('inverts a small matrix exactly', () => {
    const inv = smallSpdInverse(Float64Array.from([4, 2, 2, 3]), 2);
    expect(Array.from(inv)).toEqual([0.375, -0.25, -0.25, 0.5].map((v) => expect.closeTo(v, 12)));
  });

  it.each([
    [1, 64],
    [7, 3],
    [50, 8],
    [61, 16],
    [97, 64],
  ])('n=%i, block %i: A * inv(A) = I and the result is symmetric', (n, bs) => {
    const a = randomSpd(n, n);
    const inv = spdInverse(Float64Array.from(a), n, { blockSize: bs });
    expect(maxIdentityError(a, inv, n)).toBeLessThan(1e-10);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(inv[i * n + j]).toBe(inv[j * n + i]);
  });

  it('rejects a matrix that is not positive definite, naming the pivot', () => {
    expect(() => spdInverse(Float64Array.from([1, 2, 2, 1]), 2, { blockSize: 1 })).toThrow(/not positive definite/);
    expect(() => spdInverse(new Float64Array(4), 2, { blockSize: 0 })).toThrow(/blockSize.*0/);
  });

  it('the tfjs version agrees with the TS version and leaks no tensors', async () => {
    const n = 45;
    const a = randomSpd(n, 3);
    const start = tf.memory().numTensors;
    const input = tf.tensor2d(Float32Array.from(a), [n, n]);
    const out = await spdInverseTf(input, { blockSize: 16 });
    const got = await out.data();
    input.dispose();
    out.dispose();
    expect(tf.memory().numTensors).toBe(start);
    const want = spdInverse(Float64Array.from(a), n);
    for (let p = 0; p < n * n; p++) expect(got[p]).toBeCloseTo(want[p], 5);
  });
});
