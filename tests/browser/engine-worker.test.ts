// The compute worker starts the engine: backends probed, calibration measured, override remembered.
import { afterAll, describe, expect, it } from 'vitest';
import { createComputeBridge } from '../../src/state/worker-pool';
import { setSetting } from '../../src/storage/datasets';

const bridge = createComputeBridge();

afterAll(async () => {
  bridge.cancel();
  await setSetting('engineBackend', null);
});

describe('compute worker engine', () => {
  it('measures the backends, never prefers a software GPU over wasm, and remembers an override', async () => {
    const status = await bridge.run((api) => api.engine());
    const names = status.results.map((r) => r.backend);
    expect(names).toEqual(expect.arrayContaining(['wasm', 'cpu']));
    const wasm = status.results.find((r) => r.backend === 'wasm')!;
    expect(wasm.available).toBe(true);
    expect(wasm.ms).toBeGreaterThan(0);
    const gpu = status.backends.find((b) => b.name === 'webgpu');
    if (gpu?.adapter?.software) expect(status.chosen).not.toBe('webgpu');
    expect(status.active).toBe(status.chosen);
    // k-means: our SIMD kernel on this thread plus one helper per further core (at most 4 in all).
    expect(status.kmeansThreads).toBe(Math.min(navigator.hardwareConcurrency, 4));

    const forced = await bridge.run((api) => api.setBackendOverride('cpu'));
    expect(forced.active).toBe('cpu');
    // A fresh worker (the old one terminated) reads the remembered choice.
    bridge.cancel();
    expect((await bridge.run((api) => api.engine())).active).toBe('cpu');
    const back = await bridge.run((api) => api.setBackendOverride(null));
    expect(back.active).toBe(back.chosen);
    // The calibration is remembered: a fresh worker reports the same measurement.
    bridge.cancel();
    expect((await bridge.run((api) => api.engine())).results).toEqual(back.results);
    const again = await bridge.run((api) => api.remeasure());
    expect(again.results.find((r) => r.backend === 'wasm')!.ms).toBeGreaterThan(0);
  });
});
