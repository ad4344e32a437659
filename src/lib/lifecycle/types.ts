// Requests and views of the lifecycle capability (Lifetime value page, Lifecycle tab; CLI `lifecycle`).
import type { TransactionColumns } from '../clv/types';
import type { LifecyclePeriod, LifecycleResult, RetentionMode } from '../models/lifecycle/lifecycle';

export type { LifecyclePeriod, LifecycleResult, LifecycleRow, RetentionCohort, RetentionMode, RevenueCohort, StickinessRow } from '../models/lifecycle/lifecycle';

export interface LifecycleRequest extends TransactionColumns {
  period: LifecyclePeriod;
}

/** Which cohort matrix a cell belongs to: the Cohorts tab's (first purchase, active exactly then) or ours. */
export interface CohortCellRequest extends TransactionColumns {
  period: LifecyclePeriod;
  /** The cohort's label ("2024-03", or the Monday "2024-03-04" for weeks). */
  cohort: string;
  /** Periods after the cohort's first. */
  offset: number;
  mode: RetentionMode;
}

/** The CSV files of a lifecycle result. */
export type LifecycleCsvKind = 'lifecycle' | 'stickiness' | 'retention' | 'revenue';

/** The stored result (kind 'lifecycle') and what the page shows. */
export interface LifecycleView extends LifecycleResult {
  request: LifecycleRequest;
}
