// The app's workers. Vite bundles each `new Worker(new URL(...))` as its own module worker.
import type { ImportApi } from '../contract';
import { WorkerBridge } from './bridge';

export function createImportBridge(): WorkerBridge<ImportApi> {
  return new WorkerBridge<ImportApi>(
    () => new Worker(new URL('../workers/import.worker.ts', import.meta.url), { type: 'module', name: 'import' }),
  );
}
