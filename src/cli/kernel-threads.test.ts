import { afterAll, describe, expect, it } from 'vitest';
import wabtInit from 'wabt';
import { kernelThreads, splitRange, threadHelper } from '../lib/engine/threads';
import { benchmarkData } from '../lib/models/gbdt/speed';
import { trainGbdt, trainGbdtThreaded, type SharingReport } from '../lib/models/gbdt/train';
import { spdInverse } from '../lib/models/recommend/spd-inverse';
import { spdInverseWasm } from '../lib/models/recommend/spd-inverse-wasm';
import { maxRelDiff, randomSpd } from '../lib/models/recommend/spd-testing';
import { closeNodeKernelThreads, nodeKernelThreads } from './kernel-threads';

// A tiny kernel: fill(ptr, start, end) writes i * 2 at f64 slots [start, end).
const WAT = `(module (import "env" "memory" (memory 1 1 shared))
  (func (export "fill") (param $p i32) (param $s i32) (param $e i32) (result i32)
    (block $out (loop $l (br_if $out (i32.ge_s (local.get $s) (local.get $e)))
      (f64.store (i32.add (local.get $p) (i32.shl (local.get $s) (i32.const 3))) (f64.convert_i32_s (i32.shl (local.get $s) (i32.const 1))))
      (local.set $s (i32.add (local.get $s) (i32.const 1))) (br $l)))
    (local.get $e))
  (func (export "trap") (result i32) unreachable))`;

afterAll(() => closeNodeKernelThreads());

/** WAT's module and a shared memory of one page for it. */
async function tinyKernel(): Promise<{ module: WebAssembly.Module; memory: WebAssembly.Memory }> {
  const wabt = await wabtInit();
  const parsed = wabt.parseWat('t.wat', WAT, { threads: true });
  const module = new WebAssembly.Module(parsed.toBinary({}).buffer as BufferSource);
  parsed.destroy();
  return { module, memory: new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }) };
}

describe('nodeKernelThreads', () => {
  it('runs a kernel export on shared memory from two worker threads and the caller', async () => {
    const { module, memory } = await tinyKernel();
    const own = new WebAssembly.Instance(module, { env: { memory } }).exports.fill as (p: number, s: number, e: number) => number;
    const threads = nodeKernelThreads(2);
    expect(threads.count).toBe(2);
    await threads.attach('t', module, memory);
    const n = 1000;
    const ends = await Promise.all([0, 1, 2].map((p) => {
      const [s, e] = splitRange(n, 3, p);
      return p === 2 ? Promise.resolve(own(0, s, e)) : threads.call(p, 't', 'fill', [0, s, e]);
    }));
    expect(ends).toEqual([333, 666, 1000]);
    const out = new Float64Array(memory.buffer, 0, n);
    expect(Array.from(out).every((v, i) => v === 2 * i)).toBe(true);
    await expect(threads.call(0, 't', 'nope', [])).rejects.toThrow(/no export "nope"/);
    await threads.detach('t');
  }, 30_000);

  it('serves calls from shared memory until detach, and reports a kernel error', async () => {
    const { module, memory } = await tinyKernel();
    const threads = nodeKernelThreads(2);
    // not before attach; helpers on this thread never (they would wait on themselves)
    expect(threads.serve!('s', ['fill'])).toBe(false);
    expect(kernelThreads([threadHelper()]).serve!('s', ['fill'])).toBe(false);
    await threads.attach('s', module, memory);
    expect(threads.serve!('s', ['fill', 'trap'])).toBe(true);
    const out = new Float64Array(memory.buffer, 0, 600);
    for (let round = 0; round < 50; round++) {
      out.fill(-1);
      const ends = await Promise.all([threads.call(0, 's', 'fill', [0, 0, 300]), threads.call(1, 's', 'fill', [0, 300, 600])]);
      expect(ends).toEqual([300, 600]);
      expect(out.every((v, i) => v === 2 * i)).toBe(true);
    }
    // an export not served fails at once (its message would wait for the session's end)
    await expect(threads.call(0, 's', 'nope', [])).rejects.toThrow(/serves fill, trap .*not "nope"/);
    await expect(threads.call(1, 's', 'trap', [])).rejects.toThrow(/helper 1 failed on "trap"/);
    // the helper's own error comes with the detach
    await expect(threads.detach('s')).rejects.toThrow(/unreachable/);
    // and the helpers take new work after it
    await threads.attach('s2', module, memory);
    expect(threads.serve!('s2', ['fill'])).toBe(true);
    expect(await threads.call(0, 's2', 'fill', [0, 0, 10])).toBe(10);
    await threads.detach('s2');
  }, 30_000);

  it('trains the same GBDT trees with a helper thread on shared memory as alone', async () => {
    const data = benchmarkData(40_000, 8, 3);
    const opts = { nEstimators: 10, growth: 'depthwise' as const, maxDepth: 5, subsample: 1, colsample: 1, earlyStoppingRounds: 0 };
    const report: SharingReport = { sharedMs: [], aloneMs: [], shared: null };
    const m = await trainGbdtThreaded(data, opts, nodeKernelThreads(1), undefined, undefined, report);
    expect(report.sharedMs.length).toBe(3);
    expect(m.trees).toEqual(trainGbdt(data, opts).trees);
  }, 60_000);

  it.each([
    ['a feature sample (some word groups only)', { colsample: 0.5 }],
    ['leaf-wise growth', { growth: 'leafwise' as const, numLeaves: 24, maxDepth: 0 }],
    ['a row sample, row weights and early stopping', { subsample: 0.8, earlyStoppingRounds: 3, validationFraction: 0.2 }],
    ['balanced class weights and a deep tree', { classWeight: 'balanced' as const, maxDepth: 8 }],
  ])('trains the same GBDT trees with a helper thread as alone: %s', async (_, extra) => {
    const data = benchmarkData(40_000, 9, 4);
    const weight = Float32Array.from({ length: data.rows }, (_, i) => 0.5 + (i % 7) / 4);
    const opts = { nEstimators: 10, growth: 'depthwise' as const, maxDepth: 5, subsample: 1, colsample: 1, earlyStoppingRounds: 0, ...extra };
    const d = 'subsample' in extra ? { ...data, weight } : data;
    const report: SharingReport = { sharedMs: [], aloneMs: [], shared: null };
    const m = await trainGbdtThreaded(d, opts, nodeKernelThreads(1), undefined, undefined, report);
    expect(report.sharedMemory).toBe(true);
    const alone = trainGbdt(d, opts);
    expect(m.trees).toEqual(alone.trees);
    expect(m.trainLoss).toEqual(alone.trainLoss);
  }, 60_000);

  it.each([5, 67, 300])('run EASE\'s SPD inverse with 2 helper threads to the float64 TS result at n = %i', async (n) => {
    const a = randomSpd(n, n + 2);
    const want = spdInverse(a.slice(), n);
    expect(maxRelDiff(await spdInverseWasm(a, n, { blockSize: 12, threads: nodeKernelThreads(2) }), want)).toBeLessThan(1e-9);
  }, 30_000);
});
