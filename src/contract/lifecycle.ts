// Lifecycle, stickiness, retention and revenue cohorts (Lifetime value page, Lifecycle tab), and saving any
// cohort cell (Cohorts tab or Lifecycle tab) as the segmentation the action list can target.
import type { CohortCellRequest, LifecycleCsvKind, LifecycleRequest, LifecycleView } from '../lib/lifecycle/types';
export type {
  CohortCellRequest,
  LifecycleCsvKind,
  LifecyclePeriod,
  LifecycleRequest,
  LifecycleResult,
  LifecycleRow,
  LifecycleView,
  RetentionCohort,
  RetentionMode,
  RevenueCohort,
  StickinessRow,
} from '../lib/lifecycle/types';

/** The last stored lifecycle result and the datasets changed since it was computed ([] = current). */
export interface LifecycleLast {
  view: LifecycleView;
  stale: string[];
}

export interface LifecycleApi {
  /** Computes the lifecycle views and stores them (kind 'lifecycle', deleted with the dataset). */
  lifecycle(request: LifecycleRequest): Promise<LifecycleView>;
  /** The last stored result, or null: what the tab shows after a reload. */
  lifecycleLast(): Promise<LifecycleLast | null>;
  /** One view of the last stored result as a CSV file. */
  lifecycleCsv(kind: LifecycleCsvKind): Promise<Blob>;
  /** Saves the customers of one cohort cell as the segmentation the action list joins; returns its name and size. */
  cohortCellTarget(request: CohortCellRequest): Promise<{ name: string; customers: number }>;
}
