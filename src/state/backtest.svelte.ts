// The Churn page's "Backtest over time": which transactions it reads (the derived source's, or those
// linked to the labelled customer file), its settings, the run (progress, cancel) and the last view,
// restored from the result store on creation.
import type { BacktestLast, BacktestRequest, BacktestView, ComputeApi, ModelKind } from '../contract';
import { amountColumn, dateColumn, suitability } from '../lib/data/suitability';
import type { DatasetMeta } from '../storage/db';
import { Run } from './analysis.svelte';
import type { AppContext } from './app-context';
import type { WorkerBridge } from './bridge';
import type { ChurnPage } from './churn.svelte';

export const BACKTEST_MODELS: ('auto' | ModelKind)[] = ['auto', 'logistic', 'gbdt', 'mlp'];

/** Where the backtest's transactions come from, or why there are none. */
export type BacktestSource =
  | { ok: true; transactions: DatasetMeta; customer: string; date: string; amount?: string; customers?: { dataset: DatasetMeta; key: string; exclude: string[] } }
  | { ok: false; why: string };

export class BacktestPanel {
  horizonDays = $state(90);
  cutoffs = $state(4);
  model = $state<'auto' | ModelKind>('logistic');
  /**
   * Join the linked customer file's columns to the snapshots. Off by default: a column recorded at export
   * time (tenure, ticket counts) holds values from after every past cut-off; only static ones belong there.
   */
  joinAttributes = $state(false);
  view = $state.raw<BacktestView | null>(null);
  settings = $state.raw<BacktestRequest | null>(null);
  /** Datasets changed since the shown backtest ran (from the store); [] = current. */
  stale = $state.raw<string[]>([]);
  readonly run: Run;
  #bridge: WorkerBridge<ComputeApi>;
  #ctx: AppContext;
  #churn: ChurnPage;

  constructor(ctx: AppContext, churn: ChurnPage) {
    this.#ctx = ctx;
    this.#churn = churn;
    this.#bridge = ctx.createCompute();
    this.run = new Run(this.#bridge);
    void this.restore();
  }

  /** The derived label's transactions, or the transactions a labelled customer file is linked to. */
  source = $derived.by((): BacktestSource => {
    const c = this.#churn;
    if (c.effectiveMode === 'derive') {
      if (!c.txDataset || !c.customer || !c.date) return { ok: false, why: 'Choose the transactions and their customer and date columns above.' };
      return { ok: true, transactions: c.txDataset, customer: c.customer, date: c.date, amount: c.amount || undefined };
    }
    const customers = c.dataset;
    if (!customers) return { ok: false, why: 'Choose a dataset above.' };
    const links = this.#ctx.workspace.links;
    for (const d of this.#ctx.workspace.datasets) {
      if (d.id === customers.id || !suitability(d, 'activity').ok) continue;
      const j = links.join(customers.id, d.id);
      const date = dateColumn(d);
      if (!j || !date) continue;
      // The file's own label (and what the user left out) never joins the snapshots.
      const exclude = [c.target, ...c.excluded].filter(Boolean);
      return { ok: true, transactions: d, customer: j.b, date, amount: amountColumn(d) ?? undefined, customers: { dataset: customers, key: j.a, exclude } };
    }
    return { ok: false, why: `A backtest over time needs dates: derive the label from transactions, or link “${customers.name}” to a transactions dataset on the Data page.` };
  });

  get canRun(): boolean {
    return this.source.ok && !this.run.running && Number.isInteger(this.horizonDays) && this.horizonDays >= 1 && Number.isInteger(this.cutoffs) && this.cutoffs >= 1;
  }

  async restore(): Promise<void> {
    let last: BacktestLast | null;
    try {
      last = await this.#bridge.run((api) => api.churnBacktestLast());
    } catch {
      return;
    }
    // A run made meanwhile wins.
    if (!last || this.view) return;
    this.view = last.view;
    this.settings = last.settings;
    this.stale = last.stale;
    this.horizonDays = last.settings.horizonDays;
    this.cutoffs = last.settings.cutoffs;
    this.model = last.settings.model;
    this.joinAttributes = Boolean(last.settings.customers);
  }

  async start(): Promise<void> {
    const s = this.source;
    if (!s.ok || !this.canRun) return;
    const customers = this.joinAttributes ? s.customers : undefined;
    const request: BacktestRequest = {
      datasetId: s.transactions.id,
      customer: s.customer,
      date: s.date,
      amount: s.amount,
      horizonDays: this.horizonDays,
      cutoffs: this.cutoffs,
      model: this.model,
      seed: this.#churn.seed,
      customers: customers ? { datasetId: customers.dataset.id, key: customers.key, exclude: [...customers.exclude] } : undefined,
    };
    const view = await this.run.start((api, onProgress) => api.churnBacktest(request, onProgress));
    if (!view) return;
    this.view = view;
    this.settings = request;
    this.stale = [];
  }

  cancel(): void {
    this.run.cancel();
  }
}
