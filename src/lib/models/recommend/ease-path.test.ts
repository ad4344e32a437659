import { describe, expect, it } from 'vitest';
import { csrFromTriples, type Csr } from './csr';
import { easePath, symmetricEigen } from './ease-path';
import { evaluateScorer } from './evaluate';
import { fitEase } from './ease';
import { gramMatrix } from './gram';
import { spdInverse } from './spd-inverse';
import { mulberry32 } from '../../random';

function randomMatrix(users: number, items: number, perUser: number, seed: number, weighted = false): Csr {
  const rand = mulberry32(seed);
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (let u = 0; u < users; u++) {
    const seen = new Set<number>();
    // Skewed popularity so some items are shared and some barely used.
    while (seen.size < perUser) seen.add(Math.floor(rand() * rand() * items));
    for (const i of seen) {
      r.push(u);
      c.push(i);
      v.push(weighted ? 1 + Math.floor(rand() * 3) : 1);
    }
  }
  return csrFromTriples(users, items, r, c, v);
}

/** Direct EASE weights in f64: B = I - P diag(1/diag P), P = (X'X + lambda I)^-1. */
function directWeights(x: Csr, lambda: number): Float64Array {
  const n = x.cols;
  const g = gramMatrix(x);
  for (let i = 0; i < n; i++) g[i * n + i] += lambda;
  const p = spdInverse(g, n);
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) w[i * n + j] = -p[i * n + j] / p[j * n + j];
  return w;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('symmetricEigen', () => {
  it('decomposes a symmetric matrix: A v = s v, orthonormal vectors, ascending values', () => {
    const n = 9;
    const rand = mulberry32(3);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rand() - 0.5;
    const { values, vectors } = symmetricEigen(Float64Array.from(a), n);
    for (let k = 0; k < n; k++) {
      if (k > 0) expect(values[k]).toBeGreaterThanOrEqual(values[k - 1]);
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += a[i * n + j] * vectors[k * n + j];
        expect(av).toBeCloseTo(values[k] * vectors[k * n + i], 12);
      }
      for (let l = 0; l < n; l++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += vectors[k * n + i] * vectors[l * n + i];
        expect(dot).toBeCloseTo(k === l ? 1 : 0, 12);
      }
    }
  });
});

describe('easePath', () => {
  it('dual (users < items): the weights equal the primal inverse at every lambda, to 1e-9', () => {
    const x = randomMatrix(14, 40, 6, 1, true);
    const path = easePath(x)!;
    expect(path.kind).toBe('dual');
    for (const lambda of [0.5, 5, 80]) {
      expect(maxAbsDiff(path.weights(lambda), directWeights(x, lambda))).toBeLessThan(1e-9);
    }
  });

  it('primal (users >= items): the weights equal the direct inverse at every lambda, to 1e-9', () => {
    const x = randomMatrix(60, 15, 4, 2);
    const path = easePath(x)!;
    expect(path.kind).toBe('primal');
    for (const lambda of [0.5, 5, 80]) {
      expect(maxAbsDiff(path.weights(lambda), directWeights(x, lambda))).toBeLessThan(1e-9);
    }
  });

  it('scores and validation metrics at each lambda equal a direct fit at that lambda', async () => {
    for (const [users, items] of [
      [30, 90],
      [90, 30],
    ]) {
      const x = randomMatrix(users, items, 7, users);
      const path = easePath(x)!;
      const all = Int32Array.from({ length: users + 1 }, (_, u) => u); // one user outside the matrix scores 0
      const test = Int32Array.from({ length: users }, (_, u) => (u * 7) % items);
      for (const lambda of [1, 20, 300]) {
        const direct = await fitEase(x, { lambda, solver: 'ts' });
        const a = new Float32Array(all.length * items);
        const b = new Float32Array(all.length * items);
        await path.scorer(lambda).score(all, a);
        await direct.score(all, b);
        expect(maxAbsDiff(a, b)).toBeLessThan(1e-5);
        // The same product on tfjs (the browser's XNNPACK or GPU path; here the cpu backend).
        const viaTf = easePath(x, { matmul: 'tf' })!;
        await viaTf.scorer(lambda).score(all, a);
        viaTf.dispose();
        expect(maxAbsDiff(a, b)).toBeLessThan(1e-5);
        expect(await evaluateScorer(path.scorer(lambda), x, test, 5)).toEqual(await evaluateScorer(direct, x, test, 5));
      }
    }
  });
});
