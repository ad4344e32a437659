// The one typed boundary between the UI thread and the workers. The UI holds a Comlink `Remote<...>` of
// these interfaces and imports nothing else from the compute side; workers implement them.
import type { ColumnProfile } from './lib/data/profile';
import type { ColumnRole, ColumnType } from './lib/data/table';

export type { ColumnProfile, ColumnRole, ColumnType };
export type { HistogramBin, ProfileWarning, TopValue } from './lib/data/profile';

export interface TableProfile {
  rows: number;
  columns: ColumnProfile[];
}

export interface PreviewOptions {
  delimiter?: string;
  header?: boolean;
  encoding?: string;
}

export interface PreviewColumn {
  name: string;
  type: ColumnType;
  notes: string[];
  /** Why this type, from the values ("boolean: only 0 and 1"). */
  reason: string;
}

/** What the app understood of a file before anything is stored. */
export interface FilePreview {
  fileName: string;
  fileBytes: number;
  encoding: string;
  delimiter: string;
  header: boolean;
  columns: PreviewColumn[];
  /** The first rows as text, cell by cell, exactly as parsed. */
  rows: string[][];
  roles: Partial<Record<ColumnRole, string>>;
  notes: string[];
  /** Why this file cannot be imported with these settings (a clause after the file name), or null. */
  problem: string | null;
}

export interface ImportRequest {
  /** Chosen by the UI so it can delete the staging record if it cancels the import. */
  datasetId: string;
  name: string;
  encoding: string;
  delimiter: string;
  header: boolean;
  columns: { name: string; type: ColumnType }[];
  roles: Partial<Record<ColumnRole, string>>;
  /**
   * Personal data by column name: "hash" stores an HMAC-SHA-256 pseudonym of each value (keyed per
   * workspace, so joins across datasets still work), "drop" does not store the column at all.
   */
  pii?: Record<string, PiiAction>;
}

export interface ImportProgress {
  stage: 'reading' | 'saving' | 'profiling' | 'done';
  bytesRead: number;
  bytesTotal: number;
  rows: number;
  rejected: number;
  mbPerSecond: number;
  secondsLeft: number;
}

export interface ImportOutcome {
  datasetId: string;
  rows: number;
  rejected: number;
  blankLines: number;
  paddedRows: number;
  /** Physical lines of the file: header + rows (with the lines their quoted fields span) + rejected + blank. */
  lines?: number;
  /** Lines inside accepted rows after their first (quoted fields spanning lines). */
  continuationLines?: number;
  seconds: number;
  /** What the import changed and must say (invalid UTF-8 read as U+FFFD, by line); also in the dataset's notes. */
  notes?: string[];
}

export interface ImportApi {
  preview(file: Blob & { name: string }, options?: PreviewOptions): Promise<FilePreview>;
  importFile(file: Blob & { name: string }, request: ImportRequest, onProgress: (p: ImportProgress) => void): Promise<ImportOutcome>;
  /** Every rejected row of a dataset as a formula-safe CSV (line, reason, text), built off the UI thread. */
  rejectedCsv(datasetId: string): Promise<string>;
  /** (Re)computes and stores a dataset's column profile. */
  profileDataset(datasetId: string): Promise<TableProfile>;
  /** Generates and imports the seeded demo workspace; returns the new dataset ids. */
  importDemo(onProgress: (p: ImportProgress) => void): Promise<string[]>;
  /** The whole workspace (datasets, their data, settings and saved models) as one file. */
  exportWorkspace(options: WorkspaceExportOptions, onProgress?: (p: WorkspaceProgress) => void): Promise<WorkspaceExport>;
  /** Reads and checks the whole file first; writes it in one transaction, or changes nothing. */
  importWorkspace(file: Blob, options: WorkspaceImportOptions, onProgress?: (p: WorkspaceProgress) => void): Promise<WorkspaceImportResult>;
  /** Changes a stored column's type, re-encoding it in one transaction (or, with dryRun, only counts what would not convert). */
  retypeColumn(request: RetypeRequest, onProgress?: (p: RetypeProgress) => void): Promise<RetypeOutcome>;
  /** Finds keys shared between datasets by value overlap; stores them with the user's decisions and returns all links. */
  detectLinks(): Promise<DatasetLink[]>;
  /** How many of one column's distinct values another column holds (for a link the user adds). */
  measureLink(from: LinkEnd, to: LinkEnd): Promise<LinkMeasure>;
}

