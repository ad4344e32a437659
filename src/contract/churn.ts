// Churn prediction. The views are the churn capability's (src/lib/churn/types.ts).
import type { ModelProgress } from './engine';
import type { ChurnTreeSegments } from '../lib/churn/tree-segments';
import type {
  ChurnInspection,
  ChurnLast,
  ChurnPageRequest,
  ChurnRequest,
  ChurnRunResult,
  ChurnScoredSummary,
  ChurnScoreRequest,
  ChurnScoreRow,
  ChurnSource,
  ChurnWaterfall,
  SavedChurnModelInfo,
} from '../lib/churn/types';
export type {
  ChurnCard,
  ChurnEvaluationView,
  ChurnInspection,
  ChurnLast,
  ChurnPageRequest,
  ChurnRequest,
  ChurnRunResult,
  ChurnScoredSummary,
  ChurnScoreRequest,
  ChurnScoreRow,
  ChurnScores,
  ChurnScoresShap,
  ChurnShapSummary,
  ChurnSource,
  ChurnWaterfall,
  SavedChurnModelInfo,
  ShapMethod,
} from '../lib/churn/types';
export type { LeaderboardRow } from '../lib/models/churn/train';
export type { ChurnTreeSegments } from '../lib/churn/tree-segments';
export type { TreeDiagramNode, TreeRule, TreeView } from '../lib/models/tree/view';
export type { ColumnImportance } from '../lib/models/churn/importance';
export type { ModelKind } from '../lib/models/churn/registry';
export type { LeakageWarning } from '../lib/features/churn/leakage';
export type { ExcludedColumn } from '../lib/features/churn/pipeline';
export type { CalibrationBin, Confusion, GainsRow } from '../lib/metrics';
export { MODEL_KINDS, MODEL_NAMES } from '../lib/models/churn/kinds';

export interface ChurnApi {
  /** Reads the label and columns without training: label values/counts (or the reason they cannot be used), auto exclusions, leakage. */
  churnInspect(source: ChurnSource): Promise<ChurnInspection>;
  /** Cross-validates, picks, refits, evaluates and scores every customer; stores the run as the `churn` result. */
  churnTrain(request: ChurnRequest, onProgress?: (p: ModelProgress) => void): Promise<ChurnRunResult>;
  /** The last stored run or scoring (view, settings, out-of-date datasets), or null. */
  churnLast(): Promise<ChurnLast | null>;
  /** One page of the last scored customers, sorted in the worker. */
  churnPage(request: ChurnPageRequest): Promise<{ total: number; rows: ChurnScoreRow[]; /** with a rule: its customers per risk band */ bandCounts?: number[] }>;
  /** The last scored customers as a formula-safe CSV file. */
  churnCsv(): Promise<Blob>;
  /** Saves the last trained model (and a compact copy of its scores) as a `churn-model` result. */
  churnSaveModel(name: string): Promise<SavedChurnModelInfo[]>;
  /** The saved models, newest first. */
  churnModels(): Promise<SavedChurnModelInfo[]>;
  churnDeleteModel(id: string): Promise<SavedChurnModelInfo[]>;
  /** Saves the last run's decision-tree rules as the segmentation the action list joins ("Tree rule 1", ...). */
  churnSaveTreeSegments(): Promise<ChurnTreeSegments>;
  /** Scores a dataset with a saved model (stored as the `churn` result); an error lists every missing or mistyped column. */
  churnScoreDataset(request: ChurnScoreRequest, onProgress?: (p: ModelProgress) => void): Promise<ChurnScoredSummary>;
  /** One customer's SHAP waterfall from the last scores (stored for explained customers, else computed in the worker). */
  churnWaterfall(customer: string): Promise<ChurnWaterfall>;
}
