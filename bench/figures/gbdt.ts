// The `gbdt-100k` bench section's worker side: our GBDT as the app runs it, with the app's kernel helper
// threads (kernelThreadPool: one per further core, none without cross-origin isolation).
import { kernelThreadPool } from '../../workers/compute/kernel-helpers';
import { NO_THREADS } from '../../src/lib/engine/threads';
import { BENCHMARK_OPTIONS, benchmarkData, runBenchmark } from '../../src/lib/models/gbdt/speed';

export interface GbdtFigures {
  /** Binning and training (the model's own prediction of the training rows, for the AUC, is not in it): the median of three runs. */
  trainSeconds: number;
  /** The three runs' times. */
  runs: number[];
  /** The warm-up training's time (see gbdtFigures). */
  warmupSeconds: number;
  /** The same training on the worker alone, after the timed one: does the helper pay for its hand-overs? */
  aloneSeconds: number;
  trainAuc: number;
  trees: number;
  helpers: number;
  /** The helper trial of the timed training (train.ts SharingReport): median ms per tree shared and alone, the way kept. */
  sharedMs: number;
  aloneMs: number;
  shared: boolean | null;
  /** Whether the helper took its work from shared memory (KernelThreads.serve) rather than by message. */
  sharedMemory: boolean;
}

/**
 * 100 depth-6 trees on the 100,000 x 30 benchmark data (speed.ts), trained as the churn page does. A small
 * training first (20,000 rows, 2 trees: above the size that shares histograms) starts the helper worker and
 * compiles the kernel, which happen once per app session, as XGBoost's `import xgboost` is outside its timer.
 */
export async function gbdtFigures(): Promise<GbdtFigures> {
  const threads = kernelThreadPool();
  const warm = await runBenchmark(benchmarkData(20_000, 30, 2), { ...BENCHMARK_OPTIONS, nEstimators: 2 }, threads);
  const data = benchmarkData(100_000, 30, 1);
  const all = [];
  for (let i = 0; i < 3; i++) all.push(await runBenchmark(data, BENCHMARK_OPTIONS, threads));
  // the median run (its trial, AUC and trees reported with it)
  const r = [...all].sort((a, b) => a.trainMs - b.trainMs)[1];
  const alone = threads.count > 0 ? await runBenchmark(data, BENCHMARK_OPTIONS, NO_THREADS) : r;
  const median = (a: number[]) => (a.length ? [...a].sort((x, y) => x - y)[(a.length - 1) >> 1] : NaN);
  return {
    trainSeconds: r.trainMs / 1000,
    runs: all.map((x) => x.trainMs / 1000),
    warmupSeconds: warm.trainMs / 1000,
    aloneSeconds: alone.trainMs / 1000,
    trainAuc: r.trainAuc,
    trees: r.trees,
    helpers: threads.count,
    sharedMs: median(r.sharing.sharedMs),
    aloneMs: median(r.sharing.aloneMs),
    shared: r.sharing.shared,
    sharedMemory: r.sharing.sharedMemory ?? false,
  };
}