// Links between datasets (src/lib/data/links.ts) ---------------------------------------------
import type { DatasetLink, LinkEnd, LinkMeasure, LinkStatus } from './lib/data/links';
export type { DatasetLink, LinkEnd, LinkMeasure, LinkStatus };

// Changing a column's type after import (src/lib/data/retype.ts) -----------------------------
export interface RetypeRequest {
  datasetId: string;
  column: string;
  type: ColumnType;
  /** Only count and list the values that would not convert; change nothing. */
  dryRun?: boolean;
}

export interface RetypeProgress {
  stage: 'checking' | 'converting' | 'profiling';
  /** Chunks of rows done and in all. */
  done: number;
  total: number;
}

export interface RetypeOutcome {
  column: string;
  from: ColumnType;
  to: ColumnType;
  /** Unchanged by a change of type: every row is kept. */
  rows: number;
  /** Values that did not convert (now missing), and the first of them by row (1-based). */
  invalid: number;
  invalidSample: { row: number; text: string; reason: string }[];
  notes: string[];
  /** The dataset's version after the change (the current one for a dry run). */
  version: number;
  dryRun: boolean;
  seconds: number;
}

// Workspace files and personal data -----------------------------------------------------------
import type { PiiAction } from './lib/crypto/pseudonym';
export type { PiiAction };

export interface WorkspaceExportOptions {
  /** Encrypts the file (AES-GCM 256, key from PBKDF2-SHA256) when non-empty. */
  passphrase?: string;
}

export interface WorkspaceProgress {
  stage: 'reading' | 'checking' | 'writing' | 'done';
  /** Bytes done and expected (estimates while exporting). */
  done: number;
  total: number;
}

export interface WorkspaceExport {
  blob: Blob;
  fileName: string;
  datasets: number;
  settings: number;
  encrypted: boolean;
  /** The file is not encrypted, so this workspace's pseudonymisation key was left out (hashed columns cannot be reversed from it). */
  pseudonymKeyOmitted: boolean;
  seconds: number;
}

export interface WorkspaceImportOptions {
  passphrase?: string;
  /** Delete this browser's datasets and settings first (device settings such as the engine choice stay). */
  replace?: boolean;
}

export interface WorkspaceImportResult {
  /** `copy`: a dataset with the same id was already here, so this one was added under a new id. */
  datasets: { id: string; name: string; rows: number; copy: boolean }[];
  settingsAdded: string[];
  /** Settings already here with other values: this browser's were kept. */
  settingsKept: string[];
  replaced: boolean;
  notes: string[];
  seconds: number;
}

// Value exports here must come from modules without heavy imports: everything this file exports
// at run time lands in the UI bundle (tests/e2e/bundle.test.ts checks that no tfjs does).
// ---------------------------------------------------------------------------------------------
// Compute worker: every model runs there. Its API is the union of one interface per capability.

export type { BackendInfo, BackendName } from './lib/engine/backends';
export type { CalibrationEntry } from './lib/engine/calibrate';
import type { BackendInfo } from './lib/engine/backends';
import type { CalibrationEntry } from './lib/engine/calibrate';

export interface EngineStatus {
  /** What calibration measured to be fastest. */
  chosen: string;
  /** What models run on now (the user's override, or the chosen one). */
  active: string;
  override: string | null;
  results: CalibrationEntry[];
  backends: BackendInfo[];
  /** k-means runs on our WebAssembly SIMD kernel off the tfjs backends: on this many threads, or null without WebAssembly SIMD. */
  kmeansThreads: number | null;
}

export interface EngineApi {
  /** Starts the engine (calibrating on first use) and reports the backend choice. */
  engine(): Promise<EngineStatus>;
  /** Measures the backends again (the result is remembered for every worker). */
  remeasure(): Promise<EngineStatus>;
  /** Remembers the user's choice of backend; null returns to the measured choice. */
  setBackendOverride(name: string | null): Promise<EngineStatus>;
}

// Lifetime value, cohorts, survival ------------------------------------------------------------
import type { ClvAnalysis } from './lib/models/clv/analyse';
import type { CustomerSummary, TimeUnit } from './lib/models/clv/summary';
import type { CohortMatrix, CohortPeriod } from './lib/models/cohorts/cohorts';
import type { SurvivalAnalysis } from './lib/models/survival/survival';
export type { ClvAnalysis, CustomerSummary, TimeUnit, CohortMatrix, CohortPeriod, SurvivalAnalysis };
export type { KaplanMeierCurve } from './lib/models/survival/kaplan-meier';
export type { FrequencyRecencyGrid, CalibrationHoldoutGroup, Histogram } from './lib/models/clv/charts';

