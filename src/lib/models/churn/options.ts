// Options of a churn analysis run, with their defaults and checks.
import type { PipelineOptions } from '../../features/churn/options';
import type { LeakageCutoff } from '../../features/churn/leakage';
import type { BandOptions } from './bands';
import { checkModelKind, type ModelKind, type ModelOptions } from './registry';

export interface ChurnOptions {
  target: string;
  /** The churned value of the target; default: a yes/true/1/churned-like value. */
  positive?: string;
  /** 'auto' cross-validates every model and keeps the best mean ROC AUC. */
  model: 'auto' | ModelKind;
  folds: number;
  seed: number;
  pipeline: Partial<PipelineOptions>;
  models: ModelOptions;
  bands: Partial<BandOptions>;
  /** Shuffles per column and fold for permutation importance. */
  importanceRepeats: number;
  /** Permutation importance for the chosen model only (faster) or for every cross-validated one. */
  importanceModels: 'chosen' | 'all';
  /** Top reasons given per customer. */
  reasons: number;
  /** Explain at most this many customers, riskiest first (reasons cost one prediction pass per column). */
  reasonRows: number;
  /** Probability cut-off of the confusion matrix in the evaluation. */
  threshold: number;
  /** The leakage audit flags dates after this (the label's cutoff, the latest linked transaction, or today). */
  leakageCutoff?: LeakageCutoff;
}

export const defaultChurnOptions: Omit<ChurnOptions, 'target'> = {
  model: 'auto',
  folds: 5,
  seed: 42,
  pipeline: {},
  models: {},
  bands: {},
  importanceRepeats: 3,
  importanceModels: 'chosen',
  reasons: 3,
  reasonRows: 20_000,
  threshold: 0.5,
};

export function resolveChurnOptions(opts: Partial<ChurnOptions> & { target: string }): ChurnOptions {
  const o = { ...defaultChurnOptions, ...opts };
  if (typeof o.target !== 'string' || o.target === '') throw new Error(`target must name a column, got ${JSON.stringify(o.target)}`);
  if (o.model !== 'auto') checkModelKind(o.model);
  if (!(Number.isInteger(o.folds) && o.folds >= 2 && o.folds <= 20)) throw new Error(`folds must be a whole number from 2 to 20, got ${o.folds}`);
  if (!Number.isFinite(o.seed)) throw new Error(`seed must be a number, got ${o.seed}`);
  if (!(Number.isInteger(o.importanceRepeats) && o.importanceRepeats >= 1)) throw new Error(`importanceRepeats must be a whole number >= 1, got ${o.importanceRepeats}`);
  if (o.importanceModels !== 'chosen' && o.importanceModels !== 'all') throw new Error(`importanceModels must be 'chosen' or 'all', got ${JSON.stringify(o.importanceModels)}`);
  if (!(Number.isInteger(o.reasons) && o.reasons >= 0)) throw new Error(`reasons must be a whole number >= 0, got ${o.reasons}`);
  if (!(Number.isInteger(o.reasonRows) && o.reasonRows >= 0)) throw new Error(`reasonRows must be a whole number >= 0, got ${o.reasonRows}`);
  if (!(o.threshold > 0 && o.threshold < 1)) throw new Error(`threshold must be in (0, 1), got ${o.threshold}`);
  return o;
}
