// The churn capability's plain views: what the worker, the CLI and the page exchange (the contract
// re-exports them). Tables and typed arrays in, these out.
import type { ReportParts } from '../actions/report-types';
import type { LeakageWarning } from '../features/churn/leakage';
import type { CalibrationBin, GainsRow } from '../metrics';
import type { ColumnImportance } from '../models/churn/importance';
import type { ModelKind } from '../models/churn/registry';
import type { ShapMethod } from '../models/churn/shap';
import type { ChurnResult } from '../models/churn/train';
import type { TreeView } from '../models/tree/view';

/** Where the labelled customers come from. */
export type ChurnSource =
  /** A customer-level dataset with a two-valued label column; `positive` is the churned value. */
  | { kind: 'label'; datasetId: string; target: string; positive?: string; idColumn?: string }
  /** A transactions dataset: churned = no purchase in the `horizonDays` days before `asOf` (YYYY-MM-DD, default: last day). */
  | { kind: 'derive'; datasetId: string; customer: string; date: string; amount?: string; asOf?: string; horizonDays: number; windowDays?: number };

/** What the page shows before training: the label's values and the columns the pipeline would use. */
export interface ChurnInspection {
  rows: number;
  /** The label column (for derived labels, "churned"). */
  target: string;
  /** Distinct label values as text (up to 13), for the user to pick the churned one. */
  values: string[];
  /** Counts and the value taken as churned, or `error` when the label cannot be used. */
  label: { positive: string; negative: string; positives: number; negatives: number; missing: number } | null;
  error: string | null;
  /** Every column but the label, with why it cannot be a feature (null = usable). */
  columns: { name: string; type: string; excluded: string | null }[];
  leakage: LeakageWarning[];
  /** The instant dates were checked against, in words ("the label's cutoff (2025-06-30)"); absent: no date check. */
  leakageCutoff?: string;
  /** Column shown as the customer id in scores. */
  idColumn: string | null;
  /** How a derived label was built. */
  notes: string[];
}

export interface ChurnRequest {
  source: ChurnSource;
  /** Columns the user left out. */
  exclude: string[];
  model: 'auto' | ModelKind;
  folds: number;
  seed: number;
}

/** Out-of-fold evaluation, decimated for charts, plus what a threshold slider needs. */
export interface ChurnEvaluationView {
  roc: { fpr: Float64Array; tpr: Float64Array };
  auc: number;
  pr: { recall: Float64Array; precision: Float64Array };
  prAuc: number;
  /** Reliability of the out-of-fold probabilities before calibration... */
  calibration: CalibrationBin[];
  /** ...and after it (cross-fitted, out of sample); absent in runs stored before calibration existed. */
  calibrationAfter?: CalibrationBin[];
  gains: { population: Float64Array; gain: Float64Array };
  lift: { population: Float64Array; lift: Float64Array };
  deciles: GainsRow[];
  /** Distinct out-of-fold probabilities, descending, with the positives/negatives scoring at or above each. */
  thresholds: Float64Array;
  tps: Float64Array;
  fps: Float64Array;
  positives: number;
  negatives: number;
}

/** A scored set of customers (after training, or a saved model applied to a dataset). */
export interface ChurnScoredSummary {
  datasetId: string;
  datasetName: string;
  customers: number;
  bandCounts: number[];
  bandNames: string[];
  thresholds: { high: number; medium: number };
  /** Customers explained with top reasons (the riskiest ones). */
  explained: number;
  modelName: string;
  /** Scoring with a saved model: the SHAP summary of these scores (a training run has it in ChurnRunResult.shap). */
  shap?: ChurnShapSummary;
}

/** What the page shows of a run: the trained result's plain fields, plus the evaluation and the scored customers. */
export interface ChurnRunResult extends Pick<ChurnResult, 'model' | 'folds' | 'seed' | 'target' | 'baseRate' | 'leaderboard' | 'features' | 'leakage' | 'importance' | 'notes' | 'seconds'>, Partial<Pick<ChurnResult, 'calibration'>> {
  modelName: string;
  splitGain: ColumnImportance[] | null;
  evaluation: ChurnEvaluationView;
  scored: ChurnScoredSummary;
  backend: string;
  /** The decision tree as rules and a diagram, whenever it was cross-validated (model 'tree' or 'auto'). */
  tree?: TreeView;
  /** SHAP of the refitted model: mean |SHAP| per column and a sample for the beeswarm; absent in older runs. */
  shap?: ChurnShapSummary;
}

