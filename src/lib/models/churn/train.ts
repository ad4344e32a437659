// A whole churn analysis: cross-validate the candidate models, keep the best by mean ROC AUC,
// refit it on every labelled customer, and return everything the churn views show (leaderboard,
// out-of-fold evaluation, importance, scores, bands, reasons) plus the saved model.
import type { Table } from '../../data/table';
import type { ProgressFn } from '../../progress';
import { calibrationCurve, confusionAt, gainsCurve, liftCurve, prCurve, rocCurve, type CalibrationBin, type Confusion, type GainsCurve, type LiftCurve, type PrCurve, type RocCurve } from '../../metrics';
import { encodeTarget, labelledRows } from '../../features/churn/target';
import { fitPipeline, transformTable, type ExcludedColumn, type FittedPipeline } from '../../features/churn/pipeline';
import { leakageAudit, type LeakageFinding } from '../../features/churn/leakage';
import { calibrationReport, calibrationSummary, type CalibrationReport } from './calibrate';
import { crossValidate, withSeed, type ModelCv } from './cross-validate';
import { MODEL_KINDS, MODEL_NAMES, trainModel, type ModelKind } from './registry';
import { noiseReason, permutationImportanceCv, splitGainByColumn, type ColumnImportance } from './importance';
import { riskThresholds, BAND_NAMES } from './bands';
import { SAVED_FORMAT, scoreTable, type SavedChurnModel } from './saved';
import { resolveChurnOptions, type ChurnOptions } from './options';
import { explainTableRows, type Reason } from './reasons';
import { shapRowBudget } from './shap';
import { trainTree, treeLeaves, type TreeModel } from '../tree';
import { ruleOfLeaves, treeView, type TreeView } from '../tree/view';

export interface LeaderboardRow {
  kind: ModelKind;
  name: string;
  aucMean: number;
  aucStd: number;
  prAucMean: number;
  loglossMean: number;
  trainSeconds: number;
  /** ROC AUC of each fold. */
  auc: number[];
  /** Random forest: out-of-bag ROC AUC (mean over the folds' training rows). */
  oobAuc?: number;
}

export interface ChurnEvaluation {
  /** Table rows evaluated (the labelled ones), their labels and out-of-fold probabilities. */
  rows: Int32Array;
  y: Float32Array;
  oof: Float64Array;
  roc: RocCurve;
  pr: PrCurve;
  /** Reliability of the out-of-fold probabilities as the model gave them. */
  calibration: CalibrationBin[];
  /**
   * Out-of-fold probabilities after the chosen calibration, cross-fitted (each fold's calibrated by a map
   * fitted on the other folds): out of sample, and what the threshold and confusion matrix use.
   */
  calibrated: Float64Array;
  /** Reliability of `calibrated`. */
  calibrationAfter: CalibrationBin[];
  threshold: number;
  confusion: Confusion;
  gains: GainsCurve;
  lift: LiftCurve;
}

export interface ChurnResult {
  model: ModelKind;
  folds: number;
  seed: number;
  target: { column: string; positive: string; negative: string; positives: number; negatives: number; missing: number };
  /** Share of churners among labelled customers (the class balance). */
  baseRate: number;
  /** Best first. */
  leaderboard: LeaderboardRow[];
  features: { used: string[]; encoded: number; excluded: ExcludedColumn[] };
  /** The leakage audit run before training (findings are warnings: the user excludes a column). */
  leakage: LeakageFinding[];
  /** Calibration fitted on the chosen model's out-of-fold probabilities and applied to its scores. */
  calibration: CalibrationReport;
  /** Permutation importance (drop in AUC) of the chosen model on held-out folds, by source column. */
  importance: ColumnImportance[];
  /** The same per model: the chosen one, or every cross-validated one with importanceModels 'all'. */
  importanceByModel: Partial<Record<ModelKind, ColumnImportance[]>>;
  /** GBDT only: share of split gain by source column, from the refitted model. */
  splitGain?: ColumnImportance[];
  evaluation: ChurnEvaluation;
  /** Every table row scored by the refitted model; band 0 low, 1 medium, 2 high. */
  scores: { probability: Float64Array; band: Uint8Array; bandNames: readonly string[] };
  /** Top reasons for the riskiest customers (up to reasonRows). */
  reasons: { rows: Int32Array; reasons: Reason[][] };
  /**
   * Columns reasons may cite (permutation importance of the chosen model clearly above its
   * fold-to-fold noise), and those they may not, with why.
   */
  reasonColumns: { cited: string[]; excluded: { name: string; reason: string }[] };
  saved: SavedChurnModel;
  /** The decision tree as rules and a diagram, whenever it was cross-validated (the chosen model or refitted for the view). */
  tree?: TreeView;
  /** With `tree`: per table row, the TreeRule.id of its leaf. */
  treeRule?: Int16Array;
  notes: string[];
  seconds: { crossValidation: number; refit: number; importance: number; total: number };
}

