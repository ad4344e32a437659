// Stratified k-fold cross-validation of the churn models. The feature pipeline is refitted on
// each training fold (imputation medians, scaling, category levels never see the held-out fold),
// and every model is trained on the same folds, so their scores compare fairly.
import type { Table } from '../../data/table';
import type { ProgressFn } from '../../progress';
import { averagePrecision, logLoss, rocAuc, stratifiedKFold } from '../../metrics';
import { fitPipeline, transformTable, type FittedPipeline } from '../../features/churn/pipeline';
import type { PipelineOptions } from '../../features/churn/options';
import { MODEL_NAMES, predictModel, trainModel, type ModelKind, type ModelOptions, type TrainedModel } from './registry';

export interface CvOptions {
  folds: number;
  seed: number;
  models: ModelKind[];
  pipeline?: Partial<PipelineOptions>;
  modelOptions?: ModelOptions;
}

export interface ModelCv {
  kind: ModelKind;
  auc: number[];
  prAuc: number[];
  logLoss: number[];
  aucMean: number;
  /** Population standard deviation over folds (numpy's default, as the reference reports). */
  aucStd: number;
  prAucMean: number;
  loglossMean: number;
  /** Seconds spent training this model, summed over folds. */
  trainSeconds: number;
  /** Out-of-fold churn probability per labelled row (same order as `rows`). */
  oof: Float64Array;
  foldModels: TrainedModel[];
  /** Random forest: mean over folds of the out-of-bag ROC AUC on the training folds. */
  oobAuc?: number;
}

export interface CvResult {
  /** The labelled table rows that were cross-validated. */
  rows: Int32Array;
  /** 0/1 label per entry of `rows`. */
  y: Float32Array;
  /** Fold (0..k-1) per entry of `rows`. */
  fold: Int32Array;
  pipelines: FittedPipeline[];
  models: Partial<Record<ModelKind, ModelCv>>;
}

const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
const std = (a: number[]): number => {
  const m = mean(a);
  return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length);
};

/** Entries of `rows` whose fold is (or is not) `f`, as table row indices and positions. */
function split(fold: Int32Array, f: number, inFold: boolean): Int32Array {
  let n = 0;
  for (const v of fold) if ((v === f) === inFold) n++;
  const out = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < fold.length; i++) if ((fold[i] === f) === inFold) out[k++] = i;
  return out;
}

export async function crossValidate(
  table: Table,
  target: string,
  rows: Int32Array,
  y: Float32Array,
  opts: CvOptions,
  onProgress?: ProgressFn,
): Promise<CvResult> {
  const k = opts.folds;
  if (!(Number.isInteger(k) && k >= 2)) throw new Error(`folds must be a whole number >= 2, got ${k}`);
  if (y.length !== rows.length) throw new Error(`y has ${y.length} labels for ${rows.length} rows`);
  if (opts.models.length === 0) throw new Error('No models to cross-validate');
  const fold = stratifiedKFold(y, k, opts.seed);
  const models: Partial<Record<ModelKind, ModelCv>> = {};
  for (const kind of opts.models) {
    models[kind] = { kind, auc: [], prAuc: [], logLoss: [], aucMean: 0, aucStd: 0, prAucMean: 0, loglossMean: 0, trainSeconds: 0, oof: new Float64Array(rows.length), foldModels: [] };
  }
  const pipelines: FittedPipeline[] = [];
  const total = k * opts.models.length;
  let done = 0;
  for (let f = 0; f < k; f++) {
    const trainPos = split(fold, f, false);
    const testPos = split(fold, f, true);
    const trainRows = trainPos.map((i) => rows[i]);
    const testRows = testPos.map((i) => rows[i]);
    const pipeline = fitPipeline(table, target, trainRows, opts.pipeline);
    pipelines.push(pipeline);
    const train = transformTable(pipeline, table, trainRows);
    const test = transformTable(pipeline, table, testRows);
    const yTrain = Float32Array.from(trainPos, (i) => y[i]);
    const yTest = Float32Array.from(testPos, (i) => y[i]);
    for (const kind of opts.models) {
      const stage = `Fold ${f + 1} of ${k}: ${MODEL_NAMES[kind]}`;
      onProgress?.({ stage, done, total });
      const started = performance.now();
      const modelOpts = withSeed(opts.modelOptions ?? {}, opts.seed + f);
      const model = await trainModel(kind, { X: train.X, rows: train.rows, features: train.features, y: yTrain }, modelOpts, (p) =>
        onProgress?.({ stage, done, total, loss: p.loss }),
      );
      const m = models[kind] as ModelCv;
      m.trainSeconds += (performance.now() - started) / 1000;
      const p = predictModel(model, test.X, test.rows);
      testPos.forEach((pos, i) => (m.oof[pos] = p[i]));
      m.auc.push(rocAuc(yTest, p));
      m.prAuc.push(averagePrecision(yTest, p));
      m.logLoss.push(logLoss(yTest, p));
      m.foldModels.push(model);
      onProgress?.({ stage, done: ++done, total });
    }
  }
  for (const m of Object.values(models) as ModelCv[]) {
    m.aucMean = mean(m.auc);
    m.aucStd = std(m.auc);
    m.prAucMean = mean(m.prAuc);
    m.loglossMean = mean(m.logLoss);
    const oob = m.foldModels.flatMap((x) => (x.kind === 'forest' && x.oobAuc !== undefined ? [x.oobAuc] : []));
    if (oob.length > 0 && oob.length === m.foldModels.length) m.oobAuc = mean(oob);
  }
  return { rows, y, fold, pipelines, models };
}

/** The CV seed reaches the seeded models unless the caller fixed their seed. */
export function withSeed(o: ModelOptions, seed: number): ModelOptions {
  return {
    logistic: o.logistic,
    gbdt: { seed, ...o.gbdt },
    mlp: { seed, ...o.mlp },
    tree: { seed, ...o.tree },
    forest: { seed, ...o.forest },
    svm: { seed, ...o.svm },
  };
}