/** Progress of a model run, as src/lib reports it. */
export type ModelProgress = { stage: string; done: number; total: number; loss?: number };

export interface TransactionColumns {
  datasetId: string;
  customer: string;
  date: string;
  amount?: string;
  /** With a unit price as `amount`: units per line, so a line's spend is quantity x price. */
  quantity?: string;
}

export interface ClvRequest extends TransactionColumns {
  unit: TimeUnit;
  /** YYYY-MM-DD; later transactions form the holdout. Default: the last transaction day. */
  calibrationEnd?: string;
  months: number;
  monthlyDiscountRate: number;
  penalizer: number;
}

export interface ClvResult {
  summary: CustomerSummary;
  analysis: ClvAnalysis;
  seconds: number;
}

export interface CohortRequest extends TransactionColumns {
  period: CohortPeriod;
}

export interface SurvivalRequest extends TransactionColumns {
  churnAfterDays: number;
  /** A column of the transactions that splits customers. */
  group?: string;
  /** Or an attribute from a customers dataset, joined on its key column. */
  join?: { datasetId: string; key: string; column: string };
}

export interface SurvivalResult extends SurvivalAnalysis {
  customers: number;
  /** Data end, in days since 1970-01-01. */
  end: number;
}

/** Columns of the per-customer CLV table the UI can sort by. */
export type ClvSortKey = 'customer' | 'frequency' | 'recency' | 'age' | 'spend' | 'pAlive' | 'expectedPurchases' | 'clv';

export interface ClvRowsQuery {
  sort: ClvSortKey;
  descending: boolean;
  offset: number;
  limit: number;
  /** Only customers whose id contains this text (case-insensitive). */
  search?: string;
}

export interface ClvRow {
  customer: string;
  frequency: number;
  recency: number;
  age: number;
  spend: number | null;
  pAlive: number;
  expectedPurchases: number;
  clv: number | null;
}

export interface ClvRowsPage {
  /** Customers matching the search. */
  total: number;
  offset: number;
  rows: ClvRow[];
}

export interface ClvApi {
  clv(request: ClvRequest, onProgress?: (p: ModelProgress) => void): Promise<ClvResult>;
  /** One page of the last clv() run's per-customer table, sorted and filtered in the worker. */
  clvRows(query: ClvRowsQuery): Promise<ClvRowsPage>;
  /** The per-customer table of the last clv() run as CSV (in the given order, default: the data's). */
  clvCsv(order?: Pick<ClvRowsQuery, 'sort' | 'descending' | 'search'>): Promise<string>;
  cohorts(request: CohortRequest): Promise<CohortMatrix>;
  survival(request: SurvivalRequest): Promise<SurvivalResult>;
}

// Segmentation (RFM, k-means, PCA) ---------------------------------------------------------------
import type { SegmentSummary } from './lib/features/rfm/segments';
import type { RfmCounts } from './lib/features/rfm/rfm';
import type { ProfileResult } from './lib/models/kmeans/profile';
import type { SweepResult } from './lib/models/kmeans/sweep';
export type { SegmentSummary, RfmCounts, ProfileResult, SweepResult };
export { RFM_SEGMENTS } from './lib/features/rfm/segments';
export { RFM_FEATURES } from './lib/features/rfm/features';

export interface SegmentRequest {
  /** RFM features from transactions, or numeric attributes of a customers dataset. */
  source:
    | { kind: 'rfm'; datasetId: string; customer: string; date: string; amount?: string; quantity?: string; invoice?: string; asOf?: string }
    | { kind: 'attributes'; datasetId: string; key: string };
  /** RFM feature names (recency, frequency, monetary, tenure, aov) or attribute column names. */
  features: string[];
  log: boolean;
  k: number | 'auto';
  restarts: number;
  seed: number;
}

export interface SegmentResult {
  customers: number;
  features: string[];
  notes: string[];
  rfm: { asOf: string; segments: SegmentSummary[]; counts: RfmCounts } | null;
  k: number;
  inertia: number;
  silhouette: number;
  sizes: number[];
  /** Centre of each segment in the features' own units. */
  centres: number[][];
  profile: ProfileResult;
  sweep: SweepResult | null;
  /** 2-D PCA of a sample of customers, coloured by segment. */
  map: { x: Float32Array; y: Float32Array; labels: Int32Array; explained: number[] };
  backend: string;
  seconds: number;
}

