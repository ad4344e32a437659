// Subscriptions (contractual retention, the sBG model): typed counts or a customers dataset's tenure/dates in,
// the fit, curves and a paged per-customer table (DERL, residual value) out. Stored as kind 'sbg'.
import type { SbgRequest, SbgRowsPage, SbgRowsQuery, SbgRun, SbgView } from '../lib/sbg/types';
export type {
  SbgByTenure,
  SbgCurvePoint,
  SbgPeriod,
  SbgRequest,
  SbgRow,
  SbgRowsPage,
  SbgRowsQuery,
  SbgRun,
  SbgSortKey,
  SbgSource,
  SbgSummary,
  SbgView,
} from '../lib/sbg/types';

/** A request with the dataset it reads (null for typed counts). */
export interface SbgRunRequest extends SbgRequest {
  datasetId: string | null;
}

/** What the worker returns: the view and the name of the dataset it came from (null for typed counts). */
export interface SbgResultView {
  view: SbgView;
  datasetName: string | null;
}

/** What is stored: the whole run (every customer's numbers) and the dataset's name. */
export interface StoredSbg {
  run: SbgRun;
  datasetName: string | null;
}

/** The last stored run, the request it ran with, and the datasets changed since ([] = current). */
export interface SbgLast extends SbgResultView {
  settings: SbgRunRequest;
  stale: string[];
}

export interface SbgApi {
  /** Fits the sBG model and stores the run (kind 'sbg'). */
  sbg(request: SbgRunRequest): Promise<SbgResultView>;
  /** The last stored run, or null: what the tab shows after a reload. */
  sbgLast(): Promise<SbgLast | null>;
  /** One page of the per-customer table of the last run. */
  sbgRows(query: SbgRowsQuery): Promise<SbgRowsPage>;
  /** Every customer of the last run as CSV, in the table's order. */
  sbgCsv(query: Pick<SbgRowsQuery, 'sort' | 'descending' | 'search'>): Promise<Blob>;
}
