// The wasm k-means kernel in a real browser: SIMD, shared memory across real Web Workers.
import { describe, expect, it } from 'vitest';
import { lloydTyped } from '../../src/lib/models/kmeans/lloyd-typed';
import { KernelPoints, canShareMemory, lloydWasm } from '../../src/lib/models/kmeans/lloyd-wasm';
import { blobs } from '../../src/lib/models/kmeans/testing';
import { helperCount, kernelHelpers } from '../../workers/compute/kernel-helpers';

describe('wasm k-means kernel in the browser', () => {
  it('runs on a shared memory here (the page is cross-origin isolated) with a helper per further core', () => {
    expect(crossOriginIsolated).toBe(true);
    expect(canShareMemory()).toBe(true);
    expect(helperCount()).toBe(Math.min(navigator.hardwareConcurrency, 4) - 1);
  });

  it('splits the rows across two helper workers and agrees with one thread and with float64', async () => {
    const { x } = blobs([[0, 0, 0, 0, 0], [6, 6, 0, 0, 1], [0, 6, 6, 1, 0], [6, 0, 6, 0, 0], [3, 3, 3, 3, 3]], 2_001, 1.2, 5);
    const init = x.data.slice(0, 5 * 5);
    const opts = { maxIter: 50, tol: 0 };
    const helpers = kernelHelpers(2);
    const shared = KernelPoints.upload(x, 5, 2)!;
    expect(shared.layout.parts).toBe(3);
    await helpers.attach(shared.module, shared.memory, shared.layout);
    const threaded = await lloydWasm(shared, x, init, 5, opts, helpers);
    const single = await lloydWasm(KernelPoints.upload(x, 5)!, x, init, 5, opts);
    expect(Array.from(threaded.labels)).toEqual(Array.from(single.labels));
    expect(threaded.iterations).toBe(single.iterations);
    threaded.centres.forEach((v, i) => expect(v).toBeCloseTo(single.centres[i], 9));
    const exact = lloydTyped(x, init, 5, opts);
    threaded.centres.forEach((v, i) => expect(v).toBeCloseTo(exact.centres[i], 4));
  });
});