export interface SegmentApi {
  segment(request: SegmentRequest, onProgress?: (p: ModelProgress) => void): Promise<SegmentResult>;
  /** Customers of the last segment() run with their features, scores and segment, as CSV. */
  segmentCsv(): Promise<string>;
  /** Stores the last run's segment per customer, for the action list; returns its id. */
  saveSegmentation(name: string): Promise<string>;
}

/** A saved segmentation: each customer's segment, as the action list joins it. */
export interface SavedSegmentation {
  id: string;
  name: string;
  createdAt: number;
  datasetId: string;
  customers: string[];
  /** The named segment per customer (RFM name, or "Segment k" for k-means only). */
  segment: string[];
}

// Churn prediction ------------------------------------------------------------------------------
import type { LeaderboardRow } from './lib/models/churn/train';
import type { ColumnImportance } from './lib/models/churn/importance';
import type { ModelKind } from './lib/models/churn/registry';
import type { LeakageWarning } from './lib/features/churn/leakage';
import type { ExcludedColumn } from './lib/features/churn/pipeline';
import type { CalibrationBin, Confusion, GainsRow } from './lib/metrics';
export type { LeaderboardRow, ColumnImportance, ModelKind, LeakageWarning, ExcludedColumn, CalibrationBin, Confusion, GainsRow };
export { MODEL_KINDS, MODEL_NAMES } from './lib/models/churn/kinds';

/** Where the labelled customers come from. */
export type ChurnSource =
  /** A customer-level dataset with a two-valued label column; `positive` is the churned value. */
  | { kind: 'label'; datasetId: string; target: string; positive?: string; idColumn?: string }
  /** A transactions dataset: churned = no purchase in the `horizonDays` days before `asOf` (YYYY-MM-DD, default: last day). */
  | { kind: 'derive'; datasetId: string; customer: string; date: string; amount?: string; asOf?: string; horizonDays: number; windowDays?: number };

/** What the page shows before training: the label's values and the columns the pipeline would use. */
export interface ChurnInspection {
  rows: number;
  /** The label column (for derived labels, "churned"). */
  target: string;
  /** Distinct label values as text (up to 13), for the user to pick the churned one. */
  values: string[];
  /** Counts and the value taken as churned, or `error` when the label cannot be used. */
  label: { positive: string; negative: string; positives: number; negatives: number; missing: number } | null;
  error: string | null;
  /** Every column but the label, with why it cannot be a feature (null = usable). */
  columns: { name: string; type: string; excluded: string | null }[];
  leakage: LeakageWarning[];
  /** Column shown as the customer id in scores. */
  idColumn: string | null;
  /** How a derived label was built. */
  notes: string[];
}

export interface ChurnRequest {
  source: ChurnSource;
  /** Columns the user left out. */
  exclude: string[];
  model: 'auto' | ModelKind;
  folds: number;
  seed: number;
}

/** Out-of-fold evaluation, decimated for charts, plus what a threshold slider needs. */
export interface ChurnEvaluationView {
  roc: { fpr: Float64Array; tpr: Float64Array };
  auc: number;
  pr: { recall: Float64Array; precision: Float64Array };
  prAuc: number;
  calibration: CalibrationBin[];
  gains: { population: Float64Array; gain: Float64Array };
  lift: { population: Float64Array; lift: Float64Array };
  deciles: GainsRow[];
  /** Distinct out-of-fold probabilities, descending, with the positives/negatives scoring at or above each. */
  thresholds: Float64Array;
  tps: Float64Array;
  fps: Float64Array;
  positives: number;
  negatives: number;
}

/** A scored set of customers (after training, or a saved model applied to a dataset). */
export interface ChurnScoredSummary {
  datasetId: string;
  datasetName: string;
  customers: number;
  bandCounts: number[];
  bandNames: string[];
  thresholds: { high: number; medium: number };
  /** Customers explained with top reasons (the riskiest ones). */
  explained: number;
  modelName: string;
}

