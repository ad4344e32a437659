// The Segments page: RFM and k-means settings chosen by the user, the run, and its result. The last run
// comes back from the result store when the page is created (after a reload too).
import type { ComputeApi, SegmentLast, SegmentRequest, SegmentResult } from '../contract';
import type { WorkerBridge } from './bridge';
import { pickDefault, type Need } from '../lib/data/suitability';
import type { DatasetMeta } from '../storage/db';
import { Run } from './analysis.svelte';
import type { AppContext } from './app-context';
import { message } from './workspace.svelte';
import { stampData, storedStamps, type DataStamp } from './stale';

export type SourceKind = 'rfm' | 'attributes';

export class SegmentsPage {
  kind = $state<SourceKind>('rfm');
  datasetId = $state<string>('');
  customer = $state('');
  date = $state('');
  amount = $state('');
  quantity = $state('');
  invoice = $state('');
  asOf = $state('');
  features = $state<string[]>(['recency', 'frequency', 'monetary']);
  log = $state(true);
  kMode = $state<'auto' | 'fixed'>('auto');
  k = $state(4);
  restarts = $state(10);
  seed = $state(42);
  result = $state.raw<SegmentResult | null>(null);
  /** The data the result came from, to say when it is out of date (src/state/stale.ts). */
  stamps = $state.raw<DataStamp[] | null>(null);
  exportError = $state<string | null>(null);
  readonly run: Run;
  #bridge: WorkerBridge<ComputeApi>;
  #ctx: AppContext;

  constructor(ctx: AppContext) {
    this.#ctx = ctx;
    this.#bridge = ctx.createCompute();
    this.run = new Run(this.#bridge);
    // What the URL asked for when the page opened (a reload, a bookmark, Back), before defaults fill it in.
    void this.#restore({ kind: ctx.url.get('kind'), dataset: ctx.url.get('dataset') });
  }

  /** Shows the last stored segmentation and its settings, marked out of date when its dataset changed since. */
  async #restore(asked: { kind: string; dataset: string }): Promise<void> {
    let last: SegmentLast | null;
    try {
      last = await this.#bridge.run((api) => api.segmentLast());
    } catch {
      return; // Nothing to show: the page starts empty.
    }
    if (!last || this.result || this.run.running) return;
    const r = last.settings;
    const s = r.source;
    // A result of another view than the one asked for (in the URL) or chosen since is not shown.
    if ((asked.kind && asked.kind !== s.kind) || (asked.dataset && asked.dataset !== s.datasetId)) return;
    if (!this.datasets.some((d) => d.id === s.datasetId) || (!this.autoPick && this.datasetId !== s.datasetId)) return;
    this.autoPick = false;
    this.kind = s.kind;
    this.datasetId = s.datasetId;
    if (s.kind === 'rfm') {
      [this.customer, this.date, this.amount, this.quantity, this.invoice, this.asOf] = [s.customer, s.date, s.amount ?? '', s.quantity ?? '', s.invoice ?? '', s.asOf ?? ''];
    } else {
      this.customer = s.key;
    }
    this.features = [...r.features];
    this.log = r.log;
    this.kMode = r.k === 'auto' ? 'auto' : 'fixed';
    this.k = r.k === 'auto' ? last.view.k : r.k;
    this.restarts = r.restarts;
    this.seed = r.seed;
    this.#resultSource = JSON.stringify(s);
    this.result = last.view;
    this.stamps = storedStamps(this.datasets, [s.datasetId], last.stale);
  }

  get dataset(): DatasetMeta | undefined {
    return this.#ctx.workspace.datasets.find((d) => d.id === this.datasetId);
  }

  /** True until the user picks a dataset: the default then follows the workspace (a new import of their own replaces the demo). */
  autoPick = $state(true);

  get datasets(): DatasetMeta[] {
    return this.#ctx.workspace.datasets;
  }

  /** What this kind of segmentation needs from a dataset (suitability.ts). */
  get need(): Need {
    return this.kind === 'rfm' ? 'transactions' : 'attributes';
  }

  /** The default dataset for this kind, or '' when none fits (never the demo once the user has data). */
  get defaultId(): string {
    return pickDefault(this.datasets, this.need)?.id ?? '';
  }

  numericColumns(): string[] {
    return (this.dataset?.columns ?? []).filter((c) => c.type === 'number' || c.type === 'integer').map((c) => c.name);
  }

