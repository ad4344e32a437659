import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { closeNodeKernelThreads, nodeKernelThreads } from '../../../cli/kernel-threads';
import { seededNormal } from '../../random';
import { spdInverse } from './spd-inverse';
import { spdInverseWasm, SpdKernelMatrix } from './spd-inverse-wasm';

/** A'A / k + I for a k x n normal A: SPD, moderately conditioned. */
function randomSpd(n: number, seed: number): Float64Array {
  const z = seededNormal(seed);
  const k = Math.max(4, Math.ceil(n / 2));
  const m = Float64Array.from({ length: k * n }, () => z());
  const a = new Float64Array(n * n);
  for (let t = 0; t < k; t++)
    for (let i = 0; i < n; i++) {
      const v = m[t * n + i] / k;
      for (let j = 0; j < n; j++) a[i * n + j] += v * m[t * n + j];
    }
  for (let i = 0; i < n; i++) a[i * n + i] += 1;
  return a;
}

function maxRelDiff(x: Float64Array, y: Float64Array): number {
  let e = 0;
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    e = Math.max(e, Math.abs(x[i] - y[i]));
    m = Math.max(m, Math.abs(y[i]));
  }
  return e / m;
}

afterAll(() => closeNodeKernelThreads());

describe('spdInverseWasm', () => {
  it('is current with its .wat source', async () => {
    const { generatedKernels } = await import('../../../../scripts/build-wasm.mjs');
    const source = new URL('./spd-inverse.wat', import.meta.url).pathname;
    expect(readFileSync(new URL('./spd-inverse-kernel.generated.ts', import.meta.url), 'utf8')).toBe(await generatedKernels(source));
  });

  it.each([1, 5, 67, 300])('equals the float64 TS inverse at n = %i (not a multiple of the block), on this thread', async (n) => {
    const a = randomSpd(n, n);
    const want = spdInverse(a.slice(), n);
    expect(maxRelDiff(await spdInverseWasm(a, n, { blockSize: 16 }), want)).toBeLessThan(1e-9);
  });

  it.each([5, 67, 300])('gives the same inverse with 2 Node helper threads at n = %i', async (n) => {
    const a = randomSpd(n, n + 1);
    const want = spdInverse(a.slice(), n);
    const threads = nodeKernelThreads(2);
    expect(maxRelDiff(await spdInverseWasm(a, n, { blockSize: 12, threads }), want)).toBeLessThan(1e-9);
  }, 30_000);

  it('refuses a matrix that is not positive definite', async () => {
    const a = Float64Array.from([1, 2, 0, 2, 1, 0, 0, 0, 1]);
    await expect(spdInverseWasm(a, 3)).rejects.toThrow(/not positive definite/);
    expect(SpdKernelMatrix.create(30_000)).toBeNull();
  });
});
