// State of the Lifetime value page: the transactions and columns chosen (defaults from roles), the
// options of each section (CLV, cohorts, survival), their runs in the page's compute workers and results.
// The last CLV run comes back from the result store when the page is created (after a reload too).
import type {
  ClvLast,
  ClvRequest,
  ClvView,
  ClvRow,
  ClvSortKey,
  CohortMatrix,
  CohortPeriod,
  SurvivalRequest,
  SurvivalResult,
  TimeUnit,
} from '../contract';
import { isDemo, pickDefault } from '../lib/data/suitability';
import type { PurchaseModelChoice } from '../lib/models/clv/purchase-models';
import type { DatasetMeta } from '../storage/db';
import {
  attributeDatasets,
  dateRange,
  defaultCalibrationEnd,
  defaultColumns,
  defaultSplit,
  isIsoDay,
  splitColumns,
  splitKey,
  type SplitChoice,
  type TransactionColumnChoice,
} from './clv-options';
import { noLinkMessage } from '../lib/data/links';
import { Run } from './analysis.svelte';
import type { AppContext } from './app-context';
import { message } from './workspace.svelte';
import { PagedRows } from './paged-rows.svelte';
import { stampData, storedStamps, type DataStamp } from './stale';
import { CLV_PAGE_SIZE } from '../lib/clv/table';

export { CLV_PAGE_SIZE };

export type ClvTab = 'clv' | 'cohorts' | 'lifecycle' | 'survival' | 'subscriptions';
export type CohortMeasure = 'percent' | 'counts' | 'revenue';

export class ClvPage {
  #ctx: AppContext;
  /** The data the result came from, to say when it is out of date (src/state/stale.ts). */
  clvStamps = $state.raw<DataStamp[] | null>(null);
  cohortStamps = $state.raw<DataStamp[] | null>(null);
  survivalStamps = $state.raw<DataStamp[] | null>(null);
  /** The stored datasets, which the notices compare the stamps with. */
  get storedDatasets(): DatasetMeta[] {
    return this.#ctx.workspace.datasets;
  }
  tab = $state<ClvTab>('clv');

  // Data: the transactions dataset and its columns (the user's choice, else the default rule of
  // suitability.ts: never the demo once the user has data of their own; null = the page says what it needs).
  #datasetId = $state<string | null>(null);
  #columns = $state<(TransactionColumnChoice & { datasetId: string }) | null>(null);
  dataset = $derived<DatasetMeta | null>(
    this.#workspaceDatasets().find((d) => d.id === this.#datasetId) ?? pickDefault(this.#workspaceDatasets(), 'transactions'),
  );
  columns = $derived.by<TransactionColumnChoice>(() => {
    const d = this.dataset;
    if (!d) return { customer: '', date: '', amount: '', quantity: '' };
    const c = this.#columns;
    return c && c.datasetId === d.id ? { customer: c.customer, date: c.date, amount: c.amount, quantity: c.quantity } : defaultColumns(d);
  });
  ready = $derived(Boolean(this.dataset && this.columns.customer && this.columns.date));
  range = $derived(this.dataset && this.columns.date ? dateRange(this.dataset, this.columns.date) : null);

