// The Recommendations page's state: choices (defaulted from column roles), the model comparison
// run, per-customer lists, "also bought", the CSV export and the market-basket view.
import type { Remote } from 'comlink';
import type {
  BasketRequest,
  BasketResult,
  ComputeApi,
  CustomerRecommendations,
  ItemMatch,
  RankingMetricKey,
  RecommendedItem,
  RecommendModel,
  RecommendRequest,
  RecommendResult,
  WeightScheme,
} from '../contract';
import { basketColumnsProblem, basketDefaults, basketsProblem, interactionsProblem, isBasketLines, keyColumnOptions, keyColumnProblem } from '../lib/models/recommend/inputs';
import { defaultPool, isDemo } from '../lib/data/suitability';
import { DEFAULT_BUDGET_SECONDS } from '../lib/models/recommend/budget';
import type { DatasetMeta } from '../storage/db';
import { confirmedJoin, type DatasetLink } from '../lib/data/links';
import { Run } from './analysis.svelte';
import type { AppContext } from './app-context';
import { message } from './workspace.svelte';
import { stampData, storedStamps, type DataStamp } from './stale';

const NAME_HINT = /name|title|description|label/i;

/** An interactions dataset: customer and item roles on category or id columns. */
export function isInteractions(d: DatasetMeta): boolean {
  const key = (name: string | undefined) => Boolean(name && !keyColumnProblem(d, name, 'item'));
  return key(d.roles.customer) && key(d.roles.item);
}

/** A catalogue for an item column: a dataset (not the interactions one) with a column of that name, or an item role. */
export function catalogueDefault(datasets: DatasetMeta[], interactions: DatasetMeta | null, itemColumn: string, links: readonly DatasetLink[] = []): { datasetId: string; key: string; name: string } | null {
  // A dataset confirmed-linked to the item column comes first (Data page, "Links between datasets").
  for (const d of interactions ? datasets : []) {
    const j = d.id === interactions!.id ? null : confirmedJoin(links, interactions!.id, d.id, itemColumn);
    const name = j && d.columns.find((c) => c.name !== j.b && NAME_HINT.test(c.name))?.name;
    if (j && name) return { datasetId: d.id, key: j.b, name };
  }
  // Demo data stays apart: the demo catalogue only for demo interactions, never for the user's own.
  const pool = interactions ? datasets.filter((d) => isDemo(d) === isDemo(interactions)) : defaultPool(datasets);
  for (const d of pool) {
    if (d.id === interactions?.id) continue;
    const key = d.columns.find((c) => c.name === itemColumn)?.name ?? (d.roles.customer ? undefined : d.roles.item);
    if (!key) continue;
    const name = d.columns.find((c) => c.name !== key && NAME_HINT.test(c.name))?.name;
    if (name) return { datasetId: d.id, key, name };
  }
  return null;
}

/** Datasets for a picker, suitable ones first (in workspace order), each with the reason it is not. */
export function rankDatasets(datasets: DatasetMeta[], problemOf: (d: DatasetMeta) => string | null): { dataset: DatasetMeta; problem: string | null }[] {
  const all = datasets.map((dataset) => ({ dataset, problem: problemOf(dataset) }));
  return [...all.filter((o) => !o.problem), ...all.filter((o) => o.problem)];
}

/** The time budgets the form offers for auto, in seconds. */
export const BUDGET_CHOICES = [30, 60, 120, 300, 600] as const;

/** "0:07", "2:00", "12:30": elapsed and remaining times in the progress line. */
export { clockText, timingText } from './timing';

export class RecommendPage {
  readonly ctx: AppContext;
  readonly run: Run;
  readonly side: Run;
  readonly bridge: ReturnType<AppContext['createCompute']>;

