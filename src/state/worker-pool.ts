// The app's workers. Vite bundles each `new Worker(new URL(...))` as its own module worker.
//
// One compute worker serves every page (computeHandle): started on first use, stopped after a minute
// with no call in flight, terminated by a cancel and restarted by the next call. Its nested workers
// (the k-means kernel's helpers, tfjs-backend-wasm's 8 pthread workers, which load from blob: URLs)
// end with it. Worker state is only a cache: adapters reload their last result from the result store.
//
// Imports: short calls that are never cancelled (demo, links, profiles) share one import worker
// (sharedImport). A cancellable job (a file import, a change of type, a workspace import/export) gets
// a worker of its own (createImportBridge): cancelling terminates the worker, which would otherwise
// kill another job that writes to IndexedDB at the same time (two files imported at once). Those
// private workers are idle-stopped too.
import type { ComputeApi, ImportApi } from '../contract';
import { PooledWorker, WorkerBridge, type PooledWorkerOptions } from './bridge';

/**
 * How long (ms) a worker may stay idle before it is stopped: a global set before the app's scripts run (the e2e
 * workers test sets it short), else a minute. Not localStorage: a page's first localStorage read is a synchronous
 * call to the browser process that took 1-100 ms on a first visit (8 fresh profiles, loaded machine), inside the
 * task that mounts the app, which made it a long task (issue 15).
 */
export const IDLE_KNOB = 'retentionLabWorkerIdleMs';
const DEFAULT_IDLE_MS = 60_000;

let idleMs: number | null = null;

/** Idle time of every worker, read once per page load (default a minute). */
export function workerIdleMs(): number {
  if (idleMs === null) {
    const knob = (globalThis as Record<string, unknown>)[IDLE_KNOB];
    const n = typeof knob === 'number' ? knob : NaN;
    idleMs = Number.isFinite(n) && n >= 0 ? n : DEFAULT_IDLE_MS;
  }
  return idleMs;
}

function options(label: string): PooledWorkerOptions {
  return { label, idleMs: workerIdleMs() };
}

const startCompute = () =>
  new Worker(new URL('../../workers/compute.worker.ts', import.meta.url), { type: 'module', name: 'compute' });
const startImport = () =>
  new Worker(new URL('../../workers/import.worker.ts', import.meta.url), { type: 'module', name: 'import' });

let compute: PooledWorker<ComputeApi> | null = null;
let imports: PooledWorker<ImportApi> | null = null;

// Which calls keep the shared workers alive: read by the idle-stop test when a worker outlives its idle time.
if (typeof globalThis !== 'undefined') {
  (globalThis as { retentionLabWorkers?: () => Record<string, string[]> }).retentionLabWorkers = () => ({
    compute: compute?.alive ? compute.pendingMethods() : [],
    import: imports?.alive ? imports.pendingMethods() : [],
  });
}

/** A handle on THE compute worker; its cancel() stops the shared worker (other pages' calls get StoppedElsewhereError). */
export function computeHandle(): WorkerBridge<ComputeApi> {
  compute ??= new PooledWorker(startCompute, options('compute'));
  return new WorkerBridge(compute);
}

/** A handle on the shared import worker, for calls nobody cancels. */
export function sharedImport(): WorkerBridge<ImportApi> {
  imports ??= new PooledWorker(startImport, options('import'));
  return new WorkerBridge(imports);
}

/** An import worker of the caller's own, for a job the user may cancel. */
export function createImportBridge(): WorkerBridge<ImportApi> {
  return new WorkerBridge<ImportApi>(startImport, options('import'));
}

/** A compute worker of the caller's own, never idle-stopped (tests that need one apart from the app's shared worker). */
export function createComputeBridge(): WorkerBridge<ComputeApi> {
  return new WorkerBridge<ComputeApi>(startCompute, { label: 'compute', idleMs: null });
}
