import { afterAll, describe, expect, it } from 'vitest';
import wabtInit from 'wabt';
import { splitRange } from '../lib/engine/threads';
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
    (local.get $e)))`;

afterAll(() => closeNodeKernelThreads());

describe('nodeKernelThreads', () => {
  it('runs a kernel export on shared memory from two worker threads and the caller', async () => {
    const wabt = await wabtInit();
    const parsed = wabt.parseWat('t.wat', WAT, { threads: true });
    const module = new WebAssembly.Module(parsed.toBinary({}).buffer as BufferSource);
    parsed.destroy();
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
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

  it.each([5, 67, 300])('run EASE\'s SPD inverse with 2 helper threads to the float64 TS result at n = %i', async (n) => {
    const a = randomSpd(n, n + 2);
    const want = spdInverse(a.slice(), n);
    expect(maxRelDiff(await spdInverseWasm(a, n, { blockSize: 12, threads: nodeKernelThreads(2) }), want)).toBeLessThan(1e-9);
  }, 30_000);
});
