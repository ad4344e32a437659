// Churn features: the label, the fitted feature pipeline, leakage checks, labels from transactions.
export { encodeTarget, labelledRows, MIN_ROWS_PER_CLASS, type Target } from './target';
export { fitPipeline, transformTable, columnProblems, MISSING_LEVEL, OTHER_LEVEL, type FittedPipeline, type FeatureMatrix, type ColumnStep, type ExcludedColumn } from './pipeline';
export { defaultPipelineOptions, resolvePipelineOptions, type PipelineOptions } from './options';
export { leakageWarnings, defaultLeakageOptions, type LeakageWarning, type LeakageOptions } from './leakage';
export { deriveChurnLabel, type DeriveLabelOptions, type DerivedLabel } from './derive';
