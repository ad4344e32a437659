// The recommender the Recommendations page chose, served in a worker from the stored run: the one the
// Recommendations page's look-ups, its CSV export and the action list all use. One per worker, cached;
// refitted from the stored record (kind 'recommend') when the cache is empty or older than the record.
//
// Usage in a worker (after `await readyEngine()`, workers/compute/engine.ts, as fitting may use tfjs):
//   import { servedRecommender } from '../../src/storage/recommender';
//   import { recommendFor, servedSource } from '../../src/lib/recommend';
//   const current = await servedRecommender();   // null: the Recommendations page has not run
//   if (current) {
//     const lists = await recommendFor(current.served, customerIds, 3); // { [customer]: { item, name?, reason }[] }; unknown ids: []
//     const source = servedSource(current.served);                      // "EASE (lambda 100) on "product_id" from the Recommendations page"
//   }
// Without the cache (the CLI, tests): `serveFrom(record.value, interactionsTable, catalogueTable)` (src/lib/recommend/serve.ts).
import { disposeServed, serveFrom, servedColumns, type Served } from '../lib/recommend/serve';
import type { ProgressFn } from '../lib/progress';
import { loadTable } from './datasets';
import { loadResult, type ResultRecord } from './results';

let cache: { createdAt: number; served: Served } | null = null;

/** The served recommender of the last stored run and its record, or null when there is none. */
export async function servedRecommender(onProgress?: ProgressFn): Promise<{ served: Served; record: ResultRecord<'recommend'> } | null> {
  const record = await loadResult('recommend');
  if (!record) return null;
  if (cache?.createdAt === record.createdAt) return { served: cache.served, record };
  forgetServed();
  const stored = record.value;
  const { interactions, catalogue } = servedColumns(stored.request);
  const table = await loadTable(interactions.datasetId, interactions.columns);
  const names = catalogue ? await loadTable(catalogue.datasetId, catalogue.columns).catch(() => null) : null;
  const served = await serveFrom(stored, table, names, onProgress);
  // Another call may have filled the cache meanwhile: keep the newer one.
  if (cache && cache.createdAt >= record.createdAt) {
    disposeServed(served);
    return { served: cache.served, record };
  }
  keepServed(record, served);
  return { served, record };
}

/** The model a run just fitted serves `record` (no refit on the next call). */
export function keepServed(record: Pick<ResultRecord<'recommend'>, 'createdAt'>, served: Served): void {
  if (cache && cache.served !== served) disposeServed(cache.served);
  cache = { createdAt: record.createdAt, served };
}

/** The cached model, whatever record it serves (a run's events may be reused), or null. */
export function cachedServed(): Served | null {
  return cache?.served ?? null;
}

/** Drops (and disposes) the cached model, e.g. before fitting another. */
export function forgetServed(): void {
  if (cache) disposeServed(cache.served);
  cache = null;
}
