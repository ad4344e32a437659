// The lifetime value capability's requests and plain views: what the worker, the CLI and the page exchange
// (the contract re-exports them). Tables in, these out.
import type { ClvAnalysis } from '../models/clv/analyse';
import type { CustomerSummary, SummaryReport, TimeUnit } from '../models/clv/summary';
import type { PurchaseModelChoice } from '../models/clv/purchase-models';
import type { SurvivalAnalysis } from '../models/survival/survival';
import type { CohortPeriod } from '../models/cohorts/cohorts';

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
  /** Purchase model behind the predictions (default bgnbd); when set, the run also compares all three. */
  model?: PurchaseModelChoice;
}

/** A whole CLV run: every customer's summary and predictions (kept in the worker and the result store). */
export interface ClvFit {
  summary: CustomerSummary;
  analysis: ClvAnalysis;
  seconds: number;
}

/** The customer summary without its per-customer arrays. */
export interface ClvSummaryView {
  unit: TimeUnit;
  customers: number;
  /** Whether there is a spend per customer (an amount column). */
  hasSpend: boolean;
  holdout: { duration: number } | null;
  calibrationEnd: number;
  observationEnd: number;
  report: SummaryReport;
}

/** The analysis without its per-customer arrays: fits, totals, charts, warnings. */
export type ClvAnalysisView = Omit<ClvAnalysis, 'perCustomer'> & {
  /** Whether there is a CLV per customer (a spend model). */
  hasClv: boolean;
};

/** What the page shows of a CLV run: the charts and the first page of the per-customer table. */
export interface ClvView {
  summary: ClvSummaryView;
  analysis: ClvAnalysisView;
  /** The first page of the per-customer table, in `query`'s order (paged further with clvRows). */
  table: { query: ClvRowsQuery; page: ClvRowsPage };
  seconds: number;
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

export type ClvOrder = Pick<ClvRowsQuery, 'sort' | 'descending' | 'search'>;

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
