// Recommendations in the compute worker: offline comparison of the models on stored interactions,
// then the chosen model refitted on every interaction serves per-customer lists, explanations,
// "also bought", the CSV export and recommendationsFor (the action list). Market baskets too.
import * as tf from '@tensorflow/tfjs';
import type {
  BasketRequest,
  BasketResult,
  CustomerRecommendations,
  ItemMatch,
  ModelProgress,
  ModelRow,
  RecommendApi,
  RecommendedItem,
  RecommendRequest,
  RecommendResult,
} from '../../src/contract';
import { cellText, getColumn } from '../../src/lib/data/table';
import { toCsv } from '../../src/lib/export/csv';
import { compareModels, type ModelReport } from '../../src/lib/models/recommend/auto';
import { basketsFromColumns, basketsFromTable, itemPairs } from '../../src/lib/models/recommend/baskets';
import { chooseServedModel, type Candidate, type RankingMetricKey } from '../../src/lib/models/recommend/choose';
import { basketColumnsProblem, keyColumnProblem } from '../../src/lib/models/recommend/inputs';
import { columnCounts, type Csr } from '../../src/lib/models/recommend/csr';
import { eventsFromTable, interactionMatrix, type Events } from '../../src/lib/models/recommend/interactions';
import { alsoBought as knnAlsoBought, becauseOf, csrValue, fitItemKnn, type ItemKnnModel } from '../../src/lib/models/recommend/itemknn';
import { fitModel, type ModelParams } from '../../src/lib/models/recommend/models';
import { plainLoopsFaster } from '../../src/lib/models/recommend/path';
import type { Scorer } from '../../src/lib/models/recommend/scorer';
import { topN } from '../../src/lib/models/recommend/topn';
import { getDataset, getSetting, loadTable, setSetting } from '../../src/storage/datasets';
import { readyEngine } from './engine';

type OnProgress = (p: ModelProgress) => void;

const LAST_KEY = 'recommendLast';

/** What serves recommendations after a run: kept in the module for the calls that follow. */
interface Served {
  request: RecommendRequest;
  spec: ModelParams;
  events: Events;
  matrix: Csr;
  scorer: Scorer;
  /** Cosine item similarity on every interaction: reasons and "also bought". */
  knn: ItemKnnModel;
  customersPerItem: Int32Array;
  names: (string | undefined)[];
  userIndex: Map<string, number>;
  itemIndex: Map<string, number>;
}

let served: Served | null = null;

/** The last comparison: what `serveModel` chooses among without evaluating again (also kept in LAST_KEY). */
interface LastRun {
  request: RecommendRequest;
  /** Chosen on validation (auto with learned models) or on the test split. */
  tuned: boolean;
  candidates: Candidate[];
  specs: Record<string, ModelParams>;
  result: RecommendResult;
}

/** What LAST_KEY holds: the served model's request and spec (enough to serve again), and the run. */
interface Remembered {
  request: RecommendRequest;
  spec: ModelParams;
  run?: LastRun;
}

let lastRun: LastRun | null = null;

export const MODEL_LABELS: Record<string, string> = {
  popularity: 'Popularity (baseline)',
  itemknn: 'Item-kNN (cosine)',
  ease: 'EASE',
  als: 'ALS (implicit)',
  blend: 'EASE + ALS blend',
};

export function describeSpec(spec: ModelParams): string {
  switch (spec.model) {
    case 'popularity':
      return 'most customers first';
    case 'itemknn': {
      const p = spec.params ?? {};
      return `${p.neighbours ? `${p.neighbours} neighbours` : 'all neighbours'}, shrinkage ${p.shrinkage ?? 0}`;
    }
    case 'ease':
      return `lambda ${spec.params?.lambda ?? 100}`;
    case 'als': {
      const p = spec.params ?? {};
      return `${p.factors ?? 32} factors, reg ${p.regularization ?? 0.1}, alpha ${p.alpha ?? 20}, ${p.iterations ?? 15} iterations`;
    }
    case 'blend':
      return `${Math.round(spec.params.weight * 100)}% EASE (${describeSpec({ model: 'ease', params: spec.params.ease })}) + ${Math.round((1 - spec.params.weight) * 100)}% ALS (${describeSpec({ model: 'als', params: spec.params.als })})`;
  }
}

