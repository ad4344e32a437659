// One interface over the three churn models, so cross-validation, scoring and explanations do not
// care which model they hold. Every trained model is plain data tagged by `kind`.
import type { ProgressFn } from '../../progress';
import { trainLogistic, predictLogistic, logisticLogits, type LogisticModel, type LogisticOptions, type TrainingData } from '../logistic';
import { trainMlp, predictMlp, mlpLogits, type MlpModel, type MlpOptions } from '../mlp';
import { trainGbdtThreaded, predictGbdt, predictGbdtRaw, type GbdtModel, type GbdtOptions } from '../gbdt';
import { trainTree, predictTree, treeLogits, type TreeModel, type TreeOptions } from '../tree';
import { trainForest, predictForest, forestLogits, type ForestModel, type ForestOptions } from '../forest';
import { trainSvm, predictSvm, svmLogits, type SvmModel, type SvmOptions } from '../svm';

import { MODEL_KINDS, type ModelKind } from './kinds';
export { MODEL_KINDS, MODEL_NAMES, type ModelKind } from './kinds';
export type TrainedModel = LogisticModel | GbdtModel | MlpModel | TreeModel | ForestModel | SvmModel;

export interface ModelOptions {
  logistic?: Partial<LogisticOptions>;
  gbdt?: Partial<GbdtOptions>;
  mlp?: Partial<MlpOptions>;
  tree?: Partial<TreeOptions>;
  forest?: Partial<ForestOptions>;
  svm?: Partial<SvmOptions>;
}

export function checkModelKind(kind: string): ModelKind {
  if (!(MODEL_KINDS as readonly string[]).includes(kind)) throw new Error(`Unknown model "${kind}" (models: ${MODEL_KINDS.join(', ')})`);
  return kind as ModelKind;
}

/**
 * Churn files are small (thousands of customers) with threshold-and-interaction structure: depth-4
 * depth-wise trees (XGBoost's usual tuned shape) generalise better there than 31-leaf leaf-wise trees, at
 * about the same cost. Same folds (`npm run bench:churn-files`), mean AUC against leaf-wise: telecom usage
 * 0.8382 vs 0.8281, French telecom 0.8722 vs 0.8670, bank 0.8493 vs 0.8452, telco 0.8472 vs 0.8434.
 * A rate of 0.03 gained up to 0.004 more but took 2.5x the time. Early stopping picks the tree count.
 */
export const CHURN_GBDT_DEFAULTS: Readonly<Partial<GbdtOptions>> = { growth: 'depthwise', maxDepth: 4 };

export async function trainModel(kind: ModelKind, data: TrainingData, opts: ModelOptions = {}, onProgress?: ProgressFn): Promise<TrainedModel> {
  if (kind === 'logistic') return trainLogistic(data, opts.logistic, onProgress);
  if (kind === 'mlp') return trainMlp(data, opts.mlp, onProgress);
  if (kind === 'tree') return trainTree(data, opts.tree);
  if (kind === 'forest') return trainForest(data, opts.forest, onProgress);
  if (kind === 'svm') return trainSvm(data, opts.svm);
  // the host's helper threads (setGbdtThreads) share out large nodes' histograms
  return trainGbdtThreaded(data, { ...CHURN_GBDT_DEFAULTS, ...opts.gbdt }, undefined, onProgress);
}

/** Churn probability for each row of row-major X. */
export function predictModel(model: TrainedModel, X: Float32Array, rows: number): Float64Array {
  if (model.kind === 'logistic') return predictLogistic(model, X, rows);
  if (model.kind === 'mlp') return predictMlp(model, X, rows);
  if (model.kind === 'tree') return predictTree(model, X, rows);
  if (model.kind === 'forest') return predictForest(model, X, rows);
  if (model.kind === 'svm') return predictSvm(model, X, rows);
  return predictGbdt(model, X, rows);
}

/** Log-odds of churn for each row (what attributions are measured in). */
export function modelLogits(model: TrainedModel, X: Float32Array, rows: number): Float64Array {
  if (model.kind === 'logistic') return logisticLogits(model, X, rows);
  if (model.kind === 'mlp') return mlpLogits(model, X, rows);
  if (model.kind === 'tree') return treeLogits(model, X, rows);
  if (model.kind === 'forest') return forestLogits(model, X, rows);
  if (model.kind === 'svm') return svmLogits(model, X, rows);
  return predictGbdtRaw(model, X, rows);
}