export interface ChurnRunResult {
  model: ModelKind;
  modelName: string;
  folds: number;
  seed: number;
  target: { column: string; positive: string; negative: string; positives: number; negatives: number; missing: number };
  baseRate: number;
  leaderboard: LeaderboardRow[];
  features: { used: string[]; encoded: number; excluded: ExcludedColumn[] };
  leakage: LeakageWarning[];
  importance: ColumnImportance[];
  splitGain: ColumnImportance[] | null;
  evaluation: ChurnEvaluationView;
  scored: ChurnScoredSummary;
  notes: string[];
  seconds: { crossValidation: number; refit: number; importance: number; total: number };
  backend: string;
}

export interface ChurnScoreRow {
  customer: string;
  probability: number;
  band: number;
  reasons: string[];
}

export interface ChurnPageRequest {
  offset: number;
  limit: number;
  sort: 'probability' | 'customer';
  descending: boolean;
}

export interface SavedChurnModelInfo {
  id: string;
  name: string;
  createdAt: string;
  model: ModelKind;
  modelName: string;
  aucMean: number;
  aucStd: number;
  target: string;
  /** Columns a dataset needs to be scored. */
  columns: string[];
  customers: number;
}

/** Per-customer churn scores the action list reads: band 0 low, 1 medium, 2 high (names in bandNames). */
export type ChurnCard = NonNullable<import('./lib/actions/report-types').ReportParts['churn']>;

export interface ChurnScores {
  datasetId: string;
  /** The dataset's version when scored: a later change of a column's type or role makes them out of date. */
  datasetVersion?: number;
  createdAt: string;
  customers: string[];
  probability: Float64Array;
  band: Uint8Array;
  bandNames: string[];
  /** Top reasons in words; empty for customers beyond the explained riskiest ones. */
  reasons: string[][];
  /** The model card the action list's report shows for these scores. */
  card?: ChurnCard;
}

export interface ChurnApi {
  /** Reads the label and columns without training: label values/counts (or the reason they cannot be used), auto exclusions, leakage. */
  churnInspect(source: ChurnSource): Promise<ChurnInspection>;
  /** Cross-validates, picks, refits, evaluates and scores every customer. */
  churnTrain(request: ChurnRequest, onProgress?: (p: ModelProgress) => void): Promise<ChurnRunResult>;
  /** One page of the last scored customers, sorted in the worker. */
  churnPage(request: ChurnPageRequest): Promise<{ total: number; rows: ChurnScoreRow[] }>;
  /** The last scored customers as a formula-safe CSV. */
  churnCsv(): Promise<string>;
  /** Saves the last trained model (and a compact copy of its scores) in IndexedDB. */
  churnSaveModel(name: string): Promise<SavedChurnModelInfo[]>;
  churnModels(): Promise<SavedChurnModelInfo[]>;
  churnDeleteModel(id: string): Promise<SavedChurnModelInfo[]>;
  /** Scores a dataset with a saved model; an error lists every missing or mistyped column. */
  churnScoreDataset(request: { modelId: string; datasetId: string; idColumn?: string }, onProgress?: (p: ModelProgress) => void): Promise<ChurnScoredSummary>;
  /** The last scored customers (this worker's, else the last persisted), or those saved with a model. */
  churnScores(modelId?: string): Promise<ChurnScores>;
}

// Recommendations -------------------------------------------------------------------------------
import type { WeightScheme } from './lib/models/recommend/interactions';
import type { RankingMetrics } from './lib/models/recommend/metrics';
import type { RankingMetricKey, ServedChoice } from './lib/models/recommend/choose';
export type { WeightScheme, RankingMetrics, RankingMetricKey, ServedChoice };

/** A learned recommender the user may compare (popularity is always run as the baseline). */
export type RecommendModel = 'itemknn' | 'ease' | 'als';

export interface RecommendRequest {
  /** Interactions: one row per purchase / view / rating. */
  datasetId: string;
  customer: string;
  item: string;
  /** With a date: leave-last-out by time; without: one random held-out item per customer. */
  date?: string;
  /** Quantity or amount, summed per customer and item by the count and log weightings. */
  value?: string;
  weighting: WeightScheme;
  /** Recency decay: an interaction loses half its weight every this many days (needs a date). */
  halfLifeDays?: number;
  k: number;
  models: RecommendModel[];
  /** Tune each model (and an EASE + ALS blend) on a validation split carved from training only. */
  auto: boolean;
  seed: number;
  /** The metric that picks the served model (default NDCG@k): on validation with auto, else on the test split. */
  metric?: RankingMetricKey;
  /** A model the user pinned to serve instead of the best (kept across runs while it is evaluated). */
  pinned?: string;
  /** Without auto: fixed settings (defaults: EASE lambda 100; ALS 32 factors, reg 0.1, alpha 20, 15 iterations). */
  params?: {
    ease?: { lambda?: number };
    als?: { factors?: number; regularization?: number; alpha?: number; iterations?: number };
    itemknn?: { neighbours?: number; shrinkage?: number };
  };
  /** Optional product catalogue: item id column and a display name column. */
  catalogue?: { datasetId: string; key: string; name: string };
}

