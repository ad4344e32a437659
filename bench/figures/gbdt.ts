// The `gbdt-100k` bench section's worker side: our GBDT as the app runs it, with the app's kernel helper
// threads (kernelThreadPool: one per further core, none without cross-origin isolation).
import { kernelThreadPool } from '../../workers/compute/kernel-helpers';
import { BENCHMARK_OPTIONS, benchmarkData, runBenchmark } from '../../src/lib/models/gbdt/speed';

export interface GbdtFigures {
  trainSeconds: number;
  trainAuc: number;
  trees: number;
  helpers: number;
}

/** 100 depth-6 trees on the 100,000 x 30 benchmark data (speed.ts), trained as the churn page does. */
export async function gbdtFigures(): Promise<GbdtFigures> {
  const data = benchmarkData(100_000, 30, 1);
  const threads = kernelThreadPool();
  const r = await runBenchmark(data, BENCHMARK_OPTIONS, threads);
  return { trainSeconds: r.trainMs / 1000, trainAuc: r.trainAuc, trees: r.trees, helpers: threads.count };
}
