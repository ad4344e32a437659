// Satisfaction and NPS: a survey dataset's scores overall, by month, by segment and against churn.
import type { SatisfactionRequest, SatisfactionResult } from '../lib/satisfaction/types';
export type {
  ChurnByGroup,
  ChurnByScore,
  Estimate,
  MonthSummary,
  SatisfactionChurn,
  SatisfactionResult,
  ScoreEffect,
  ScoreGroup,
  ScoreScale,
  ScoreSummary,
  SatisfactionSegment,
} from '../lib/satisfaction/types';
export type { SatisfactionTable } from '../lib/satisfaction/csv';

export interface SatisfactionRunRequest extends SatisfactionRequest {
  datasetId: string;
  /**
   * A customers dataset joined through a confirmed link (the page resolves it): `key` is its column,
   * `surveyKey` the survey's. `by` and `label` name a survey column, or else one of this dataset.
   */
  linked?: { datasetId: string; key: string; surveyKey: string };
}

export interface SatisfactionView {
  result: SatisfactionResult;
  datasetName: string;
  linkedName: string | null;
}

/** The last stored run, the request it ran with, and the datasets changed since ([] = current). */
export interface SatisfactionLast {
  view: SatisfactionView;
  settings: SatisfactionRunRequest;
  stale: string[];
}

export interface SatisfactionApi {
  /** Runs the analysis and stores it (kind 'satisfaction'). */
  satisfaction(request: SatisfactionRunRequest): Promise<SatisfactionView>;
  /** The last stored run, or null: what the page shows after a reload. */
  satisfactionLast(): Promise<SatisfactionLast | null>;
}