export async function trainChurn(table: Table, options: Partial<ChurnOptions> & { target: string }, onProgress?: ProgressFn): Promise<ChurnResult> {
  const started = performance.now();
  const o = resolveChurnOptions(options);
  const target = encodeTarget(table, o.target, o.positive);
  const rows = labelledRows(target.y);
  const y = Float32Array.from(rows, (r) => target.y[r]);
  const kinds: ModelKind[] = o.model === 'auto' ? [...MODEL_KINDS] : [o.model];
  const notes: string[] = [];
  if (target.missing) notes.push(`${target.missing} rows have no ${o.target} value; they are scored but not used for training.`);
  onProgress?.({ stage: 'Checking for leakage', done: 0, total: 1 });
  const leakage = leakageAudit({ table, target: o.target, rows, y, pipeline: o.pipeline, cutoff: o.leakageCutoff });

  const cv = await crossValidate(table, o.target, rows, y, { folds: o.folds, seed: o.seed, models: kinds, pipeline: o.pipeline, modelOptions: o.models }, onProgress);
  const cvSeconds = (performance.now() - started) / 1000;
  const ranked = (Object.values(cv.models) as ModelCv[]).sort((a, b) => b.aucMean - a.aucMean);
  const best = ranked[0];
  const leaderboard = ranked.map((m) => ({
    kind: m.kind,
    name: MODEL_NAMES[m.kind],
    aucMean: m.aucMean,
    aucStd: m.aucStd,
    prAucMean: m.prAucMean,
    loglossMean: m.loglossMean,
    trainSeconds: m.trainSeconds,
    auc: m.auc,
    ...(m.oobAuc !== undefined ? { oobAuc: m.oobAuc } : {}),
  }));
  if (kinds.length > 1) notes.push(`Chose ${MODEL_NAMES[best.kind]}: best mean ROC AUC over ${o.folds} folds (${best.aucMean.toFixed(4)}).`);

  const refitStarted = performance.now();
  onProgress?.({ stage: `Training ${MODEL_NAMES[best.kind]} on all customers`, done: 0, total: 1 });
  const pipeline = fitPipeline(table, o.target, rows, o.pipeline);
  const all = transformTable(pipeline, table, rows);
  const model = await trainModel(best.kind, { X: all.X, rows: all.rows, features: all.features, y }, withSeed(o.models, o.seed), (p) =>
    onProgress?.({ stage: `Training ${MODEL_NAMES[best.kind]} on all customers`, done: 0, total: 1, loss: p.loss }),
  );
  const refitSeconds = (performance.now() - refitStarted) / 1000;

  onProgress?.({ stage: 'Measuring feature importance', done: 0, total: 1 });
  const importanceByModel: Partial<Record<ModelKind, ColumnImportance[]>> = {};
  const importanceStarted = performance.now();
  for (const kind of o.importanceModels === 'all' ? kinds : [best.kind]) importanceByModel[kind] = permutationImportanceCv(table, cv, kind, { repeats: o.importanceRepeats, seed: o.seed });
  const importance = importanceByModel[best.kind] as ColumnImportance[];
  const importanceSeconds = (performance.now() - importanceStarted) / 1000;
  const splitGain = model.kind === 'gbdt' ? splitGainByColumn(model, pipeline) : undefined;
  const reasonColumns = citableColumns(pipeline.steps.map((s) => s.column), importance);

  // Calibrated on out-of-fold predictions only, over the CV's own folds; every later step uses it.
  const calibration = calibrationSummary(y, best.oof, { folds: cv.fold, seed: o.seed });
  const positives = target.positives;
  const baseRate = positives / rows.length;
  const saved: SavedChurnModel = {
    format: SAVED_FORMAT,
    version: 1,
    createdAt: new Date().toISOString(),
    target: { column: o.target, positive: target.positive, negative: target.negative },
    pipeline,
    model,
    bands: riskThresholds(calibration.apply(best.oof), o.bands),
    metrics: { aucMean: best.aucMean, aucStd: best.aucStd, prAucMean: best.prAucMean, loglossMean: best.loglossMean, folds: o.folds },
    baseRate,
    reasonColumns: reasonColumns.cited,
    calibrator: calibration.calibrator,
  };
  notes.push(
    `Risk bands: high = probability >= ${saved.bands.high.toFixed(3)}, medium >= ${saved.bands.medium.toFixed(3)}, else low ` +
      `(cut-offs at quantiles of the out-of-fold probabilities; base rate ${(baseRate * 100).toFixed(1)}%).`,
  );
  notes.push(calibration.note);
  for (const w of leakage) notes.push(`Possible leakage: ${w.reason}.`);

  onProgress?.({ stage: 'Scoring customers', done: 0, total: 1 });
  const { probability, band } = scoreTable(saved, table);
  // Reasons from SHAP (fewer customers for sampled SHAP and big forests: shapRowBudget).
  const reasonRows = riskiest(probability, Math.min(shapRowBudget(model, o.reasonRows), table.rows));
  const reasons = o.reasons > 0 && reasonRows.length ? (await explainTableRows(model, pipeline, table, reasonRows, o.reasons, { columns: saved.reasonColumns })).reasons : [];

  const tree = cv.models.tree ? readableTree(model.kind === 'tree' ? model : trainTree({ X: all.X, rows: all.rows, features: all.features, y }, withSeed(o.models, o.seed).tree), pipeline, table, cv.models.tree.aucMean) : undefined;

  const oof = best.oof;
  const evaluation: ChurnEvaluation = {
    rows,
    y,
    oof,
    roc: rocCurve(y, oof),
    pr: prCurve(y, oof),
    calibration: calibrationCurve(y, oof, 10),
    calibrated: calibration.crossFitted,
    calibrationAfter: calibrationCurve(y, calibration.crossFitted, 10),
    threshold: o.threshold,
    confusion: confusionAt(y, calibration.crossFitted, o.threshold),
    gains: gainsCurve(y, oof, 10),
    lift: liftCurve(y, oof, 10),
  };
  onProgress?.({ stage: 'Done', done: 1, total: 1 });
  return {
    model: best.kind,
    folds: o.folds,
    seed: o.seed,
    target: { column: o.target, positive: target.positive, negative: target.negative, positives, negatives: target.negatives, missing: target.missing },
    baseRate,
    leaderboard,
    features: { used: pipeline.steps.map((s) => s.column), encoded: pipeline.features.length, excluded: pipeline.excluded },
    leakage,
    calibration: calibrationReport(calibration),
    importance,
    importanceByModel,
    splitGain,
    evaluation,
    scores: { probability, band, bandNames: BAND_NAMES },
    reasons: { rows: reasonRows, reasons },
    reasonColumns,
    saved,
    tree: tree?.view,
    treeRule: tree?.rule,
    notes,
    seconds: { crossValidation: cvSeconds, refit: refitSeconds, importance: importanceSeconds, total: (performance.now() - started) / 1000 },
  };
}

