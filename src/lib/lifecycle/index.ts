// The lifecycle capability (Lifetime value page, Lifecycle tab): plain functions from tables to views.
export * from './types';
export * from './run';
export * from './csv';
export * from './report';
