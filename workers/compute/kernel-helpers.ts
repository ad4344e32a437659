// Helper threads for the wasm k-means kernel, spawned once per compute worker and terminated with
// it: the app's one compute worker is terminated on a cancel and after a minute idle
// (src/state/worker-pool.ts), and nested workers go with their parent.
import { wrap, type Remote } from 'comlink';
import type { KernelHelperApi, KernelHelpers } from '../../src/lib/models/kmeans/lloyd-wasm';
import { canShareMemory } from '../../src/lib/models/kmeans/lloyd-wasm';
import { kernelThreads, NO_THREADS, type KernelThreads, type ThreadHelperApi } from '../../src/lib/engine/threads';

/** Helpers to add to this thread: one per further core (at most 3), none without shared memory. */
export function helperCount(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 1 : 1;
  return canShareMemory() ? Math.max(0, Math.min(cores, 4) - 1) : 0;
}

let pool: KernelHelpers | null = null;
let threads: KernelThreads = NO_THREADS;
let workers: Worker[] = [];

/** This worker's helpers, started on first use; count is for tests (default helperCount()). */
export function kernelHelpers(count = helperCount()): KernelHelpers {
  if (pool && pool.count === count) return pool;
  // Another count (tests ask for one): the old helpers stop, so they never pile up.
  for (const w of workers) w.terminate();
  workers = Array.from({ length: count }, (_, i) =>
    new Worker(new URL('../kernel.worker.ts', import.meta.url), { type: 'module', name: `kernel-${i + 1}` }),
  );
  const remotes: Remote<KernelHelperApi & ThreadHelperApi>[] = workers.map((w) => wrap<KernelHelperApi & ThreadHelperApi>(w));
  threads = count > 0 ? kernelThreads(remotes, true) : NO_THREADS;
  pool = {
    count: remotes.length,
    attach: async (module, memory, layout) => {
      await Promise.all(remotes.map((r) => r.attach(module, memory, layout)));
    },
    run: (h, job) => remotes[h].run(job),
    detach: async () => {
      await Promise.all(remotes.map((r) => r.detach()));
    },
  };
  return pool;
}

/** The same helper threads for the other kernels (src/lib/engine/threads.ts): EASE's inverse, GBDT histograms. */
export function kernelThreadPool(count = helperCount()): KernelThreads {
  kernelHelpers(count);
  return threads;
}
