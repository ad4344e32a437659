// The segmentation capability: plain functions from tables to views.
export * from './types';
export * from './run';
