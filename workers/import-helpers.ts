// The import worker's helpers for a parallel import: one per core, at most 4, started for one import and
// terminated after it. Nested workers also end with their parent, so cancelling an import (which
// terminates the import worker) stops them.
import { wrap, type Remote } from 'comlink';
import type { SliceHelpers } from '../src/lib/import/parallel';
import type { ImportSliceApi } from './import-slice.worker';

/** Helpers to start: one per core (at most 4); none on one core, where one pass is as fast. */
export function sliceHelperCount(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 1 : 1;
  return cores < 2 ? 0 : Math.min(4, cores);
}

/** Workers start on the first slice (or on `warm`), so a file of one slice (read in one pass) starts none. */
export function startSliceHelpers(count = sliceHelperCount()): { helpers: SliceHelpers; warm(): void; stop(): void } {
  let workers: Worker[] = [];
  let remotes: Remote<ImportSliceApi>[] = [];
  let crashed: Promise<never>[] = [];
  const start = () => {
    workers = Array.from({ length: count }, (_, i) => new Worker(new URL('./import-slice.worker.ts', import.meta.url), { type: 'module', name: `import-slice-${i + 1}` }));
    remotes = workers.map((w) => wrap<ImportSliceApi>(w));
    // A helper that dies (out of memory, a load error) would leave its call unanswered: fail the import instead.
    crashed = workers.map((w) => {
      const p = new Promise<never>((_, reject) => w.addEventListener('error', (e) => reject(new Error(`An import helper stopped: ${e.message || 'worker error'}`))));
      p.catch(() => {});
      return p;
    });
  };
  return {
    helpers: {
      count,
      parse: (h, file, plan, job) => {
        if (remotes.length === 0) start();
        return Promise.race([remotes[h].parse(file, plan, job), crashed[h]]);
      },
    },
    // Started while the import worker plans the import, they load their code on the other cores meanwhile.
    warm: () => {
      if (remotes.length === 0 && count > 0) start();
    },
    stop: () => workers.forEach((w) => w.terminate()),
  };
}
