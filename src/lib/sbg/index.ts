// Subscriptions (contractual retention with the sBG model): what the compute worker, the CLI and the bench call.
export * from './types';
export { customersFromTable, groupCustomers, periodsBetween, sbgColumns } from './prepare';
export { DEFAULT_HORIZON, parseAlive, runSbg, sbgByTenure, sbgCurve } from './run';
export { guessSbgColumns, type ColumnInfo, type SbgColumnGuess } from './columns';
export { SBG_PAGE_SIZE, SbgRows, sbgCsv, sbgOrder } from './table';
