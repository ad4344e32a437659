// State of the Satisfaction page: the survey dataset and its score / date / segment / label columns (defaults
// from roles), the customers dataset joined through a confirmed link (for segments and churn labels the survey
// lacks), the run in the shared compute worker, and the last stored result (restored after a reload).
import type { SatisfactionLast, SatisfactionRunRequest, SatisfactionTable, SatisfactionView } from '../contract';
import { isDemo, pickDefault, rowsPerKey, suitability } from '../lib/data/suitability';
import { satisfactionCsv } from '../lib/satisfaction/csv';
import type { DatasetMeta } from '../storage/db';
import { Run } from './analysis.svelte';
import type { AppContext } from './app-context';
import { stampData, storedStamps, type DataStamp } from './stale';

interface Choice {
  datasetId: string;
  score?: string;
  date?: string;
  by?: string;
  label?: string;
}

/** A column a segment or label may come from: the survey's own, or the linked customers dataset's. */
export interface ColumnOption {
  name: string;
  from: 'survey' | 'linked';
}

const SEGMENT_MAX_DISTINCT = 30;

export class SatisfactionPage {
  #ctx: AppContext;
  #bridge;
  run: Run;
  #datasetId = $state<string | null>(null);
  #choice = $state.raw<Choice | null>(null);
  view = $state.raw<SatisfactionView | null>(null);
  /** The request the shown result ran with. */
  shown = $state.raw<SatisfactionRunRequest | null>(null);
  stamps = $state.raw<DataStamp[] | null>(null);

  constructor(ctx: AppContext) {
    this.#ctx = ctx;
    this.#bridge = ctx.createCompute();
    this.run = new Run(this.#bridge);
    void this.#restore();
  }

  get datasets(): DatasetMeta[] {
    return this.#ctx.workspace.datasets;
  }

  dataset = $derived.by<DatasetMeta | null>(() => {
    const chosen = this.#datasetId ? this.datasets.find((d) => d.id === this.#datasetId) : undefined;
    return chosen ?? pickDefault(this.datasets, 'survey');
  });

  /**
   * The customers dataset joined to the survey by a confirmed link (demo with demo, the user's own with their
   * own; one row per key), preferring one with a churn label. Joins are never guessed from names.
   */
  linked = $derived.by<{ dataset: DatasetMeta; key: string; surveyKey: string } | null>(() => {
    const s = this.dataset;
    if (!s) return null;
    const found = this.datasets
      .filter((d) => d.id !== s.id && isDemo(d) === isDemo(s))
      .map((d) => ({ d, join: this.#ctx.workspace.links.join(s.id, d.id) }))
      .filter((x) => x.join && rowsPerKey(x.d, x.join.b) !== 'many' && suitability(x.d, 'customers').ok)
      .sort((x, y) => (y.d.roles.label ? 1 : 0) - (x.d.roles.label ? 1 : 0));
    const best = found[0];
    return best?.join ? { dataset: best.d, key: best.join.b, surveyKey: best.join.a } : null;
  });

  #choiceFor(d: DatasetMeta | null): Choice | null {
    return d && this.#choice?.datasetId === d.id ? this.#choice : null;
  }

  /** Whole-number columns (the satisfaction role first). */
  scoreColumns = $derived.by<string[]>(() => {
    const d = this.dataset;
    if (!d) return [];
    const names = d.columns.filter((c) => c.type === 'integer' || c.type === 'number').map((c) => c.name);
    const role = d.roles.satisfaction;
    return role && names.includes(role) ? [role, ...names.filter((n) => n !== role)] : names;
  });
  dateColumns = $derived(this.dataset?.columns.filter((c) => c.type === 'date').map((c) => c.name) ?? []);

  #distinct(d: DatasetMeta, name: string): number | null {
    return d.profile?.columns.find((c) => c.name === name)?.distinct ?? null;
  }

  #options(test: (d: DatasetMeta, c: DatasetMeta['columns'][number]) => boolean): ColumnOption[] {
    const out: ColumnOption[] = [];
    const s = this.dataset;
    if (!s) return out;
    for (const c of s.columns) if (test(s, c)) out.push({ name: c.name, from: 'survey' });
    const l = this.linked;
    if (l) for (const c of l.dataset.columns) if (c.name !== l.key && !out.some((o) => o.name === c.name) && test(l.dataset, c)) out.push({ name: c.name, from: 'linked' });
    return out;
  }

  /** Category columns with a few values: segments. */
  segmentOptions = $derived(
    this.#options((d, c) => (c.type === 'category' || c.type === 'boolean') && (this.#distinct(d, c.name) ?? SEGMENT_MAX_DISTINCT) <= SEGMENT_MAX_DISTINCT && c.name !== d.roles.label),
  );
  /** Two-valued columns: churn labels (the label role first). */
  labelOptions = $derived(
    this.#options((d, c) => c.type !== 'id' && c.type !== 'date' && c.type !== 'text' && (c.type === 'boolean' || this.#distinct(d, c.name) === 2)).sort(
      (a, b) => Number(this.#isLabelRole(b)) - Number(this.#isLabelRole(a)),
    ),
  );

  #isLabelRole(o: ColumnOption): boolean {
    const d = o.from === 'survey' ? this.dataset : this.linked?.dataset;
    return d?.roles.label === o.name;
  }

