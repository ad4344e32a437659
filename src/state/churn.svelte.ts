// The churn page's state: the source of labelled customers and the user's choices, the label check,
// the run (progress, cancel), its results, the live threshold, the paged scores and saved models.
// On creation it shows the last stored result (churnLast), with the form it ran with.
import type {
  ChurnEvaluationView,
  ChurnInspection,
  ChurnLast,
  ChurnRequest,
  ChurnRunResult,
  ChurnScoredSummary,
  ChurnScoreRow,
  ChurnSource,
  ChurnTreeSegments,
  ComputeApi,
  ModelKind,
  SavedChurnModelInfo,
} from '../contract';
import { pickDefault } from '../lib/data/suitability';
import type { DatasetMeta } from '../storage/db';
import { Run } from './analysis.svelte';
import type { AppContext } from './app-context';
import type { WorkerBridge } from './bridge';
import { message } from './workspace.svelte';
import { PagedRows } from './paged-rows.svelte';
import { stampData, type DataStamp } from './stale';

export const PAGE_SIZE = 25;

export interface ThresholdCounts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  flagged: number;
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Confusion counts at a probability cut-off (flag when p >= t) from the precomputed cumulative counts:
 * a binary search over the distinct out-of-fold probabilities, O(log n) per slider move.
 */
export function countsAt(ev: Pick<ChurnEvaluationView, 'thresholds' | 'tps' | 'fps' | 'positives' | 'negatives'>, t: number): ThresholdCounts {
  const th = ev.thresholds;
  // Last index whose threshold is >= t (thresholds are descending); -1 when none is.
  let lo = 0;
  let hi = th.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (th[mid] >= t) lo = mid + 1;
    else hi = mid;
  }
  const k = lo - 1;
  const tp = k >= 0 ? ev.tps[k] : 0;
  const fp = k >= 0 ? ev.fps[k] : 0;
  const fn = ev.positives - tp;
  const tn = ev.negatives - fp;
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = ev.positives > 0 ? tp / ev.positives : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, fp, tn, fn, flagged: tp + fp, precision, recall, f1 };
}

export class ChurnPage {
  // Where the labels come from, and every choice; null/'' = the default picked from the roles.
  mode = $state<'label' | 'derive' | null>(null);
  #datasetId = $state<string | null>(null);
  #target = $state<string | null>(null);
  positive = $state('');
  #idColumn = $state<string | null>(null);
  #txId = $state<string | null>(null);
  #customer = $state<string | null>(null);
  #date = $state<string | null>(null);
  #amount = $state<string | null>(null);
  asOf = $state('');
  horizonDays = $state(90);
  windowDays = $state<number | null>(null);
  /** Columns the user left out. */
  excluded = $state<string[]>([]);
  model = $state<'auto' | ModelKind>('auto');
  folds = $state(5);
  seed = $state(42);

  inspection = $state.raw<ChurnInspection | null>(null);
  inspecting = $state(false);
  inspectError = $state<string | null>(null);
  result = $state.raw<ChurnRunResult | null>(null);
  /** The data a result trained here came from, to say when it is out of date (src/state/stale.ts). */
  #stamps = $state.raw<DataStamp[] | null>(null);
  /** The dataset versions of a result restored from the store (churnLast). */
  #restored = $state.raw<Record<string, number> | null>(null);
  scored = $state.raw<ChurnScoredSummary | null>(null);
  threshold = $state(0.5);

