// The retention action list.
import type { ModelKind } from './churn';
import type { ModelProgress } from './engine';
import type { ActionFilter, ActionQuery, ActionRowView, ActionRule, ActionSortKey, Cutoffs, RiskBandName, ValueTierName } from '../lib/actions/types';
import type { Uplift } from '../lib/actions/uplift';
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
