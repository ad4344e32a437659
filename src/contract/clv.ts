// Lifetime value, cohorts, survival.
import type { ModelProgress } from './engine';
import type { ClvAnalysis } from '../lib/models/clv/analyse';
import type { CustomerSummary, TimeUnit } from '../lib/models/clv/summary';
import type { CohortMatrix, CohortPeriod } from '../lib/models/cohorts/cohorts';
import type { SurvivalAnalysis } from '../lib/models/survival/survival';
export type { ClvAnalysis, CustomerSummary, TimeUnit, CohortMatrix, CohortPeriod, SurvivalAnalysis };
export type { KaplanMeierCurve } from '../lib/models/survival/kaplan-meier';
export type { FrequencyRecencyGrid, CalibrationHoldoutGroup, Histogram } from '../lib/models/clv/charts';


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
