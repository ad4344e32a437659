// State of the Uplift page: the campaign dataset, its treatment and outcome columns and their treated /
// good values (defaults guessed from names; the worker guesses values from words when left on auto), the run
// in the shared compute worker with progress and cancel, the customers table paged from the stored run, and
// the last stored result (restored after a reload).
import type { Learner, UpliftLast, UpliftRow, UpliftRunRequest, UpliftView } from '../contract';
import type { DatasetMeta } from '../storage/db';
import { Run } from './analysis.svelte';
import type { AppContext } from './app-context';
import { PagedRows } from './paged-rows.svelte';
import { stampData, storedStamps, type DataStamp } from './stale';

export const UPLIFT_PAGE_SIZE = 25;

interface Choice {
  datasetId: string;
  treatment?: string;
  outcome?: string;
  treated?: string;
  positive?: string;
}

const TREATMENT_NAME = /treat|arm|group|variant|contacted|offer|campaign/i;
const OUTCOME_NAME = /outcome|retain|convert|respon|renew|churn|result|label/i;

/** Columns with exactly two values (booleans, or two distinct values in the profile). */
export function twoValuedColumns(d: DatasetMeta): string[] {
  return d.columns
    .filter((c) => c.type === 'boolean' || ((c.type === 'category' || c.type === 'integer' || c.type === 'number') && d.profile?.columns.find((p) => p.name === c.name)?.distinct === 2))
    .map((c) => c.name);
}

/** The two values of a column, from its profile ([] when unknown). */
export function valuesOf(d: DatasetMeta | null, column: string): string[] {
  const top = d?.profile?.columns.find((p) => p.name === column)?.top;
  return top ? top.slice(0, 2).map((t) => t.value) : [];
}

export class UpliftPage {
  #ctx: AppContext;
  #bridge;
  run: Run;
  #datasetId = $state<string | null>(null);
  #choice = $state.raw<Choice | null>(null);
  view = $state.raw<UpliftView | null>(null);
  shown = $state.raw<UpliftRunRequest | null>(null);
  stamps = $state.raw<DataStamp[] | null>(null);

  readonly table: PagedRows<UpliftRow, Learner>;

  constructor(ctx: AppContext) {
    this.#ctx = ctx;
    this.#bridge = ctx.createCompute();
    this.run = new Run(this.#bridge);
    this.table = new PagedRows<UpliftRow, Learner>({
      limit: UPLIFT_PAGE_SIZE,
      sort: 'x',
      fetch: (q) => this.#bridge.run((api) => api.upliftPage({ offset: q.offset, limit: q.limit, by: q.sort, ascending: !q.descending })),
    });
    void this.#restore();
  }

  get datasets(): DatasetMeta[] {
    return this.#ctx.workspace.datasets;
  }

  /** Datasets with at least two two-valued columns (a treatment and an outcome), campaign-like names first. */
  candidates = $derived.by<DatasetMeta[]>(() =>
    this.datasets.filter((d) => twoValuedColumns(d).length >= 2).sort((a, b) => Number(/campaign/i.test(b.name)) - Number(/campaign/i.test(a.name))),
  );

  dataset = $derived.by<DatasetMeta | null>(() => {
    const chosen = this.#datasetId ? this.datasets.find((d) => d.id === this.#datasetId) : undefined;
    return chosen ?? this.candidates[0] ?? null;
  });

  twoValued = $derived(this.dataset ? twoValuedColumns(this.dataset) : []);

  #choiceFor(d: DatasetMeta | null): Choice | null {
    return d && this.#choice?.datasetId === d.id ? this.#choice : null;
  }

  treatment = $derived.by(() => {
    const c = this.#choiceFor(this.dataset)?.treatment;
    if (c !== undefined && this.twoValued.includes(c)) return c;
    return this.twoValued.find((n) => TREATMENT_NAME.test(n)) ?? this.twoValued[0] ?? '';
  });
  outcome = $derived.by(() => {
    const c = this.#choiceFor(this.dataset)?.outcome;
    if (c !== undefined && this.twoValued.includes(c)) return c;
    const rest = this.twoValued.filter((n) => n !== this.treatment);
    return rest.find((n) => OUTCOME_NAME.test(n)) ?? rest[0] ?? '';
  });
  /** '' = guessed in the worker from the values' words. */
  treated = $derived(this.#choiceFor(this.dataset)?.treated ?? '');
  positive = $derived(this.#choiceFor(this.dataset)?.positive ?? '');

  ready = $derived(!!this.dataset && !!this.treatment && !!this.outcome && this.treatment !== this.outcome);

  navigate(page: string): void {
    this.#ctx.navigate(page);
  }

  setDataset(id: string): void {
    this.#datasetId = id;
    this.#choice = null;
  }

  set(field: 'treatment' | 'outcome' | 'treated' | 'positive', value: string): void {
    const d = this.dataset;
    if (!d) return;
    const prev = this.#choiceFor(d) ?? { datasetId: d.id };
    // a new column forgets the value chosen for the old one
    const reset = field === 'treatment' ? { treated: undefined } : field === 'outcome' ? { positive: undefined } : {};
    this.#choice = { ...prev, ...reset, [field]: value };
  }

  request(): UpliftRunRequest | null {
    const d = this.dataset;
    if (!d || !this.ready) return null;
    return { datasetId: d.id, treatment: this.treatment, outcome: this.outcome, treated: this.treated || undefined, positive: this.positive || undefined };
  }

  async compute(): Promise<void> {
    const req = this.request();
    if (!req) return;
    const view = await this.run.start((api, onProgress) => api.uplift(req, onProgress));
    if (!view) return;
    this.#show(view, req, stampData(this.datasets, [req.datasetId]));
  }

  cancel(): void {
    this.run.cancel();
  }

  async csv(): Promise<Blob | null> {
    try {
      return await this.#bridge.run((api) => api.upliftCsv());
    } catch {
      return null;
    }
  }

  #show(view: UpliftView, req: UpliftRunRequest, stamps: DataStamp[]): void {
    this.view = view;
    this.shown = req;
    this.stamps = stamps;
    this.table.sort = view.result.best;
    this.table.descending = true;
    void this.table.load(0);
  }

  /** Shows the last stored run (its choices too), marked out of date when its dataset changed since. */
  async #restore(): Promise<void> {
    let last: UpliftLast | null;
    try {
      last = await this.#bridge.run((api) => api.upliftLast());
    } catch {
      return;
    }
    if (!last || this.view || this.run.running || (this.#datasetId !== null && this.#datasetId !== last.settings.datasetId)) return;
    const r = last.settings;
    if (!this.datasets.some((d) => d.id === r.datasetId)) return;
    this.#datasetId = r.datasetId;
    this.#choice = { datasetId: r.datasetId, treatment: r.treatment, outcome: r.outcome, treated: r.treated, positive: r.positive };
    this.#show(last.view, r, storedStamps(this.datasets, [r.datasetId], last.stale));
  }
}
