export * from './types';
export { logistic1d, meanEstimate, npsEstimate, scoreGroups, shareEstimate, summarise } from './stats';
export { MAX_SEGMENTS, monthOf, readScore, runSatisfaction, type LinkedTable, type SatisfactionRequest } from './run';
export { satisfactionCsv } from './csv';
