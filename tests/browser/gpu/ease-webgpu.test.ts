// EASE's Gram matrix and SPD inverse on our WGSL kernels against the float64 TypeScript ones, on
// whatever adapter this Chromium has (SwiftShader here, so n = 300). Skipped only without WebGPU.
import { describe, expect, it } from 'vitest';
import { GpuSpdMatrix, spdInverseWebgpu } from '../../../src/lib/gpu/spd-inverse-webgpu';
import { mulberry32 } from '../../../src/lib/random';
import { csrFromTriples, type Csr } from '../../../src/lib/models/recommend/csr';
import { gramMatrix } from '../../../src/lib/models/recommend/gram';
import { spdInverse } from '../../../src/lib/models/recommend/spd-inverse';
import { fitEase } from '../../../src/lib/models/recommend/ease';

const hasGpu = typeof navigator !== 'undefined' && 'gpu' in navigator;

/** users x items, about 5% filled with ratings 1..5 (whole numbers: their Gram is exact in float32). */
function ratings(users: number, items: number, seed: number): Csr {
  const rng = mulberry32(seed);
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (let u = 0; u < users; u++) {
    for (let j = 0; j < items; j++) {
      if (rng() < 0.05) {
        r.push(u);
        c.push(j);
        v.push(1 + Math.floor(rng() * 5));
      }
    }
  }
  return csrFromTriples(users, items, r, c, v);
}

describe.skipIf(!hasGpu)('EASE on the WebGPU kernels', () => {
  const n = 300;
  const lambda = 50;
  // 700 users: two dense user blocks would need n > 5,990, so one block, but the tiles do not divide 300.
  const x = ratings(700, n, 3);
  const g = gramMatrix(x);
  for (let i = 0; i < n; i++) g[i * n + i] += lambda;

  it("builds X'X + lambda I from the CSR exactly (whole-number ratings)", async () => {
    const m = (await GpuSpdMatrix.create(n))!;
    expect(m, 'navigator.gpu gave no adapter or device').not.toBeNull();
    try {
      await m.gram(x, lambda);
      const got = await m.read();
      let worst = 0;
      for (let i = 0; i < n * n; i++) worst = Math.max(worst, Math.abs(got[i] - g[i]));
      expect(worst).toBe(0);
    } finally {
      m.dispose();
    }
  });

  it('inverts it as spdInverse does, within float32 error', async () => {
    const ref = spdInverse(g.slice(), n);
    // 64-pivot blocks: five blocks, the last one partial, and tiles that straddle a block.
    const got = (await spdInverseWebgpu(g, n, { blockSize: 64 }))!;
    // Backward-stable elimination in float32: error <= c n kappa u |P|, with u = 2^-24 and
    // kappa <= (lambda + trace X'X) / lambda (the largest eigenvalue is at most the trace).
    let trace = 0;
    for (let i = 0; i < n; i++) trace += g[i * n + i] - lambda;
    const kappa = (lambda + trace) / lambda;
    let maxP = 0;
    let worst = 0;
    for (let i = 0; i < n * n; i++) {
      maxP = Math.max(maxP, Math.abs(ref[i]));
      worst = Math.max(worst, Math.abs(got[i] - ref[i]));
    }
    const bound = n * kappa * 2 ** -24 * maxP;
    console.log('spd inverse on the GPU: max error', worst, 'bound', bound, 'kappa bound', kappa, 'max |P|', maxP);
    expect(worst).toBeLessThan(bound);
    // And far tighter in practice: a loose bound alone could hide a wrong sign on a small entry.
    expect(worst / maxP).toBeLessThan(1e-5);
  });

  it("is fitEase's 'webgpu' solver: the float64 TypeScript weights to float32 accuracy", async () => {
    const small = ratings(300, 120, 9);
    const gpu = await fitEase(small, { lambda: 20, solver: 'webgpu' });
    const ref = await fitEase(small, { lambda: 20, solver: 'ts' });
    let maxW = 0;
    let worst = 0;
    for (let i = 0; i < ref.weights.length; i++) {
      maxW = Math.max(maxW, Math.abs(ref.weights[i]));
      worst = Math.max(worst, Math.abs(gpu.weights[i] - ref.weights[i]));
    }
    expect(worst / maxW).toBeLessThan(1e-5);
  });
});
