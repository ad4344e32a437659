// The Satisfaction page's result: plain JSON-safe data (stored in the result store, printed by the CLI).
import type { ScoreScale } from '../data/survey';

export type { ScoreScale };

export interface SatisfactionRequest {
  score: string;
  /** When each response was given: adds the months. */
  date?: string;
  /** A category column (of the survey file, or of the linked dataset): adds the segments. */
  by?: string;
  /** A two-valued churn label (of the survey file, or of the linked dataset): adds churn by group. */
  label?: string;
  /** The label's churned value, when its spelling does not say (yes/true/1/churned are guessed). */
  positive?: string;
  /** Who answered: one latest response per customer for churn. Defaults to the link's survey column. */
  customer?: string;
}

/** A share or a difference of shares in points (0-100), with its 95% interval. */
export interface Estimate {
  value: number;
  low: number;
  high: number;
}

/** Promoter / passive / detractor on 0-10; dissatisfied / neutral / satisfied on 1-5 and 1-7. */
export interface ScoreGroup {
  name: string;
  from: number;
  to: number;
}

export interface ScoreSummary {
  responses: number;
  /** Responses per group (same order as SatisfactionResult.groups). */
  groupCounts: number[];
  /** NPS in points (-100..100), on the 0-10 scale only. */
  nps: Estimate | null;
  mean: Estimate;
  /** Share (%) answering in the top box: 4-5 of 5, 6-7 of 7, 9-10 of 10. */
  satisfied: Estimate;
}

export interface MonthSummary extends ScoreSummary {
  /** YYYY-MM (UTC). */
  month: string;
}

export interface SatisfactionSegment extends ScoreSummary {
  segment: string;
}

export interface ChurnByGroup {
  group: string;
  customers: number;
  churners: number;
  /** Churn rate in percent with its 95% (Wilson) interval. */
  rate: Estimate;
}

export interface ChurnByScore {
  score: number;
  customers: number;
  churners: number;
  rate: number;
}

/** Logistic regression of churn on the score: the odds ratio per point with its 95% (Wald) interval. */
export interface ScoreEffect {
  intercept: number;
  coefficient: number;
  se: number;
  oddsRatio: Estimate;
  /** Two-sided Wald test p-value of the coefficient. */
  p: number;
}

export interface SatisfactionChurn {
  /** The label column and where it came from ("survey" file, or the linked dataset's name). */
  label: string;
  source: string;
  positive: string;
  /** Each customer's latest response (each response when there is no customer column). */
  customers: number;
  churners: number;
  byGroup: ChurnByGroup[];
  byScore: ChurnByScore[];
  effect: ScoreEffect | null;
}

export interface SatisfactionResult {
  score: string;
  scale: ScoreScale;
  min: number;
  max: number;
  groups: ScoreGroup[];
  /** Rows with a score on the scale; rows without one, or off the scale, are counted in skipped. */
  overall: ScoreSummary;
  skipped: number;
  /** Responses per score value, min..max. */
  distribution: { score: number; count: number }[];
  /** Distinct respondents, when a customer column is known. */
  respondents: number | null;
  date: string | null;
  byMonth: MonthSummary[] | null;
  by: string | null;
  bySegment: SatisfactionSegment[] | null;
  churn: SatisfactionChurn | null;
  notes: string[];
}
