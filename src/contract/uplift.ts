// Uplift from a past campaign: S-, T- and X-learners on a treatment/outcome file, compared by Qini, AUUC
// and uplift at 10% with bootstrap intervals, after a treatment vs control balance check. The per-customer
// predicted uplift (UpliftScores) is stored for the action list (rank by predicted uplift x CLV).
import type { Progress } from '../lib/progress';
import type { UpliftPage, UpliftPageRequest, UpliftRequest, UpliftRunResult, UpliftTable } from '../lib/uplift/types';
export { LEARNERS, LEARNER_NAMES } from '../lib/uplift/types';
export type {
  Balance,
  BalanceRow,
  Learner,
  LearnerScore,
  UpliftCurve,
  UpliftRequest,
  UpliftRunResult,
  WithCi,
  UpliftRow,
  UpliftPageRequest,
  UpliftPage,
  UpliftTable,
} from '../lib/uplift/types';

/**
 * Every campaign customer's predicted uplift (change in the outcome's probability when treated) from the
 * run's best learner, scored out of fold (by models that never saw that customer). What the action list
 * reads (src/storage/uplift-scores.ts `loadUpliftScores`); customers are the campaign file's key values.
 */
export interface UpliftScores {
  datasetId: string;
  datasetVersion?: number;
  createdAt: number;
  customers: string[];
  uplift: Float64Array;
  /** The learner the scores come from: 's', 't' or 'x'. */
  model: string;
}

export interface UpliftRunRequest extends UpliftRequest {
  datasetId: string;
}

export interface UpliftView {
  result: UpliftRunResult;
  datasetName: string;
}

/** The last stored run, the request it ran with, and the datasets changed since ([] = current). */
export interface UpliftLast {
  view: UpliftView;
  settings: UpliftRunRequest;
  stale: string[];
}

/** What is stored for the action list, without the arrays (the page says whether uplift scores exist). */
export interface UpliftScoresInfo {
  datasetId: string;
  datasetName: string;
  customers: number;
  model: string;
  createdAt: number;
  stale: string[];
}

export interface UpliftApi {
  /** Fits the learners, compares them and stores the run and the scores (kind 'uplift'). */
  uplift(request: UpliftRunRequest, onProgress?: (p: Progress) => void): Promise<UpliftView>;
  /** The last stored run, or null: what the page shows after a reload. */
  upliftLast(): Promise<UpliftLast | null>;
  /** One page of customers by predicted uplift, from the last stored run. */
  upliftPage(request: UpliftPageRequest): Promise<UpliftPage>;
  /** Every customer's predicted uplift (each learner), best learner's first, as CSV. */
  upliftCsv(): Promise<Blob>;
  /** The stored per-customer scores' summary, or null when no run exists. */
  upliftScoresInfo(): Promise<UpliftScoresInfo | null>;
}

/** The stored result of kind 'uplift'. */
export interface StoredUplift {
  view: UpliftView;
  scores: UpliftScores;
  table: UpliftTable;
}
