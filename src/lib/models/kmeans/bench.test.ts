import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { benchKmeans } from './bench';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('benchKmeans', () => {
  it('times a fixed number of Lloyd iterations on both paths and frees its tensors', async () => {
    const start = tf.memory().numTensors;
    const a = await benchKmeans(tf, { rows: 2000, dims: 4, k: 8, iters: 5 });
    expect(a).toMatchObject({ backend: 'cpu', path: 'tf', rows: 2000, iters: 5 });
    expect(a.ms).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(start);
    const b = await benchKmeans(tf, { rows: 2000, dims: 4, k: 8, iters: 5, path: 'typed' });
    expect(b.backend).toBe('typed-arrays');
    expect(b.msPerIter).toBeCloseTo(b.ms / 5, 9);
    const c = await benchKmeans(tf, { rows: 2000, dims: 4, k: 8, iters: 5, path: 'wasm' });
    expect(c).toMatchObject({ backend: 'wasm-simd kernel, 1 thread', path: 'wasm' });
    expect(c.ms).toBeGreaterThanOrEqual(c.uploadMs);
  });
});
