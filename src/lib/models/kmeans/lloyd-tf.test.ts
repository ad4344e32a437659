import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { lloydTf, uploadPoints } from './lloyd-tf';
import { lloydTyped } from './lloyd-typed';
import { inertiaOf } from './lloyd-common';
import { blobs } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('lloydTf', () => {
  it('matches the typed-array path from the same start and frees its tensors', async () => {
    const { x } = blobs([[0, 0, 0], [6, 6, 0], [0, 6, 6], [6, 0, 6]], 60, 1.5, 3);
    const init = x.data.slice(0, 4 * 3);
    const start = tf.memory().numTensors;
    const xt = uploadPoints(x);
    const a = await lloydTf(xt, x, init, 4, { maxIter: 100, tol: 0 });
    xt.dispose();
    expect(tf.memory().numTensors).toBe(start);
    const b = lloydTyped(x, init, 4, { maxIter: 100, tol: 0 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    a.centres.forEach((v, i) => expect(v).toBeCloseTo(b.centres[i], 4));
    expect(inertiaOf(x, a.centres, a.labels)).toBeCloseTo(inertiaOf(x, b.centres, b.labels), 3);
  });

  it('refills an empty cluster with the farthest point', async () => {
    const x = { data: Float64Array.from([0, 0, 1, 0, 10, 0, 11, 0]), rows: 4, cols: 2 };
    const xt = uploadPoints(x);
    // The second centre is far from everything, so it starts empty.
    const r = await lloydTf(xt, x, Float64Array.from([5, 0, 100, 100]), 2, { maxIter: 20, tol: 0 });
    xt.dispose();
    expect(new Set(r.labels).size).toBe(2);
    expect(inertiaOf(x, r.centres, r.labels)).toBeCloseTo(1, 5);
  });
});
