// What the action list's callers exchange: the request, the plain views the page shows, the hold-out
// and the stored run. Plain data (typed arrays, strings) so a worker returns or stores it as is; the
// contract (src/contract/actions.ts) re-exports these.
import type { ScoresShap } from './shap-columns';
import type { ModelKind } from '../models/churn/kinds';
import type { BuildResult } from './build';
import type { ActionQuery, ActionRowView, ActionRule, Cutoffs, RiskBandName, ValueTierName } from './types';
import type { ProfitPoint, ProfitSettings } from './profit';
import type { Uplift } from './uplift';

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
  /** Costs and save rate or uplift of the contact list (absent in requests stored before: the defaults). */
  profit?: ProfitSettings;
}

/** The profit-optimal contact list of a built list, as the page and the report show it. */
export interface ProfitSummary {
  settings: ProfitSettings;
  /** The formula in words (profit.ts PROFIT_FORMULA). */
  formula: string;
  /** Where the save chance comes from, in words: the save rate, or the uplift model and its source. */
  basis: string;
  /** Customers with an expected profit, and those with one above 0. */
  valued: number;
  positive: number;
  noClv: number;
  noScore: number;
  /** The curve's maximum (everyone whose contact pays), and the list chosen (the maximum within the budget). */
  best: ProfitPoint;
  chosen: ProfitPoint;
  /** Most customers the budget allows, null without a budget. */
  budgetCap: number | null;
  /** Expected profit by number contacted (customers sorted by expected profit), at most ~300 points. */
  curve: { contacted: number[]; profit: number[] };
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
  /** Null for a list stored before the profit existed. */
  profit: ProfitSummary | null;
  notes: string[];
  seconds: number;
}

export interface ActionsPageRequest extends ActionQuery {
  offset: number;
  limit: number;
}

export interface ActionsPageView {
  total: number;
  offset: number;
  rows: ActionRowView[];
}

/** One built list: what the Actions page pages, exports, holds out and reports from (stored as the `actions` result). */
export interface ActionsRun {
  /** The request it was built with; its rules are the ones applied now. */
  request: ActionsRequest;
  result: BuildResult;
  seconds: number;
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

/** The hold-out of a campaign (stored as the `holdout` result): who is control, and what they were scored. */
export interface StoredHoldout {
  summary: HoldoutSummary;
  customers: string[];
  /** 1 = control, 0 = treatment, per customer. */
  control: number[];
  probability: (number | null)[];
  action: string[];
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

/** The Churn page's saved scores as the action list reads them (a structural subset of ChurnScores). */
export interface SavedChurnScores {
  datasetId: string;
  createdAt: string;
  customers: string[];
  probability: ArrayLike<number>;
  reasons: string[][];
  card?: BuildResult['report']['churn'];
  /** SHAP of the explained customers (absent in scores stored before SHAP). */
  shap?: ScoresShap;
}

/** A saved segmentation as the action list reads it (a structural subset of SavedSegmentation). */
export interface SavedSegments {
  name: string;
  /** Its source dataset (to tell customers in none of its segments from ids not found). */
  datasetId?: string;
  customers: string[];
  segment: string[];
}
