// `churn <file> --target COL [--positive VALUE] [--model auto|logistic|gbdt|mlp|tree|forest|svm] [--folds 5]
// [--seed 42] [--exclude a,b]` plus the file flags: cross-validated churn models on a customer file,
// the same computation the app's churn view runs. `--help` lists the flags (the spec below).
// On a transactions file, `--horizon DAYS --customer COL --date COL [--amount COL] [--as-of YYYY-MM-DD]
// [--window DAYS]` derives the label instead (churned = no purchase in the horizon), as the page's
// "No label: derive one from transactions".
import { writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { flagBoolean, flagList, flagNumber, flagString, parseArgs, requireFlag, usageError, type CommandSpec } from '../args';
import { loadOptions, loadTable } from '../load';
import { prepareChurn, trainPrepared, type ChurnSource } from '../../lib/churn';
import { checkModelKind, MODEL_KINDS, type ModelKind } from '../../lib/models/churn';
import { setGbdtThreads } from '../../lib/models/gbdt';
import { nodeKernelThreads } from '../kernel-threads';
import { EXPORT_FLAGS, exportKey, exportPlan, writeExports, type ExportOutput } from '../churn-export';
import { EXPLAIN_FLAGS, explainOutput, type ExplainOutput } from '../churn-explain';

export interface ChurnModelSummary {
  aucMean: number;
  aucStd: number;
  prAucMean: number;
  loglossMean: number;
  trainSeconds: number;
}

export interface ChurnOutput extends ExportOutput, ExplainOutput {
  model: ModelKind;
  folds: number;
  aucMean: number;
  models: Partial<Record<ModelKind, ChurnModelSummary>>;
  features: { used: string[]; excluded: { name: string; reason: string }[] };
  /** `se`: standard error over folds; `real`: clearly above that noise (only such columns are cited in reasons). */
  importance: { feature: string; value: number; se: number; real: boolean }[];
  /** Columns per-customer reasons may cite, and those they may not with why (as the app shows). */
  reasonColumns: { cited: string[]; excluded: { name: string; reason: string }[] };
  /** When the decision tree was trained (model tree or auto): its leaves as rules in words, highest churn rate first. */
  rules?: { conditions: string[]; customers: number; churnRate: number }[];
  /** The leakage audit run before training: each suspicious column with why (the app offers to exclude it). */
  leakage: { column: string; kinds: string[]; reason: string }[];
  /** Calibration of the chosen model on its out-of-fold probabilities; "after" is cross-fitted (out of sample). */
  calibration: { method: string; brierBefore: number; brierAfter: number; eceBefore: number; eceAfter: number };
  backend: string;
}

export const spec: CommandSpec = {
  name: 'churn',
  usage: '<file> (--target COL | --horizon DAYS --customer COL --date COL) [options]',
  summary: 'Cross-validated churn models on a customer file (one row per customer), or on a transactions file with a derived label, as the Churn page trains them.',
  flags: [
    { name: 'target', kind: 'string', value: 'COL', help: 'the column that says who churned (required unless --horizon)' },
    { name: 'horizon', kind: 'number', value: 'DAYS', help: 'a transactions file: derive the label, churned = no purchase in the DAYS days up to --as-of' },
    { name: 'customer', kind: 'string', value: 'COL', help: 'with --horizon: the customer column' },
    { name: 'date', kind: 'string', value: 'COL', help: 'with --horizon: the date column' },
    { name: 'amount', kind: 'string', value: 'COL', help: 'with --horizon: the spend column (monetary features; default none)' },
    { name: 'as-of', kind: 'string', value: 'YYYY-MM-DD', help: 'with --horizon: end of the label window (default: the last day in the file)' },
    { name: 'window', kind: 'number', value: 'DAYS', help: 'with --horizon: only purchases in the DAYS days before the cut-off feed the features (default: all)' },
    { name: 'positive', kind: 'string', value: 'VALUE', help: 'the target value that means "churned" (default: inferred, e.g. Yes/1/true)' },
    { name: 'model', kind: 'string', value: `auto|${MODEL_KINDS.join('|')}`, help: 'one model, or auto: every model, the best by mean AUC (default auto)' },
    { name: 'folds', kind: 'number', help: 'cross-validation folds (default 5)' },
    { name: 'seed', kind: 'number', help: 'random seed for folds and models (default 42)' },
    { name: 'exclude', kind: 'list', value: 'a,b', help: 'columns to leave out of the features' },
    { name: 'save-model', kind: 'string', value: 'FILE', help: 'write the chosen model, refitted on every labelled customer, as the app saves it (for score --model)' },
    ...EXPORT_FLAGS,
    ...EXPLAIN_FLAGS,
  ],
};
const round = (v: number, digits = 4): number => Number(v.toFixed(digits));

export async function run(argv: string[]): Promise<ChurnOutput> {
  const args = parseArgs(argv, spec);
  const file = args.positional[0];
  if (!file) throw usageError(spec);
  const derive = args.flags.has('horizon');
  const target = derive ? '' : requireFlag(args, 'target');
  const modelFlag = flagString(args, 'model') ?? 'auto';
  const model = modelFlag === 'auto' ? 'auto' : checkModelKind(modelFlag);
  const plan = await exportPlan(args); // --export-sql/--sql-out/--scores checked before training
  const { table } = await loadTable(file, loadOptions(args));
  // The app's capability functions: a labelled customer table, trained as the Churn page trains it.
  const source: ChurnSource = derive
    ? {
        kind: 'derive',
        datasetId: file,
        customer: requireFlag(args, 'customer'),
        date: requireFlag(args, 'date'),
        amount: flagString(args, 'amount'),
        asOf: flagString(args, 'as-of'),
        horizonDays: flagNumber(args, 'horizon', 0),
        windowDays: args.flags.has('window') ? flagNumber(args, 'window', 0) : undefined,
      }
    : { kind: 'label', datasetId: file, target, positive: flagString(args, 'positive') };
  const prepared = prepareChurn(source, table, { name: file, columns: table.columns, roles: {} });
  setGbdtThreads(() => nodeKernelThreads());
  const result = await trainPrepared(
    prepared,
    { model, folds: flagNumber(args, 'folds', 5), seed: flagNumber(args, 'seed', 42), exclude: flagList(args, 'exclude') },
    // The CLI prints no per-customer output, so skip explaining them.
    { reasons: 0 },
  );
  // The same SavedChurnModel the app stores when a model is saved: plain JSON.
  const saveModel = flagString(args, 'save-model');
  if (saveModel) await writeFile(saveModel, JSON.stringify(result.saved));
  const exported = await writeExports(plan, result.saved, prepared.table, exportKey(prepared.table, prepared.idColumn));
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
    ...(result.tree ? { rules: result.tree.rules.map((r) => ({ conditions: r.conditions, customers: r.customers, churnRate: round(r.churnRate) })) } : {}),
    leakage: result.leakage.map((l) => ({ column: l.column, kinds: l.kinds, reason: l.reason })),
    calibration: {
      method: result.calibration.method,
      brierBefore: round(result.calibration.brierBefore, 5),
      brierAfter: round(result.calibration.brierAfter, 5),
      eceBefore: round(result.calibration.eceBefore, 5),
      eceAfter: round(result.calibration.eceAfter, 5),
    },
    backend: tf.getBackend(),
    ...exported,
    ...(flagBoolean(args, 'explain') ? await explainOutput(result.saved, prepared.table) : {}),
  };
}