function backendOf(model: string, active: string): string {
  if (model === 'popularity' || model === 'itemknn' || plainLoopsFaster(active)) return `typed arrays (engine: ${active})`;
  return active;
}

async function loadEvents(request: RecommendRequest): Promise<Events> {
  const cols = [request.customer, request.item, request.date, request.value].filter((c): c is string => Boolean(c));
  // Customers and items are identifiers: a price or quantity column here would recommend numbers.
  const meta = await getDataset(request.datasetId);
  const problem = keyColumnProblem(meta, request.customer, 'customer') ?? keyColumnProblem(meta, request.item, 'item');
  if (problem) throw new Error(problem);
  const table = await loadTable(request.datasetId, cols);
  return eventsFromTable(table, { user: request.customer, item: request.item, time: request.date || undefined, value: request.value || undefined });
}

function weightingOf(request: RecommendRequest) {
  return { scheme: request.weighting, halfLifeDays: request.halfLifeDays && request.date ? request.halfLifeDays : undefined };
}

async function catalogueNames(request: RecommendRequest, itemIds: string[]): Promise<(string | undefined)[]> {
  const names: (string | undefined)[] = new Array<string | undefined>(itemIds.length).fill(undefined);
  const c = request.catalogue;
  if (!c) return names;
  const table = await loadTable(c.datasetId, [c.key, c.name]);
  const key = getColumn(table, c.key);
  const name = getColumn(table, c.name);
  const byKey = new Map<string, string>();
  for (let r = 0; r < table.rows; r++) byKey.set(cellText(key, r).trim(), cellText(name, r));
  itemIds.forEach((id, i) => (names[i] = byKey.get(id)));
  return names;
}

/** Refits `spec` on every interaction and builds what the per-customer calls need. */
async function serve(request: RecommendRequest, spec: ModelParams, events: Events, onProgress?: OnProgress): Promise<Served> {
  served?.scorer.dispose();
  served = null;
  const matrix = interactionMatrix(events, weightingOf(request));
  onProgress?.({ stage: 'Refitting the chosen model on every interaction', done: 0, total: 1 });
  const scorer = await fitModel(spec, matrix, onProgress);
  const knn = fitItemKnn(matrix);
  const names = await catalogueNames(request, events.itemIds);
  const s: Served = {
    request,
    spec,
    events,
    matrix,
    scorer,
    knn,
    customersPerItem: columnCounts(matrix),
    names,
    userIndex: new Map(events.userIds.map((id, u) => [id, u])),
    itemIndex: new Map(events.itemIds.map((id, i) => [id, i])),
  };
  served = s;
  return s;
}

/** The served model of this worker, or the last run's, rebuilt from what was remembered. */
async function ensureServed(): Promise<Served> {
  if (served) return served;
  const last = await getSetting<Remembered>(LAST_KEY);
  if (!last) throw new Error('Run the recommendations first (Recommendations page)');
  await readyEngine();
  const events = await loadEvents(last.request);
  return serve(last.request, last.spec, events);
}

