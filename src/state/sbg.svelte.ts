// State of the Subscriptions tab (Lifetime value page): contractual retention with the sBG model, from a
// customers/subscriptions dataset (tenure + churn flag, or start/end dates) or counts typed in. The fit runs
// in the compute worker; the last one comes back from the result store (after a reload too).
import type { SbgPeriod, SbgResultView, SbgRow, SbgRunRequest, SbgSortKey, SbgSource } from '../contract';
import { guessSbgColumns } from '../lib/sbg/columns';
import { parseAlive } from '../lib/sbg/run';
import { checkAlive } from '../lib/models/sbg/sbg';
import { SBG_PAGE_SIZE } from '../lib/sbg/table';
import type { DatasetMeta } from '../storage/db';
import { Run } from './analysis.svelte';
import type { AppContext } from './app-context';
import type { WorkerBridge } from './bridge';
import type { ComputeApi } from '../contract';
import { PagedRows } from './paged-rows.svelte';
import { stampData, storedStamps, type DataStamp } from './stale';
import { message } from './workspace.svelte';

export type SbgMode = 'table' | 'typed';

/** The form's column choices for one dataset. */
export interface SbgColumnsChoice {
  kind: 'tenure' | 'dates';
  customer: string;
  tenure: string;
  event: string;
  eventValue: string;
  start: string;
  end: string;
  period: SbgPeriod;
  asOf: string;
  value: string;
}

/** Fader & Hardie (2007)'s regular segment: 1,000 customers alive at years 0..7. */
export const SBG_EXAMPLE = '1000, 631, 468, 382, 326, 289, 262, 241';

function defaults(d: DatasetMeta): SbgColumnsChoice {
  const g = guessSbgColumns(d.columns, d.roles.customer);
  return { kind: g.kind ?? 'tenure', customer: g.customer, tenure: g.tenure, event: g.event, eventValue: '', start: g.start, end: g.end, period: 'month', asOf: '', value: g.value };
}

export class SbgPage {
  #ctx: AppContext;
  #bridge: WorkerBridge<ComputeApi>;
  #restored = false;

