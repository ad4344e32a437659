// The app's workers. Vite bundles each `new Worker(new URL(...))` as its own module worker.
import type { ComputeApi, ImportApi } from '../contract';
import { WorkerBridge } from './bridge';

export function createImportBridge(): WorkerBridge<ImportApi> {
  return new WorkerBridge<ImportApi>(
    () => new Worker(new URL('../../workers/import.worker.ts', import.meta.url), { type: 'module', name: 'import' }),
  );
}

export function createComputeBridge(): WorkerBridge<ComputeApi> {
  return new WorkerBridge<ComputeApi>(
    () => new Worker(new URL('../../workers/compute.worker.ts', import.meta.url), { type: 'module', name: 'compute' }),
  );
}
