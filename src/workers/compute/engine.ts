// The compute engine inside the worker: calibrated once, the user's override remembered in IndexedDB.
import * as tf from '@tensorflow/tfjs';
import type { EngineApi, EngineStatus } from '../../contract';
import { initBackends, setEngineBackend } from '../../lib/engine/backends';
import { ensureEngine } from '../../lib/engine/calibrate';
import { getSetting, setSetting } from '../../storage/datasets';
import { wasmPaths } from './wasm-paths';

const OVERRIDE_KEY = 'engineBackend';

/** Starts the engine (first call calibrates) and applies a remembered override. Every model calls this first. */
export async function readyEngine(): Promise<EngineStatus> {
  const calibration = await ensureEngine({ wasmPaths });
  const backends = await initBackends({ wasmPaths });
  const override = (await getSetting<string | null>(OVERRIDE_KEY)) ?? null;
  const usable = override && backends.some((b) => b.name === override && b.available);
  const wanted = usable ? override : calibration.chosen;
  if (tf.getBackend() !== wanted) await setEngineBackend(wanted);
  return { chosen: calibration.chosen, active: tf.getBackend(), override: usable ? override : null, results: calibration.results, backends };
}

export const engineApi: EngineApi = {
  engine: readyEngine,
  async setBackendOverride(name) {
    await setSetting(OVERRIDE_KEY, name);
    return readyEngine();
  },
};