/** How SHAP values were computed (src/lib/models/churn/shap.ts). */
export type { ShapMethod };

/** The global SHAP view of a run: per source column (pipeline step order), in log-odds. */
export interface ChurnShapSummary {
  method: ShapMethod;
  /** E[f(x)]: the model's expected log-odds (before calibration). */
  expected: number;
  columns: string[];
  /** Mean |SHAP| per column over the explained customers and the sample. */
  meanAbs: number[];
  /** Permutation SHAP: permutations per customer and the largest standard error of a contribution. */
  samples?: number;
  stdErr?: number;
  /** A sample of up to 2,000 customers for the beeswarm and dependence plots. */
  customers: string[];
  /** customers x columns, row-major. */
  values: Float64Array;
  /** customers x columns: numeric value (numbers; dates as age in days; booleans 0/1), level index for categories, NaN missing. */
  feature: Float64Array;
  /** Per column, the category levels `feature` indexes (null for non-categories). */
  levels: (string[] | null)[];
  /** Per column, the typical value in words (median, most common level). */
  typical: string[];
}

/** SHAP of the explained customers as stored with the scores. */
export interface ChurnScoresShap {
  method: ShapMethod;
  expected: number;
  columns: string[];
  /** Explained customers x columns, row-major, in the order of ChurnScores.explainedRows (the riskiest first). */
  values: Float32Array;
  /** Table rows of the explained customers (the rows whose `reasons` are filled), in `values` order. */
  rows: Int32Array;
  samples?: number;
  stdErr?: number;
}

/** One customer's SHAP waterfall: from the expected log-odds to this customer's, one column at a time. */
export interface ChurnWaterfall {
  customer: string;
  /** Expected log-odds (model margin before calibration). */
  expected: number;
  /** This customer's log-odds (expected + the sum of contributions). */
  logit: number;
  /** The app's (calibrated) churn probability of this customer. */
  probability: number;
  method: ShapMethod;
  /** Sorted by |contribution|, largest first. */
  items: { column: string; value: string; typical: string; contribution: number }[];
}

export interface ChurnScoreRow {
  customer: string;
  probability: number;
  band: number;
  reasons: string[];
}

export interface ChurnPageRequest {
  offset: number;
  limit: number;
  sort: 'probability' | 'customer';
  descending: boolean;
  /** Only the customers in this decision-tree rule's leaf (TreeRule.id; ChurnScores.rule). */
  rule?: number;
}

export interface SavedChurnModelInfo {
  id: string;
  name: string;
  createdAt: string;
  model: ModelKind;
  modelName: string;
  aucMean: number;
  aucStd: number;
  target: string;
  /** Columns a dataset needs to be scored. */
  columns: string[];
  customers: number;
}

/** Per-customer churn scores the action list reads: band 0 low, 1 medium, 2 high (names in bandNames). */
export type ChurnCard = NonNullable<ReportParts['churn']>;

export interface ChurnScores {
  datasetId: string;
  /** The dataset's version when scored: a later change of a column's type or role makes them out of date. */
  datasetVersion?: number;
  createdAt: string;
  customers: string[];
  probability: Float64Array;
  band: Uint8Array;
  bandNames: string[];
  /** Top reasons in words; empty for customers beyond the explained riskiest ones. */
  reasons: string[][];
  /** The model card the action list's report shows for these scores. */
  card?: ChurnCard;
  /** Per customer, the TreeRule.id of its decision-tree leaf (-1 when none); present when a tree was cross-validated. */
  rule?: Int16Array;
  /** SHAP of the explained customers (those with reasons); absent in scores stored before SHAP. */
  shap?: ChurnScoresShap;
}

/** Scoring a dataset with a saved model. */
export interface ChurnScoreRequest {
  modelId: string;
  datasetId: string;
  idColumn?: string;
}

/** The Churn page's last stored result: a training run (with its scores) or scores from a saved model. */
export interface ChurnLast {
  /** The training run; null when the last scores came from a saved model applied to a dataset. */
  run: ChurnRunResult | null;
  scored: ChurnScoredSummary;
  /** The request it ran with, for the form. */
  settings: ChurnRequest | ChurnScoreRequest | null;
  /** The version of each dataset it came from. */
  versions: Record<string, number>;
  /** Names of those datasets changed since (empty: current). */
  stale: string[];
}
