// The backtest's table and chart as data, for the page (no model code here: the UI bundle imports it).
import { toCsv } from '../export/csv';
import type { ReportParts } from '../actions/report-types';
import { MODEL_NAMES, type ModelKind } from '../models/churn/kinds';
import type { BacktestCutoff } from './backtest';

type CardBacktest = NonNullable<NonNullable<ReportParts['churn']>['backtest']>;

export const BACKTEST_CSV_COLUMNS = ['cutoff', 'label_end', 'trained_on', 'model', 'customers', 'churned', 'auc', 'pr_auc', 'lift_at_10', 'brier', 'bgnbd_auc', 'bgnbd_pr_auc', 'bgnbd_lift_at_10', 'p_alive_auc'] as const;

/** One row per cut-off, full precision. */
export function backtestCsv(cutoffs: readonly BacktestCutoff[]): string {
  return toCsv(
    [...BACKTEST_CSV_COLUMNS],
    cutoffs.map((c) => [c.asOf, c.labelEnd, c.trainedOn.join(' '), c.model, c.customers, c.positives, c.auc, c.prAuc, c.liftAt10, c.brier, c.baselineAuc, c.baselinePrAuc, c.baselineLiftAt10, c.baselineAliveAuc]),
  );
}

/** The stability chart: AUC of the model and of the BG/NBD baseline at each cut-off (x: epoch ms). */
export function stabilitySeries(cutoffs: readonly BacktestCutoff[], modelName: string): { name: string; x: Float64Array; y: Float64Array; dashed?: boolean }[] {
  const x = Float64Array.from(cutoffs, (c) => Date.parse(`${c.asOf}T00:00:00Z`));
  return [
    { name: modelName, x, y: Float64Array.from(cutoffs, (c) => c.auc) },
    { name: 'BG/NBD baseline', x, y: Float64Array.from(cutoffs, (c) => c.baselineAuc), dashed: true },
  ];
}

/** A y range that shows both series and chance (0.5), padded a little, within [0, 1]. */
export function stabilityDomain(cutoffs: readonly BacktestCutoff[]): [number, number] {
  const ys = cutoffs.flatMap((c) => [c.auc, c.baselineAuc]).filter(Number.isFinite);
  const lo = Math.min(0.5, ...ys);
  const hi = Math.max(...ys, 0.5);
  // To 0.05 steps; the 1e-9 keeps a value just under a step (0.42 - 0.02) on it.
  return [Math.max(0, Math.floor((lo - 0.02) * 20 + 1e-9) / 20), Math.min(1, Math.ceil((hi + 0.02) * 20 - 1e-9) / 20)];
}

/** What the model card says of a backtest (src/lib/actions/report-types.ts, churn.backtest). */
export function cardBacktest(view: { cutoffs: readonly { asOf: string }[]; horizonDays: number; chosen: ModelKind; aucMean: number; baselineAucMean: number }): CardBacktest {
  return { cutoffs: view.cutoffs.map((c) => c.asOf), horizonDays: view.horizonDays, model: MODEL_NAMES[view.chosen], aucMean: view.aucMean, baselineAucMean: view.baselineAucMean };
}

/** Whether a backtest ran on a dataset's data: its transactions, or the customer file linked to them. */
export function backtestCovers(settings: { datasetId: string; customers?: { datasetId: string } }, datasetId: string): boolean {
  return settings.datasetId === datasetId || settings.customers?.datasetId === datasetId;
}