  score = $derived.by(() => {
    const c = this.#choiceFor(this.dataset)?.score;
    return c !== undefined && this.scoreColumns.includes(c) ? c : (this.dataset?.roles.satisfaction ?? '');
  });
  date = $derived.by(() => {
    const c = this.#choiceFor(this.dataset)?.date;
    return c !== undefined && (c === '' || this.dateColumns.includes(c)) ? c : (this.dataset?.roles.date ?? '');
  });
  by = $derived.by(() => {
    const c = this.#choiceFor(this.dataset)?.by;
    if (c !== undefined && (c === '' || this.segmentOptions.some((o) => o.name === c))) return c;
    // Default: a segment of the customers (their contract, plan, channel), else the survey's first.
    return (this.segmentOptions.find((o) => o.from === 'linked') ?? this.segmentOptions[0])?.name ?? '';
  });
  label = $derived.by(() => {
    const c = this.#choiceFor(this.dataset)?.label;
    if (c !== undefined && (c === '' || this.labelOptions.some((o) => o.name === c))) return c;
    return this.labelOptions.find((o) => this.#isLabelRole(o))?.name ?? '';
  });

  ready = $derived(!!this.dataset && !!this.score);

  navigate(page: string): void {
    this.#ctx.navigate(page);
  }

  setDataset(id: string): void {
    this.#datasetId = id;
    this.#choice = null;
  }

  set(field: 'score' | 'date' | 'by' | 'label', value: string): void {
    const d = this.dataset;
    if (!d) return;
    this.#choice = { ...(this.#choiceFor(d) ?? { datasetId: d.id }), [field]: value };
  }

  request(): SatisfactionRunRequest | null {
    const d = this.dataset;
    if (!d || !this.score) return null;
    const l = this.linked;
    return {
      datasetId: d.id,
      score: this.score,
      date: this.date || undefined,
      by: this.by || undefined,
      label: this.label || undefined,
      customer: d.roles.customer ?? l?.surveyKey,
      linked: l ? { datasetId: l.dataset.id, key: l.key, surveyKey: l.surveyKey } : undefined,
    };
  }

  async compute(): Promise<void> {
    const req = this.request();
    if (!req) return;
    const view = await this.run.start((api) => api.satisfaction(req));
    if (!view) return;
    this.view = view;
    this.shown = req;
    this.stamps = stampData(this.datasets, [req.datasetId, req.linked?.datasetId]);
  }

  csv(table: SatisfactionTable): string {
    return this.view ? satisfactionCsv(this.view.result, table) : '';
  }

  /** Shows the last stored run (its choices too), marked out of date when a dataset changed since. */
  async #restore(): Promise<void> {
    let last: SatisfactionLast | null;
    try {
      last = await this.#bridge.run((api) => api.satisfactionLast());
    } catch {
      return;
    }
    if (!last || this.view || this.run.running || (this.#datasetId !== null && this.#datasetId !== last.settings.datasetId)) return;
    const r = last.settings;
    if (!this.datasets.some((d) => d.id === r.datasetId)) return;
    this.#datasetId = r.datasetId;
    this.#choice = { datasetId: r.datasetId, score: r.score, date: r.date ?? '', by: r.by ?? '', label: r.label ?? '' };
    this.view = last.view;
    this.shown = r;
    this.stamps = storedStamps(this.datasets, [r.datasetId, r.linked?.datasetId], last.stale);
  }
}
