import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../../../tests/datasets';
import { computeRfm } from '../../features/rfm/rfm';
import { rfmMatrix } from '../../features/rfm/features';
import { HELPERS_ABOVE, kmeans } from './kmeans';
import type { KernelHelpers } from './lloyd-wasm';
import { kernelHelper } from './lloyd-wasm';
import { silhouetteScore } from './silhouette';
import { fitTransform } from './transform';
import { blobs } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('kmeans', () => {
  it('is reproducible per seed and reports sizes, centres in both spaces', async () => {
    const { x } = blobs([[1, 100], [5, 300], [9, 200]], 80, 0.3, 4);
    const a = await kmeans(x, { k: 3, seed: 5 });
    const b = await kmeans(x, { k: 3, seed: 5 });
    expect(a.inertia).toBe(b.inertia);
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.sizes).toEqual([80, 80, 80]);
    expect(a.restartInertias).toHaveLength(10);
    expect(a.inertia).toBe(Math.min(...a.restartInertias));
    const firsts = [0, 1, 2].map((c) => Math.round(a.centresOriginal.data[c * 2])).sort();
    expect(firsts).toEqual([1, 5, 9]);
    // auto: the wasm kernel (no helpers given here, so one thread).
    expect(a.backend).toBe('wasm-simd kernel, 1 thread');
  });

  it('gives the same answer on the tfjs path and leaves no tensors behind', async () => {
    const { x } = blobs([[0, 0], [4, 0], [0, 4]], 50, 1, 9);
    const start = tf.memory().numTensors;
    const a = await kmeans(x, { k: 3, seed: 2, restarts: 3, path: 'tf' });
    expect(tf.memory().numTensors).toBe(start);
    const b = await kmeans(x, { k: 3, seed: 2, restarts: 3, path: 'typed' });
    expect(a.backend).toBe('cpu');
    expect(a.inertia).toBeCloseTo(b.inertia, 3);
  });

  it('shares the wasm kernel with helper threads only when the work is worth a hand-over', async () => {
    const attached: number[] = [];
    let detached = 0;
    const helper = kernelHelper();
    const helpers: KernelHelpers = {
      count: 1,
      attach: async (module, memory, layout) => {
        attached.push(layout.rows);
        helper.attach(module, memory, layout);
      },
      run: async (_h, job) => helper.run(job),
      detach: async () => {
        detached++;
        helper.detach();
      },
    };
    const small = blobs([[0, 0], [4, 0], [0, 4]], 50, 1, 9).x;
    const a = await kmeans(small, { k: 3, seed: 2, restarts: 2, helpers });
    expect(a.backend).toBe('wasm-simd kernel, 1 thread');
    expect(attached).toEqual([]);
    // 3 x 3 x 120,000 = 1.08M multiply-adds per iteration: over HELPERS_ABOVE.
    const big = blobs([[0, 0, 0], [4, 0, 0], [0, 4, 4]], 40_000, 1, 9).x;
    expect(big.rows * big.cols * 3).toBeGreaterThanOrEqual(HELPERS_ABOVE);
    const b = await kmeans(big, { k: 3, seed: 2, restarts: 2, helpers });
    expect(b.backend).toBe('wasm-simd kernel, 2 threads');
    expect(attached).toEqual([120_000]);
    expect(detached).toBe(1);
    const c = await kmeans(big, { k: 3, seed: 2, restarts: 2, path: 'typed' });
    expect(b.inertia).toBeCloseTo(c.inertia, 0);
    expect(b.sizes).toEqual(c.sizes);
  });

  it('rejects bad options, naming the value', async () => {
    const { x } = blobs([[0, 0]], 5, 1);
    await expect(kmeans(x, { k: 1 })).rejects.toThrow(/k must be an integer >= 2, got 1/);
    await expect(kmeans(x, { k: 9 })).rejects.toThrow(/k = 9/);
    await expect(kmeans(x, { k: 2, restarts: 0 })).rejects.toThrow(/restarts .* got 0/);
    await expect(kmeans(x, { k: 2, path: 'gpu' as never })).rejects.toThrow(/"gpu"/);
  });

  it('refuses K above the number of distinct points, naming both (not empty segments with duplicate centres)', async () => {
    // 9 rows, 3 distinct points.
    const x = { data: Float64Array.from([[0, 0], [5, 5], [9, 1]].flatMap((p) => [...p, ...p, ...p])), rows: 9, cols: 2 };
    await expect(kmeans(x, { k: 5 })).rejects.toThrow(/^K = 5 is more than the 3 distinct points in the data \(9 rows.*choose K = 3 or less/);
    const ok = await kmeans(x, { k: 3, restarts: 2 });
    expect([...ok.sizes].sort()).toEqual([3, 3, 3]);
    const same = { data: new Float64Array(10).fill(4), rows: 5, cols: 2 };
    await expect(kmeans(same, { k: 2, standardize: false })).rejects.toThrow(/^K = 2 is more than the 1 distinct point in the data/);
  });

  // Reference (shared/reference/README.md section 3): sklearn k-means++, 10 restarts, on log1p
  // + standardised RFM of CDNOW; our inertia may be at most 0.5% above.
  it('matches the sklearn inertia on CDNOW log-RFM for k = 3, 4, 5, 6, 8', async () => {
    const { table } = await loadDataset('cdnow/CDNOW_master.txt');
    const rfm = computeRfm(table, { customer: 'customer_id', date: 'date', amount: 'dollar_value', asOf: '1998-07-01' });
    const x = rfmMatrix(rfm, ['recency', 'frequency', 'monetary']);
    expect(x.rows).toBe(23_570);
    const reference: [number, number][] = [
      [3, 19588.5],
      [4, 15803.7],
      [5, 13016.8],
      [6, 11072.5],
      [8, 8702.1],
    ];
    for (const [k, sk] of reference) {
      const r = await kmeans(x, { k, log: true, restarts: 10, seed: 0 });
      expect(r.inertia, `k = ${k}`).toBeLessThanOrEqual(sk * 1.005);
      expect(r.inertia, `k = ${k}`).toBeGreaterThan(sk * 0.98);
      if (k === 5) {
        // Silhouette on a 10k sample (reference 0.411): a different sample moves it by ~0.01.
        const z = fitTransform(x, { log: true }).data;
        expect(silhouetteScore(z, r.labels, k, { sampleSize: 10_000, seed: 0 })).toBeCloseTo(0.411, 1);
      }
    }
  });
});
