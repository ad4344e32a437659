// Subscriptions (contractual retention, the sBG model): what a request says, what a run holds (stored
// whole), and the view and table pages the UI gets.

/** The length of one period when lifetimes come from start/end dates. */
export type SbgPeriod = 'month' | 'week' | 'year';

/** Where the lifetimes come from. */
export type SbgSource =
  /** Customers of one cohort still active at periods 0, 1, 2, ... (typed in; Fader-Hardie's published case). */
  | { kind: 'alive'; alive: number[] }
  /** One row per customer: periods so far (e.g. telco `tenure`) and whether they left (`event` equal to `eventValue`). */
  | { kind: 'tenure'; customer?: string; tenure: string; event: string; eventValue?: string }
  /** One row per subscription: start and end dates (end empty = still active at `asOf`, default the latest date). */
  | { kind: 'dates'; customer?: string; start: string; end: string; period: SbgPeriod; asOf?: string };

export interface SbgRequest {
  source: SbgSource;
  /** Discount rate per period for DERL (e.g. 0.1 for years, 0.01 for months). */
  discountRate: number;
  /** Value per period per customer: a numeric column of the table, else this number (default 1). */
  valueColumn?: string;
  valuePerPeriod?: number;
  /** Periods projected beyond the last observed one (default 12). */
  horizon?: number;
}

/** The lifetimes of individual customers (tenure data or dates). */
export interface SbgCustomers {
  ids: string[];
  /** Periods completed: for a churner its lifetime T (≥ 1), for an active customer the periods survived. */
  tenure: Int32Array;
  /** 1 = still active (censored), 0 = left in period `tenure`. */
  active: Uint8Array;
  /** Value per period (NaN = missing), or null when one number applies to all. */
  value: Float64Array | null;
  /** Rows left out, with why (missing tenure, end before start, ...). */
  skipped: { rows: number; reasons: string[] };
}

/** One row per period t = 0..last observed + horizon. */
export interface SbgCurvePoint {
  t: number;
  /** Observed share still active after t periods (discrete Kaplan-Meier; the cohort's alive share); null past the data. */
  actualSurvival: number | null;
  projectedSurvival: number;
  /** Observed share of those active in period t who renewed (t ≥ 1); null where none were at risk. */
  actualRetention: number | null;
  projectedRetention: number | null;
  /** Customers who reached period t (at risk of leaving in it); for typed counts the count alive at t - 1. */
  atRisk: number;
  /** Typed counts only: customers alive at t, and n0 · S(t) projected. */
  actualAlive?: number | null;
  projectedAlive?: number;
}

/** What a customer active after t periods can expect: one row per tenure 0..last observed. */
export interface SbgByTenure {
  tenure: number;
  retention: number;
  /** Expected further periods (Infinity when α ≤ 1: the mean of the lifetime distribution does not exist). */
  expectedRemaining: number;
  /** Median further periods (null beyond 10,000). */
  medianRemaining: number | null;
  derl: number;
}

export interface SbgSummary {
  kind: SbgSource['kind'];
  customers: number;
  churned: number;
  active: number;
  lastPeriod: number;
  skipped: { rows: number; reasons: string[] };
  discountRate: number;
  /** Per-period value: the column's name, or the number. */
  value: { column: string } | { amount: number };
  /** Sum over active customers of value × DERL (null for typed counts). */
  totalResidualValue: number | null;
  /** Mean DERL of the active customers (null for typed counts). */
  meanDerl: number | null;
  /** What to keep in mind reading the fit (no heterogeneity found, the optimiser stopped early). */
  notes: string[];
}

/** The run as stored (kind 'sbg'): the fit, curves and every customer's numbers. */
export interface SbgRun {
  alpha: number;
  beta: number;
  loglik: number;
  converged: boolean;
  summary: SbgSummary;
  curve: SbgCurvePoint[];
  byTenure: SbgByTenure[];
  /** Per customer (null for typed counts). */
  customers: (SbgCustomers & { expectedRemaining: Float64Array; medianRemaining: Float64Array; derl: Float64Array; residualValue: Float64Array }) | null;
  seconds: number;
}

export type SbgSortKey = 'customer' | 'tenure' | 'active' | 'expectedRemaining' | 'medianRemaining' | 'derl' | 'value' | 'residualValue';

export interface SbgRow {
  customer: string;
  tenure: number;
  active: boolean;
  /** null when infinite (α ≤ 1) or for a customer who left (0 then). */
  expectedRemaining: number | null;
  medianRemaining: number | null;
  derl: number;
  value: number | null;
  residualValue: number | null;
}

export interface SbgRowsQuery {
  offset: number;
  limit: number;
  sort: SbgSortKey;
  descending: boolean;
  search: string;
}

export interface SbgRowsPage {
  rows: SbgRow[];
  total: number;
  offset: number;
}

/** What the page shows: the run without per-customer arrays, plus the first page of the table. */
export interface SbgView extends Omit<SbgRun, 'customers'> {
  table: { query: SbgRowsQuery; page: SbgRowsPage } | null;
}