  #mode = $state<SbgMode | null>(null);
  /** Typed counts by default when no dataset looks like lifetimes (a transactions-only workspace). */
  get mode(): SbgMode {
    return this.#mode ?? (this.dataset ? 'table' : 'typed');
  }
  set mode(mode: SbgMode) {
    this.#mode = mode;
  }
  #datasetId = $state<string | null>(null);
  #columns = $state.raw<(SbgColumnsChoice & { datasetId: string }) | null>(null);
  /** Any dataset with rows; the default is the first whose columns look like lifetimes (the user's before the demo's). */
  dataset = $derived.by<DatasetMeta | null>(() => {
    const all = this.datasets;
    const chosen = all.find((d) => d.id === this.#datasetId);
    if (chosen) return chosen;
    const fits = all.filter((d) => guessSbgColumns(d.columns, d.roles.customer).kind !== null);
    return fits.find((d) => !d.demo) ?? fits[0] ?? null;
  });
  columns = $derived.by<SbgColumnsChoice | null>(() => {
    const d = this.dataset;
    if (!d) return null;
    const c = this.#columns;
    return c && c.datasetId === d.id ? c : defaults(d);
  });
  typed = $state('');
  #discountRate = $state<number | null>(null);
  /** Per period: 10% for typed counts (Fader-Hardie's yearly periods), 1% for a table (months) until the user sets it. */
  get discountRate(): number {
    return this.#discountRate ?? (this.mode === 'typed' ? 0.1 : 0.01);
  }
  set discountRate(rate: number) {
    this.#discountRate = rate;
  }
  valuePerPeriod = $state(1);
  horizon = $state(12);

  run: Run;
  result = $state.raw<SbgResultView | null>(null);
  settings = $state.raw<SbgRunRequest | null>(null);
  stamps = $state.raw<DataStamp[] | null>(null);
  readonly table = new PagedRows<SbgRow, SbgSortKey>({
    limit: SBG_PAGE_SIZE,
    sort: 'residualValue',
    startsDescending: (key) => key !== 'customer',
    fetch: (query) => this.#bridge.run((api) => api.sbgRows(query)),
  });

  constructor(ctx: AppContext) {
    this.#ctx = ctx;
    this.#bridge = ctx.createCompute();
    this.run = new Run(this.#bridge);
  }

  get datasets(): DatasetMeta[] {
    return this.#ctx.workspace.datasets.filter((d) => d.status === 'ready' && d.rows > 0);
  }

  get storedDatasets(): DatasetMeta[] {
    return this.#ctx.workspace.datasets;
  }

  setDataset(id: string): void {
    this.#datasetId = id;
    this.#columns = null;
  }

  set<K extends keyof SbgColumnsChoice>(key: K, value: SbgColumnsChoice[K]): void {
    const d = this.dataset;
    const c = this.columns;
    if (!d || !c) return;
    this.#columns = { ...c, [key]: value, datasetId: d.id };
  }

  /** The last stored fit (its form too), once: when the tab is first shown. */
  async restore(): Promise<void> {
    if (this.#restored) return;
    this.#restored = true;
    let last;
    try {
      last = await this.#bridge.run((api) => api.sbgLast());
    } catch {
      return;
    }
    if (!last || this.result || this.run.running) return;
    const s = last.settings;
    if (s.datasetId && !this.storedDatasets.some((d) => d.id === s.datasetId)) return;
    this.#form(s);
    this.#show(last, s, storedStamps(this.storedDatasets, s.datasetId ? [s.datasetId] : [], last.stale));
  }

  #form(s: SbgRunRequest): void {
    this.discountRate = s.discountRate;
    this.horizon = s.horizon ?? 12;
    this.valuePerPeriod = s.valuePerPeriod ?? 1;
    const src = s.source;
    if (src.kind === 'alive') {
      this.mode = 'typed';
      this.typed = src.alive.join(', ');
      return;
    }
    this.mode = 'table';
    this.#datasetId = s.datasetId;
    const base = { customer: src.customer ?? '', tenure: '', event: '', eventValue: '', start: '', end: '', period: 'month' as SbgPeriod, asOf: '', value: s.valueColumn ?? '' };
    this.#columns =
      src.kind === 'tenure'
        ? { ...base, kind: 'tenure', tenure: src.tenure, event: src.event, eventValue: src.eventValue ?? '', datasetId: s.datasetId! }
        : { ...base, kind: 'dates', start: src.start, end: src.end, period: src.period, asOf: src.asOf ?? '', datasetId: s.datasetId! };
  }

  #show(r: SbgResultView, settings: SbgRunRequest, stamps: DataStamp[]): void {
    this.result = r;
    this.settings = settings;
    this.stamps = stamps;
    const t = r.view.table;
    if (t) this.table.show(t.page, { sort: t.query.sort, descending: t.query.descending, search: t.query.search });
    else this.table.clear();
  }

  /** The request the form describes, or a message saying what is missing. */
  request(): SbgRunRequest | string {
    if (!(this.discountRate > 0)) return 'The discount rate per period must be above 0 (e.g. 0.01 a month, 0.1 a year).';
    if (!(Number.isInteger(this.horizon) && this.horizon >= 0 && this.horizon <= 1000)) return 'Project 0 to 1,000 periods ahead.';
    const common = { discountRate: this.discountRate, horizon: this.horizon };
    if (this.mode === 'typed') {
      try {
        const alive = parseAlive(this.typed);
        checkAlive(alive);
        return { ...common, datasetId: null, source: { kind: 'alive', alive }, valuePerPeriod: this.valuePerPeriod };
      } catch (e) {
        return message(e);
      }
    }
    const d = this.dataset;
    const c = this.columns;
    if (!d || !c) return 'Choose a dataset with one row per customer: a tenure and a churn column, or start and end dates.';
    let source: SbgSource;
    if (c.kind === 'tenure') {
      if (!c.tenure || !c.event) return 'Choose the tenure column (periods subscribed) and the column that says whether the customer left.';
      source = { kind: 'tenure', customer: c.customer || undefined, tenure: c.tenure, event: c.event, eventValue: c.eventValue.trim() || undefined };
    } else {
      if (!c.start || !c.end) return 'Choose the start and end date columns (an empty end = still active).';
      if (c.asOf && !/^\d{4}-\d{2}-\d{2}$/.test(c.asOf)) return `"${c.asOf}" is not a date (YYYY-MM-DD).`;
      source = { kind: 'dates', customer: c.customer || undefined, start: c.start, end: c.end, period: c.period, asOf: c.asOf || undefined };
    }
    return { ...common, datasetId: d.id, source, valueColumn: c.value || undefined, valuePerPeriod: c.value ? undefined : this.valuePerPeriod };
  }

  async fit(): Promise<void> {
    const request = this.request();
    if (typeof request === 'string') {
      this.run.error = request;
      return;
    }
    this.result = null;
    this.table.clear();
    const stamps = stampData(this.storedDatasets, [request.datasetId]);
    const r = await this.run.start((api) => api.sbg(request));
    if (r) this.#show(r, request, stamps);
  }

  /** Every customer of the fit as CSV, in the table's order and search. */
  async csv(): Promise<Blob | null> {
    try {
      const { sort, descending, search } = this.table;
      return await this.#bridge.run((api) => api.sbgCsv({ sort, descending, search }));
    } catch (e) {
      this.table.error = message(e);
      return null;
    }
  }
}
