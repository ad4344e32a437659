import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackends, isBackendName, setEngineBackend } from './backends';

describe('initBackends in Node', () => {
  it('offers cpu only and says why the others are missing', async () => {
    const infos = await initBackends();
    expect(infos.map((i) => i.name)).toEqual(['webgpu', 'wasm', 'cpu']);
    expect(infos.find((i) => i.name === 'cpu')).toMatchObject({ available: true });
    expect(infos.find((i) => i.name === 'wasm')).toMatchObject({ available: false, note: expect.stringMatching(/Node/) });
    expect(infos.find((i) => i.name === 'webgpu')?.available).toBe(false);
    // Same answer, same promise, on later calls.
    expect(await initBackends()).toBe(infos);
  });
});

describe('setEngineBackend', () => {
  it('switches to a known backend and names a bad one', async () => {
    await expect(setEngineBackend('cpu')).resolves.toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    await expect(setEngineBackend('tpu')).rejects.toThrow(/"tpu"/);
    expect(isBackendName('wasm')).toBe(true);
    expect(isBackendName('webgl')).toBe(false);
  });
});
