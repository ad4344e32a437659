// Cox proportional-hazards regression on a customers dataset (Lifetime value page, Survival tab).
import type { ModelProgress } from './engine';
import type { CoxRequest, CoxRowsPage, CoxRowsQuery, CoxView } from '../lib/survival/cox-view';
export type { CoxEncoding, CoxProfile, CoxRequest, CoxRow, CoxRowsPage, CoxRowsQuery, CoxSortKey } from '../lib/survival/cox';
export type { CoxView } from '../lib/survival/cox-view';
export type { CoxCovariate, CoxFit } from '../lib/models/survival/cox';
export type { CoxSuggestion } from '../lib/survival/suggest';
import type { CoxSuggestion } from '../lib/survival/suggest';

export interface CoxRunRequest extends Omit<CoxRequest, 'reasons'> {
  datasetId: string;
}

/** What the default attributes are chosen from: the columns that may be covariates, on one dataset. */
export interface CoxSuggestRequest {
  datasetId: string;
  time: string;
  event: string;
  eventValue?: string;
  candidates: string[];
}

/** The last stored run, the request it ran with, and the datasets changed since ([] = current). */
export interface CoxLast {
  view: CoxView;
  settings: CoxRunRequest;
  stale: string[];
}

export interface CoxApi {
  /** Fits and stores the run (kind 'cox'); the per-customer table stays in the worker and the store. */
  cox(request: CoxRunRequest, onProgress?: (p: ModelProgress) => void): Promise<CoxView>;
  /** The last stored run, or null: what the panel shows after a reload. */
  coxLast(): Promise<CoxLast | null>;
  coxRows(query: CoxRowsQuery): Promise<CoxRowsPage>;
  /** Every customer's relative risk and expected remaining lifetime. */
  coxCsv(): Promise<Blob>;
  /** The default attributes: the candidates most associated with the event one at a time (src/lib/survival/suggest.ts). */
  coxSuggest(request: CoxSuggestRequest): Promise<CoxSuggestion>;
}
