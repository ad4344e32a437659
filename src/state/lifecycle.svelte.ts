// State of the Lifecycle tab (Lifetime value page): period, retention mode, the run in the compute worker and
// its result (stored as kind 'lifecycle', read back after a reload), CSV files, and "save this cohort cell as a
// segment" (also used by the Cohorts tab), which stores the segmentation the action list can target.
import type { CohortCellRequest, ComputeApi, LifecycleCsvKind, LifecyclePeriod, LifecycleView, RetentionMode } from '../contract';
import { Run } from './analysis.svelte';
import type { WorkerBridge } from './bridge';
import type { ClvPage } from './clv.svelte';
import { stampData, storedStamps, type DataStamp } from './stale';
import { message } from './workspace.svelte';

export type LifecycleMeasure = 'nrr' | 'grr' | 'revenue';

/** The transactions and columns chosen on the page, as a request; null until they are. */
function columnsOf(page: ClvPage) {
  const d = page.dataset;
  if (!d || !page.ready) return null;
  const c = page.columns;
  return { datasetId: d.id, customer: c.customer, date: c.date, amount: c.amount || undefined, quantity: (c.amount && c.quantity) || undefined };
}

/** Saves the customers of one cohort cell as the segmentation the action list joins. */
export class CohortCellTarget {
  busy = $state(false);
  /** What the last save did, in words. */
  saved = $state<string | null>(null);
  error = $state<string | null>(null);
  #bridge: WorkerBridge<ComputeApi>;
  #page: ClvPage;

  constructor(bridge: WorkerBridge<ComputeApi>, page: ClvPage) {
    this.#bridge = bridge;
    this.#page = page;
  }

  clear(): void {
    this.saved = null;
    this.error = null;
  }

  async save(cell: { period: LifecyclePeriod; cohort: string; offset: number; mode: RetentionMode }): Promise<void> {
    const columns = columnsOf(this.#page);
    if (!columns) return;
    const request: CohortCellRequest = { ...columns, ...cell };
    this.busy = true;
    this.clear();
    try {
      const { name, customers } = await this.#bridge.run((api) => api.cohortCellTarget(request));
      this.saved = `Saved ${customers.toLocaleString('en')} customers as the segmentation "${name}": the Actions page joins it ("use the saved segmentation").`;
    } catch (e) {
      this.error = message(e);
    } finally {
      this.busy = false;
    }
  }
}

export class LifecycleState {
  period = $state<LifecyclePeriod>('month');
  mode = $state<RetentionMode>('bounded');
  measure = $state<LifecycleMeasure>('nrr');
  run: Run;
  view = $state.raw<LifecycleView | null>(null);
  /** The data it came from, for the out-of-date notice. */
  stamps = $state.raw<DataStamp[] | null>(null);
  source = $state('');
  csvError = $state<string | null>(null);
  /** The retention matrix's and the revenue matrix's cell saves (each says what it saved under its own matrix). */
  readonly target: CohortCellTarget;
  readonly revenueTarget: CohortCellTarget;
  #bridge: WorkerBridge<ComputeApi>;
  #page: ClvPage;

  /** `bridge`: a handle on the shared compute worker (its own, so that Cancel names this run). */
  constructor(bridge: WorkerBridge<ComputeApi>, page: ClvPage) {
    this.#page = page;
    this.#bridge = bridge;
    this.run = new Run(this.#bridge);
    this.target = new CohortCellTarget(this.#bridge, page);
    this.revenueTarget = new CohortCellTarget(this.#bridge, page);
  }

  /** Shows the stored result when it is of the page's dataset, else computes with the defaults. */
  async open(): Promise<void> {
    try {
      const last = await this.#bridge.run((api) => api.lifecycleLast());
      const d = this.#page.dataset;
      if (last && d && last.view.request.datasetId === d.id && !this.view && !this.run.running) {
        this.period = last.view.request.period;
        this.#show(last.view, storedStamps(this.#page.storedDatasets, [d.id], last.stale));
        return;
      }
    } catch {
      // Nothing stored, or the worker was stopped elsewhere: compute afresh.
    }
    if (!this.view && !this.run.running) await this.compute();
  }

  #show(view: LifecycleView, stamps: DataStamp[]): void {
    this.view = view;
    this.stamps = stamps;
    this.source = this.#page.storedDatasets.find((d) => d.id === view.request.datasetId)?.name ?? '';
    if (!view.revenue && this.measure !== 'revenue') this.measure = 'nrr';
  }

  async compute(): Promise<void> {
    const columns = columnsOf(this.#page);
    if (!columns) return;
    const request = { ...columns, period: this.period };
    const stamps = stampData(this.#page.storedDatasets, [request.datasetId]);
    this.target.clear();
    this.revenueTarget.clear();
    const view = await this.run.start((api) => api.lifecycle(request));
    if (view) this.#show(view, stamps);
  }

  setPeriod(period: LifecyclePeriod): void {
    this.period = period;
    void this.compute();
  }

  async csv(kind: LifecycleCsvKind): Promise<Blob | null> {
    this.csvError = null;
    try {
      return await this.#bridge.run((api) => api.lifecycleCsv(kind));
    } catch (e) {
      this.csvError = message(e);
      return null;
    }
  }
}
