// What each kind of stored result holds (see results.ts). One entry per kind; the capability that
// computes it owns its entry's shape.
import type { ChurnRunResult, ChurnScoredSummary, ChurnScores, SavedChurnModelInfo, SavedSegmentation } from '../contract';
import type { ActionsRun, StoredHoldout } from '../lib/actions/views';
import type { SavedChurnModel } from '../lib/models/churn/saved';
import type { ClvFit } from '../lib/clv/types';
import type { SegmentRun } from '../lib/segment/types';
import type { StoredRecommend } from '../lib/recommend/serve';
import type { Calibration } from '../lib/engine/calibrate';
import type { SatisfactionView } from '../contract/satisfaction';
import type { StoredUplift } from '../contract/uplift';
import type { StoredMonitor, StoredScoring } from '../lib/churn/monitor';
import type { BacktestView } from '../contract/backtest';
import type { StoredSbg } from '../contract/sbg';
import type { LifecycleView } from '../contract/lifecycle';
import type { CoxView } from '../contract/cox';
import type { CoxRun } from '../lib/survival/cox';

export interface ResultTypes {
  /**
   * The Churn page's last run (its view, the refitted model, every customer's score and reasons), or the
   * last scoring of a dataset with a saved model (run null, `model` the saved one). `scores` is what the
   * action list reads.
   */
  'churn': { run: ChurnRunResult | null; model: SavedChurnModel; scores: ChurnScores; scored: ChurnScoredSummary };
  /** A churn model the user saved by name (named by its id), with a compact copy of its scores. */
  'churn-model': { info: SavedChurnModelInfo; saved: SavedChurnModel; scores: ChurnScores };
  /** One scoring of a dataset with a saved churn model (named by its id; the last 12 per model are kept): the monitor's history. */
  'churn-scoring': StoredScoring;
  /** The monitor's last comparison of two scorings of one saved model (the header badge reads it). */
  'churn-monitor': StoredMonitor;
  /** The Segments page's last run: its view and every customer's features and segment. */
  'segment': SegmentRun;
  /** The segmentation saved for the action list. */
  'segmentation': SavedSegmentation;
  /** The Lifetime value page's last fit: every customer's summary and predictions. */
  'clv': ClvFit;
  /** The Recommendations page's last run and the model it serves (its spec: refitted to serve again). */
  'recommend': StoredRecommend;
  /** The Actions page's last list: its request (rules as applied now), the built list and report parts. */
  'actions': ActionsRun;
  /** The hold-out of a campaign: who is control, and what they were scored. */
  'holdout': StoredHoldout;
  /** The engine's calibration on this device (which backend is fastest): from no dataset, never in workspace files. */
  'engine': Calibration;
  /** The Satisfaction page's last run (from the survey dataset and the linked customers, if any). */
  'satisfaction': SatisfactionView;
  /** The Uplift page's last run: its view, every row's predicted uplift, and the best learner's scores (the action list reads them). */
  'uplift': StoredUplift;
  /** The Churn page's last backtest over time (per cut-off metrics against the BG/NBD baseline). */
  'backtest': BacktestView;
  /** The Subscriptions tab's last sBG fit (typed counts: from no dataset) with every customer's DERL. */
  'sbg': StoredSbg;
  /** The Lifecycle tab's last run: lifecycle, stickiness, retention and revenue cohorts, with its request. */
  'lifecycle': LifecycleView;
  /** The Survival tab's last Cox regression: its view and the run (every customer's relative risk and remaining lifetime). */
  'cox': { view: CoxView; run: CoxRun };
}
