// The GBDT's helper thread in a real browser: a kernel Web Worker that takes each level's rows from shared memory
// (Atomics.wait in workers), started from a worker as the compute worker starts it; the trees equal one thread's.
import { wrap } from 'comlink';
import { describe, expect, it } from 'vitest';
import type { SharingReport } from '../../src/lib/models/gbdt/train';

describe('GBDT with a kernel helper worker', () => {
  it('hands levels over on shared memory and grows the trees one thread grows', async () => {
    const worker = new Worker(new URL('./gbdt-threads.worker.ts', import.meta.url), { type: 'module' });
    try {
      const api = wrap<{ compare(): Promise<{ same: boolean; trees: number; report: SharingReport }> }>(worker);
      const r = await api.compare();
      expect(r.trees).toBe(10);
      expect(r.report.sharedMemory).toBe(true);
      // trees 1, 3, 5 were grown with the helper
      expect(r.report.sharedMs.length).toBe(3);
      expect(r.same).toBe(true);
    } finally {
      worker.terminate();
    }
  }, 60_000);
});