  datasetId = $state<string | null>(null);
  customer = $state('');
  item = $state('');
  date = $state('');
  value = $state('');
  weighting = $state<WeightScheme>('binary');
  decay = $state(false);
  halfLifeDays = $state(90);
  k = $state(10);
  models = $state<Record<RecommendModel, boolean>>({ itemknn: true, ease: true, als: true });
  auto = $state(true);
  /** Seconds auto may take (tuning stops there and the best found so far serves). */
  budgetSeconds = $state(DEFAULT_BUDGET_SECONDS);
  seed = $state(42);
  /** Picks the served model: the best by this metric, unless the user pinned one. */
  metric = $state<RankingMetricKey>('ndcgAtK');
  pinned = $state<string | null>(null);
  serving = $state(false);
  catalogueId = $state('');
  catalogueKey = $state('');
  catalogueName = $state('');

  result = $state.raw<RecommendResult | null>(null);
  /** The data this page's run came from, to say when it is out of date (src/state/stale.ts). */
  runStamps = $state.raw<DataStamp[] | null>(null);
  /** A result read back from the store: its datasets and those changed since it was computed. */
  restored = $state.raw<{ ids: (string | undefined)[]; stale: string[] } | null>(null);
  customerQuery = $state('');
  customerMatches = $state.raw<string[]>([]);
  picked = $state.raw<CustomerRecommendations | null>(null);
  itemQuery = $state('');
  itemMatches = $state.raw<ItemMatch[]>([]);
  pickedItem = $state.raw<{ item: ItemMatch; also: RecommendedItem[] } | null>(null);
  topCount = $state(10);
  lookupError = $state<string | null>(null);
  exporting = $state(false);

  basketId = $state<string | null>(null);
  /** Basket (invoice) and item columns; both '' reads each row as one basket (headerless basket lines). */
  basketColumn = $state('');
  basketItem = $state('');
  minSupport = $state(0.001);
  basketTop = $state(30);
  basketResult = $state.raw<BasketResult | null>(null);

  readonly datasets = $derived.by(() => this.ctx.workspace.datasets);
  readonly stamps = $derived(this.runStamps ?? (this.restored ? storedStamps(this.datasets, this.restored.ids, this.restored.stale) : null));
  readonly dataset = $derived(this.datasets.find((d) => d.id === this.datasetId) ?? null);
  readonly columns = $derived(this.dataset?.columns.map((c) => c.name) ?? []);
  readonly catalogue = $derived(this.datasets.find((d) => d.id === this.catalogueId) ?? null);
  readonly chosenModels = $derived((Object.keys(this.models) as RecommendModel[]).filter((m) => this.models[m]));
  /** Datasets for the interactions picker: suitable first, the rest with the reason they are greyed. */
  readonly datasetOptions = $derived(rankDatasets(this.datasets, interactionsProblem));
  /** Customer and item pickers: category/id columns first, numbers, dates and flags disabled with the reason. */
  readonly keyOptions = $derived(this.dataset ? keyColumnOptions(this.dataset) : []);
  readonly columnProblem = $derived(
    this.dataset ? (keyColumnProblem(this.dataset, this.customer, 'customer') ?? keyColumnProblem(this.dataset, this.item, 'item')) : null,
  );
  readonly canRun = $derived(Boolean(this.dataset && this.customer && this.item && this.k > 0 && !this.columnProblem));
  readonly basketDataset = $derived(this.datasets.find((d) => d.id === this.basketId) ?? null);
  readonly basketOptions = $derived(rankDatasets(this.datasets, basketsProblem));
  readonly basketKeyOptions = $derived(this.basketDataset ? keyColumnOptions(this.basketDataset) : []);
  readonly basketProblem = $derived(
    this.basketDataset ? basketColumnsProblem(this.basketDataset, this.basketColumn || undefined, (this.basketColumn && this.basketItem) || undefined) : null,
  );

  constructor(ctx: AppContext) {
    this.ctx = ctx;
    this.bridge = ctx.createCompute();
    this.run = new Run(this.bridge);
    // Look-ups have a handle of their own on the shared compute worker: cancelling a model run stops that
    // worker, and a look-up in flight then fails with StoppedElsewhereError (never silently).
    this.side = new Run(ctx.createCompute());
    void this.#restore();
  }

