// The WGSL k-means kernel against the float64 typed-array path, on whatever adapter this Chromium
// has (SwiftShader here: a CPU emulation, so the data is small). Skipped only where the browser
// has no WebGPU at all.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { testBackends } from '../engine/for-each-backend';
import { gpuContext } from '../../../src/lib/gpu/device';
import { WEBGPU_ABOVE, kmeans } from '../../../src/lib/models/kmeans/kmeans';
import { lloydTyped } from '../../../src/lib/models/kmeans/lloyd-typed';
import { GpuPoints, lloydWebgpu } from '../../../src/lib/models/kmeans/lloyd-webgpu';
import { blobs } from '../../../src/lib/models/kmeans/testing';

const hasGpu = typeof navigator !== 'undefined' && 'gpu' in navigator;

// 2,000 x 8 in five overlapping blobs: the answer depends on every iteration.
const centres = [0, 1, 2, 3, 4].map((b) => Array.from({ length: 8 }, (_, j) => ((b * 7 + j * 3) % 5) * 0.9));
const { x } = blobs(centres, 400, 0.8, 11);

describe.skipIf(!hasGpu)('k-means Lloyd on the WebGPU kernel', () => {
  const init = x.data.slice(0, 5 * 8);
  const opts = { maxIter: 50, tol: 0 };

  it('gives the typed-array labels and centres (2,000 x 8, k 5)', async () => {
    const ctx = await gpuContext();
    expect(ctx, 'navigator.gpu gave no adapter or device').not.toBeNull();
    console.log('webgpu adapter', ctx!.label, 'software', ctx!.software);
    const ref = lloydTyped(x, init, 5, opts);
    const gp = (await GpuPoints.upload(x, 5, ctx))!;
    try {
      const r = await lloydWebgpu(gp, x, init, 5, opts);
      expect(r.iterations).toBe(ref.iterations);
      expect(r.converged).toBe(ref.converged);
      expect(Array.from(r.labels)).toEqual(Array.from(ref.labels));
      for (let i = 0; i < ref.centres.length; i++) expect(Math.abs(r.centres[i] - ref.centres[i]), `centre value ${i}`).toBeLessThan(1e-4);
    } finally {
      gp.dispose();
    }
  });

  it('refills an empty cluster as the typed-array path does (more chunks than one workgroup)', async () => {
    // Two centres far from every point: their clusters empty at once and take the farthest points.
    const far = Float64Array.from([...init.subarray(0, 3 * 8), ...new Array(8).fill(50), ...new Array(8).fill(-50)]);
    const big = blobs(centres, 1000, 0.8, 5).x; // 5,000 points: three workgroups of 2,048
    const ref = lloydTyped(big, far, 5, opts);
    const gp = (await GpuPoints.upload(big, 5))!;
    try {
      const r = await lloydWebgpu(gp, big, far, 5, opts);
      expect(Array.from(r.labels)).toEqual(Array.from(ref.labels));
      for (let i = 0; i < ref.centres.length; i++) expect(Math.abs(r.centres[i] - ref.centres[i]), `centre value ${i}`).toBeLessThan(1e-4);
    } finally {
      gp.dispose();
    }
  });

  it("is k-means' 'webgpu' path", async () => {
    const r = await kmeans(x, { k: 5, init, path: 'webgpu', standardize: false, maxIter: 50, tol: 0 });
    const ref = await kmeans(x, { k: 5, init, path: 'typed', standardize: false, maxIter: 50, tol: 0 });
    expect(r.backend).toMatch(/^webgpu kernel/);
    expect(r.sizes).toEqual(ref.sizes);
    expect(Math.abs(r.inertia - ref.inertia) / ref.inertia).toBeLessThan(1e-6);
  });
});

describe.skipIf(!hasGpu)("k-means 'auto' follows the engine's backend", () => {
  it('runs on the WebGPU kernel when the engine is on webgpu and the work is large, else on the wasm kernel', async () => {
    const infos = await testBackends();
    expect(infos.find((i) => i.name === 'webgpu')?.available).toBe(true);
    const previous = tf.getBackend();
    // 50,000 x 10 x k 8 = 4M multiply-adds per iteration: WEBGPU_ABOVE.
    const big = blobs([new Array(10).fill(0), new Array(10).fill(3)], 25_000, 1, 2).x;
    expect(big.rows * big.cols * 8).toBeGreaterThanOrEqual(WEBGPU_ABOVE);
    const opts = { k: 8, restarts: 1, maxIter: 2, standardize: false };
    try {
      await tf.setBackend('webgpu');
      expect((await kmeans(big, opts)).backend).toMatch(/^webgpu kernel/);
      expect((await kmeans(x, { ...opts, k: 5 })).backend).toMatch(/^wasm-simd kernel/);
      await tf.setBackend('wasm');
      expect((await kmeans(big, opts)).backend).toMatch(/^wasm-simd kernel/);
    } finally {
      await tf.setBackend(previous);
    }
  });
});
