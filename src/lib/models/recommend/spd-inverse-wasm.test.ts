import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { kernelThreads, threadHelper } from '../../engine/threads';
import { spdInverse } from './spd-inverse';
import { spdInverseWasm, spdKernelFused, SpdKernelMatrix } from './spd-inverse-wasm';
import { maxRelDiff, randomSpd } from './spd-testing';

// The generated kernel is checked current with every other kernel by src/lib/models/kmeans/lloyd-wasm.test.ts.
// Node 20 validates relaxed SIMD only behind this flag (Chrome has it on): then both kernels run here.
setFlagsFromString('--experimental-wasm-relaxed-simd');

describe('spdInverseWasm', () => {
  it('runs the fused (relaxed-SIMD) kernel where the engine has it', () => {
    expect(spdKernelFused()).toBe(true);
  });

  const kernels = [{ fma: false, kernel: 'plain' }, { fma: true, kernel: 'fused' }];
  it.each(kernels.flatMap((k) => [1, 5, 67, 300].map((n) => ({ ...k, n }))))('equals the float64 TS inverse at n = $n (not a multiple of the block), $kernel kernel, on this thread', async ({ fma, n }) => {
    const a = randomSpd(n, n);
    const want = spdInverse(a.slice(), n);
    expect(maxRelDiff(await spdInverseWasm(a, n, { blockSize: 16, fma }), want)).toBeLessThan(1e-9);
  });

  it.each(kernels.flatMap((k) => [5, 67, 300].map((n) => ({ ...k, n }))))('gives the same inverse with the update split for 2 helpers (run on this thread) at n = $n, $kernel kernel', async ({ fma, n }) => {
    // Real worker threads: src/cli/kernel-threads.test.ts.
    const a = randomSpd(n, n + 1);
    const want = spdInverse(a.slice(), n);
    const threads = kernelThreads([threadHelper(), threadHelper()]);
    expect(maxRelDiff(await spdInverseWasm(a, n, { blockSize: 12, threads, fma }), want)).toBeLessThan(1e-9);
  });

  it('refuses a matrix that is not positive definite', async () => {
    const a = Float64Array.from([1, 2, 0, 2, 1, 0, 0, 0, 1]);
    await expect(spdInverseWasm(a, 3)).rejects.toThrow(/not positive definite/);
    expect(SpdKernelMatrix.create(30_000)).toBeNull();
  });
});
