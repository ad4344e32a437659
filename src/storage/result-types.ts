// What each kind of stored result holds (see results.ts). One entry per kind; the capability that
// computes it owns its entry's shape.
import type { ChurnRunResult, ChurnScores, HoldoutSummary, SavedChurnModelInfo, SavedSegmentation } from '../contract';
import type { SavedChurnModel } from '../lib/models/churn/saved';

export interface ResultTypes {
  /** The Churn page's last run: its view, the refitted model, every customer's score and reasons. */
  'churn': { run: ChurnRunResult; model: SavedChurnModel; scores: ChurnScores };
  /** A churn model the user saved by name (named by its id), with a compact copy of its scores. */
  'churn-model': { info: SavedChurnModelInfo; saved: SavedChurnModel; scores: ChurnScores };
  /** The Segments page's last run. */
  'segment': unknown;
  /** The segmentation saved for the action list. */
  'segmentation': SavedSegmentation;
  /** The Lifetime value page's last fit. */
  'clv': unknown;
  /** The Recommendations page's last run and the model it serves. */
  'recommend': unknown;
  /** The Actions page's last list. */
  'actions': unknown;
  /** The hold-out of a campaign: who is control, and what they were scored. */
  'holdout': { summary: HoldoutSummary; customers: string[]; control: number[]; probability: (number | null)[]; action: string[] };
}
