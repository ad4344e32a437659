// The served recommender: the model the Recommendations page chose, refitted on every interaction.
// It answers the per-customer lists ("because you bought"), search, "also bought", the CSV export
// and the action list's recommended items. Pure: tables in, plain data out.
//
// Serving again from the stored run (a fresh worker, the Actions page), in a worker:
//   await readyEngine();                                   // workers/compute/engine.ts (tfjs backend)
//   const record = await loadResult('recommend');          // src/storage/results.ts; null: nothing run yet
//   const { interactions, catalogue } = servedColumns(record.value.request);
//   const served = await serveFrom(record.value,
//     await loadTable(interactions.datasetId, interactions.columns),
//     catalogue && (await loadTable(catalogue.datasetId, catalogue.columns)));
//   const lists = await recommendFor(served, ['C1', 'C2'], 3); // { C1: [{ item, name?, reason }], C2: [] }
//   disposeServed(served);                                 // when done (frees tensors)
// src/storage/recommender.ts does exactly this with a per-worker cache: `servedRecommender()`.
import { cellText, getColumn, type Table } from '../data/table';
import { toCsv } from '../export/csv';
import type { ProgressFn } from '../progress';
import type { Candidate } from '../models/recommend/choose';
import { columnCounts, type Csr } from '../models/recommend/csr';
import { eventsFromTable, interactionMatrix, type Events, type Weighting } from '../models/recommend/interactions';
import { alsoBought as knnAlsoBought, becauseOf, csrValue, fitItemKnn, type ItemKnnModel } from '../models/recommend/itemknn';
import { fitModel, usesRecency, type ModelParams } from '../models/recommend/models';
import { withRecency } from '../models/recommend/recency';
import type { Scorer } from '../models/recommend/scorer';
import { topN } from '../models/recommend/topn';
import type { CustomerRecommendations, ItemMatch, RecommendedItem, RecommendRequest, RecommendResult } from '../../contract/recommend';
import { describeSpec, MODEL_LABELS, reasonText } from './texts';

/** What the result store keeps of a run (kind 'recommend'): the view and enough to serve again. */
export interface StoredRecommend {
  /** The view the page shows. */
  result: RecommendResult;
  /** The request of the run, with the metric and pin that chose the served model. */
  request: RecommendRequest;
  /** The served model's hyper-parameters: refitted on every interaction to serve. */
  spec: ModelParams;
  /** Chosen on validation (auto with learned models) or on the test split. */
  tuned: boolean;
  /** Every evaluated model's metrics and spec: another may be served without evaluating again. */
  candidates: Candidate[];
  specs: Record<string, ModelParams>;
}

/** A recommended item as the action list takes it. */
export interface ItemPick {
  item: string;
  name?: string;
  reason: string;
}

