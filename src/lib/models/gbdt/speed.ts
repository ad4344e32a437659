// The speed target as code, shared by the Node and browser benchmarks: 100 trees of depth 6 on
// 100,000 rows x 30 features (target: under 5 s in headless Chromium).
import { NO_THREADS, type KernelThreads } from '../../engine/threads';
import { createRng } from '../../random';
import { rocAuc } from '../../metrics/roc';
import type { GbdtOptions } from './options';
import { predictGbdt } from './predict';
import { trainGbdtThreaded, type Dataset, type SharingReport } from './train';

/** Uniform features; the label mixes an interaction, a curve and a linear term, plus noise. */
export function benchmarkData(rows = 100_000, features = 30, seed = 1): Dataset {
  const rng = createRng(seed);
  const X = new Float32Array(rows * features);
  for (let i = 0; i < X.length; i++) X[i] = rng() * 2 - 1;
  const y = new Float32Array(rows);
  for (let i = 0, b = 0; i < rows; i++, b += features) {
    const s = 3 * X[b] * X[b + 1] + Math.sin(3 * X[b + 2]) + X[b + 3] + (rng() - 0.5);
    y[i] = s > 0 ? 1 : 0;
  }
  return { X, rows, features, y };
}

export const BENCHMARK_OPTIONS: Partial<GbdtOptions> = {
  nEstimators: 100,
  growth: 'depthwise',
  maxDepth: 6,
  learningRate: 0.1,
  subsample: 1,
  colsample: 1,
  earlyStoppingRounds: 0,
};

export interface BenchmarkResult {
  trainMs: number;
  predictMs: number;
  trees: number;
  trainAuc: number;
  /** With helper threads: the trial of sharing against growing alone, and the way kept (train.ts). */
  sharing: SharingReport;
}

/** Trains with the given helper threads (the app's kernel workers, the CLI's worker_threads; none by default). */
export async function runBenchmark(data: Dataset, opts: Partial<GbdtOptions> = BENCHMARK_OPTIONS, threads: KernelThreads = NO_THREADS): Promise<BenchmarkResult> {
  const t0 = performance.now();
  const sharing: SharingReport = { sharedMs: [], aloneMs: [], shared: null };
  const model = await trainGbdtThreaded(data, opts, threads, undefined, undefined, sharing);
  const t1 = performance.now();
  const p = predictGbdt(model, data.X, data.rows);
  const t2 = performance.now();
  return { trainMs: t1 - t0, predictMs: t2 - t1, trees: model.trees.length, trainAuc: rocAuc(data.y, p), sharing };
}
