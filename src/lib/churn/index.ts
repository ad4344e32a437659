// The churn capability: prepare a source's customer table, check its label, train and score, page and
// export the scores, describe saved models. The worker adapter, the CLI and the bench call these.
export * from './types';
export { NO_KEY_NOTE, defaultIdColumn, inspectChurn, labelValues, latestDay, prepareChurn, sourceColumns, sourceKey, withPositive, type ChurnDatasetInfo, type PreparedChurn } from './prepare';
export { CURVE_POINTS, REASONS, REASON_ROWS, bandCounts, customerIds, runChurn, scoreWithModel, scoredSummary, scoringColumns, thin, trainPrepared, type ChurnOutcome } from './run';
export { scoreOrder, scorePage, scoresCsv, type ChurnSort } from './rows';
export { modelInfo, sortModels } from './models';
export { BACKTEST_AUTO_MODELS, DEFAULT_BACKTEST, backtestCutoffs, bgnbdNoPurchase, liftAtTop, runBacktest, stackTables, type BacktestCutoff, type BacktestOptions, type BacktestResult } from './backtest';
