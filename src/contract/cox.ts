// Cox proportional-hazards regression on a customers dataset (Lifetime value page, Survival tab).
import type { ModelProgress } from './engine';
import type { CoxRequest, CoxRowsPage, CoxRowsQuery, CoxView } from '../lib/survival/cox-view';
export type { CoxEncoding, CoxProfile, CoxRequest, CoxRow, CoxRowsPage, CoxRowsQuery, CoxSortKey } from '../lib/survival/cox';
export type { CoxView } from '../lib/survival/cox-view';
export type { CoxCovariate, CoxFit } from '../lib/models/survival/cox';

export interface CoxRunRequest extends Omit<CoxRequest, 'reasons'> {
  datasetId: string;
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
}
