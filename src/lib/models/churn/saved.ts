// The saved churn model: the fitted pipeline plus the trained model and risk cut-offs, all plain
// JSON-able data, so it is stored in IndexedDB, exported as a file and scored on new customers.
import type { Table } from '../../data/table';
import { columnProblems, transformTable, type FittedPipeline } from '../../features/churn/pipeline';
import { assignBands, type RiskThresholds } from './bands';
import { applyCalibrator, type Calibrator } from './calibrate';
import { predictModel, type TrainedModel } from './registry';
import { topReasons, type Reason } from './reasons';

export const SAVED_FORMAT = 'retention-lab/churn-model';
const SCORE_CHUNK = 65_536;

export interface SavedChurnModel {
  format: typeof SAVED_FORMAT;
  version: 1;
  /** ISO time of training. */
  createdAt: string;
  target: { column: string; positive: string; negative: string };
  pipeline: FittedPipeline;
  model: TrainedModel;
  bands: RiskThresholds;
  /** Cross-validated quality of this model kind, for display next to its scores. */
  metrics: { aucMean: number; aucStd: number; prAucMean: number; loglossMean: number; folds: number };
  /** Share of positives in the training rows. */
  baseRate: number;
  /**
   * Source columns per-customer reasons may cite: those whose cross-validated permutation
   * importance is clearly above its fold-to-fold noise. Absent in models saved before this
   * existed; then every column may be cited.
   */
  reasonColumns?: string[];
  /**
   * Fitted on the out-of-fold probabilities at training and applied to every score. Absent in models
   * saved before calibration existed: their scores are the model's own.
   */
  calibrator?: Calibrator;
}

export interface Scores {
  /** Churn probability per table row. */
  probability: Float64Array;
  /** Risk band per row: 0 low, 1 medium, 2 high (see BAND_NAMES). */
  band: Uint8Array;
  /** Top reasons per row, when asked for. */
  reasons?: Reason[][];
}

export interface ScoreOptions {
  /** Also explain each row with this many top reasons (0 = no reasons, faster). */
  reasons?: number;
  /** Rows to score (all when omitted). */
  rows?: Int32Array;
}

export function checkSavedModel(saved: SavedChurnModel): void {
  if (saved?.format !== SAVED_FORMAT) throw new Error(`Not a saved churn model (format is ${JSON.stringify(saved?.format)}, expected "${SAVED_FORMAT}")`);
  if (saved.version !== 1) throw new Error(`Unsupported churn model version ${JSON.stringify(saved.version)} (this app reads version 1)`);
  const c = saved.calibrator;
  if (c !== undefined && !(c.method === 'none' || (c.method === 'platt' && Number.isFinite(c.a) && Number.isFinite(c.b)) || (c.method === 'isotonic' && c.x?.length > 0 && c.x.length === c.y?.length))) {
    throw new Error(`The churn model's calibrator is damaged (${JSON.stringify(c).slice(0, 80)})`);
  }
}

/**
 * Scores a table with a saved model. The table must have every column the model uses, with a
 * compatible type (extra columns are ignored); otherwise the Error lists each missing or mistyped
 * column.
 */
export function scoreTable(saved: SavedChurnModel, table: Table, opts: ScoreOptions = {}): Scores {
  checkSavedModel(saved);
  const problems = columnProblems(saved.pipeline, table);
  if (problems.length) throw new Error(`Cannot score this table with the churn model: ${problems.join('; ')}`);
  const tableRows = opts.rows ?? Int32Array.from({ length: table.rows }, (_, i) => i);
  const probability = new Float64Array(tableRows.length);
  const reasons: Reason[][] = [];
  // Chunks keep the feature matrix small: a million customers never need 1M x features floats at once.
  for (let start = 0; start < tableRows.length; start += SCORE_CHUNK) {
    const chunk = tableRows.subarray(start, start + SCORE_CHUNK);
    const fm = transformTable(saved.pipeline, table, chunk);
    const p = predictModel(saved.model, fm.X, fm.rows);
    probability.set(saved.calibrator ? applyCalibrator(saved.calibrator, p) : p, start);
    if (opts.reasons) reasons.push(...topReasons(saved.model, saved.pipeline, table, fm, chunk, opts.reasons, { columns: saved.reasonColumns }));
  }
  const band = assignBands(probability, saved.bands);
  return opts.reasons ? { probability, band, reasons } : { probability, band };
}