async function recommend(request: RecommendRequest, onProgress?: OnProgress): Promise<RecommendResult> {
  const started = performance.now();
  if (!(Number.isInteger(request.k) && request.k > 0)) throw new Error(`k must be a positive integer, got ${request.k}`);
  const engine = await readyEngine();
  const events = await loadEvents(request);
  if (events.userIds.length < 2 || events.itemIds.length < 2) {
    throw new Error(`Only ${events.userIds.length} customers and ${events.itemIds.length} items with both ids present: too few to recommend`);
  }
  const protocol = request.date ? 'leave-last-out' : 'random';
  const notes: string[] = [];
  if (request.halfLifeDays && !request.date) notes.push('Recency decay needs a date column; it was not applied.');
  if (request.models.includes('ease') && events.itemIds.length > 10_000) {
    notes.push(`EASE was skipped: it handles at most 10,000 items and this data has ${events.itemIds.length}.`);
  }
  const models = request.models.filter((m) => m !== 'ease' || events.itemIds.length <= 10_000);
  const comparison = await compareModels(events, {
    k: request.k,
    protocol,
    seed: request.seed,
    weighting: weightingOf(request),
    models,
    tune: request.auto,
    fixed: {
      ease: { model: 'ease', params: { ...request.params?.ease } },
      als: { model: 'als', params: { ...request.params?.als } },
      itemknn: { model: 'itemknn', params: { ...request.params?.itemknn } },
    },
    onProgress,
  });
  const active = tf.getBackend() || engine.active;
  const rows: ModelRow[] = Object.entries(comparison.models).map(([model, r]: [string, ModelReport]) => {
    const { spec, trainSeconds, validation, ...metrics } = r;
    return { ...metrics, model, label: MODEL_LABELS[model] ?? model, setting: describeSpec(spec), trainSeconds, backend: backendOf(model, active), validation };
  });
  // Served: the best by the chosen metric (validation when tuned, else the test split above), or the pin.
  const tuned = request.auto && models.length > 0;
  const candidates: Candidate[] = rows.map(({ model, validation, ...metrics }) => ({ model, metrics, validation }));
  const choice = chooseServedModel(candidates, { metric: request.metric ?? 'ndcgAtK', k: request.k, tuned, pinned: request.pinned });
  const chosen = choice.model;
  const specs: Record<string, ModelParams> = Object.fromEntries(Object.entries(comparison.models).map(([m, r]) => [m, r.spec]));
  const chosenSpec = specs[chosen] ?? { model: 'popularity' };
  const s = await serve(request, chosenSpec, events, onProgress);
  const evaluated = rows[0]?.users ?? 0;
  const result: RecommendResult = {
    protocol,
    protocolText:
      protocol === 'leave-last-out'
        ? `Leave-last-out by time: each customer's most recent item (ties: highest item id) is hidden; the models learn from the rest and must rank it in their top ${request.k} among items the customer has not had. ${evaluated} customers with 2+ distinct items are evaluated.`
        : `Random holdout (no date column): one random item per customer is hidden (seed ${request.seed}); the models learn from the rest and must rank it in their top ${request.k}. ${evaluated} customers with 2+ distinct items are evaluated.`,
    k: request.k,
    customers: events.userIds.length,
    items: events.itemIds.length,
    interactions: events.user.length,
    rows,
    chosen,
    chosenReason: choice.reason,
    served: { ...choice, setting: servedSetting(s) },
    notes,
    seconds: (performance.now() - started) / 1000,
  };
  lastRun = { request, tuned, candidates, specs, result };
  await setSetting(LAST_KEY, { request, spec: chosenSpec, run: lastRun } satisfies Remembered);
  return result;
}

function servedSetting(s: Served): string {
  return `${MODEL_LABELS[s.spec.model] ?? s.spec.model} (${describeSpec(s.spec)}) refitted on all ${s.events.user.length} interactions serves the lists below, "because you bought", the CSV export and the action list.`;
}

