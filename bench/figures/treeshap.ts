// The `treeshap-100k` bench section's worker side: TreeSHAP of the GBDT benchmark model (100 depth-6 trees on
// the 100,000 x 30 data of src/lib/models/gbdt/speed.ts) with the app's kernel helper threads.
import { kernelThreadPool } from '../../workers/compute/kernel-helpers';
import { NO_THREADS } from '../../src/lib/engine/threads';
import { BENCHMARK_OPTIONS, benchmarkData } from '../../src/lib/models/gbdt/speed';
import { trainGbdtThreaded } from '../../src/lib/models/gbdt/train';
import { predictGbdtRaw } from '../../src/lib/models/gbdt/predict';
import { gbdtEnsemble, treeShap } from '../../src/lib/models/shap/tree';

export interface TreeShapFigures {
  rows: number;
  /** treeShap on the model's ensemble, tables included (the model's training is outside the timer). */
  seconds: number;
  /** The same on the worker alone (no helpers). */
  aloneSeconds: number;
  helpers: number;
  trees: number;
  leaves: number;
  /** Largest |expected + sum of contributions - predictGbdtRaw| over the rows. */
  maxAbsError: number;
}

export async function treeShapFigures(rows = 100_000): Promise<TreeShapFigures> {
  const threads = kernelThreadPool();
  const data = benchmarkData(rows, 30, 1);
  const model = await trainGbdtThreaded(data, BENCHMARK_OPTIONS, threads);
  const ens = gbdtEnsemble(model);
  // warm-up: compiles the kernel and starts the helpers (once per app session)
  await treeShap(ens, data.X.subarray(0, 4096 * 30), 4096, { threads });
  let t = performance.now();
  const phi = await treeShap(ens, data.X, rows, { threads });
  const seconds = (performance.now() - t) / 1000;
  t = performance.now();
  if (threads.count > 0) await treeShap(ens, data.X, rows, { threads: NO_THREADS });
  const aloneSeconds = threads.count > 0 ? (performance.now() - t) / 1000 : seconds;
  const margin = predictGbdtRaw(model, data.X, rows);
  let maxAbsError = 0;
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let f = 0; f <= 30; f++) s += phi[r * 31 + f];
    maxAbsError = Math.max(maxAbsError, Math.abs(s - margin[r]));
  }
  let leaves = 0;
  for (const tr of model.trees) for (const f of tr.feature) if (f < 0) leaves++;
  return { rows, seconds, aloneSeconds, helpers: threads.count, trees: model.trees.length, leaves, maxAbsError };
}
