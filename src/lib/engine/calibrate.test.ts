import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { BackendInfo } from './backends';
import { calibrate, chooseBackend, type CalibrationEntry } from './calibrate';

const swiftshader: BackendInfo = {
  name: 'webgpu',
  available: true,
  note: 'software',
  adapter: { vendor: 'google', architecture: 'swiftshader', device: '', description: '', isFallbackAdapter: true, software: true },
};
const realGpu: BackendInfo = { ...swiftshader, adapter: { ...swiftshader.adapter!, architecture: 'ampere', isFallbackAdapter: false, software: false } };
const wasm: BackendInfo = { name: 'wasm', available: true, note: '' };
const cpu: BackendInfo = { name: 'cpu', available: true, note: '' };
const entry = (backend: CalibrationEntry['backend'], ms: number, available = true): CalibrationEntry => ({
  backend,
  ms,
  warmupMs: ms,
  available,
  note: '',
});

describe('chooseBackend', () => {
  it('picks the fastest', () => {
    expect(chooseBackend([entry('webgpu', 2), entry('wasm', 5), entry('cpu', 50)], [realGpu, wasm, cpu])).toBe('webgpu');
    expect(chooseBackend([entry('webgpu', 9), entry('wasm', 5), entry('cpu', 50)], [realGpu, wasm, cpu])).toBe('wasm');
  });

  it('never prefers a software adapter over wasm, even when it measured faster', () => {
    expect(chooseBackend([entry('webgpu', 1), entry('wasm', 5), entry('cpu', 50)], [swiftshader, wasm, cpu])).toBe('wasm');
  });

  it('may use a software adapter when wasm is missing and it beats cpu', () => {
    expect(chooseBackend([entry('webgpu', 10), entry('wasm', NaN, false), entry('cpu', 50)], [swiftshader, wasm, cpu])).toBe('webgpu');
  });

  it('falls back to cpu when nothing was measured', () => {
    expect(chooseBackend([entry('wasm', NaN, false)], [wasm])).toBe('cpu');
  });
});

describe('calibrate', () => {
  it('times the available backends, switches to the choice and leaks no tensors', async () => {
    await tf.setBackend('cpu');
    const start = tf.memory().numTensors;
    const unavailable: BackendInfo = { name: 'wasm', available: false, note: 'not used in Node (cpu only)' };
    const c = await calibrate([unavailable, cpu], { rows: 1024, rounds: 2 });
    expect(c.chosen).toBe('cpu');
    expect(c.results[0]).toMatchObject({ backend: 'wasm', available: false, note: 'not used in Node (cpu only)' });
    expect(c.results[1].ms).toBeGreaterThan(0);
    expect(c.results[1].warmupMs).toBeGreaterThan(0);
    expect(tf.getBackend()).toBe('cpu');
    expect(tf.memory().numTensors).toBe(start);
  });

  it('rejects bad options', async () => {
    await expect(calibrate([cpu], { rounds: 0 })).rejects.toThrow(/got 0/);
  });
});
