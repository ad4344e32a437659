// Churn features: the label, the fitted feature pipeline, leakage checks, labels from transactions.
export { encodeTarget, labelledRows, MIN_ROWS_PER_CLASS, type Target } from './target';
export { fitPipeline, transformTable, columnProblems, MISSING_LEVEL, OTHER_LEVEL, type FittedPipeline, type FeatureMatrix, type ColumnStep, type ExcludedColumn } from './pipeline';
export { defaultPipelineOptions, resolvePipelineOptions, type PipelineOptions } from './options';
export { leakageAudit, leakageWarnings, defaultLeakageOptions, type LeakageFinding, type LeakageWarning, type LeakageOptions, type LeakageCutoff, type LeakageKind } from './leakage';
export { deriveChurnLabel, type DeriveLabelOptions, type DerivedLabel } from './derive';
export { snapshot, snapshotAt, indexTransactions, snapshotNotes, type Snapshot, type SnapshotOptions, type IndexedTransactions, type TransactionColumns, type CustomerAttributes, type CustomerEvents } from './snapshot';
