// State of the Cox regression panel (Survival tab): a customers dataset, its time / event / covariate columns
// (time and event guessed from names: tenure + churn flag; the attributes chosen in the worker by their
// association with the event, src/lib/survival/suggest.ts), the run in the shared compute worker, the paged
// per-customer table, and the last stored run (restored after a reload).
import type { ComputeApi, CoxLast, CoxRow, CoxRowsQuery, CoxRunRequest, CoxSortKey, CoxSuggestion, CoxView } from '../contract';
import type { DatasetMeta } from '../storage/db';
import { pickDefault } from '../lib/data/suitability';
import { guessSbgColumns } from '../lib/sbg/columns';
import { Run } from './analysis.svelte';
import type { WorkerBridge } from './bridge';
import { PagedRows } from './paged-rows.svelte';
import { stampData, storedStamps, type DataStamp } from './stale';

export const COX_PAGE_ROWS = 20;
/** Covariates with more distinct values than this are not offered by default (ids, free text). */
const MAX_LEVELS = 30;

interface Choice {
  datasetId: string;
  time?: string;
  event?: string;
  eventValue?: string;
  covariates?: string[];
  profileBy?: string;
}

export class CoxPage {
  run: Run;
  #bridge: WorkerBridge<ComputeApi>;
  #datasets: () => DatasetMeta[];
  #datasetId = $state<string | null>(null);
  #choice = $state.raw<Choice | null>(null);
  view = $state.raw<CoxView | null>(null);
  shown = $state.raw<CoxRunRequest | null>(null);
  stamps = $state.raw<DataStamp[] | null>(null);
  table: PagedRows<CoxRow, CoxSortKey>;
  #restored = false;
  /** The default attributes for the columns of `key` (suggestKey); error: the suggestion failed (names-based defaults then). */
  suggestion = $state.raw<{ key: string; result: CoxSuggestion | null; error?: string } | null>(null);
  #suggesting = '';

  constructor(datasets: () => DatasetMeta[], bridge: WorkerBridge<ComputeApi>) {
    this.#datasets = datasets;
    this.#bridge = bridge;
    this.run = new Run(bridge);
    this.table = new PagedRows<CoxRow, CoxSortKey>({
      limit: COX_PAGE_ROWS,
      sort: 'remaining',
      descending: false,
      startsDescending: (k) => k === 'relativeRisk',
      fetch: (q) => bridge.run((api) => api.coxRows({ sort: q.sort, descending: q.descending, offset: q.offset, limit: q.limit } satisfies CoxRowsQuery)),
    });
  }

  get datasets(): DatasetMeta[] {
    return this.#datasets();
  }

  dataset = $derived.by<DatasetMeta | null>(() => {
    const chosen = this.#datasetId ? this.datasets.find((d) => d.id === this.#datasetId) : undefined;
    return chosen ?? pickDefault(this.datasets, 'customers');
  });

