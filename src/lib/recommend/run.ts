// A Recommendations run: the models compared offline on the interactions, the served one chosen (best
// by the metric, or pinned) and refitted on every interaction; and serving another model of that run
// without evaluating again. Market baskets too. Pure: tables in, plain data out.
import type { Table } from '../data/table';
import type { ProgressFn } from '../progress';
import { compareModels, DEFAULT_BUDGET_SECONDS, keptDefaultNotes, tuningNote, type ModelReport } from '../models/recommend/auto';
import { basketsFromColumns, basketsFromTable, itemPairs } from '../models/recommend/baskets';
import { chooseServedModel, selectionRuleText, type Candidate, type RankingMetricKey, type ServedChoice } from '../models/recommend/choose';
import { columnCounts, type Csr } from '../models/recommend/csr';
import { easePruning } from '../models/recommend/ease';
import { preferDualFit } from '../models/recommend/ease-path';
import { basketColumnsProblem, keyColumnProblem, type DatasetInfo } from '../models/recommend/inputs';
import type { Events, Weighting } from '../models/recommend/interactions';
import type { ModelParams } from '../models/recommend/models';
import type { Protocol } from '../models/recommend/split';
import type { BasketRequest, BasketResult, ModelRow, RecommendRequest, RecommendResult } from '../../contract/recommend';
import { fitServed, weightingOf, type Served, type StoredRecommend } from './serve';
import { backendOf, describeSpec, MODEL_LABELS, protocolText, servedSetting } from './texts';

export interface RunOptions {
  /** The engine's active backend, for the table's backend column. */
  backend: string;
  onProgress?: ProgressFn;
  /** When the run started (performance.now()), if before loading the data. */
  started?: number;
}

/** Customers and items are identifiers: a price or quantity column here would recommend numbers. */
export function requestProblem(meta: DatasetInfo, request: RecommendRequest): string | null {
  if (!(Number.isInteger(request.k) && request.k > 0)) return `k must be a positive integer, got ${request.k}`;
  return keyColumnProblem(meta, request.customer, 'customer') ?? keyColumnProblem(meta, request.item, 'item');
}

export interface EvaluateOptions {
  /** The engine's active backend, for the table's backend column. */
  backend: string;
  onProgress?: ProgressFn;
  /** The CLI's --protocol (default: leave-last-out with a date column, else random). */
  protocol?: Protocol;
  /** The CLI's weighting as given (default: the request's, recency decay only with a date). */
  weighting?: Weighting;
  /** The CLI's --metric also picks the tuned settings (the page tunes by NDCG and serves by the metric). */
  tuneMetric?: RankingMetricKey;
  /** When the run started (performance.now()): auto's time budget counts from there (loading included). */
  started?: number;
}

export interface Evaluation {
  protocol: Protocol;
  notes: string[];
  rows: ModelRow[];
  /** Chosen on validation (auto with learned models) or on the test split. */
  tuned: boolean;
  candidates: Candidate[];
  specs: Record<string, ModelParams>;
  choice: ServedChoice;
}

/** Compares the requested models (with popularity) offline and picks the one to serve (best by the metric, or pinned). */
export async function evaluateModels(events: Events, request: RecommendRequest, options: EvaluateOptions): Promise<Evaluation> {
  if (!(Number.isInteger(request.k) && request.k > 0)) throw new Error(`k must be a positive integer, got ${request.k}`);
  // Said before any split, in the words the comparison itself uses (why 2 customers / items are needed).
  const users = events.userIds.length;
  const items = events.itemIds.length;
  if (users < 2) throw new Error(`Only ${users === 1 ? 'one customer' : 'no customers'} with both ids present: recommenders are compared by hiding each customer's latest item and ranking it among items other customers bought, so at least 2 customers are needed.`);
  if (items < 2) throw new Error(`Only ${items === 1 ? 'one item' : 'no items'} with both ids present: there is nothing to recommend; at least 2 different items are needed.`);
  const protocol: Protocol = options.protocol ?? (request.date ? 'leave-last-out' : 'random');
  const notes: string[] = [];
  if (request.halfLifeDays && !request.date) notes.push('Recency decay needs a date column; it was not applied.');
  // Above its item cap EASE keeps the best-supported items (ease.ts), unless it runs in the dual form, which has no item x item matrix.
  const pruned = request.models.includes('ease') && !preferDualFit({ rows: users, cols: items } as Csr) ? easePruning(items) : null;
  if (pruned) notes.push(pruned);
  const models = request.models;
  const comparison = await compareModels(events, {
    k: request.k,
    protocol,
    seed: request.seed,
    weighting: options.weighting ?? weightingOf(request),
    models,
    tune: request.auto,
    ...(request.auto ? { budgetSeconds: request.budgetSeconds ?? DEFAULT_BUDGET_SECONDS } : {}),
    ...(options.started !== undefined ? { started: options.started / 1000 } : {}),
    fixed: {
      ease: { model: 'ease', params: { ...request.params?.ease } },
      als: { model: 'als', params: { ...request.params?.als } },
      itemknn: { model: 'itemknn', params: { ...request.params?.itemknn } },
    },
    onProgress: options.onProgress,
    ...(options.tuneMetric ? { metric: options.tuneMetric } : {}),
  });
  const cut = tuningNote(comparison.tuning);
  if (cut) notes.push(cut);
  notes.push(...keptDefaultNotes(comparison.tuning, options.tuneMetric ?? 'ndcgAtK', request.k, describeSpec));
  const rows: ModelRow[] = Object.entries(comparison.models).map(([model, r]: [string, ModelReport]) => {
    const { spec, trainSeconds, validation, pairedSe, ...metrics } = r;
    return { ...metrics, model, label: MODEL_LABELS[model] ?? model, setting: describeSpec(spec), trainSeconds, backend: backendOf(model, options.backend), validation, ...(pairedSe ? { pairedSe } : {}) };
  });
  // Served: the best by the chosen metric (validation when tuned, else the test split above), or the pin.
  const tuned = request.auto && models.length > 0;
  const candidates: Candidate[] = rows.map(({ model, validation, pairedSe, ...metrics }) => ({ model, metrics, validation, ...(pairedSe ? { pairedSe } : {}) }));
  const t = comparison.tuning;
  if (tuned) notes.push(selectionRuleText(request.metric ?? 'ndcgAtK', request.k, t?.folds && t.validated !== undefined ? { folds: t.folds, validated: t.validated } : undefined));
  const choice = chooseServedModel(candidates, { metric: request.metric ?? 'ndcgAtK', k: request.k, tuned, pinned: request.pinned });
  const specs: Record<string, ModelParams> = Object.fromEntries(Object.entries(comparison.models).map(([m, r]) => [m, r.spec]));
  return { protocol, notes, rows, tuned, candidates, specs, choice };
}

