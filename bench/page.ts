// Runs inside headless Chromium for `npm run bench`: the app's own workers and storage, timed.
import { proxy } from 'comlink';
import type { ImportProgress, ImportRequest } from '../src/contract';
import { createImportBridge } from '../src/state/worker-pool';
import { deleteDataset, loadTable } from '../src/storage/datasets';
import { wrap } from 'comlink';
import type * as Models from './models';

/** Longest main-thread task seen since the page loaded (Long Tasks API: tasks over 50 ms). */
const longTasks: number[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push(e.duration);
}).observe({ type: 'longtask', buffered: true });

type MemoryApi = { measureUserAgentSpecificMemory(): Promise<{ bytes: number }> };

/** Samples memory of the page and its workers (needs cross-origin isolation). */
function sampleMemory(everyMs: number): () => number {
  let peak = 0;
  let stopped = false;
  const perf = performance as unknown as MemoryApi;
  const tick = async () => {
    while (!stopped) {
      try {
        peak = Math.max(peak, (await perf.measureUserAgentSpecificMemory()).bytes);
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  };
  void tick();
  return () => {
    stopped = true;
    return peak;
  };
}

async function importUrl(url: string) {
  const blob = await (await fetch(url)).blob();
  const file = new File([blob], url.split('/').pop()!, { type: 'text/csv' });
  const bridge = createImportBridge();
  const preview = await bridge.run((api) => api.preview(file));
  const request: ImportRequest = {
    datasetId: crypto.randomUUID(),
    name: 'bench',
    encoding: preview.encoding,
    delimiter: preview.delimiter,
    header: preview.header,
    columns: preview.columns.map((c) => ({ name: c.name, type: c.type })),
    roles: preview.roles,
  };
  longTasks.length = 0;
  const stopMemory = sampleMemory(250);
  const outcome = await bridge.run((api) => api.importFile(file, request, proxy((_p: ImportProgress) => {})));
  const peakBytes = stopMemory();
  const maxLongTaskMs = Math.max(0, ...longTasks);

  const t0 = performance.now();
  const table = await loadTable(outcome.datasetId);
  const reopenSeconds = (performance.now() - t0) / 1000;

  const t1 = performance.now();
  await bridge.run((api) => api.profileDataset(outcome.datasetId));
  const profileSeconds = (performance.now() - t1) / 1000;
  bridge.cancel();
  await deleteDataset(outcome.datasetId);
  return {
    fileBytes: file.size,
    rows: outcome.rows,
    rejected: outcome.rejected,
    columns: table.columns.length,
    importSeconds: outcome.seconds,
    mbPerSecond: file.size / 1e6 / outcome.seconds,
    peakMemoryBytes: peakBytes,
    maxLongTaskMs,
    reopenSeconds,
    profileSeconds,
  };
}

const models = wrap<typeof Models>(new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' }));
const api = {
  importUrl,
  segmentation: () => models.segmentation(),
  churn: () => models.churn(),
  clv: () => models.clv(),
  recommend: () => models.recommend(),
  /** Any worker-side figure function by name (bench/figures/*.ts). */
  call: (name: string, ...args: unknown[]): Promise<unknown> =>
    (models as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name](...args),
};
(window as unknown as { rlBench: typeof api }).rlBench = api;
export type BenchApi = typeof api;
