import { describe, expect, it } from 'vitest';
import { silhouetteScore } from './silhouette';
import { blobs } from './testing';

/** Textbook O(n^2) silhouette to compare with. */
function bruteForce(data: Float64Array, n: number, d: number, labels: Int32Array, k: number): number {
  const dist = (i: number, j: number) => Math.hypot(...Array.from({ length: d }, (_, c) => data[i * d + c] - data[j * d + c]));
  let total = 0;
  for (let i = 0; i < n; i++) {
    const sums = new Array(k).fill(0);
    const counts = new Array(k).fill(0);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      sums[labels[j]] += dist(i, j);
      counts[labels[j]]++;
    }
    if (counts[labels[i]] === 0) continue;
    const a = sums[labels[i]] / counts[labels[i]];
    const b = Math.min(...sums.map((s, c) => (c === labels[i] || counts[c] === 0 ? Infinity : s / counts[c])));
    total += (b - a) / Math.max(a, b);
  }
  return total / n;
}

describe('silhouetteScore', () => {
  it('equals the textbook definition when every point is used', () => {
    const { x, labels } = blobs([[0, 0], [3, 1], [1, 4]], 30, 1.2, 5);
    // Mislabel a few points so some silhouettes are negative.
    labels[0] = 2;
    labels[40] = 0;
    const s = silhouetteScore(x, labels, 3, { sampleSize: 1000 });
    expect(s).toBeCloseTo(bruteForce(x.data, x.rows, 2, labels, 3), 12);
  });

  it('is near 1 for well separated blobs and reproducible per seed when sampling', () => {
    const { x, labels } = blobs([[0, 0], [50, 50]], 400, 1, 2);
    const a = silhouetteScore(x, labels, 2, { sampleSize: 200, seed: 3 });
    expect(a).toBeGreaterThan(0.95);
    expect(silhouetteScore(x, labels, 2, { sampleSize: 200, seed: 3 })).toBe(a);
  });

  it('rejects a sample that is too small', () => {
    const { x, labels } = blobs([[0, 0]], 5, 1);
    expect(() => silhouetteScore(x, labels, 2, { sampleSize: 1 })).toThrow(/got 1/);
  });
});