/** Serves another model of the last run (or the best again): no new evaluation, one refit on every interaction. */
async function serveModel(choiceOf: { pinned: string | null; metric: RankingMetricKey }, onProgress?: OnProgress): Promise<RecommendResult> {
  const last = lastRun ?? (await getSetting<Remembered>(LAST_KEY))?.run ?? null;
  if (!last) throw new Error('Run the recommendations first (Recommendations page)');
  const choice = chooseServedModel(last.candidates, { metric: choiceOf.metric, k: last.request.k, tuned: last.tuned, pinned: choiceOf.pinned });
  const request: RecommendRequest = { ...last.request, metric: choiceOf.metric };
  if (choice.pinned) request.pinned = choice.model;
  else delete request.pinned;
  const spec = last.specs[choice.model] ?? { model: 'popularity' };
  let s = served;
  if (!s || s.request.datasetId !== request.datasetId || JSON.stringify(s.spec) !== JSON.stringify(spec)) {
    await readyEngine();
    // The events of the served model are those of the last run unless this worker serves an older one.
    const events = s && s.request.datasetId === request.datasetId && s.request.customer === request.customer && s.request.item === request.item ? s.events : await loadEvents(request);
    s = await serve(request, spec, events, onProgress);
  } else s.request = request;
  const result: RecommendResult = { ...last.result, chosen: choice.model, chosenReason: choice.reason, served: { ...choice, setting: servedSetting(s) } };
  lastRun = { ...last, request, result };
  await setSetting(LAST_KEY, { request, spec, run: lastRun } satisfies Remembered);
  return result;
}

function reasonText(s: Served, because: number): string {
  if (because < 0) return 'popular with customers like you';
  return `because you bought ${s.names[because] ?? s.events.itemIds[because]}`;
}

async function topFor(s: Served, users: Int32Array, n: number): Promise<{ items: Int32Array; scores: Float32Array; because: Int32Array }> {
  const top = await topN(s.scorer, s.matrix, users, n);
  const because = new Int32Array(top.items.length).fill(-1);
  const sim = s.knn.similarity;
  users.forEach((u, b) => {
    const row = top.items.subarray(b * n, (b + 1) * n);
    const valid = row.filter((i) => i >= 0);
    because.set(becauseOf(s.matrix, u, valid, (j, i) => csrValue(sim, j, i)), b * n);
  });
  return { ...top, because };
}

async function customerRecommendations(customer: string, n: number): Promise<CustomerRecommendations> {
  const s = await ensureServed();
  const u = s.userIndex.get(customer.trim());
  if (u === undefined) throw new Error(`No customer "${customer}" in the last run`);
  const top = await topFor(s, Int32Array.of(u), n);
  const items: RecommendedItem[] = [];
  for (let r = 0; r < n; r++) {
    const i = top.items[r];
    if (i < 0) break;
    items.push({ item: s.events.itemIds[i], name: s.names[i], score: top.scores[r], reason: reasonText(s, top.because[r]) });
  }
  const m = s.matrix;
  const history = Array.from({ length: m.indptr[u + 1] - m.indptr[u] }, (_, t) => m.indptr[u] + t)
    .sort((a, b) => m.data[b] - m.data[a] || m.indices[a] - m.indices[b])
    .slice(0, 20)
    .map((p) => ({ item: s.events.itemIds[m.indices[p]], name: s.names[m.indices[p]], weight: m.data[p] }));
  return { customer: s.events.userIds[u], history, items };
}

async function searchCustomers(query: string, limit: number): Promise<string[]> {
  const s = await ensureServed();
  const q = query.trim().toLowerCase();
  const out: string[] = [];
  for (const id of s.events.userIds) {
    if (out.length >= limit) break;
    if (id.toLowerCase().includes(q)) out.push(id);
  }
  return out;
}

async function searchItems(query: string, limit: number): Promise<ItemMatch[]> {
  const s = await ensureServed();
  const q = query.trim().toLowerCase();
  const hits: number[] = [];
  s.events.itemIds.forEach((id, i) => {
    if (id.toLowerCase().includes(q) || (s.names[i] ?? '').toLowerCase().includes(q)) hits.push(i);
  });
  hits.sort((a, b) => s.customersPerItem[b] - s.customersPerItem[a] || a - b);
  return hits.slice(0, limit).map((i) => ({ item: s.events.itemIds[i], name: s.names[i], customers: s.customersPerItem[i] }));
}

