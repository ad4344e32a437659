// The churn backtest over time (Churn page, "Backtest over time"): rolling-origin cut-offs on transactions.
import type { ModelProgress } from './engine';
import type { BacktestResult } from '../lib/churn/backtest';
import type { ModelKind } from '../lib/models/churn/kinds';
export type { BacktestCutoff } from '../lib/churn/backtest';

export interface BacktestRequest {
  /** The transactions dataset and its columns. */
  datasetId: string;
  customer: string;
  date: string;
  amount?: string;
  horizonDays: number;
  cutoffs: number;
  model: 'auto' | ModelKind;
  seed: number;
  /** A customer dataset linked to the transactions: its static columns join the snapshots (`exclude` left out, e.g. its label). */
  customers?: { datasetId: string; key: string; exclude: string[] };
}

/** What the page shows of a backtest: everything but the per-customer predictions. */
export type BacktestView = Omit<BacktestResult, 'predictions'>;

export interface BacktestLast {
  view: BacktestView;
  settings: BacktestRequest;
  /** Names of the datasets changed since it ran ([] = current). */
  stale: string[];
}

export interface BacktestApi {
  /** Runs the backtest in the compute worker and stores it (kind 'backtest'). */
  churnBacktest(request: BacktestRequest, onProgress?: (p: ModelProgress) => void): Promise<BacktestView>;
  /** The last stored backtest, or null. */
  churnBacktestLast(): Promise<BacktestLast | null>;
}
