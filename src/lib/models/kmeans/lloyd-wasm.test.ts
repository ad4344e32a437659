import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inertiaOf } from './lloyd-common';
import { lloydTyped } from './lloyd-typed';
import type { KernelHelpers } from './lloyd-wasm';
import { KernelPoints, canShareMemory, kernelHelper, kernelLayout, lloydWasm, partRange } from './lloyd-wasm';
import type { Matrix } from './matrix';
import { blobs } from './testing';

/** Helpers that run on this thread through the helper-side API, on the same shared memory. */
function inThreadHelpers(count: number): KernelHelpers {
  const hs = Array.from({ length: count }, () => kernelHelper());
  return {
    count,
    attach: async (module, memory, layout) => hs.forEach((h) => h.attach(module, memory, layout)),
    run: async (h, job) => hs[h].run(job),
    detach: async () => hs.forEach((h) => h.detach()),
  };
}

async function fit(x: Matrix, init: Float64Array, k: number, helpers?: KernelHelpers) {
  const points = KernelPoints.upload(x, k, helpers?.count ?? 0)!;
  if (helpers) await helpers.attach(points.module, points.memory, points.layout);
  return lloydWasm(points, x, init, k, { maxIter: 100, tol: 0 }, helpers);
}

describe('lloydWasm', () => {
  it('matches the float64 typed-array path from the same start', async () => {
    for (const [k, d] of [[4, 3], [5, 8], [9, 1], [8, 16]]) {
      const centres = Array.from({ length: k }, (_, c) => Array.from({ length: d }, (_, j) => ((c * 7 + j * 3) % 11) * 2));
      const { x } = blobs(centres, 40, 0.8, k + d);
      const init = x.data.slice(0, k * d);
      const a = await fit(x, init, k);
      const b = lloydTyped(x, init, k, { maxIter: 100, tol: 0 });
      expect(Array.from(a.labels), `k = ${k}, d = ${d}`).toEqual(Array.from(b.labels));
      a.centres.forEach((v, i) => expect(v).toBeCloseTo(b.centres[i], 4));
      expect(a.iterations).toBe(b.iterations);
      expect(a.converged).toBe(true);
    }
  });

  it('gives the same answer when the rows are split between threads on one shared memory', async () => {
    expect(canShareMemory()).toBe(true);
    const { x } = blobs([[0, 0, 0], [5, 5, 0], [0, 5, 5], [5, 0, 5], [9, 9, 9]], 101, 1.6, 7);
    const init = x.data.slice(0, 5 * 3);
    const one = await fit(x, init, 5);
    const three = await fit(x, init, 5, inThreadHelpers(2));
    expect(Array.from(three.labels)).toEqual(Array.from(one.labels));
    three.centres.forEach((v, i) => expect(v).toBeCloseTo(one.centres[i], 10));
    expect(three.iterations).toBe(one.iterations);
  });

  it('refuses points split for more threads than it was given', async () => {
    const { x } = blobs([[0, 0], [5, 5]], 10, 1, 1);
    const points = KernelPoints.upload(x, 2, 1)!;
    expect(points.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    // One thread needs no shared memory: the path a page without cross-origin isolation takes.
    expect(KernelPoints.upload(x, 2, 0)!.memory.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    await expect(lloydWasm(points, x, x.data.slice(0, 4), 2, { maxIter: 5, tol: 0 })).rejects.toThrow(/2 parts but 0 helpers/);
  });

  it('refills an empty cluster with the farthest point', async () => {
    const x = { data: Float64Array.from([0, 0, 1, 0, 10, 0, 11, 0]), rows: 4, cols: 2 };
    const r = await fit(x, Float64Array.from([5, 0, 100, 100]), 2);
    expect(new Set(r.labels).size).toBe(2);
    expect(inertiaOf(x, r.centres, r.labels)).toBeCloseTo(1, 5);
  });

  it('sends a point equidistant from two centres to the lower one, in every SIMD lane', async () => {
    // Centres 1 and 5 coincide (lanes 1 of groups 0 and 1), as do 2 and 3 (same group).
    const c = [[9, 9], [0, 0], [4, 4], [4, 4], [20, 20], [0, 0]];
    const x = { data: Float64Array.from([0, 0, 4, 4, 0.1, 0, 4.1, 4]), rows: 4, cols: 2 };
    const firstPass = KernelPoints.upload(x, 6)!;
    firstPass.writeCentres(Float64Array.from(c.flat()));
    firstPass.labels.fill(-1);
    await firstPass.pass(undefined, new Float64Array(12), new Float64Array(6));
    expect(Array.from(firstPass.labels)).toEqual([1, 2, 1, 2]);
  });

  it('lays out 16-byte aligned arrays and splits rows into near-equal ranges', () => {
    const l = kernelLayout(1001, 3, 5, 2);
    expect(l.kpad).toBe(8);
    for (const off of [l.pc, l.pl, l.ps, l.partBytes, l.pctl]) expect(off % 16).toBe(0);
    expect(l.pc).toBeGreaterThanOrEqual(1001 * 3 * 4);
    expect(l.bytes).toBeGreaterThan(l.pctl);
    const ranges = [0, 1, 2].map((p) => partRange(1001, 3, p));
    expect(ranges).toEqual([[0, 333], [333, 667], [667, 1001]]);
  });

  it('is built from the current lloyd.wat, as is every other kernel source', async () => {
    // @ts-expect-error plain .mjs script without types
    const { generatedKernels, generatedPath, kernelSources } = await import('../../../../scripts/build-wasm.mjs');
    const sources = kernelSources() as string[];
    expect(sources.some((s) => s.endsWith('lloyd.wat'))).toBe(true);
    for (const source of sources) {
      const current = readFileSync(generatedPath(source), 'utf8');
      expect(current, `${source}: run node scripts/build-wasm.mjs`).toBe(await generatedKernels(source));
    }
  });
});
