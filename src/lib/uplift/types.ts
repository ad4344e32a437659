// Uplift from a past campaign: what a run takes and gives. Plain data (crosses workers and IndexedDB).

/** S: one model with the treatment as a feature; T: one model per arm; X: Kunzel et al.'s X-learner. */
export type Learner = 's' | 't' | 'x';

export const LEARNERS: readonly Learner[] = ['s', 't', 'x'];
export const LEARNER_NAMES: Record<Learner, string> = { s: 'S-learner', t: 'T-learner', x: 'X-learner' };

export interface UpliftRequest {
  /** The two-valued treatment flag column. */
  treatment: string;
  /** The two-valued outcome column (e.g. retained or not). */
  outcome: string;
  /** The treatment column's value that means treated (default: guessed from 1/true/yes/treated/treatment). */
  treated?: string;
  /** The outcome's good value (default: guessed from 1/true/yes/retained/converted/responded). */
  positive?: string;
  /** The customer key column (default: an identifier column, if any). */
  key?: string;
  /** Feature columns (default: every other column but the key and a known-truth column such as true_uplift). */
  features?: string[];
  /** Seed of the folds, the trees and the bootstrap. Default 0. */
  seed?: number;
  /** Cross-fitting folds: every row is scored by models that never saw it. Default 5. */
  folds?: number;
  /** Bootstrap resamples for the 95% intervals. Default 200. */
  bootstrap?: number;
  /**
   * A column of known true uplift (a simulated campaign's `true_uplift`): used only when named here, to add
   * the oracle (ranking by the truth) to the comparison. Never a feature.
   */
  truth?: string;
}

/** A value and its 95% percentile-bootstrap interval (rows resampled within treated and within control). */
export interface WithCi {
  value: number;
  lo: number;
  hi: number;
}

export interface LearnerScore {
  learner: Learner | 'oracle';
  /** Area between the Qini curve and the random line (x: share targeted 0..1, y: incremental outcomes per treated customer). */
  qini: WithCi;
  /** Area under the uplift curve (x: share targeted, y: share x uplift among the targeted); random = ATE / 2. */
  auuc: WithCi;
  /** Outcome rate of treated minus control among the top 10% by predicted uplift. */
  upliftAt10: WithCi;
}

export interface BalanceRow {
  feature: string;
  /** For a category feature: the level whose shares are compared (one row per level). */
  level: string | null;
  /** Mean (numeric) or share of the level (category) among treated and control. */
  treated: number;
  control: number;
  /** Standardised mean difference: (treated - control) / sqrt((var_t + var_c) / 2). */
  smd: number;
  /** Welch's t-test (numeric) or the feature's chi-square test of independence (category, same p on each level). */
  test: 't' | 'chi2';
  p: number;
  /** |smd| > 0.1 and p < 0.01 (see BALANCE_RULE). */
  flagged: boolean;
}

export interface Balance {
  rows: BalanceRow[];
  /** The rule in words, for the page and the report. */
  rule: string;
  /** Null when no feature is flagged; else names the imbalanced features. */
  warning: string | null;
}

/** A curve thinned for charts: share targeted (0..1) and the value there. */
export interface UpliftCurve {
  learner: Learner | 'oracle';
  x: number[];
  qini: number[];
  uplift: number[];
}

export interface UpliftRunResult {
  rows: number;
  treated: number;
  control: number;
  /** Outcome rates by arm and their difference (the campaign's average effect) with its bootstrap interval. */
  treatedRate: number;
  controlRate: number;
  ate: WithCi;
  treatment: { column: string; treated: string; control: string };
  outcome: { column: string; positive: string; negative: string };
  key: string | null;
  features: string[];
  models: LearnerScore[];
  /** The learner with the highest Qini. */
  best: Learner;
  /** The oracle (ranking by the known truth), when `truth` was named. */
  oracle: LearnerScore | null;
  curves: UpliftCurve[];
  balance: Balance;
  seed: number;
  folds: number;
  bootstrap: number;
  /** Rows left out (outcome or treatment missing). */
  dropped: number;
  notes: string[];
}

/** One customer row of the paged table: predicted uplift per learner, sorted by the chosen one. */
export interface UpliftRow {
  customer: string;
  treated: boolean;
  outcome: boolean;
  s: number;
  t: number;
  x: number;
  truth: number | null;
}

export interface UpliftPageRequest {
  offset: number;
  limit: number;
  /** Sort by this learner's predicted uplift (default the best); descending unless `ascending`. */
  by?: Learner;
  ascending?: boolean;
}

export interface UpliftPage {
  rows: UpliftRow[];
  total: number;
}

/** Every row's data behind the paged table (stored with the run). */
export interface UpliftTable {
  customers: string[];
  treated: Uint8Array;
  outcome: Uint8Array;
  s: Float64Array;
  t: Float64Array;
  x: Float64Array;
  truth: Float64Array | null;
}
