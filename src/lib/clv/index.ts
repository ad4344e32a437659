// The lifetime value capability (CLV, cohorts, survival): plain functions from tables to views.
export * from './types';
export * from './run';
export * from './table';