/** Compares the requested models on `events`, then refits the chosen one on all of them to serve. */
export async function runRecommend(
  events: Events,
  names: (string | undefined)[],
  request: RecommendRequest,
  options: RunOptions,
): Promise<{ result: RecommendResult; stored: StoredRecommend; served: Served }> {
  const started = options.started ?? performance.now();
  const { rows, notes, protocol, tuned, candidates, specs, choice } = await evaluateModels(events, request, { ...options, started });
  const spec = specs[choice.model] ?? { model: 'popularity' };
  const served = await fitServed(request, spec, events, names, options.onProgress);
  const result: RecommendResult = {
    protocol,
    protocolText: protocolText(protocol, request.k, request.seed, rows[0]?.users ?? 0),
    k: request.k,
    customers: events.userIds.length,
    items: events.itemIds.length,
    interactions: events.user.length,
    rows,
    chosen: choice.model,
    chosenReason: choice.reason,
    served: { ...choice, setting: servedSetting(spec, events.user.length) },
    notes,
    seconds: (performance.now() - started) / 1000,
  };
  return { result, stored: { result, request, spec, tuned, candidates, specs }, served };
}

/**
 * Another model of a stored run (pinned: that one; null: the best by `metric`), without evaluating
 * again: the new stored value. Refit it (`fitServed` / `serveFrom`) unless its spec already serves.
 */
export function serveAnother(stored: StoredRecommend, choiceOf: { pinned: string | null; metric: RankingMetricKey }): StoredRecommend {
  const choice = chooseServedModel(stored.candidates, { metric: choiceOf.metric, k: stored.request.k, tuned: stored.tuned, pinned: choiceOf.pinned });
  const request: RecommendRequest = { ...stored.request, metric: choiceOf.metric };
  if (choice.pinned) request.pinned = choice.model;
  else delete request.pinned;
  const spec = stored.specs[choice.model] ?? { model: 'popularity' };
  const result: RecommendResult = { ...stored.result, chosen: choice.model, chosenReason: choice.reason, served: { ...choice, setting: servedSetting(spec, stored.result.interactions) } };
  return { ...stored, request, spec, result };
}

/** Whether a served model answers for `stored` as it is (same data, weighting, catalogue and spec): no refit needed. */
export function servesAlready(s: Served | null, stored: StoredRecommend): boolean {
  const fitted = (r: RecommendRequest) => JSON.stringify([weightingOf(r), r.catalogue ?? null]);
  return Boolean(s && sameEvents(s.request, stored.request) && fitted(s.request) === fitted(stored.request) && JSON.stringify(s.spec) === JSON.stringify(stored.spec));
}

/** Whether two requests read the same interactions (their events can be reused). */
export function sameEvents(a: RecommendRequest, b: RecommendRequest): boolean {
  return a.datasetId === b.datasetId && a.customer === b.customer && a.item === b.item && (a.date ?? '') === (b.date ?? '') && (a.value ?? '') === (b.value ?? '');
}

export function basketProblem(meta: DatasetInfo, request: BasketRequest): string | null {
  return basketColumnsProblem(meta, request.basket, request.item);
}

/** The columns a basket request reads (undefined: every column, each row a basket). */
export function basketColumns(request: BasketRequest): string[] | undefined {
  return request.basket && request.item ? [request.basket, request.item] : undefined;
}

/** Market baskets: frequent item pairs by lift, and the most frequent items. */
export function basketReport(table: Table, request: BasketRequest, onProgress?: ProgressFn, started = performance.now()): BasketResult {
  const b = request.basket && request.item ? basketsFromColumns(table, request.basket, request.item) : basketsFromTable(table);
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
