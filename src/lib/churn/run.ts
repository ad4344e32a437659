// A churn run as the app shows it: train (cross-validate, pick, refit), thin the evaluation curves for
// charts, score and explain every customer; and scoring a dataset with a saved model.
import { churnCard } from '../actions/build';
import { cellText, getColumn, type Table } from '../data/table';
import { averagePrecision, rocAuc } from '../metrics';
import { rankedCounts } from '../metrics/ranking';
import { BAND_NAMES, MODEL_NAMES, reasonTexts, riskiest, scoreTable, trainChurn, type ChurnResult, type SavedChurnModel } from '../models/churn';
import type { ProgressFn } from '../progress';
import { transformTable } from '../features/churn/pipeline';
import { treeLeaves, type TreeModel } from '../models/tree';
import { ruleOfLeaves, treeView } from '../models/tree/view';
import type { PreparedChurn } from './prepare';
import type { ChurnRequest, ChurnRunResult, ChurnScoredSummary, ChurnScores, ChurnShapSummary } from './types';
import { explainedRows, explainRows, scoresShap, shapSummary } from './explain';
import { shapCardPart } from './shap-card';

/** Customers explained with SHAP values and top reasons, riskiest first (fewer for sampled SHAP and forests: explainedRows). */
export const REASON_ROWS = 20_000;
export const REASONS = 3;
/** Seed of the SHAP sample when scoring with a saved model (a run uses its own seed). */
const SHAP_SAMPLE_SEED = 42;
/** Chart curves are thinned to about this many points (the slider uses the full counts). */
export const CURVE_POINTS = 1500;

/** What a run or a scoring leaves: the view, the model, every customer's score (the stored `churn` result). */
export interface ChurnOutcome {
  run: ChurnRunResult | null;
  model: SavedChurnModel;
  scores: ChurnScores;
  scored: ChurnScoredSummary;
}

/** At most `max` evenly spaced points of parallel curves, always keeping both ends. */
export function thin(max: number, ...arrays: ArrayLike<number>[]): Float64Array[] {
  const n = arrays[0].length;
  if (n <= max) return arrays.map((a) => Float64Array.from(a));
  const idx = Array.from({ length: max }, (_, i) => Math.round((i * (n - 1)) / (max - 1)));
  return arrays.map((a) => Float64Array.from(idx, (i) => a[i]));
}

/** Each row's customer id as text, or "row 1", "row 2", ... without a key column. */
export function customerIds(table: Table, idColumn: string | null): string[] {
  if (!idColumn) return Array.from({ length: table.rows }, (_, i) => `row ${i + 1}`);
  const c = getColumn(table, idColumn);
  return Array.from({ length: table.rows }, (_, i) => cellText(c, i));
}

export function bandCounts(band: Uint8Array): number[] {
  const counts = BAND_NAMES.map(() => 0);
  for (const b of band) counts[b]++;
  return counts;
}

export function scoredSummary(scores: ChurnScores, datasetName: string, thresholds: { high: number; medium: number }, modelName: string, explained: number): ChurnScoredSummary {
  return {
    datasetId: scores.datasetId,
    datasetName,
    customers: scores.customers.length,
    bandCounts: bandCounts(scores.band),
    bandNames: [...BAND_NAMES],
    thresholds,
    explained,
    modelName,
  };
}

/**
 * Cross-validates, picks and refits on a prepared table (every column in `request.exclude` must exist),
 * explaining the riskiest customers unless `reasons` is 0. The CLI and the bench call this directly.
 */
export function trainPrepared(
  p: PreparedChurn,
  request: Pick<ChurnRequest, 'model' | 'folds' | 'seed'> & { exclude?: string[] },
  explain: { reasons?: number; reasonRows?: number } = {},
  onProgress?: ProgressFn,
): Promise<ChurnResult> {
  return trainChurn(
    p.table,
    {
      target: p.target,
      positive: p.positive,
      model: request.model,
      folds: request.folds,
      seed: request.seed,
      pipeline: { exclude: request.exclude },
      reasons: explain.reasons ?? REASONS,
      reasonRows: explain.reasonRows ?? REASON_ROWS,
      leakageCutoff: p.cutoff,
    },
    onProgress,
  );
}

