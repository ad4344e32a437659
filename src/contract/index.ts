// The one typed boundary between the UI thread and the workers, one file per capability. The UI holds a
// Comlink `Remote<...>` of these interfaces and imports nothing else from the compute side; workers
// implement them. Value exports must come from modules without heavy imports: everything exported here
// at run time lands in the UI bundle (tests/e2e/bundle.test.ts checks that no tfjs does).
import type { DataApi } from './data';
import type { WorkspaceApi } from './workspace';
import type { EngineApi } from './engine';
import type { ClvApi } from './clv';
import type { SegmentApi } from './segment';
import type { ChurnApi } from './churn';
import type { ChurnExportApi } from './churn-export';
import type { RecommendApi } from './recommend';
import type { ActionsApi } from './actions';
import type { SatisfactionApi } from './satisfaction';
import type { UpliftApi } from './uplift';
import type { MonitorApi } from './monitor';
import type { BacktestApi } from './backtest';
import type { SbgApi } from './sbg';
import type { LifecycleApi } from './lifecycle';
import type { CoxApi } from './cox';

export * from './data';
export * from './workspace';
export * from './engine';
export * from './clv';
export * from './segment';
export * from './churn';
export * from './churn-export';
export * from './recommend';
export * from './actions';
export * from './satisfaction';
export * from './monitor';
export * from './backtest';
export * from './uplift';
export * from './sbg';
export * from './lifecycle';
export * from './cox';

/** The import worker: files in, datasets stored; workspace files. */
export type ImportApi = DataApi & WorkspaceApi;

/** The compute worker: every model runs there. */
export type ComputeApi = EngineApi & ClvApi & SegmentApi & ChurnApi & ChurnExportApi & RecommendApi & ActionsApi & MonitorApi & SatisfactionApi & UpliftApi & BacktestApi & SbgApi & LifecycleApi & CoxApi;