/** The used columns whose importance is real, and the others with why (importance order, then the rest). */
function citableColumns(used: string[], importance: ColumnImportance[]): ChurnResult['reasonColumns'] {
  const byName = new Map(importance.map((c) => [c.feature, c]));
  const ordered = [...importance.map((c) => c.feature).filter((n) => used.includes(n)), ...used.filter((n) => !byName.has(n))];
  const cited: string[] = [];
  const excluded: { name: string; reason: string }[] = [];
  for (const name of ordered) {
    const c = byName.get(name);
    if (c?.real) cited.push(name);
    else excluded.push({ name, reason: c ? (noiseReason(c) ?? 'importance not measured') : 'importance not measured on the folds' });
  }
  return { cited, excluded };
}

/** The tree's view over source columns, and the rule of every table row. */
function readableTree(model: TreeModel, pipeline: FittedPipeline, table: Table, aucMean: number): { view: TreeView; rule: Int16Array } {
  const view = treeView(model, pipeline, aucMean);
  const X = transformTable(pipeline, table);
  return { view, rule: ruleOfLeaves(view, treeLeaves(model, X.X, X.rows)) };
}

/** Indices of the `k` highest probabilities, highest first. */
export function riskiest(p: Float64Array, k: number): Int32Array {
  const idx = Int32Array.from({ length: p.length }, (_, i) => i);
  idx.sort((a, b) => p[b] - p[a] || a - b);
  return idx.slice(0, k);
}
