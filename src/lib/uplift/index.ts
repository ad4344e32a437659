// Uplift from a past campaign: prepare, run, page, summarise (see run.ts).
export { runUplift, balanceTable, DEFAULT_FOLDS, DEFAULT_RESAMPLES, type UpliftRun } from './run';
export { prepareUplift, encodeTwoValued, defaultFeatures, MIN_PER_ARM, MIN_PER_OUTCOME, type PreparedUplift } from './prepare';
export { summariseUplift, type UpliftSummary } from './summarise';
export { upliftCsv, upliftPageRows } from './page';
export { upliftBalanceCsv, upliftModelsCsv } from './csv';
export * from './types';
