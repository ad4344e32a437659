// One interface over the three churn models, so cross-validation, scoring and explanations do not
// care which model they hold. Every trained model is plain data tagged by `kind`.
import type { ProgressFn } from '../../progress';
import { trainLogistic, predictLogistic, logisticLogits, type LogisticModel, type LogisticOptions, type TrainingData } from '../logistic';
import { trainMlp, predictMlp, mlpLogits, type MlpModel, type MlpOptions } from '../mlp';
import { trainGbdt, predictGbdt, predictGbdtRaw, type GbdtModel, type GbdtOptions } from '../gbdt';

import { MODEL_KINDS, type ModelKind } from './kinds';
export { MODEL_KINDS, MODEL_NAMES, type ModelKind } from './kinds';
export type TrainedModel = LogisticModel | GbdtModel | MlpModel;

export interface ModelOptions {
  logistic?: Partial<LogisticOptions>;
  gbdt?: Partial<GbdtOptions>;
  mlp?: Partial<MlpOptions>;
}

export function checkModelKind(kind: string): ModelKind {
  if (!(MODEL_KINDS as readonly string[]).includes(kind)) throw new Error(`Unknown model "${kind}" (models: ${MODEL_KINDS.join(', ')})`);
  return kind as ModelKind;
}

export async function trainModel(kind: ModelKind, data: TrainingData, opts: ModelOptions = {}, onProgress?: ProgressFn): Promise<TrainedModel> {
  if (kind === 'logistic') return trainLogistic(data, opts.logistic, onProgress);
  if (kind === 'mlp') return trainMlp(data, opts.mlp, onProgress);
  return trainGbdt(data, opts.gbdt, onProgress);
}

/** Churn probability for each row of row-major X. */
export function predictModel(model: TrainedModel, X: Float32Array, rows: number): Float64Array {
  if (model.kind === 'logistic') return predictLogistic(model, X, rows);
  if (model.kind === 'mlp') return predictMlp(model, X, rows);
  return predictGbdt(model, X, rows);
}

/** Log-odds of churn for each row (what attributions are measured in). */
export function modelLogits(model: TrainedModel, X: Float32Array, rows: number): Float64Array {
  if (model.kind === 'logistic') return logisticLogits(model, X, rows);
  if (model.kind === 'mlp') return mlpLogits(model, X, rows);
  return predictGbdtRaw(model, X, rows);
}