export interface ModelRow extends RankingMetrics {
  /** 'popularity', 'itemknn', 'ease', 'als' or 'blend'. */
  model: string;
  label: string;
  /** The hyper-parameters that were fitted, in words. */
  setting: string;
  trainSeconds: number;
  backend: string;
  /** Validation metrics when tuned. */
  validation?: RankingMetrics;
}

export interface RecommendResult {
  protocol: 'leave-last-out' | 'random';
  /** The protocol in one sentence for the page. */
  protocolText: string;
  k: number;
  customers: number;
  items: number;
  interactions: number;
  rows: ModelRow[];
  /** The model that serves recommendations (refitted on every interaction): `served.model`. */
  chosen: string;
  chosenReason: string;
  /** Which model serves and why (best by the metric, or pinned), and what was refitted. */
  served: ServedChoice & { setting: string };
  notes: string[];
  seconds: number;
}

export interface RecommendedItem {
  item: string;
  name?: string;
  score: number;
  /** "Because you bought X", or why a popular item was suggested. */
  reason: string;
}

export interface CustomerRecommendations {
  customer: string;
  /** The customer's past items, most weighted first (at most 20). */
  history: { item: string; name?: string; weight: number }[];
  items: RecommendedItem[];
}

export interface ItemMatch {
  item: string;
  name?: string;
  customers: number;
}

export interface BasketRequest {
  datasetId: string;
  /** Invoice line items: the basket (invoice) and item columns, category or id. Both absent: each row is a basket. */
  basket?: string;
  item?: string;
  /** Minimum share of baskets holding a pair. */
  minSupport: number;
  top: number;
}

export interface BasketPair {
  a: string;
  b: string;
  support: number;
  confidence: number;
  lift: number;
}

export interface BasketResult {
  baskets: number;
  items: number;
  topItems: { item: string; baskets: number }[];
  pairs: BasketPair[];
  seconds: number;
}

export interface RecommendApi {
  /** Compares the models offline, then refits the chosen one on all interactions for serving. */
  recommend(request: RecommendRequest, onProgress?: (p: ModelProgress) => void): Promise<RecommendResult>;
  /** Serves another model of the last run (pinned: that model; null: the best by `metric`) for every call below. */
  serveModel(choice: { pinned: string | null; metric: RankingMetricKey }, onProgress?: (p: ModelProgress) => void): Promise<RecommendResult>;
  /** Customer ids of the last run that contain `query` (case-insensitive), at most `limit`. */
  searchCustomers(query: string, limit: number): Promise<string[]>;
  /** Items (by id or catalogue name) of the last run, most bought first. */
  searchItems(query: string, limit: number): Promise<ItemMatch[]>;
  customerRecommendations(customer: string, n: number): Promise<CustomerRecommendations>;
  /** "Customers who bought this also bought": the most similar items by co-purchase (cosine). */
  alsoBought(item: string, n: number): Promise<RecommendedItem[]>;
  /** Top-n for every customer as a formula-safe CSV (customer, rank, item, name, score, reason). */
  recommendationsCsv(n: number): Promise<string>;
  /** Top-n for the given customers from the last run (remembered across workers); unknown ids get []. */
  recommendationsFor(customers: string[], n: number): Promise<Record<string, { item: string; name?: string; reason: string }[]>>;
  /** Market baskets: frequent pairs by lift; number, date and flag columns are refused as baskets or items. */
  baskets(request: BasketRequest, onProgress?: (p: ModelProgress) => void): Promise<BasketResult>;
}

// Retention action list -------------------------------------------------------------------------
import type { ActionFilter, ActionQuery, ActionRowView, ActionRule, ActionSortKey, Cutoffs, RiskBandName, ValueTierName } from './lib/actions/types';
import type { Uplift } from './lib/actions/uplift';
export type { ActionFilter, ActionQuery, ActionRowView, ActionRule, ActionSortKey, Cutoffs, RiskBandName, ValueTierName, Uplift };