  // Lifetime value options and results.
  unit = $state<TimeUnit>('week');
  #calibrationEnd = $state<string | null>(null);
  calibrationEnd = $derived(this.#calibrationEnd ?? (this.range ? defaultCalibrationEnd(this.range) : ''));
  calibrationError = $derived.by(() => {
    const text = this.calibrationEnd;
    if (text === '') return null;
    if (!isIsoDay(text)) return `"${text}" is not a date (YYYY-MM-DD)`;
    if (this.range) {
      const ms = Date.parse(`${text}T00:00:00Z`);
      if (ms < Math.floor(this.range.min / 86_400_000) * 86_400_000) return 'The calibration end is before the first transaction.';
    }
    return null;
  });
  months = $state(12);
  monthlyDiscountRate = $state(0.01);
  penalizer = $state(0);
  /** Purchase model behind P(alive), expected purchases and CLV; 'auto' takes the best of the three. */
  purchaseModel = $state<PurchaseModelChoice>('auto');
  clvRun: Run;
  clvResult = $state.raw<ClvView | null>(null);
  /** What the result was computed from, for captions and file names. */
  clvSource = $state.raw<{ dataset: string; request: ClvRequest } | null>(null);

  // The per-customer table: one page at a time, sorted and searched in the worker.
  readonly table = new PagedRows<ClvRow, ClvSortKey>({
    limit: CLV_PAGE_SIZE,
    sort: 'clv',
    startsDescending: (key) => key !== 'customer',
    fetch: (query) => this.#clvBridge.run((api) => api.clvRows(query)),
  });

  // Cohorts.
  period = $state<CohortPeriod>('month');
  measure = $state<CohortMeasure>('percent');
  cohortRun: Run;
  cohorts = $state.raw<CohortMatrix | null>(null);
  cohortSource = $state<string>('');

  // Survival.
  churnAfterDays = $state(90);
  #split = $state.raw<SplitChoice | null>(null);
  /** Datasets that may join the transactions: demo with demo, the user's own with their own. */
  #joinable = $derived(this.#workspaceDatasets().filter((d) => isDemo(d) === (this.dataset ? isDemo(this.dataset) : false)));
  /**
   * Of those, the ones whose attributes can split survival: a confirmed link from their key to the
   * transactions' customer column (one row per key). Joins are never guessed from names or roles.
   */
  attributeSources = $derived(this.#joinable.filter((d) => d.id !== this.dataset?.id && this.attributeKey(d.id) && splitColumns(d, [this.attributeKey(d.id)]).length > 0));
  /**
   * Customers datasets that could split survival but have no confirmed link to the transactions: only those
   * a link was ever suggested, confirmed or removed for (files unrelated to these transactions say nothing).
   */
  unlinkedSources = $derived(
    attributeDatasets(this.#joinable, this.dataset?.id ?? null).filter((d) => !this.attributeKey(d.id) && this.#everLinked(d.id)),
  );

  #everLinked(id: string): boolean {
    const tx = this.dataset?.id;
    const ends = (a: string, b: string) => (a === id && b === tx) || (a === tx && b === id);
    return this.#ctx.workspace.links.stored.some((l) => ends(l.from.datasetId, l.to.datasetId));
  }
  transactionSplitColumns = $derived(
    this.dataset ? splitColumns(this.dataset, [this.columns.customer, this.columns.date, this.columns.amount].filter(Boolean)) : [],
  );
  split = $derived.by<SplitChoice>(() => {
    const s = this.#split ?? defaultSplit(this.#joinable, this.dataset?.id ?? null);
    if (s.kind === 'column' && !this.transactionSplitColumns.includes(s.column)) return { kind: 'none' };
    if (s.kind === 'join' && !this.attributeSources.some((d) => d.id === s.datasetId)) return { kind: 'none' };
    return s;
  });
  joinDataset = $derived(this.split.kind === 'join' ? (this.attributeSources.find((d) => d.id === (this.split as { datasetId: string }).datasetId) ?? null) : null);
  joinKey = $derived(this.joinDataset ? this.attributeKey(this.joinDataset.id) : '');
  survivalRun: Run;
  survival = $state.raw<SurvivalResult | null>(null);
  survivalSource = $state.raw<{ dataset: string; split: string; churnAfterDays: number } | null>(null);

  #clvBridge;

  constructor(ctx: AppContext) {
    this.#ctx = ctx;
    this.#clvBridge = ctx.createCompute();
    this.clvRun = new Run(this.#clvBridge);
    // Cohorts and survival have handles of their own on the shared compute worker: a cancel of one stops
    // that worker, and a call of the other still in flight fails with StoppedElsewhereError (never silently).
    this.cohortRun = new Run(ctx.createCompute());
    this.survivalRun = new Run(ctx.createCompute());
    void this.#restore();
  }

  /** Shows the last stored CLV run (its form too), marked out of date when its dataset changed since. */
  async #restore(): Promise<void> {
    let last: ClvLast | null;
    try {
      last = await this.#clvBridge.run((api) => api.clvLast());
    } catch {
      return; // Nothing to show: the page starts empty, as before results were stored.
    }
    // A result of another dataset than the one chosen (in the URL, say) is not shown.
    if (!last || this.clvResult || this.clvRun.running || (this.#datasetId !== null && this.#datasetId !== last.settings.datasetId)) return;
    const r = last.settings;
    const meta = this.#workspaceDatasets().find((d) => d.id === r.datasetId);
    if (!meta) return;
    this.#datasetId = r.datasetId;
    this.#columns = { datasetId: r.datasetId, customer: r.customer, date: r.date, amount: r.amount ?? '', quantity: r.quantity ?? '' };
    this.unit = r.unit;
    this.#calibrationEnd = r.calibrationEnd ?? '';
    this.months = r.months;
    this.monthlyDiscountRate = r.monthlyDiscountRate;
    this.penalizer = r.penalizer;
    this.purchaseModel = r.model ?? 'bgnbd';
    this.#show(last.view, { dataset: meta.name, request: r }, storedStamps(this.#workspaceDatasets(), [r.datasetId], last.stale));
  }

  #show(view: ClvView, source: { dataset: string; request: ClvRequest }, stamps: DataStamp[]): void {
    this.clvResult = view;
    this.clvStamps = stamps;
    this.clvSource = source;
    const q = view.table.query;
    this.table.show(view.table.page, { sort: q.sort, descending: q.descending, search: q.search ?? '' });
  }

  #workspaceDatasets(): DatasetMeta[] {
    return this.#ctx.workspace.datasets;
  }

  /** Every stored dataset, for the picker (which greys out those that do not fit). */
  get datasets(): DatasetMeta[] {
    return this.#workspaceDatasets();
  }

  navigate(page: string): void {
    this.#ctx.navigate(page);
  }

  openTab(tab: ClvTab): void {
    this.tab = tab;
    // The quick sections compute on first view, with the defaults.
    if (tab === 'cohorts' && !this.cohorts && !this.cohortRun.running && this.ready) void this.runCohorts();
    if (tab === 'survival' && !this.survival && !this.survivalRun.running && this.ready) void this.runSurvival();
  }

  setDataset(id: string): void {
    this.#datasetId = id;
    this.#columns = null;
    this.#calibrationEnd = null;
  }

  setColumn(role: keyof TransactionColumnChoice, column: string): void {
    const d = this.dataset;
    if (!d) return;
    this.#columns = { ...this.columns, [role]: column, datasetId: d.id };
    if (role === 'date') this.#calibrationEnd = null;
  }

  setCalibrationEnd(text: string): void {
    this.#calibrationEnd = text.trim();
  }

  resetCalibrationEnd(): void {
    this.#calibrationEnd = null;
  }

  #columnsRequest() {
    const d = this.dataset;
    if (!d || !this.ready) throw new Error('Choose a transactions dataset with customer and date columns');
    const c = this.columns;
    return { datasetId: d.id, customer: c.customer, date: c.date, amount: c.amount || undefined, quantity: (c.amount && c.quantity) || undefined };
  }

  // --- Lifetime value -------------------------------------------------------------------------

  async runClv(): Promise<void> {
    if (!this.ready || this.calibrationError) return;
    const request: ClvRequest = {
      ...this.#columnsRequest(),
      unit: this.unit,
      calibrationEnd: this.calibrationEnd || undefined,
      months: this.months,
      monthlyDiscountRate: this.monthlyDiscountRate,
      penalizer: this.penalizer,
      model: this.purchaseModel,
    };
    const dataset = this.dataset!.name;
    this.clvResult = null;
    this.table.clear();
    const clvStamps = stampData(this.#ctx.workspace.datasets, [request.datasetId]);
    const first = { ...this.table.query, offset: 0 };
    const result = await this.clvRun.start((api, onProgress) => api.clv(request, onProgress, first));
    if (!result) return;
    this.#show(result, { dataset, request }, clvStamps);
  }

  cancelClv(): void {
    this.clvRun.cancel();
  }

  /** The per-customer table as a CSV file, in the table's current order and filter. */
  async clvCsv(): Promise<Blob | null> {
    try {
      const { sort, descending, search } = this.table;
      return await this.#clvBridge.run((api) => api.clvCsv({ sort, descending, search }));
    } catch (e) {
      this.table.error = message(e);
      return null;
    }
  }

  // --- Cohorts --------------------------------------------------------------------------------

  async runCohorts(): Promise<void> {
    if (!this.ready) return;
    const request = { ...this.#columnsRequest(), period: this.period };
    const dataset = this.dataset!.name;
    const cohortStamps = stampData(this.#ctx.workspace.datasets, [request.datasetId]);
    const result = await this.cohortRun.start((api) => api.cohorts(request));
    if (!result) return;
    this.cohorts = result;
    this.cohortStamps = cohortStamps;
    this.cohortSource = dataset;
    if (this.measure === 'revenue' && !result.revenue) this.measure = 'percent';
  }

  setPeriod(period: CohortPeriod): void {
    this.period = period;
    void this.runCohorts();
  }

  // --- Survival -------------------------------------------------------------------------------

  get splitId(): string {
    return splitKey(this.split);
  }

  setSplit(choice: SplitChoice): void {
    this.#split = choice;
  }

  /** The key column of a dataset confirmed-linked to the transactions' customer column ('' = none, or not one row per key). */
  attributeKey(datasetId: string): string {
    const tx = this.dataset;
    const customer = this.columns.customer;
    if (!tx || !customer) return '';
    const j = this.#ctx.workspace.links.join(datasetId, tx.id);
    if (!j || j.b !== customer) return '';
    const p = this.#workspaceDatasets()
      .find((x) => x.id === datasetId)
      ?.profile?.columns.find((c) => c.name === j.a);
    // Many rows per key (an event log) have no one value to join.
    return p && p.distinct < (p.rows - p.missing) * 0.99 ? '' : j.a;
  }

  splitLabel(s: SplitChoice): string {
    if (s.kind === 'none') return 'no split';
    if (s.kind === 'column') return s.column;
    const d = this.attributeSources.find((x) => x.id === s.datasetId);
    return `${s.column} (${d?.name ?? 'customers'})`;
  }

  async runSurvival(): Promise<void> {
    if (!this.ready) return;
    const days = Math.round(this.churnAfterDays);
    if (!(days >= 1)) {
      this.survivalRun.error = 'Churn after must be a whole number of days, at least 1.';
      return;
    }
    const s = this.split;
    const request: SurvivalRequest = { ...this.#columnsRequest(), churnAfterDays: days };
    if (s.kind === 'column') request.group = s.column;
    if (s.kind === 'join') {
      if (!this.joinKey) {
        this.survivalRun.error = noLinkMessage(this.joinDataset?.name ?? 'the customers dataset', this.dataset!.name);
        return;
      }
      request.join = { datasetId: s.datasetId, key: this.joinKey, column: s.column };
    }
    const source = { dataset: this.dataset!.name, split: this.splitLabel(s), churnAfterDays: days };
    const survivalStamps = stampData(this.#ctx.workspace.datasets, [request.datasetId, request.join?.datasetId]);
    const result = await this.survivalRun.start((api) => api.survival(request));
    if (!result) return;
    this.survival = result;
    this.survivalStamps = survivalStamps;
    this.survivalSource = source;
  }
}
