// The model card's SHAP part (the report's "Why the model predicts what it does"): the run's mean |SHAP| per column
// and the waterfalls of its 5 riskiest customers, from the SHAP values stored with the scores (no new computation).
import type { Table } from '../data/table';
import { shapReportPart, type ShapReportPart } from '../actions/report-shap';
import type { SavedChurnModel } from '../models/churn';
import { customerWaterfall } from './explain';
import type { ChurnScoresShap, ChurnShapSummary, ChurnWaterfall } from './types';

/** Waterfalls of the first `count` explained customers (ChurnScoresShap.rows is riskiest first). */
export function riskiestWaterfalls(saved: SavedChurnModel, table: Table, shap: ChurnScoresShap, customers: string[], probability: ArrayLike<number>, count = 5): ChurnWaterfall[] {
  const g = shap.columns.length;
  return Array.from(shap.rows.subarray(0, count), (row, k) =>
    customerWaterfall(saved.pipeline, table, row, { method: shap.method, expected: shap.expected, values: shap.values.subarray(k * g, (k + 1) * g) }, customers[row], probability[row]),
  );
}

export function shapCardPart(saved: SavedChurnModel, table: Table, explained: { shap: ChurnScoresShap; summary: ChurnShapSummary }, customers: string[], probability: ArrayLike<number>): ShapReportPart {
  return shapReportPart(explained.summary, riskiestWaterfalls(saved, table, explained.shap, customers, probability));
}