export interface Served {
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

export function weightingOf(request: RecommendRequest): Weighting {
  return { scheme: request.weighting, halfLifeDays: request.halfLifeDays && request.date ? request.halfLifeDays : undefined };
}

/** The columns a request reads: the interactions, and the catalogue's key and name when it has one. */
export function servedColumns(request: RecommendRequest): {
  interactions: { datasetId: string; columns: string[] };
  catalogue: { datasetId: string; columns: string[] } | null;
} {
  const c = request.catalogue;
  return {
    interactions: { datasetId: request.datasetId, columns: [request.customer, request.item, request.date, request.value].filter((x): x is string => Boolean(x)) },
    catalogue: c ? { datasetId: c.datasetId, columns: [c.key, c.name] } : null,
  };
}

export function eventsOf(table: Table, request: RecommendRequest): Events {
  return eventsFromTable(table, { user: request.customer, item: request.item, time: request.date || undefined, value: request.value || undefined });
}

/** Display names of the items from a catalogue table (key and name columns of `request.catalogue`). */
export function catalogueNames(request: RecommendRequest, catalogue: Table | null | undefined, itemIds: readonly string[]): (string | undefined)[] {
  const names: (string | undefined)[] = new Array<string | undefined>(itemIds.length).fill(undefined);
  const c = request.catalogue;
  if (!c || !catalogue) return names;
  const key = getColumn(catalogue, c.key);
  const name = getColumn(catalogue, c.name);
  const byKey = new Map<string, string>();
  for (let r = 0; r < catalogue.rows; r++) byKey.set(cellText(key, r).trim(), cellText(name, r));
  itemIds.forEach((id, i) => (names[i] = byKey.get(id)));
  return names;
}

/** Refits `spec` on every interaction and builds what the per-customer calls need. */
export async function fitServed(request: RecommendRequest, spec: ModelParams, events: Events, names: (string | undefined)[], onProgress?: ProgressFn): Promise<Served> {
  const plain = interactionMatrix(events, weightingOf(request));
  // A recency-decayed EASE scores from each customer's items in time order.
  const matrix = usesRecency(spec) ? withRecency(plain, events) : plain;
  onProgress?.({ stage: 'Refitting the chosen model on every interaction', done: 0, total: 1 });
  const scorer = await fitModel(spec, matrix, onProgress);
  const knn = fitItemKnn(matrix);
  return {
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
}

/** The stored run's served model, refitted on the interactions table (and named from the catalogue). */
export async function serveFrom(stored: StoredRecommend, interactions: Table, catalogue?: Table | null, onProgress?: ProgressFn): Promise<Served> {
  const events = eventsOf(interactions, stored.request);
  return fitServed(stored.request, stored.spec, events, catalogueNames(stored.request, catalogue, events.itemIds), onProgress);
}

export function disposeServed(s: Served): void {
  s.scorer.dispose();
  s.knn.dispose();
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

/** Top-n for the given customers (ids trimmed); an id not in the interactions gets []. */
export async function recommendFor(s: Served, customers: readonly string[], n: number): Promise<Record<string, ItemPick[]>> {
  const out: Record<string, ItemPick[]> = {};
  const known = customers.filter((c) => s.userIndex.has(c.trim()));
  for (const c of customers) out[c] = [];
  const users = Int32Array.from(known, (c) => s.userIndex.get(c.trim())!);
  const top = await topFor(s, users, n);
  known.forEach((c, b) => {
    for (let r = 0; r < n; r++) {
      const i = top.items[b * n + r];
      if (i < 0) break;
      const entry: ItemPick = { item: s.events.itemIds[i], reason: reasonText(s.names, s.events.itemIds, top.because[b * n + r]) };
      if (s.names[i] !== undefined) entry.name = s.names[i];
      out[c].push(entry);
    }
  });
  return out;
}

/** What serves, for a source line: "EASE (lambda 100) from the Recommendations page". */
export function servedSource(s: Served): string {
  return `${MODEL_LABELS[s.spec.model] ?? s.spec.model} (${describeSpec(s.spec)}) on "${s.request.item}" from the Recommendations page`;
}

export async function customerRecommendations(s: Served, customer: string, n: number): Promise<CustomerRecommendations> {
  const u = s.userIndex.get(customer.trim());
  if (u === undefined) throw new Error(`No customer "${customer}" in the last run`);
  const top = await topFor(s, Int32Array.of(u), n);
  const items: RecommendedItem[] = [];
  for (let r = 0; r < n; r++) {
    const i = top.items[r];
    if (i < 0) break;
    items.push({ item: s.events.itemIds[i], name: s.names[i], score: top.scores[r], reason: reasonText(s.names, s.events.itemIds, top.because[r]) });
  }
  const m = s.matrix;
  const history = Array.from({ length: m.indptr[u + 1] - m.indptr[u] }, (_, t) => m.indptr[u] + t)
    .sort((a, b) => m.data[b] - m.data[a] || m.indices[a] - m.indices[b])
    .slice(0, 20)
    .map((p) => ({ item: s.events.itemIds[m.indices[p]], name: s.names[m.indices[p]], weight: m.data[p] }));
  return { customer: s.events.userIds[u], history, items };
}

export function searchCustomers(s: Served, query: string, limit: number): string[] {
  const q = query.trim().toLowerCase();
  const out: string[] = [];
  for (const id of s.events.userIds) {
    if (out.length >= limit) break;
    if (id.toLowerCase().includes(q)) out.push(id);
  }
  return out;
}

export function searchItems(s: Served, query: string, limit: number): ItemMatch[] {
  const q = query.trim().toLowerCase();
  const hits: number[] = [];
  s.events.itemIds.forEach((id, i) => {
    if (id.toLowerCase().includes(q) || (s.names[i] ?? '').toLowerCase().includes(q)) hits.push(i);
  });
  hits.sort((a, b) => s.customersPerItem[b] - s.customersPerItem[a] || a - b);
  return hits.slice(0, limit).map((i) => ({ item: s.events.itemIds[i], name: s.names[i], customers: s.customersPerItem[i] }));
}

export function alsoBought(s: Served, item: string, n: number): RecommendedItem[] {
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

/** Top-n for every customer as a formula-safe CSV (customer, rank, item, name, score, reason). */
export async function recommendationsCsv(s: Served, n: number): Promise<string> {
  const users = Int32Array.from(s.events.userIds, (_, u) => u);
  const top = await topFor(s, users, n);
  const rows: unknown[][] = [];
  users.forEach((u) => {
    for (let r = 0; r < n; r++) {
      const i = top.items[u * n + r];
      if (i < 0) break;
      rows.push([s.events.userIds[u], r + 1, s.events.itemIds[i], s.names[i] ?? '', top.scores[u * n + r], reasonText(s.names, s.events.itemIds, top.because[u * n + r])]);
    }
  });
  return toCsv(['customer', 'rank', 'item', 'name', 'score', 'reason'], rows);
}
