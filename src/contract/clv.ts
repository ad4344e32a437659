// Lifetime value, cohorts, survival.
import type { ModelProgress } from './engine';
import type { ClvOrder, ClvRequest, ClvRowsPage, ClvRowsQuery, ClvView, CohortRequest, SurvivalRequest, SurvivalResult } from '../lib/clv/types';
import type { CohortMatrix } from '../lib/models/cohorts/cohorts';
export type {
  TransactionColumns,
  ClvRequest,
  ClvView,
  ClvSummaryView,
  ClvAnalysisView,
  ClvSortKey,
  ClvRowsQuery,
  ClvOrder,
  ClvRow,
  ClvRowsPage,
  CohortRequest,
  SurvivalRequest,
  SurvivalResult,
} from '../lib/clv/types';
export type { ClvAnalysis } from '../lib/models/clv/analyse';
export type { CustomerSummary, TimeUnit } from '../lib/models/clv/summary';
export type { CohortMatrix, CohortPeriod } from '../lib/models/cohorts/cohorts';
export type { SurvivalAnalysis } from '../lib/models/survival/survival';
export type { KaplanMeierCurve } from '../lib/models/survival/kaplan-meier';
export type { FrequencyRecencyGrid, CalibrationHoldoutGroup, Histogram } from '../lib/models/clv/charts';

/** The last stored CLV run: its view, the request it ran with, and the datasets changed since ([] = current). */
export interface ClvLast {
  view: ClvView;
  settings: ClvRequest;
  stale: string[];
}

export interface ClvApi {
  /**
   * Fits CLV and stores the run (kind 'clv'); returns the charts and the first page of the per-customer table
   * in `first`'s order (default: by CLV). The table stays in the worker: page it with clvRows.
   */
  clv(request: ClvRequest, onProgress?: (p: ModelProgress) => void, first?: Partial<ClvRowsQuery>): Promise<ClvView>;
  /** The last stored CLV run, or null: what the page shows after a reload. */
  clvLast(): Promise<ClvLast | null>;
  /** One page of the last run's per-customer table, sorted and filtered in the worker. */
  clvRows(query: ClvRowsQuery): Promise<ClvRowsPage>;
  /** The per-customer table of the last run as a CSV file (in the given order, default: the data's). */
  clvCsv(order?: ClvOrder): Promise<Blob>;
  cohorts(request: CohortRequest): Promise<CohortMatrix>;
  survival(request: SurvivalRequest): Promise<SurvivalResult>;
}
