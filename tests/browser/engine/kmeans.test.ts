// The same k-means on every backend: fixed initial centres, compared with the cpu result.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { kmeans, type KmeansResult } from '../../../src/lib/models/kmeans/kmeans';
import { benchKmeans } from '../../../src/lib/models/kmeans/bench';
import { blobs } from '../../../src/lib/models/kmeans/testing';
import { expectArraysClose, forEachBackend, onCpu } from './for-each-backend';

// Overlapping blobs, so the answer depends on every iteration, not just on the start.
const { x } = blobs([[0, 0, 0], [3, 1, 0], [0, 3, 1], [2, 2, 3]], 150, 1.1, 7);
const init = Float64Array.from([-1, -1, -1, 4, 0, 0, 0, 4, 0, 1, 1, 4]);
const opts = { k: 4, init, path: 'tf' as const, standardize: false, maxIter: 100, tol: 0 };
let reference: KmeansResult;

beforeAll(async () => {
  reference = await onCpu(() => kmeans(x, opts));
});

forEachBackend('k-means, fixed init', (backend) => {
  it('finds the cpu centres and inertia and frees its tensors', async () => {
    const start = tf.memory().numTensors;
    const r = await kmeans(x, opts);
    expect(r.backend).toBe(backend);
    expect(tf.memory().numTensors).toBe(start);
    expectArraysClose(r.centres.data, reference.centres.data, 1e-3, 1e-3);
    expect(Math.abs(r.inertia - reference.inertia) / reference.inertia).toBeLessThan(1e-4);
    expect(r.sizes).toEqual(reference.sizes);
    // float32 on the backends: a point on a boundary may flip, a handful at most.
    let differ = 0;
    for (let i = 0; i < x.rows; i++) if (r.labels[i] !== reference.labels[i]) differ++;
    expect(differ).toBeLessThanOrEqual(2);
  });

  it('runs the Lloyd benchmark the bench harness calls', async () => {
    const start = tf.memory().numTensors;
    const r = await benchKmeans(tf, { rows: 4096, dims: 8, k: 8, iters: 3, blockRows: 1000 });
    expect(r).toMatchObject({ backend, path: 'tf', iters: 3 });
    expect(r.ms).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(start);
  });
});
