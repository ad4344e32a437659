import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { segmentFeatures } from './segment-features';
import { blobs } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('segmentFeatures', () => {
  const { x } = blobs([[10, 1, 50], [200, 1, 20], [30, 6, 400]], 60, 0.05, 8);
  // Make the blobs multiplicative so log1p separates them well.
  for (let i = 0; i < x.data.length; i++) x.data[i] = Math.abs(x.data[i]);

  it('fits a given K and returns silhouette, profile and a 2-D map', async () => {
    const r = await segmentFeatures(x, ['recency', 'frequency', 'monetary'], { k: 3, log: true, restarts: 2 });
    expect(r.k).toBe(3);
    expect(r.sweep).toBeNull();
    expect(r.fit.sizes.slice().sort()).toEqual([60, 60, 60]);
    expect(r.silhouette).toBeGreaterThan(0.9);
    expect(r.profile.segments.map((s) => s.size)).toEqual(r.fit.sizes);
    expect(r.map.points.cols).toBe(2);
    expect(r.map.points.rows).toBe(180);
    expect(r.map.explainedVarianceRatio[0]).toBeGreaterThan(0.4);
  });

  it('chooses K with a sweep when asked', async () => {
    const r = await segmentFeatures(x, ['recency', 'frequency', 'monetary'], { k: 'auto', log: true, restarts: 2, kMax: 7 });
    expect(r.sweep?.points).toHaveLength(6);
    expect(r.k).toBe(r.sweep?.suggestedK);
    expect(r.k).toBe(3);
  });

  it('rejects a bad K', async () => {
    await expect(segmentFeatures(x, ['a', 'b', 'c'], { k: 0 })).rejects.toThrow(/got 0/);
  });
});