  #choiceFor(d: DatasetMeta | null): Choice | null {
    return d && this.#choice?.datasetId === d.id ? this.#choice : null;
  }

  #distinct(name: string): number | null {
    return this.dataset?.profile?.columns.find((c) => c.name === name)?.distinct ?? null;
  }

  #guess = $derived(this.dataset ? guessSbgColumns(this.dataset.columns, this.dataset.roles.customer) : null);

  timeColumns = $derived(this.dataset?.columns.filter((c) => c.type === 'integer' || c.type === 'number').map((c) => c.name) ?? []);
  /** Two-valued or categorical columns: the event. */
  eventColumns = $derived(this.dataset?.columns.filter((c) => c.type === 'boolean' || c.type === 'category' || c.type === 'integer').map((c) => c.name) ?? []);

  time = $derived.by(() => {
    const c = this.#choiceFor(this.dataset)?.time;
    if (c && this.timeColumns.includes(c)) return c;
    return this.#guess?.tenure || '';
  });
  event = $derived.by(() => {
    const c = this.#choiceFor(this.dataset)?.event;
    if (c && this.eventColumns.includes(c)) return c;
    return this.dataset?.roles.label ?? (this.#guess?.event || '');
  });
  eventValue = $derived(this.#choiceFor(this.dataset)?.eventValue ?? '');
  /** Whether the event column needs a value typed (not a yes/no column). */
  eventNeedsValue = $derived(this.dataset?.columns.find((c) => c.name === this.event)?.type !== 'boolean');

  /** Columns that can explain the hazard: numbers, yes/no, categories with few values; not the time, event or id. */
  covariateOptions = $derived.by(() => {
    const d = this.dataset;
    if (!d) return [];
    return d.columns
      .filter((c) => c.name !== this.time && c.name !== this.event && c.name !== d.roles.customer)
      .filter((c) => c.type === 'integer' || c.type === 'number' || c.type === 'boolean' || (c.type === 'category' && (this.#distinct(c.name) ?? MAX_LEVELS) <= MAX_LEVELS))
      .map((c) => c.name);
  });

  /** What the suggestion depends on ('' when the event's value is still to be typed). */
  suggestKey = $derived.by(() => {
    const d = this.dataset;
    if (!d || !this.time || !this.event || (this.eventNeedsValue && !this.eventValue) || !this.covariateOptions.length) return '';
    return JSON.stringify([d.id, d.version ?? 0, this.time, this.event, this.eventNeedsValue ? this.eventValue : '', this.covariateOptions]);
  });
  /** The suggestion for the current columns, once the worker has it. */
  suggested = $derived(this.suggestion && this.suggestion.key === this.suggestKey && this.suggestion.result ? this.suggestion.result : null);
  /** Whether the ticked attributes are the suggestion's (the user has not ticked any, and no stored run set them). */
  followsSuggestion = $derived(!this.#choiceFor(this.dataset)?.covariates);
  suggestPending = $derived(!!this.suggestKey && this.suggestion?.key !== this.suggestKey && !this.#choiceFor(this.dataset)?.covariates);

  covariates = $derived.by(() => {
    const c = this.#choiceFor(this.dataset)?.covariates;
    if (c) return c.filter((n) => this.covariateOptions.includes(n));
    if (this.suggested) return this.suggested.chosen.filter((n) => this.covariateOptions.includes(n));
    if (this.suggestPending) return [];
    // Without a suggestion (it failed, or the event value is not typed yet): the first few yes/no and category columns.
    const d = this.dataset;
    if (!d) return [];
    const pick = this.covariateOptions.filter((n) => {
      const t = d.columns.find((c) => c.name === n)?.type;
      return t === 'boolean' || (t === 'category' && (this.#distinct(n) ?? MAX_LEVELS) <= 6);
    });
    return pick.slice(0, 5);
  });

  /** Categorical covariates: what the adjusted curves can be drawn by. */
  profileOptions = $derived(this.covariates.filter((n) => this.dataset?.columns.find((c) => c.name === n)?.type === 'category' || this.dataset?.columns.find((c) => c.name === n)?.type === 'boolean'));
  profileBy = $derived.by(() => {
    const c = this.#choiceFor(this.dataset)?.profileBy;
    if (c && this.profileOptions.includes(c)) return c;
    // Default: the attribute with the fewest levels beyond two (a contract type), else the first: a few readable curves.
    const levels = (n: string) => this.#distinct(n) ?? 2;
    return [...this.profileOptions].sort((a, b) => (levels(a) < 3 ? 99 : levels(a)) - (levels(b) < 3 ? 99 : levels(b)))[0] ?? '';
  });

  ready = $derived(!!this.dataset && !!this.time && !!this.event && this.covariates.length > 0 && (!this.eventNeedsValue || this.eventValue !== ''));

  setDataset(id: string): void {
    this.#datasetId = id;
    this.#choice = null;
  }

  set(field: 'time' | 'event' | 'eventValue' | 'profileBy', value: string): void {
    const d = this.dataset;
    if (!d) return;
    // Attributes the user has not ticked follow the suggestion for the new columns.
    this.#choice = { ...(this.#choiceFor(d) ?? { datasetId: d.id }), [field]: value };
  }

  /** Asks the worker for the default attributes of the current columns (once per suggestKey). */
  async suggest(): Promise<void> {
    const key = this.suggestKey;
    const d = this.dataset;
    if (!key || !d || this.suggestion?.key === key || this.#suggesting === key) return;
    this.#suggesting = key;
    const request = { datasetId: d.id, time: this.time, event: this.event, eventValue: this.eventNeedsValue ? this.eventValue : undefined, candidates: this.covariateOptions };
    try {
      const result = await this.#bridge.run((api) => api.coxSuggest(request));
      this.suggestion = { key, result };
    } catch (e) {
      this.suggestion = { key, result: null, error: e instanceof Error ? e.message : String(e) };
    } finally {
      if (this.#suggesting === key) this.#suggesting = '';
    }
  }

  toggleCovariate(name: string, on: boolean): void {
    const d = this.dataset;
    if (!d) return;
    const now = this.covariates.filter((n) => n !== name);
    this.#choice = { ...(this.#choiceFor(d) ?? { datasetId: d.id }), covariates: on ? [...now, name] : now };
  }

  request(): CoxRunRequest | null {
    const d = this.dataset;
    if (!d || !this.ready) return null;
    return {
      datasetId: d.id,
      time: this.time,
      event: this.event,
      eventValue: this.eventNeedsValue ? this.eventValue : undefined,
      covariates: this.covariates,
      id: d.roles.customer,
      profileBy: this.profileBy || undefined,
    };
  }

  async compute(): Promise<void> {
    const req = this.request();
    if (!req) return;
    const view = await this.run.start((api, onProgress) => api.cox(req, onProgress));
    if (!view) return;
    this.#show(view, req);
    this.stamps = stampData(this.datasets, [req.datasetId]);
  }

  #show(view: CoxView, req: CoxRunRequest): void {
    this.view = view;
    this.shown = req;
    this.table.show(view.first, { sort: 'remaining', descending: false });
  }

  csv(): Promise<Blob> {
    return this.#bridge.run((api) => api.coxCsv());
  }

  /** Shows the last stored run (its choices too), marked out of date when its dataset changed since. */
  async restore(): Promise<void> {
    if (this.#restored) return;
    this.#restored = true;
    let last: CoxLast | null;
    try {
      last = await this.#bridge.run((api) => api.coxLast());
    } catch {
      return;
    }
    if (!last || this.view || this.run.running) return;
    const r = last.settings;
    if (!this.datasets.some((d) => d.id === r.datasetId)) return;
    this.#datasetId = r.datasetId;
    this.#choice = { datasetId: r.datasetId, time: r.time, event: r.event, eventValue: r.eventValue ?? '', covariates: r.covariates, profileBy: r.profileBy };
    this.#show(last.view, r);
    this.stamps = storedStamps(this.datasets, [r.datasetId], last.stale);
  }
}