async function alsoBought(item: string, n: number): Promise<RecommendedItem[]> {
  const s = await ensureServed();
  const i = s.itemIndex.get(item.trim());
  if (i === undefined) throw new Error(`No item "${item}" in the last run`);
  const top = knnAlsoBought(s.knn, i, n);
  const label = s.names[i] ?? s.events.itemIds[i];
  return Array.from(top.items, (j, r) => ({
    item: s.events.itemIds[j],
    name: s.names[j],
    score: top.scores[r],
    reason: `bought with ${label} (cosine ${top.scores[r].toFixed(2)})`,
  }));
}

async function recommendationsCsv(n: number): Promise<string> {
  const s = await ensureServed();
  const users = Int32Array.from(s.events.userIds, (_, u) => u);
  const top = await topFor(s, users, n);
  const rows: unknown[][] = [];
  users.forEach((u) => {
    for (let r = 0; r < n; r++) {
      const i = top.items[u * n + r];
      if (i < 0) break;
      rows.push([s.events.userIds[u], r + 1, s.events.itemIds[i], s.names[i] ?? '', top.scores[u * n + r], reasonText(s, top.because[u * n + r])]);
    }
  });
  return toCsv(['customer', 'rank', 'item', 'name', 'score', 'reason'], rows);
}

async function recommendationsFor(customers: string[], n: number): Promise<Record<string, { item: string; name?: string; reason: string }[]>> {
  const s = await ensureServed();
  const out: Record<string, { item: string; name?: string; reason: string }[]> = {};
  const known = customers.filter((c) => s.userIndex.has(c.trim()));
  for (const c of customers) out[c] = [];
  const users = Int32Array.from(known, (c) => s.userIndex.get(c.trim())!);
  const top = await topFor(s, users, n);
  known.forEach((c, b) => {
    for (let r = 0; r < n; r++) {
      const i = top.items[b * n + r];
      if (i < 0) break;
      const entry: { item: string; name?: string; reason: string } = { item: s.events.itemIds[i], reason: reasonText(s, top.because[b * n + r]) };
      if (s.names[i] !== undefined) entry.name = s.names[i];
      out[c].push(entry);
    }
  });
  return out;
}

async function baskets(request: BasketRequest, onProgress?: OnProgress): Promise<BasketResult> {
  const started = performance.now();
  onProgress?.({ stage: 'Reading baskets', done: 0, total: 2 });
  // Baskets and items are identifiers: prices or quantities as items gave rules like "P0170 -> 56.99".
  const meta = await getDataset(request.datasetId);
  const problem = basketColumnsProblem(meta, request.basket, request.item);
  if (problem) throw new Error(problem);
  const grouped = request.basket && request.item ? { basket: request.basket, item: request.item } : null;
  const table = await loadTable(request.datasetId, grouped ? [grouped.basket, grouped.item] : undefined);
  const b = grouped ? basketsFromColumns(table, grouped.basket, grouped.item) : basketsFromTable(table);
  onProgress?.({ stage: 'Counting item pairs', done: 1, total: 2 });
  const pairs = itemPairs(b, { minSupport: request.minSupport, top: request.top });
  const counts = columnCounts(b.matrix);
  const order = Array.from(counts.keys()).sort((x, y) => counts[y] - counts[x] || x - y);
  onProgress?.({ stage: 'Done', done: 2, total: 2 });
  return {
    baskets: b.matrix.rows,
    items: b.itemIds.length,
    topItems: order.slice(0, 15).map((i) => ({ item: b.itemIds[i], baskets: counts[i] })),
    pairs: pairs.map((p) => ({ a: b.itemIds[p.a], b: b.itemIds[p.b], support: p.support, confidence: p.confidence, lift: p.lift })),
    seconds: (performance.now() - started) / 1000,
  };
}

export const recommendApi: RecommendApi = {
  recommend,
  serveModel,
  searchCustomers,
  searchItems,
  customerRecommendations,
  alsoBought,
  recommendationsCsv,
  recommendationsFor,
  baskets,
};
