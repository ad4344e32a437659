import { describe, expect, it } from 'vitest';
import { kernelThreads, threadHelper } from '../../engine/threads';
import { spdInverse } from './spd-inverse';
import { spdInverseWasm, SpdKernelMatrix } from './spd-inverse-wasm';
import { maxRelDiff, randomSpd } from './spd-testing';

// The generated kernel is checked current with every other kernel by src/lib/models/kmeans/lloyd-wasm.test.ts.
describe('spdInverseWasm', () => {
  it.each([1, 5, 67, 300])('equals the float64 TS inverse at n = %i (not a multiple of the block), on this thread', async (n) => {
    const a = randomSpd(n, n);
    const want = spdInverse(a.slice(), n);
    expect(maxRelDiff(await spdInverseWasm(a, n, { blockSize: 16 }), want)).toBeLessThan(1e-9);
  });

  it.each([5, 67, 300])('gives the same inverse with the update split for 2 helpers (run on this thread) at n = %i', async (n) => {
    // Real worker threads: src/cli/kernel-threads.test.ts.
    const a = randomSpd(n, n + 1);
    const want = spdInverse(a.slice(), n);
    const threads = kernelThreads([threadHelper(), threadHelper()]);
    expect(maxRelDiff(await spdInverseWasm(a, n, { blockSize: 12, threads }), want)).toBeLessThan(1e-9);
  });

  it('refuses a matrix that is not positive definite', async () => {
    const a = Float64Array.from([1, 2, 0, 2, 1, 0, 0, 0, 1]);
    await expect(spdInverseWasm(a, 3)).rejects.toThrow(/not positive definite/);
    expect(SpdKernelMatrix.create(30_000)).toBeNull();
  });
});
