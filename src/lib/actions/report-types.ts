// What the shareable report shows: plain data gathered by the pipeline and the worker.
import type { UpliftReportPart } from '../uplift/report';
import type { LifecycleReportPart } from '../lifecycle/report';
import type { SbgReportPart } from '../sbg/report';
import type { CoxReportPart } from '../survival/cox-report';
import type { ClvModelsReportPart } from '../clv/report';
import type { ShapReportPart } from './report-shap';
import type { ActionRowView, ActionRule } from './types';
import type { ProfitSummary } from './views';

export interface ReportParts {
  segments: { name: string; customers: number; share: number; revenue: number }[] | null;
  churn: {
    source: string;
    model: string;
    target: string;
    rows: number;
    baseRate: number;
    features: string[];
    metrics: { auc: number; aucStd: number; prAuc: number; logloss: number; folds: number } | null;
    calibration: { predicted: number; observed: number; count: number }[];
    /** Reliability after the chosen calibration (cross-fitted, out of sample); absent in older cards or when none was chosen. */
    calibrationAfter?: { predicted: number; observed: number; count: number }[];
    /** The calibration fitted on out-of-fold predictions, Brier and ECE before/after (out of sample); absent in older cards. */
    calibrationFit?: { method: 'none' | 'platt' | 'isotonic'; brierBefore: number; brierAfter: number; eceBefore: number; eceAfter: number; note: string };
    /** The leakage audit before training: each flagged column with why (empty: nothing flagged); absent in older cards. */
    leakage?: { column: string; reason: string }[];
    /** A label derived from transactions: features up to `cutoff` (YYYY-MM-DD), the label from the `horizonDays` after. */
    snapshot?: { cutoff: string; horizonDays: number };
    /** The Churn page's backtest over time on the same data: its cut-offs, horizon and time-based AUC against BG/NBD. */
    backtest?: { cutoffs: string[]; horizonDays: number; model: string; aucMean: number; baselineAucMean: number };
    importance: { feature: string; value: number }[];
    limits: string[];
    /** SHAP: mean |SHAP| per column and the waterfalls of the riskiest customers (absent in cards made before SHAP). */
    shap?: ShapReportPart;
  } | null;
  clv: {
    unit: string;
    months: number;
    customers: number;
    bgnbd: Record<string, number>;
    /** The purchase model behind CLV and P(alive) and its parameters, when not BG/NBD (older stored lists: BG/NBD). */
    model?: string;
    params?: Record<string, number>;
    gammaGamma: Record<string, number> | null;
    totalClv: number | null;
    meanClv: number | null;
    expectedPurchases: number;
    histogram: { edges: number[]; counts: number[]; above: number } | null;
  } | null;
  cohorts: { labels: string[]; sizes: number[]; percent: number[][] } | null;
  /** Monthly lifecycle, stickiness and revenue retention of the transactions (absent in older reports). */
  lifecycle?: LifecycleReportPart | null;
}

export interface ReportData extends ReportParts {
  title: string;
  /** ISO time. */
  createdAt: string;
  datasets: { name: string; rows: number; columns: number; roles: string }[];
  sources: { churn: string; clv: string; segment: string; items: string };
  actions: {
    customers: number;
    counts: { action: string; customers: number; valueAtRisk: number }[];
    bySegment: { segment: string; customers: number; valueAtRisk: number }[];
    byBand: { band: string; customers: number }[];
    disagreements: number;
    rules: ActionRule[];
  };
  /** The profit-optimal contact list: costs, save rate or uplift model, list size and expected profit (null: a list stored before it). */
  profit?: ProfitSummary | null;
  /** The Uplift page's last run (campaign, randomisation check, learners with intervals), when one exists. */
  uplift?: UpliftReportPart | null;
  /** The Subscriptions tab's last sBG fit, when one exists. */
  sbg?: SbgReportPart | null;
  /** The Survival tab's last Cox regression, when one exists. */
  cox?: CoxReportPart | null;
  /** The purchase-model comparison of the stored CLV run (absent in older reports). */
  clvModels?: ClvModelsReportPart | null;
  notes: string[];
  /** Row-level data only when the user asked for it. */
  table: ActionRowView[] | null;
}
