// The compute engine inside a worker. Calibration runs once per browser and is remembered in the
// result store (a restarted worker would otherwise re-measure); the user's override is a setting.
import * as tf from '@tensorflow/tfjs';
import type { EngineApi, EngineStatus } from '../../src/contract';
import { initBackends, setEngineBackend, type BackendName } from '../../src/lib/engine/backends';
import { calibrate, type Calibration } from '../../src/lib/engine/calibrate';
import { getSetting, setSetting } from '../../src/storage/datasets';
import { loadResult, saveResult } from '../../src/storage/results';
import { wasmPaths } from './wasm-paths';
import { kernelModule } from '../../src/lib/models/kmeans/lloyd-wasm';
import { helperCount, kernelThreadPool } from './kernel-helpers';
import { setGbdtThreads } from '../../src/lib/models/gbdt';

// The churn page's GBDT shares large nodes' histograms over this worker's kernel helpers (none without
// cross-origin isolation); set here, where every capability of the compute worker starts its engine.
setGbdtThreads(() => kernelThreadPool());

const OVERRIDE_KEY = 'engineBackend';

let ready: Promise<EngineStatus> | null = null;

async function start(remeasure: boolean): Promise<EngineStatus> {
  const backends = await initBackends({ wasmPaths });
  let calibration: Calibration | undefined = remeasure ? undefined : (await loadResult('engine'))?.value;
  const stillValid = calibration && backends.some((b) => b.name === calibration!.chosen && b.available);
  if (!stillValid) {
    calibration = await calibrate(backends);
    await saveResult('engine', calibration, { datasets: [] });
  }
  const override = (await getSetting<BackendName | null>(OVERRIDE_KEY)) ?? null;
  const usable = override !== null && backends.some((b) => b.name === override && b.available);
  const wanted = usable ? override : calibration!.chosen;
  if (tf.getBackend() !== wanted) await setEngineBackend(wanted);
  const kmeansThreads = kernelModule(false) ? 1 + helperCount() : null;
  return { chosen: calibration!.chosen, active: tf.getBackend(), override: usable ? override : null, results: calibration!.results, backends, kmeansThreads };
}

/** Every model calls this first: the backends start once per worker. */
export function readyEngine(): Promise<EngineStatus> {
  ready ??= start(false).catch((e: unknown) => {
    ready = null;
    throw e;
  });
  return ready;
}

export const engineApi: EngineApi = {
  engine: readyEngine,
  async remeasure() {
    ready = start(true);
    return ready;
  },
  async setBackendOverride(name) {
    await setSetting(OVERRIDE_KEY, name);
    ready = start(false);
    return ready;
  },
};