  /** The scored customers, a page at a time (sorted in the worker). */
  readonly table = new PagedRows<ChurnScoreRow, 'probability' | 'customer'>({
    limit: PAGE_SIZE,
    sort: 'probability',
    startsDescending: (column) => column === 'probability',
    fetch: ({ offset, limit, sort, descending }) => {
      const rule = this.selectedRule?.id;
      return this.#bridge.run(async (api) => {
        const page = await api.churnPage({ offset, limit, sort, descending, rule });
        this.ruleBandCounts = page.bandCounts ?? null;
        return page;
      });
    },
  });
  /** The selected rule's scored customers per risk band (from its last page), null when no rule is selected. */
  ruleBandCounts = $state.raw<number[] | null>(null);

  /** The decision tree of the run whose scores are shown (a saved model's scores of another dataset have none). */
  tree = $derived(this.result?.tree && this.scored === this.result.scored ? this.result.tree : null);
  /** The tree rule whose customers the scores table shows: its number on the page (1 = highest churn), 0 = everyone. */
  ruleNumber = $state(0);
  selectedRule = $derived(this.tree && this.ruleNumber > 0 ? (this.tree.rules[this.ruleNumber - 1] ?? null) : null);
  /** The tree rules saved as the action list's segmentation, and that call's state. */
  treeSegments = $state.raw<ChurnTreeSegments | null>(null);
  targeting = $state(false);
  targetError = $state<string | null>(null);

  models = $state.raw<SavedChurnModelInfo[]>([]);
  modelsError = $state<string | null>(null);
  saving = $state(false);
  scoreModelId = $state<string | null>(null);
  scoreDatasetId = $state<string | null>(null);

  /** The last stored result was looked up (shown if there was one). */
  restored = $state(false);

  readonly run: Run;
  readonly scoring: Run;
  #bridge: WorkerBridge<ComputeApi>;
  #ctx: AppContext;
  #inspectSeq = 0;
  /** What the last inspection was asked for (inspectChanged). */
  #inspected: string | null = null;

  constructor(ctx: AppContext) {
    this.#ctx = ctx;
    this.#bridge = ctx.createCompute();
    this.run = new Run(this.#bridge);
    this.scoring = new Run(this.#bridge);
    void this.restore();
  }

  /**
   * What the out-of-date notice compares with: the stamps of a run made here, or for a restored result its
   * datasets at the versions it was computed from (a dataset whose version moved on reads as changed).
   */
  get stamps(): DataStamp[] | null {
    if (this.#stamps || !this.#restored) return this.#stamps;
    const versions = this.#restored;
    return Object.keys(versions).map((id): DataStamp => {
      const [st] = stampData(this.datasets, [id]);
      // Deleted since (the stored result went with it): the notice says so until the page is left.
      if (!st) return { datasetId: id, name: this.scored?.datasetId === id ? this.scored.datasetName : 'its dataset', version: versions[id], types: {}, roles: {} };
      // Its types then are not known: the notice says the dataset changed.
      return st.version === versions[id] ? st : { ...st, version: versions[id], types: {} };
    });
  }

  /** Shows the last stored run or scoring (after a reload, or on coming back to the page). */
  async restore(): Promise<void> {
    let last: ChurnLast | null;
    try {
      last = await this.#bridge.run((api) => api.churnLast());
    } catch {
      return;
    } finally {
      this.restored = true;
    }
    // A run made meanwhile wins.
    if (!last || this.result || this.scored) return;
    this.#restored = last.versions;
    this.result = last.run;
    this.scored = last.scored;
    if (last.run) this.threshold = Math.round(last.run.baseRate * 100) / 100 || 0.5;
    const settings = last.settings;
    if (settings && 'source' in settings) this.#restoreForm(settings);
    else if (settings) {
      this.scoreModelId = settings.modelId;
      this.scoreDatasetId = settings.datasetId;
    }
    await this.#firstPage();
  }

  /** The form a restored run was made with, unless another source was chosen already (by the URL, the user). */
  #restoreForm(request: ChurnRequest): void {
    const src = request.source;
    if (this.mode && this.mode !== src.kind) return;
    const chosen = src.kind === 'label' ? this.#datasetId : this.#txId;
    if (chosen && chosen !== src.datasetId) return;
    if (!this.datasets.some((d) => d.id === src.datasetId) && this.datasets.length) return;
    this.mode = src.kind;
    if (src.kind === 'label') {
      this.#datasetId = src.datasetId;
      this.#target = src.target;
      this.positive = src.positive ?? '';
      this.#idColumn = src.idColumn ?? null;
    } else {
      this.#txId = src.datasetId;
      this.#customer = src.customer;
      this.#date = src.date;
      this.#amount = src.amount ?? null;
      this.asOf = src.asOf ?? '';
      this.horizonDays = src.horizonDays;
      this.windowDays = src.windowDays ?? null;
    }
    this.excluded = [...request.exclude];
    this.model = request.model;
    this.folds = request.folds;
    this.seed = request.seed;
  }

  get datasets(): DatasetMeta[] {
    return this.#ctx.workspace.datasets;
  }

  // Defaults follow the rule of suitability.ts: the user's own data first, the demo only when they have none.
  #defaultLabelled = $derived(pickDefault(this.datasets, 'churnLabel'));
  #defaultActivity = $derived(pickDefault(this.datasets, 'activity'));
  effectiveMode = $derived<'label' | 'derive' | null>(this.mode ?? (this.#defaultLabelled ? 'label' : this.#defaultActivity ? 'derive' : null));

  dataset = $derived(this.datasets.find((d) => d.id === this.#datasetId) ?? this.#defaultLabelled);
  target = $derived(this.#target ?? this.dataset?.roles.label ?? '');
  // No key role: rows are numbered ("row number"), never keyed by the first id-typed column (it may count rows).
  idColumn = $derived(this.#idColumn ?? this.dataset?.roles.customer ?? '');
  txDataset = $derived(this.datasets.find((d) => d.id === this.#txId) ?? this.#defaultActivity);
  customer = $derived(this.#customer ?? this.txDataset?.roles.customer ?? '');
  date = $derived(this.#date ?? this.txDataset?.roles.date ?? '');
  amount = $derived(this.#amount ?? this.txDataset?.roles.amount ?? '');

  /** The source the worker reads, or null while a required choice is missing. */
  source = $derived.by((): ChurnSource | null => {
    if (this.effectiveMode === 'label') {
      if (!this.dataset || !this.target) return null;
      return { kind: 'label', datasetId: this.dataset.id, target: this.target, positive: this.positive || undefined, idColumn: this.idColumn || undefined };
    }
    if (this.effectiveMode === 'derive') {
      if (!this.txDataset || !this.customer || !this.date || !(this.horizonDays > 0)) return null;
      return {
        kind: 'derive',
        datasetId: this.txDataset.id,
        customer: this.customer,
        date: this.date,
        amount: this.amount || undefined,
        asOf: this.asOf || undefined,
        horizonDays: this.horizonDays,
        windowDays: this.windowDays && this.windowDays > 0 ? this.windowDays : undefined,
      };
    }
    return null;
  });

  counts = $derived(this.result ? countsAt(this.result.evaluation, this.threshold) : null);
  get canTrain(): boolean {
    return Boolean(this.source && this.inspection && !this.inspection.error && !this.inspecting && !this.run.running);
  }

  setDataset(id: string): void {
    this.#datasetId = id;
    this.#target = null;
    this.#idColumn = null;
    this.positive = '';
    this.excluded = [];
  }

  setTarget(column: string): void {
    this.#target = column;
    this.positive = '';
    this.excluded = this.excluded.filter((c) => c !== column);
  }

  setIdColumn(column: string): void {
    this.#idColumn = column;
  }

  setTxDataset(id: string): void {
    this.#txId = id;
    this.#customer = this.#date = this.#amount = null;
    this.excluded = [];
  }

  setTxColumn(which: 'customer' | 'date' | 'amount', column: string): void {
    if (which === 'customer') this.#customer = column;
    else if (which === 'date') this.#date = column;
    else this.#amount = column;
  }

  setMode(mode: 'label' | 'derive'): void {
    this.mode = mode;
    this.excluded = [];
  }

  toggleColumn(name: string, include: boolean): void {
    this.excluded = include ? this.excluded.filter((c) => c !== name) : [...this.excluded, name];
  }

  /**
   * Inspects `source` when it, its dataset's version or `links` (the confirmed links a labelled file's leakage audit
   * reads) changed since the last inspection. The workspace's list is read again after any change elsewhere (another
   * tab, the settings a worker saves), which made a new but equal source: at a million customers each new check took
   * seconds of the shared compute worker, while the user paged the action list on another page.
   */
  inspectChanged(source: ChurnSource, links: unknown): void {
    const dataset = source.kind === 'label' ? this.dataset : this.txDataset;
    const key = JSON.stringify([source, dataset?.version ?? 1, links]);
    if (key === this.#inspected) return;
    this.#inspected = key;
    void this.inspect(source);
  }

  /** Reads the label and columns of the current source (stale answers are dropped). */
  async inspect(source: ChurnSource): Promise<void> {
    const seq = ++this.#inspectSeq;
    this.inspecting = true;
    this.inspectError = null;
    try {
      const inspection = await this.#bridge.run((api) => api.churnInspect(source));
      if (seq === this.#inspectSeq) this.inspection = inspection;
    } catch (e) {
      if (seq === this.#inspectSeq) {
        this.inspection = null;
        this.inspectError = message(e);
        this.#inspected = null; // the same source may be asked again
      }
    } finally {
      if (seq === this.#inspectSeq) this.inspecting = false;
    }
  }

  async train(): Promise<void> {
    const source = this.source;
    if (!source) return;
    const request = $state.snapshot({ source, exclude: this.excluded, model: this.model, folds: this.folds, seed: this.seed });
    const stamps = stampData(this.datasets, [source.datasetId]);
    const result = await this.run.start((api, onProgress) => api.churnTrain(request, onProgress));
    if (!result) return;
    this.result = result;
    this.#stamps = stamps;
    this.#restored = null;
    this.scored = result.scored;
    this.threshold = Math.round(result.baseRate * 100) / 100 || 0.5;
    this.#newScores();
    await this.#firstPage();
  }

  cancel(): void {
    this.run.cancel();
  }

  /** Other customers were scored: the rule shown and what was saved for them no longer apply. */
  #newScores(): void {
    this.ruleNumber = 0;
    this.treeSegments = null;
    this.targetError = null;
  }

  /** Shows only one tree rule's customers (its number on the page; 0 = everyone) from their first page. */
  selectRule(number: number): void {
    if (number === this.ruleNumber) return;
    this.ruleNumber = number;
    if (this.scored) void this.table.load(0);
  }

  /** Saves the tree's rules as the segmentation the action list joins. */
  async targetRules(): Promise<void> {
    this.targeting = true;
    this.targetError = null;
    try {
      this.treeSegments = await this.#bridge.run((api) => api.churnSaveTreeSegments());
    } catch (e) {
      this.targetError = message(e);
    } finally {
      this.targeting = false;
    }
  }

  /** The riskiest customers first, from the first page. */
  #firstPage(): Promise<void> {
    this.table.sort = 'probability';
    this.table.descending = true;
    return this.table.load(0);
  }

  /** The scored customers as a CSV file (built in the worker). */
  async csv(): Promise<Blob | null> {
    this.table.error = null;
    try {
      return await this.#bridge.run((api) => api.churnCsv());
    } catch (e) {
      this.table.error = message(e);
      return null;
    }
  }

  async refreshModels(): Promise<void> {
    await this.#models((api) => api.churnModels());
  }

  async saveModel(name: string): Promise<void> {
    this.saving = true;
    await this.#models((api) => api.churnSaveModel(name));
    this.saving = false;
  }

  async deleteModel(id: string): Promise<void> {
    await this.#models((api) => api.churnDeleteModel(id));
    if (this.scoreModelId === id) this.scoreModelId = null;
  }

  async scoreDataset(): Promise<void> {
    const modelId = this.scoreModelId ?? this.models[0]?.id;
    const datasetId = this.scoreDatasetId;
    if (!modelId || !datasetId) return;
    const scored = await this.scoring.start((api, onProgress) => api.churnScoreDataset({ modelId, datasetId }, onProgress));
    if (!scored) return;
    this.scored = scored;
    this.#newScores();
    await this.#firstPage();
  }

  async #models(call: (api: Parameters<Parameters<WorkerBridge<ComputeApi>['run']>[0]>[0]) => Promise<SavedChurnModelInfo[]>): Promise<void> {
    this.modelsError = null;
    try {
      this.models = await this.#bridge.run(call);
    } catch (e) {
      this.modelsError = message(e);
    }
  }
}
