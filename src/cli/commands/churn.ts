// `churn <file> --target COL [--positive VALUE] [--model auto|logistic|gbdt|mlp] [--folds 5]
// [--seed 42] [--exclude a,b] [--delimiter X]`: cross-validated churn models on a customer file,
// the same computation the app's churn view runs.
import * as tf from '@tensorflow/tfjs';
import { flagList, flagNumber, flagString, parseArgs, requireFlag } from '../args';
import { loadTable } from '../load';
import { checkModelKind, trainChurn, type ModelKind } from '../../lib/models/churn';

export interface ChurnModelSummary {
  aucMean: number;
  aucStd: number;
  prAucMean: number;
  loglossMean: number;
  trainSeconds: number;
}

export interface ChurnOutput {
  model: ModelKind;
  folds: number;
  aucMean: number;
  models: Partial<Record<ModelKind, ChurnModelSummary>>;
  features: { used: string[]; excluded: { name: string; reason: string }[] };
  /** `se`: standard error over folds; `real`: clearly above that noise (only such columns are cited in reasons). */
  importance: { feature: string; value: number; se: number; real: boolean }[];
  /** Columns per-customer reasons may cite, and those they may not with why (as the app shows). */
  reasonColumns: { cited: string[]; excluded: { name: string; reason: string }[] };
  backend: string;
}

const USAGE = 'usage: churn <file> --target COL [--positive VALUE] [--model auto|logistic|gbdt|mlp] [--folds 5] [--seed 42] [--exclude a,b] [--delimiter X]';
const round = (v: number, digits = 4): number => Number(v.toFixed(digits));

export async function run(argv: string[]): Promise<ChurnOutput> {
  const args = parseArgs(argv);
  const [file, extra] = args.positional;
  if (!file) throw new Error(USAGE);
  if (extra) throw new Error(`churn takes one file, got also "${extra}"`);
  const known = new Set(['target', 'positive', 'model', 'folds', 'seed', 'exclude', 'delimiter']);
  for (const k of args.flags.keys()) if (!known.has(k)) throw new Error(`Unknown option --${k}\n${USAGE}`);
  const target = requireFlag(args, 'target');
  const modelFlag = flagString(args, 'model') ?? 'auto';
  const model = modelFlag === 'auto' ? 'auto' : checkModelKind(modelFlag);
  const { table } = await loadTable(file, { delimiter: flagString(args, 'delimiter') });
  const result = await trainChurn(table, {
    target,
    positive: flagString(args, 'positive'),
    model,
    folds: flagNumber(args, 'folds', 5),
    seed: flagNumber(args, 'seed', 42),
    pipeline: { exclude: flagList(args, 'exclude') },
    // The CLI prints no per-customer output, so skip explaining them.
    reasons: 0,
  });
  const models: Partial<Record<ModelKind, ChurnModelSummary>> = {};
  for (const row of result.leaderboard) {
    models[row.kind] = {
      aucMean: round(row.aucMean),
      aucStd: round(row.aucStd),
      prAucMean: round(row.prAucMean),
      loglossMean: round(row.loglossMean),
      trainSeconds: round(row.trainSeconds, 2),
    };
  }
  return {
    model: result.model,
    folds: result.folds,
    aucMean: round(result.leaderboard[0].aucMean),
    models,
    features: { used: result.features.used, excluded: result.features.excluded },
    importance: result.importance.slice(0, 10).map((i) => ({ feature: i.feature, value: round(i.value), se: round(i.se ?? NaN), real: i.real === true })),
    reasonColumns: result.reasonColumns,
    backend: tf.getBackend(),
  };
}