  /** The last stored run (after a reload): its result, its form, and the look-ups from its model. */
  async #restore(): Promise<void> {
    let last: Awaited<ReturnType<ComputeApi['recommendLast']>> = null;
    try {
      last = await this.bridge.run((api) => api.recommendLast());
    } catch {
      return;
    }
    if (!last || this.result || this.run.running) return;
    this.#applySettings(last.settings);
    this.result = last.result;
    this.restored = { ids: [last.settings.datasetId, last.settings.catalogue?.datasetId], stale: last.stale };
    await Promise.all([this.searchCustomers(), this.searchItems()]);
  }

  #applySettings(r: RecommendRequest): void {
    this.datasetId = r.datasetId;
    this.customer = r.customer;
    this.item = r.item;
    this.date = r.date ?? '';
    this.value = r.value ?? '';
    this.weighting = r.weighting;
    this.decay = Boolean(r.halfLifeDays);
    if (r.halfLifeDays) this.halfLifeDays = r.halfLifeDays;
    this.k = r.k;
    this.models = { itemknn: r.models.includes('itemknn'), ease: r.models.includes('ease'), als: r.models.includes('als') };
    this.auto = r.auto;
    this.budgetSeconds = r.budgetSeconds ?? DEFAULT_BUDGET_SECONDS;
    this.seed = r.seed;
    this.metric = r.metric ?? 'ndcgAtK';
    this.pinned = r.pinned ?? null;
    this.catalogueId = r.catalogue?.datasetId ?? '';
    this.catalogueKey = r.catalogue?.key ?? '';
    this.catalogueName = r.catalogue?.name ?? '';
  }

  /** Picks sensible defaults once datasets are known (and again when the chosen one disappears). */
  ensureDefaults(): void {
    const ds = this.datasets;
    if (this.datasetId && ds.some((d) => d.id === this.datasetId)) return;
    // The user's own datasets only, once they have any: demo data is never a default beside them.
    const pool = defaultPool(ds);
    const interactions = pool.find((d) => isInteractions(d) && d.roles.date) ?? pool.find(isInteractions) ?? null;
    if (interactions) this.chooseDataset(interactions.id);
    // Basket lines first, then invoice line items whose basket and item columns are recognised.
    const baskets = pool.find((d) => isBasketLines(d) && d.columns.length > 2) ?? pool.find((d) => !basketsProblem(d) && basketDefaults(d).basket && basketDefaults(d).item) ?? null;
    if (baskets && !this.basketId) this.chooseBasketDataset(baskets.id);
  }

  chooseDataset(id: string): void {
    const d = this.datasets.find((x) => x.id === id);
    if (!d) return;
    this.datasetId = id;
    // A role on a number column (e.g. a count called "customer ...") is not offered as a key.
    const key = (name: string | undefined) => (name && !keyColumnProblem(d, name, 'item') ? name : '');
    this.customer = key(d.roles.customer);
    this.item = key(d.roles.item);
    this.date = d.roles.date ?? '';
    this.value = d.roles.quantity ?? d.roles.amount ?? '';
    const cat = catalogueDefault(this.datasets, d, this.item, this.ctx.workspace.links.confirmed);
    this.catalogueId = cat?.datasetId ?? '';
    this.catalogueKey = cat?.key ?? '';
    this.catalogueName = cat?.name ?? '';
  }

  chooseCatalogue(id: string): void {
    this.catalogueId = id;
    const d = this.catalogue;
    if (!d) {
      this.catalogueKey = '';
      this.catalogueName = '';
      return;
    }
    this.catalogueKey = d.columns.find((c) => c.name === this.item)?.name ?? d.roles.item ?? d.columns[0]?.name ?? '';
    this.catalogueName = d.columns.find((c) => c.name !== this.catalogueKey && NAME_HINT.test(c.name))?.name ?? d.columns[1]?.name ?? '';
  }

  request(): RecommendRequest {
    const r: RecommendRequest = {
      datasetId: this.datasetId ?? '',
      customer: this.customer,
      item: this.item,
      weighting: this.weighting,
      k: this.k,
      models: $state.snapshot(this.chosenModels),
      auto: this.auto,
      seed: this.seed,
      metric: this.metric,
    };
    if (this.auto) r.budgetSeconds = this.budgetSeconds;
    if (this.pinned) r.pinned = this.pinned;
    if (this.date) r.date = this.date;
    if (this.value) r.value = this.value;
    if (this.decay && this.date) r.halfLifeDays = this.halfLifeDays;
    if (this.catalogueId && this.catalogueKey && this.catalogueName) {
      r.catalogue = { datasetId: this.catalogueId, key: this.catalogueKey, name: this.catalogueName };
    }
    return r;
  }

  async start(): Promise<void> {
    const request = this.request();
    const stamps = stampData(this.ctx.workspace.datasets, [request.datasetId, request.catalogue?.datasetId]);
    const result = await this.run.start((api, onProgress) => api.recommend(request, onProgress));
    if (!result) return;
    this.result = result;
    this.runStamps = stamps;
    this.restored = null;
    // A pin on a model this run did not evaluate was dropped.
    this.pinned = result.served.pinned ? result.served.model : null;
    this.picked = null;
    this.pickedItem = null;
    this.customerMatches = [];
    this.itemMatches = [];
    await Promise.all([this.searchCustomers(), this.searchItems()]);
  }

  cancel(): void {
    this.run.cancel();
  }

  /** Serves `pinned` (null: the best by `metric`) for the lists, "because you bought" and the CSV, without a new run. */
  async serve(pinned: string | null, metric: RankingMetricKey = this.metric): Promise<void> {
    this.pinned = pinned;
    this.metric = metric;
    if (!this.result) return;
    this.serving = true;
    try {
      const updated = await this.#lookup((api) => api.serveModel({ pinned, metric }));
      if (!updated) return;
      this.result = updated;
      // The open list came from the previous model.
      if (this.picked) await this.pickCustomer(this.picked.customer);
    } finally {
      this.serving = false;
    }
  }

  async #lookup<R>(call: (api: Remote<ComputeApi>) => Promise<R>): Promise<R | null> {
    this.lookupError = null;
    try {
      return await this.bridge.run(call);
    } catch (e) {
      this.lookupError = message(e);
      return null;
    }
  }

  async searchCustomers(): Promise<void> {
    const q = this.customerQuery;
    const found = await this.#lookup((api) => api.searchCustomers(q, 50));
    if (found) this.customerMatches = found;
  }

  async pickCustomer(id: string): Promise<void> {
    const n = this.topCount;
    const found = await this.#lookup((api) => api.customerRecommendations(id, n));
    if (found) this.picked = found;
  }

  async searchItems(): Promise<void> {
    const q = this.itemQuery;
    const found = await this.#lookup((api) => api.searchItems(q, 50));
    if (found) this.itemMatches = found;
  }

  async pickItem(match: ItemMatch): Promise<void> {
    const found = await this.#lookup((api) => api.alsoBought(match.item, 10));
    if (found) this.pickedItem = { item: match, also: found };
  }

  /** The CSV is built in the worker; only the finished file crosses over. */
  async exportCsv(): Promise<Blob | null> {
    this.exporting = true;
    try {
      const n = this.topCount;
      return await this.#lookup((api) => api.recommendationsCsv(n));
    } finally {
      this.exporting = false;
    }
  }

  chooseBasketDataset(id: string): void {
    const d = this.datasets.find((x) => x.id === id);
    if (!d) return;
    this.basketId = id;
    const picked = basketDefaults(d);
    this.basketColumn = picked.basket;
    this.basketItem = picked.item;
    this.basketResult = null;
  }

  async runBaskets(): Promise<void> {
    const request: BasketRequest = { datasetId: this.basketId ?? '', minSupport: this.minSupport, top: this.basketTop };
    // No basket column: each row is one basket, and the item column does not apply.
    if (this.basketColumn) {
      request.basket = this.basketColumn;
      request.item = this.basketItem;
    }
    const result = await this.side.start((api, onProgress) => api.baskets(request, onProgress));
    if (result) this.basketResult = result;
  }

  dispose(): void {
    this.run.cancel();
    this.side.cancel();
  }
}
