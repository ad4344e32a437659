import { describe, expect, it } from 'vitest';
import { pca, project } from './pca';
import { mulberry32 } from '../../random';

/** Points along the direction (3, 4)/5 with small noise across it, in 3-D. */
function line(n: number) {
  const rng = mulberry32(3);
  const data = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const t = (rng() - 0.5) * 20;
    const e = (rng() - 0.5) * 0.2;
    data[i * 3] = 1 + 0.6 * t - 0.8 * e;
    data[i * 3 + 1] = 2 + 0.8 * t + 0.6 * e;
    data[i * 3 + 2] = -1 + (rng() - 0.5) * 0.1;
  }
  return { data, rows: n, cols: 3 };
}

describe('pca', () => {
  it('finds the main direction and the explained variance', () => {
    const r = pca(line(2000));
    const [a, b, c] = r.loadings.data.slice(0, 3);
    expect(a).toBeCloseTo(0.6, 2);
    expect(b).toBeCloseTo(0.8, 2);
    expect(Math.abs(c)).toBeLessThan(0.01);
    expect(r.explainedVarianceRatio[0]).toBeGreaterThan(0.99);
    expect(r.explainedVarianceRatio[0] + r.explainedVarianceRatio[1]).toBeLessThanOrEqual(1 + 1e-12);
    expect(r.mean[0]).toBeCloseTo(1, 0);
  });

  it('projects a seeded sample of large data and agrees with project()', () => {
    const x = line(5000);
    const r = pca(x, { sampleSize: 300, seed: 4 });
    expect(r.points.rows).toBe(300);
    expect(r.points.cols).toBe(2);
    const again = project(x, r, r.sample);
    expect(Array.from(again.data)).toEqual(Array.from(r.points.data));
    // Projected coordinates are centred: their variance along PC1 matches the eigenvalue.
    const all = project(x, r);
    let s = 0;
    let ss = 0;
    for (let i = 0; i < all.rows; i++) {
      s += all.data[i * 2];
      ss += all.data[i * 2] ** 2;
    }
    expect(s / all.rows).toBeCloseTo(0, 9);
    expect(ss / (all.rows - 1)).toBeCloseTo(r.variance[0], 6);
  });

  it('rejects bad options, naming the value', () => {
    expect(() => pca(line(10), { components: 4 })).toThrow(/got 4/);
    expect(() => pca(line(10), { sampleSize: 0 })).toThrow(/got 0/);
  });
});
