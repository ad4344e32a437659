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
  seconds: number;
}

export interface ImportApi {
  preview(file: Blob & { name: string }, options?: PreviewOptions): Promise<FilePreview>;
  importFile(file: Blob & { name: string }, request: ImportRequest, onProgress: (p: ImportProgress) => void): Promise<ImportOutcome>;
  /** (Re)computes and stores a dataset's column profile. */
  profileDataset(datasetId: string): Promise<TableProfile>;
  /** Generates and imports the seeded demo workspace; returns the new dataset ids. */
  importDemo(onProgress: (p: ImportProgress) => void): Promise<string[]>;
}

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

export interface ClvApi {
  clv(request: ClvRequest, onProgress?: (p: ModelProgress) => void): Promise<ClvResult>;
  /** The per-customer table of the last clv() run as CSV. */
  clvCsv(): Promise<string>;
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
}

// Churn prediction ------------------------------------------------------------------------------
// (owned by the churn page; fill in below)
export interface ChurnApi {}

// Recommendations -------------------------------------------------------------------------------
// (owned by the recommendations page; fill in below)
export interface RecommendApi {}

// Retention action list -------------------------------------------------------------------------
export interface ActionsApi {}

export type ComputeApi = EngineApi & ClvApi & SegmentApi & ChurnApi & RecommendApi & ActionsApi;