/** Trains on a prepared table and returns the page's view, the refitted model and every customer's scores. */
export async function runChurn(
  p: PreparedChurn,
  request: ChurnRequest,
  at: { datasetVersion: number; backend: string },
  onProgress?: ProgressFn,
): Promise<ChurnOutcome & { run: ChurnRunResult }> {
  // Columns left out that this table does not have (a form kept across datasets) are dropped.
  const names = new Set(p.table.columns.map((c) => c.name));
  const exclude = request.exclude.filter((n) => names.has(n) && n !== p.target);
  // Reasons come from the SHAP values explained below (once), not from trainChurn.
  const result = await trainPrepared(p, { ...request, exclude }, { reasons: 0 }, onProgress);
  const ev = result.evaluation;
  // The threshold slider works on the calibrated (cross-fitted, out-of-sample) probabilities.
  const ranked = rankedCounts(ev.y, ev.calibrated, 'churn evaluation');
  const [fpr, tpr] = thin(CURVE_POINTS, ev.roc.fpr, ev.roc.tpr);
  const [recall, precision] = thin(CURVE_POINTS, ev.pr.recall, ev.pr.precision);
  const [gPop, gain] = thin(CURVE_POINTS, ev.gains.population, ev.gains.gain);
  const [lPop, lift] = thin(CURVE_POINTS, ev.lift.population, ev.lift.lift);

  const customers = customerIds(p.table, p.idColumn);
  const explained = await explainScores(result.saved, p.table, result.scores.probability, customers, request.seed, onProgress);
  const scores: ChurnScores = {
    datasetId: request.source.datasetId,
    datasetVersion: at.datasetVersion,
    createdAt: result.saved.createdAt,
    customers,
    probability: result.scores.probability,
    band: result.scores.band,
    bandNames: [...BAND_NAMES],
    reasons: explained.reasons,
    shap: explained.shap,
    // A derived label says on the card when its features stop and its label window runs.
    card: {
      ...churnCard(result, p.table.rows, 'the Churn page', request.source.kind === 'derive' && p.cutoff ? { snapshot: { cutoff: new Date(p.cutoff.at).toISOString().slice(0, 10), horizonDays: request.source.horizonDays } } : {}),
      shap: shapCardPart(result.saved, p.table, explained, customers, result.scores.probability), // the report's SHAP section
    },
    ...(result.treeRule ? { rule: result.treeRule } : {}),
  };
  const modelName = MODEL_NAMES[result.model];
  const scored = scoredSummary(scores, p.datasetName, result.saved.bands, modelName, explained.shap.rows.length);
  const run: ChurnRunResult = {
    model: result.model,
    modelName,
    folds: result.folds,
    seed: result.seed,
    target: result.target,
    baseRate: result.baseRate,
    leaderboard: result.leaderboard,
    features: result.features,
    leakage: result.leakage,
    calibration: result.calibration,
    importance: result.importance,
    splitGain: result.splitGain ?? null,
    evaluation: {
      roc: { fpr, tpr },
      auc: rocAuc(ev.y, ev.oof),
      pr: { recall, precision },
      prAuc: averagePrecision(ev.y, ev.oof),
      calibration: ev.calibration,
      calibrationAfter: ev.calibrationAfter,
      gains: { population: gPop, gain },
      lift: { population: lPop, lift },
      deciles: ev.gains.deciles,
      thresholds: ranked.thresholds,
      tps: ranked.tps,
      fps: ranked.fps,
      positives: ranked.positives,
      negatives: ranked.negatives,
    },
    scored,
    notes: [...p.notes, ...result.notes, ...shapNotes(explained.shap.rows.length, p.table.rows, explained.summary)],
    seconds: result.seconds,
    backend: at.backend,
    ...(result.tree ? { tree: result.tree } : {}),
    shap: explained.summary,
  };
  return { run, model: result.saved, scores, scored };
}

/**
 * SHAP values and reasons of the riskiest customers (explainedRows of them), reasons in words per table row
 * (empty beyond them), and the global SHAP summary.
 */
