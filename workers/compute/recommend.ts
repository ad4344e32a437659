// Recommendations in the compute worker: an adapter over src/lib/recommend. A run compares the models
// and stores the view and the served model's spec (kind 'recommend'); look-ups, "also bought" and the
// CSV serve from src/storage/recommender.ts, which refits the stored spec when this worker is fresh.
import * as tf from '@tensorflow/tfjs';
import type { RecommendApi } from '../../src/contract';
import {
  alsoBought,
  basketColumns,
  basketProblem,
  basketReport,
  catalogueNames,
  customerRecommendations,
  eventsOf,
  fitServed,
  recommendationsCsv,
  requestProblem,
  runRecommend,
  sameEvents,
  searchCustomers,
  searchItems,
  serveAnother,
  servedColumns,
  servesAlready,
  type StoredRecommend,
} from '../../src/lib/recommend';
import { getDataset, loadTable } from '../../src/storage/datasets';
import { cachedServed, forgetServed, keepServed, servedRecommender } from '../../src/storage/recommender';
import { changedSince, loadResult, saveResult } from '../../src/storage/results';
import { readyEngine } from './engine';
import { kernelThreadPool } from './kernel-helpers';
import { setEaseThreads } from '../../src/lib/models/recommend/ease';
import { setAlsThreads } from '../../src/lib/models/recommend/als';

// EASE's inverse splits over this worker's kernel helpers (none without cross-origin isolation).
setEaseThreads(() => kernelThreadPool());
setAlsThreads(() => kernelThreadPool());

const NOT_RUN = 'Run the recommendations first (Recommendations page)';

async function served() {
  await readyEngine();
  const current = await servedRecommender();
  if (!current) throw new Error(NOT_RUN);
  return current.served;
}

/** Stores a run's value; the model just fitted serves it. */
async function store(stored: StoredRecommend, s: Parameters<typeof keepServed>[1]) {
  const c = stored.request.catalogue;
  const record = await saveResult('recommend', stored, { datasets: [stored.request.datasetId, ...(c ? [c.datasetId] : [])], settings: stored.request });
  // Null: a dataset was deleted meanwhile; nothing is stored, but this worker may still serve the run.
  keepServed(record ?? { createdAt: Date.now() }, s);
}

export const recommendApi: RecommendApi = {
  async recommend(request, onProgress) {
    const started = performance.now();
    const problem = requestProblem(await getDataset(request.datasetId), request);
    if (problem) throw new Error(problem);
    const engine = await readyEngine();
    const { interactions, catalogue } = servedColumns(request);
    const events = eventsOf(await loadTable(interactions.datasetId, interactions.columns), request);
    const names = catalogueNames(request, catalogue && (await loadTable(catalogue.datasetId, catalogue.columns)), events.itemIds);
    forgetServed();
    const run = await runRecommend(events, names, request, { backend: tf.getBackend() || engine.active, onProgress, started });
    await store(run.stored, run.served);
    return run.result;
  },
  async serveModel(choice, onProgress) {
    const record = await loadResult('recommend');
    if (!record) throw new Error(NOT_RUN);
    const stored = serveAnother(record.value, choice);
    let s = cachedServed();
    if (!servesAlready(s, stored)) {
      await readyEngine();
      // The events of the served model are those of the last run unless this worker serves an older one.
      const reuse = s && sameEvents(s.request, stored.request) ? s : null;
      const { interactions, catalogue } = servedColumns(stored.request);
      const events = reuse?.events ?? eventsOf(await loadTable(interactions.datasetId, interactions.columns), stored.request);
      const sameNames = reuse && JSON.stringify(reuse.request.catalogue ?? null) === JSON.stringify(stored.request.catalogue ?? null);
      const names = sameNames ? reuse.names : catalogueNames(stored.request, catalogue && (await loadTable(catalogue.datasetId, catalogue.columns)), events.itemIds);
      forgetServed();
      s = await fitServed(stored.request, stored.spec, events, names, onProgress);
    } else s!.request = stored.request;
    await store(stored, s!);
    return stored.result;
  },
  async recommendLast() {
    const record = await loadResult('recommend');
    if (!record) return null;
    return { result: record.value.result, settings: record.value.request, stale: await changedSince(record) };
  },
  searchCustomers: async (query, limit) => searchCustomers(await served(), query, limit),
  searchItems: async (query, limit) => searchItems(await served(), query, limit),
  customerRecommendations: async (customer, n) => customerRecommendations(await served(), customer, n),
  alsoBought: async (item, n) => alsoBought(await served(), item, n),
  recommendationsCsv: async (n) => new Blob([await recommendationsCsv(await served(), n)], { type: 'text/csv' }),
  async baskets(request, onProgress) {
    const started = performance.now();
    onProgress?.({ stage: 'Reading baskets', done: 0, total: 2 });
    // Baskets and items are identifiers: prices or quantities as items gave rules like "P0170 -> 56.99".
    const problem = basketProblem(await getDataset(request.datasetId), request);
    if (problem) throw new Error(problem);
    return basketReport(await loadTable(request.datasetId, basketColumns(request)), request, onProgress, started);
  },
};
