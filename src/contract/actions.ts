// The retention action list.
import type { ModelProgress } from './engine';
import type { ActionFilter, ActionQuery, ActionRowView, ActionRule, ActionSortKey, Cutoffs, RiskBandName, ValueTierName } from '../lib/actions/types';
import type { ProfitPoint, ProfitSettings } from '../lib/actions/profit';
import type { Uplift } from '../lib/actions/uplift';
import type {
  ActionsPageRequest,
  ActionsPageView,
  ActionsRequest,
  ActionsSummary,
  HoldoutRequest,
  HoldoutSummary,
  OutcomeResult,
  ProfitSummary,
} from '../lib/actions/views';
export type { ActionFilter, ActionQuery, ActionRowView, ActionRule, ActionSortKey, Cutoffs, RiskBandName, ValueTierName, Uplift };
export type { ActionsPageRequest, ActionsPageView, ActionsRequest, ActionsSummary, HoldoutRequest, HoldoutSummary, OutcomeResult, ProfitPoint, ProfitSettings, ProfitSummary };

/** Saved artefacts the action list can use, and the persisted rules. */
export interface ActionsAvailable {
  /** The Churn page's last scores; `stale` when a dataset they came from changed since (they are then not used). */
  savedChurn: { datasetId: string; createdAt: string; customers: number; stale: boolean } | null;
  savedSegmentation: { name: string; datasetId: string; createdAt: number; customers: number } | null;
  rules: ActionRule[];
  defaultRules: ActionRule[];
  /** The rules by risk band and value tier used before the profit list (for lists without lifetime values). */
  handRules: ActionRule[];
  cutoffs: Cutoffs;
  /** Default costs of the contact list. */
  defaultProfit: ProfitSettings;
  /** The Uplift page's stored per-customer scores (the profit's uplift basis), if any. */
  uplift: { model: string; customers: number; createdAt: number } | null;
  /** A stored hold-out from an earlier campaign, if any. */
  holdout: HoldoutSummary | null;
}

/** The last built list (stored, so it survives a reload): its summary, the request it was built with, and what changed since. */
export interface ActionsLast {
  view: ActionsSummary;
  settings: ActionsRequest;
  /** Names of the datasets that changed since the list was built ([] = current). */
  stale: string[];
  createdAt: number;
}

export interface ActionsApi {
  actionsAvailable(): Promise<ActionsAvailable>;
  /** The last built list, or null when none is stored. */
  actionsLast(): Promise<ActionsLast | null>;
  /** Builds the list (training what is needed in this worker), applies the rules and stores it. */
  actionsBuild(request: ActionsRequest, onProgress?: (p: ModelProgress) => void): Promise<ActionsSummary>;
  /** Re-applies new rules (and with `profit` new costs: the contact list is re-planned) to the last list (no retraining) and persists them. */
  actionsSetRules(rules: ActionRule[], profit?: ProfitSettings): Promise<ActionsSummary>;
  /** The expected profit curve of the last list as CSV: customers in contact order with the running total. */
  actionsProfitCsv(): Promise<Blob>;
  /** One page of the last list, filtered and sorted in the worker. */
  actionsPage(request: ActionsPageRequest): Promise<ActionsPageView>;
  /** The filtered, sorted list as a formula-safe CSV. */
  actionsCsv(query: ActionQuery): Promise<Blob>;
  /** Draws a seeded control group stratified by risk band, and stores the hold-out. */
  actionsHoldout(request: HoldoutRequest): Promise<HoldoutSummary>;
  /** The stored hold-out as CSV: customer, group, probability, action. */
  actionsHoldoutCsv(): Promise<Blob>;
  /** Reads an outcomes file (customer, retained yes/no or 1/0) in the worker and compares treatment with control. */
  actionsOutcomes(file: Blob, columns?: { customer?: string; outcome?: string }): Promise<OutcomeResult>;
  /** The self-contained HTML report; customer rows only when asked for. */
  actionsReport(options: { includeCustomers: boolean; title?: string }): Promise<Blob>;
}