export async function explainScores(
  saved: SavedChurnModel,
  table: Table,
  probability: Float64Array,
  customers: string[],
  seed: number,
  onProgress?: ProgressFn,
): Promise<{ reasons: string[][]; shap: NonNullable<ChurnScores['shap']>; summary: ChurnShapSummary }> {
  const top = riskiest(probability, Math.min(explainedRows(saved.model, REASON_ROWS), table.rows));
  const { shap, reasons: list } = await explainRows(saved, table, top, REASONS, onProgress);
  const reasons: string[][] = Array.from({ length: table.rows }, () => []);
  top.forEach((row, i) => (reasons[row] = reasonTexts(list[i])));
  const summary = await shapSummary(saved, table, { shap, rows: top }, customers, seed, onProgress);
  return { reasons, shap: scoresShap(shap, top), summary };
}

/**
 * Scores a table with a saved model and explains the riskiest customers (SHAP, reasons, summary); an
 * error names every missing or mistyped column (and the dataset).
 */
export async function scoreWithModel(
  saved: SavedChurnModel,
  table: Table,
  at: { datasetId: string; datasetVersion: number; datasetName: string; idColumn: string | null },
  onProgress?: ProgressFn,
): Promise<ChurnOutcome> {
  onProgress?.({ stage: 'Scoring customers', done: 0, total: 2 });
  let scored;
  try {
    scored = scoreTable(saved, table);
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    throw new Error(`"${at.datasetName}" cannot be scored with this model: ${text.replace(/^Cannot score this table with the churn model: /, '')}`);
  }
  onProgress?.({ stage: 'Explaining the riskiest customers (SHAP)', done: 1, total: 2 });
  const customers = customerIds(table, at.idColumn);
  const explained = await explainScores(saved, table, scored.probability, customers, SHAP_SAMPLE_SEED, onProgress);
  const scores: ChurnScores = {
    datasetId: at.datasetId,
    datasetVersion: at.datasetVersion,
    createdAt: new Date().toISOString(),
    customers,
    probability: scored.probability,
    band: scored.band,
    bandNames: [...BAND_NAMES],
    reasons: explained.reasons,
    shap: explained.shap,
    ...(saved.model.kind === 'tree' ? { rule: treeRules(saved, table) } : {}),
  };
  const summary = scoredSummary(scores, at.datasetName, saved.bands, MODEL_NAMES[saved.model.kind], explained.shap.rows.length);
  return { run: null, model: saved, scores, scored: { ...summary, shap: explained.summary } };
}

/** What the run says about its SHAP values: the method, and how many customers it explained when not all. */
export function shapNotes(explained: number, rows: number, summary: ChurnShapSummary): string[] {
  const method =
    summary.method === 'permutation'
      ? `sampled permutation SHAP (${summary.samples} permutations a customer; largest standard error of a contribution ${summary.stdErr?.toFixed(3)} log-odds)`
      : summary.method === 'linear'
        ? 'exact linear SHAP'
        : summary.method === 'tree'
          ? 'exact TreeSHAP'
          : 'exact TreeSHAP of the probability, rescaled to log-odds';
  const count = explained.toLocaleString('en-US');
  // "the riskiest 7,043 customers" read as a subset when it was every customer.
  const who = explained >= rows ? `all ${count} customers` : explained < Math.min(REASON_ROWS, rows) ? `the riskiest ${count} customers (any other on request)` : `the riskiest ${count} customers`;
  return [`Reasons and contributions from ${method}, for ${who}.`];
}

/** A saved tree's rule per row: the same ids as the training run's view (same model, same ranking). */
function treeRules(saved: SavedChurnModel, table: Table): Int16Array {
  const model = saved.model as TreeModel;
  const X = transformTable(saved.pipeline, table);
  return ruleOfLeaves(treeView(model, saved.pipeline, saved.metrics.aucMean), treeLeaves(model, X.X, X.rows));
}

/** The columns a dataset needs loaded to be scored with a saved model (those it has; scoring names the rest). */
export function scoringColumns(saved: SavedChurnModel, has: readonly string[], idColumn: string | null): string[] {
  const present = new Set(has);
  return [...new Set([...saved.pipeline.steps.map((s) => s.column), ...(idColumn ? [idColumn] : [])])].filter((n) => present.has(n));
}
