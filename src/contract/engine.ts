// The engine: which backend (webgpu, wasm, cpu) models run on, measured or chosen.
export type { BackendInfo, BackendName } from '../lib/engine/backends';
export type { CalibrationEntry } from '../lib/engine/calibrate';
import type { BackendInfo } from '../lib/engine/backends';
import type { CalibrationEntry } from '../lib/engine/calibrate';

export interface EngineStatus {
  /** What calibration measured to be fastest. */
  chosen: string;
  /** What models run on now (the user's override, or the chosen one). */
  active: string;
  override: string | null;
  results: CalibrationEntry[];
  backends: BackendInfo[];
  /** k-means runs on our WebAssembly SIMD kernel off the tfjs backends: on this many threads, or null without WebAssembly SIMD. */
  kmeansThreads: number | null;
}

export interface EngineApi {
  /** Starts the engine (calibrating on first use) and reports the backend choice. */
  engine(): Promise<EngineStatus>;
  /** Measures the backends again (the result is remembered for every worker). */
  remeasure(): Promise<EngineStatus>;
  /** Remembers the user's choice of backend; null returns to the measured choice. */
  setBackendOverride(name: string | null): Promise<EngineStatus>;
}

/** Progress of a model run, as src/lib reports it. */
export type ModelProgress = { stage: string; done: number; total: number; loss?: number; elapsedSeconds?: number; remainingSeconds?: number };
