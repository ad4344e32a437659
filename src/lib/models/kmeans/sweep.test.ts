import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { elbowK, kSweep } from './sweep';
import { fitTransform } from './transform';
import { segmentFeatures } from './segment-features';
import { blobs } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('elbowK', () => {
  it('finds the knee of a curve that flattens after K = 4', () => {
    const inertia = [1000, 600, 250, 220, 200, 185, 175, 168, 162];
    expect(elbowK(inertia.map((v, i) => ({ k: i + 2, inertia: v, silhouette: 0 })))).toBe(4);
  });
});

describe('kSweep', () => {
  it('suggests the number of blobs and explains why', async () => {
    const { x } = blobs([[0, 0], [8, 0], [0, 8], [8, 8]], 60, 0.8, 11);
    const { data, transform } = fitTransform(x);
    const r = await kSweep(data, transform, { kMin: 2, kMax: 8, restarts: 3 });
    expect(r.points.map((p) => p.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(r.suggestedK).toBe(4);
    expect(r.bestSilhouetteK).toBe(4);
    expect(r.reason).toMatch(/K = 4 is the elbow/);
    for (let i = 1; i < r.points.length; i++) expect(r.points[i].inertia).toBeLessThan(r.points[i - 1].inertia);
  });

  it('fits on a sample when the data is large', async () => {
    const { x } = blobs([[0, 0], [8, 0], [0, 8]], 100, 0.8, 1);
    const { data, transform } = fitTransform(x);
    const r = await kSweep(data, transform, { kMax: 5, restarts: 1, fitSampleSize: 120, silhouetteSampleSize: 50 });
    expect(r.rows).toBe(120);
  });

  it('only tries K up to the number of distinct points, and says so', async () => {
    // 3 distinct points, 4 rows each: K = 4..10 would leave segments empty.
    const rows = [[0, 0], [6, 1], [2, 9]].flatMap((p) => [p, p, p, p]);
    const { data, transform } = fitTransform({ data: Float64Array.from(rows.flat()), rows: rows.length, cols: 2 });
    const r = await kSweep(data, transform, { kMin: 2, kMax: 10, restarts: 2 });
    expect(r.points.map((p) => p.k)).toEqual([2, 3]);
    expect(r.kMaxTried).toBe(3);
    expect(r.suggestedK).toBe(3);
    expect(r.reason).toMatch(/^The data has only 3 distinct points, so K was tried up to 3 \(not 10\)/);
    const seg = await segmentFeatures({ data: Float64Array.from(rows.flat()), rows: rows.length, cols: 2 }, ['a', 'b'], { k: 'auto', restarts: 2 });
    expect(seg.fit.sizes.every((n) => n > 0)).toBe(true);
  });

  it('refuses "auto" on identical points instead of K = 2 with an empty segment', async () => {
    const { data, transform } = fitTransform({ data: new Float64Array(40).fill(3), rows: 20, cols: 2 });
    await expect(kSweep(data, transform, {})).rejects.toThrow(/^K = 2 is more than the 1 distinct point in the data \(20 rows/);
  });

  it('rejects a range too short for an elbow', async () => {
    const { x } = blobs([[0, 0]], 20, 1);
    const { data, transform } = fitTransform(x);
    await expect(kSweep(data, transform, { kMin: 2, kMax: 3 })).rejects.toThrow(/got 3/);
  });
});