  /** Fills the column choices from the dataset's roles (the user can change each). */
  pick(datasetId: string): void {
    this.datasetId = datasetId;
    const ds = this.dataset;
    if (!ds) {
      this.customer = this.date = this.amount = this.quantity = this.invoice = '';
      return;
    }
    const r = ds.roles;
    const first = (type: string) => ds.columns.find((c) => c.type === type)?.name ?? '';
    // Attributes without a key role are numbered by row; RFM needs whose purchase each row is.
    this.customer = r.customer ?? (this.kind === 'attributes' ? '' : (ds.columns.find((c) => c.type === 'id')?.name ?? ds.columns[0]?.name ?? ''));
    this.date = r.date ?? first('date');
    this.amount = r.amount ?? '';
    this.quantity = r.quantity ?? '';
    this.invoice = ds.columns.find((c) => /invoice|order/i.test(c.name) && c.type !== 'date')?.name ?? '';
    if (this.kind === 'attributes') {
      const label = r.label;
      this.features = this.numericColumns().filter((c) => c !== label).slice(0, 6);
    } else {
      this.features = ['recency', 'frequency', 'monetary'];
    }
  }

  /** The user's own choice of dataset. */
  choose(datasetId: string): void {
    this.autoPick = false;
    this.pick(datasetId);
  }

  /** Follows the default rule while the user has not chosen (or their choice was deleted). */
  applyDefault(): void {
    if (!this.autoPick && this.dataset) return;
    this.autoPick = true;
    if (this.defaultId !== this.datasetId) this.pick(this.defaultId);
  }

  setKind(kind: SourceKind): void {
    this.kind = kind;
    this.autoPick = true;
    this.pick(this.defaultId);
  }

  request(): SegmentRequest {
    const source: SegmentRequest['source'] =
      this.kind === 'rfm'
        ? {
            kind: 'rfm',
            datasetId: this.datasetId,
            customer: this.customer,
            date: this.date,
            amount: this.amount || undefined,
            quantity: this.quantity || undefined,
            invoice: this.invoice || undefined,
            asOf: this.asOf || undefined,
          }
        : { kind: 'attributes', datasetId: this.datasetId, key: this.customer };
    return { source, features: [...this.features], log: this.log, k: this.kMode === 'auto' ? 'auto' : this.k, restarts: this.restarts, seed: this.seed };
  }

  /** The source (dataset, kind, columns) of the result on screen. */
  #resultSource = $state('');

  /** When the result on screen is of another dataset or kind than the one now chosen: what it is of, in words. */
  get resultElsewhere(): string | null {
    if (!this.result || !this.#resultSource) return null;
    const s = JSON.parse(this.#resultSource) as SegmentRequest['source'];
    if (s.kind === this.kind && s.datasetId === this.datasetId) return null;
    const name = this.datasets.find((d) => d.id === s.datasetId)?.name ?? 'a dataset no longer here';
    return `The result below is the last one, of “${name}” (${s.kind === 'rfm' ? 'RFM from transactions' : 'customer attributes'}): run to segment the current choice.`;
  }

  async start(): Promise<void> {
    const request = this.request();
    const stamps = stampData(this.#ctx.workspace.datasets, [request.source.datasetId]);
    // Another dataset or kind: the old result must not sit under the new settings while this one runs.
    const source = JSON.stringify(request.source);
    if (source !== this.#resultSource) this.result = null;
    this.#resultSource = source;
    const result = await this.run.start((api, onProgress) => api.segment(request, onProgress));
    if (result) {
      this.result = result;
      this.stamps = stamps;
      if (this.kMode === 'auto') this.k = result.k;
    }
  }

  /** Re-runs with a K the user picked from the elbow and silhouette charts. */
  async chooseK(k: number): Promise<void> {
    this.kMode = 'fixed';
    this.k = k;
    await this.start();
  }

  /** The customers of the result with their segment, as a CSV file. */
  async csv(): Promise<Blob | null> {
    this.exportError = null;
    const csv = await this.run.start((api) => api.segmentCsv());
    if (csv === null) this.exportError = this.run.error ?? 'Export failed';
    return csv;
  }

  async save(name: string): Promise<boolean> {
    try {
      const ok = await this.run.start((api) => api.saveSegmentation(name));
      return ok !== null;
    } catch (e) {
      this.exportError = message(e);
      return false;
    }
  }
}