export interface ActionsRequest {
  /** Customers with the churn label (the list's customers); `spend` stands in for CLV without transactions. */
  customers: { datasetId: string; id: string; target?: string; positive?: string; spend?: string } | null;
  transactions: { datasetId: string; customer: string; date: string; amount?: string; item?: string } | null;
  /** Product names for the recommended items. */
  products: { datasetId: string; key: string; name: string } | null;
  /** Use the Churn page's last scores of the same customers dataset instead of training here. */
  useSavedChurn: boolean;
  /** Use the Segments page's saved segmentation instead of RFM segments. */
  useSavedSegments: boolean;
  model: 'auto' | ModelKind;
  seed: number;
  /** CLV horizon. */
  months: number;
  /** Recommended items per customer (0 = none). */
  items: number;
  cutoffs: Cutoffs;
  rules: ActionRule[];
}

/** Saved artefacts the action list can use, and the persisted rules. */
export interface ActionsAvailable {
  savedChurn: { datasetId: string; createdAt: string; customers: number } | null;
  savedSegmentation: { name: string; datasetId: string; createdAt: number; customers: number } | null;
  rules: ActionRule[];
  defaultRules: ActionRule[];
  cutoffs: Cutoffs;
  /** A stored hold-out from an earlier campaign, if any. */
  holdout: HoldoutSummary | null;
}

export interface ActionsSummary {
  customers: number;
  actions: { action: string; customers: number; valueAtRisk: number }[];
  segments: string[];
  bands: { band: RiskBandName; customers: number }[];
  tiers: { tier: ValueTierName; customers: number }[];
  disagreements: number;
  totalValueAtRisk: number;
  sources: { churn: string; clv: string; segment: string; items: string };
  notes: string[];
  seconds: number;
}

export interface ActionsPageRequest extends ActionQuery {
  offset: number;
  limit: number;
}

export interface HoldoutRequest {
  /** The customers of the current filter (in its order), or the top N by value at risk. */
  from: { kind: 'filter'; query: ActionQuery } | { kind: 'top'; n: number };
  /** Share of customers kept as control, e.g. 0.2. */
  share: number;
  seed: number;
}

export interface HoldoutSummary {
  createdAt: string;
  customers: number;
  treatment: number;
  control: number;
  share: number;
  seed: number;
  strata: { band: string; customers: number; control: number }[];
}

export interface OutcomeResult extends Uplift {
  customerColumn: string;
  outcomeColumn: string;
  /** Rows of the outcomes file, and how many matched a hold-out customer. */
  rows: number;
  matched: number;
  notInHoldout: number;
  unreadable: number;
  /** Hold-out customers without an outcome. */
  missing: number;
}

export interface ActionsApi {
  actionsAvailable(): Promise<ActionsAvailable>;
  /** Builds the list (training what is needed in this worker) and applies the rules. */
  actionsBuild(request: ActionsRequest, onProgress?: (p: ModelProgress) => void): Promise<ActionsSummary>;
  /** Re-applies new rules to the last list (no retraining) and persists them. */
  actionsSetRules(rules: ActionRule[]): Promise<ActionsSummary>;
  /** One page of the last list, filtered and sorted in the worker. */
  actionsPage(request: ActionsPageRequest): Promise<{ total: number; offset: number; rows: ActionRowView[] }>;
  /** The filtered, sorted list as a formula-safe CSV. */
  actionsCsv(query: ActionQuery): Promise<string>;
  /** Draws a seeded control group stratified by risk band, and stores the hold-out. */
  actionsHoldout(request: HoldoutRequest): Promise<HoldoutSummary>;
  /** The stored hold-out as CSV: customer, group, probability, action. */
  actionsHoldoutCsv(): Promise<string>;
  /** Reads an outcomes CSV (customer, retained yes/no or 1/0) and compares treatment with control. */
  actionsOutcomes(bytes: Uint8Array, columns?: { customer?: string; outcome?: string }): Promise<OutcomeResult>;
  /** The self-contained HTML report; customer rows only when asked for. */
  actionsReport(options: { includeCustomers: boolean; title?: string }): Promise<string>;
}

export type ComputeApi = EngineApi & ClvApi & SegmentApi & ChurnApi & RecommendApi & ActionsApi;
