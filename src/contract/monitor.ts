// The early-warning monitor: the last two scorings of a saved churn model compared (src/lib/churn/monitor.ts).
import type { CrossedRow } from '../lib/churn/monitor-csv';
import type { MonitorView } from '../lib/churn/monitor';
export type { CrossedRow } from '../lib/churn/monitor-csv';
export type { DriftReading, DriftRow, MonitorView, ScoringRef } from '../lib/churn/monitor';

export interface MonitorApi {
  /** The last comparison (kept across reloads, deleted with its datasets), or null before two scorings of one model. */
  monitorLast(): Promise<MonitorView | null>;
  /** One page of the customers who crossed into the high band, riskiest first. */
  monitorPage(offset: number, limit: number): Promise<{ total: number; rows: CrossedRow[] }>;
  /** Those customers as a formula-safe CSV file. */
  monitorCsv(): Promise<Blob>;
  /** Saves them as the segmentation "Newly high risk" the action list can join. */
  monitorTarget(): Promise<{ name: string; customers: number }>;
}
