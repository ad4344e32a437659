// Test worker: GBDT training as the compute worker runs it (a worker may block in Atomics.wait, so the kernel
// helper workers take their work from shared memory), against the same training alone.
import { expose } from 'comlink';
import { kernelThreadPool } from '../../workers/compute/kernel-helpers';
import { benchmarkData } from '../../src/lib/models/gbdt/speed';
import { trainGbdt, trainGbdtThreaded, type SharingReport } from '../../src/lib/models/gbdt/train';

expose({
  async compare() {
    const data = benchmarkData(40_000, 8, 3);
    const opts = { nEstimators: 10, growth: 'depthwise' as const, maxDepth: 5, subsample: 1, colsample: 1, earlyStoppingRounds: 0 };
    const report: SharingReport = { sharedMs: [], aloneMs: [], shared: null };
    const threaded = await trainGbdtThreaded(data, opts, kernelThreadPool(1), undefined, undefined, report);
    const alone = trainGbdt(data, opts);
    return { same: JSON.stringify(threaded.trees) === JSON.stringify(alone.trees), trees: threaded.trees.length, report };
  },
});
