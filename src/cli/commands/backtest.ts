// `backtest <transactions> --customer C --date D [--amount A] [--customers F --key K] [--horizon 90]
// [--cutoffs 4] [--model auto|logistic|gbdt|mlp]`: the rolling-origin backtest the Churn page's
// "Backtest over time" runs: per cut-off the model trained on earlier as-of snapshots against the BG/NBD
// baseline fitted up to the same cut-off, the leakage audit of the training snapshots, and the
// out-of-time calibration.
import { flagNumber, flagString, parseArgs, requireFlag, usageError, type CommandSpec } from '../args';
import { loadOptions, loadTable } from '../load';
import { DEFAULT_BACKTEST, runBacktest } from '../../lib/churn/backtest';
import { checkModelKind, type ModelKind } from '../../lib/models/churn';
import { setGbdtThreads } from '../../lib/models/gbdt';
import { nodeKernelThreads } from '../kernel-threads';

export interface BacktestOutput {
  cutoffs: { asOf: string; customers: number; positives: number; auc: number; prAuc: number; liftAt10: number; baselineAuc: number }[];
  aucMean: number;
  baselineAucMean: number;
  /** The model asked for, or with auto the one chosen at most cut-offs. */
  model: ModelKind;
  leakage: { column: string; reason: string }[];
  /** Absent with a single cut-off (nothing earlier to calibrate on). */
  calibration?: { brierBefore: number; brierAfter: number; eceBefore: number; eceAfter: number };
}

export const spec: CommandSpec = {
  name: 'backtest',
  usage: '<transactions> --customer COL --date COL [--amount COL] [options]',
  summary: 'Rolling-origin churn backtest on a transactions file: models trained on earlier as-of snapshots, tested at each cut-off, against BG/NBD at the same cut-offs.',
  flags: [
    { name: 'customer', kind: 'string', value: 'COL', help: 'the customer column (required)' },
    { name: 'date', kind: 'string', value: 'COL', help: 'the date column (required)' },
    { name: 'amount', kind: 'string', value: 'COL', help: 'the spend column (spend features; default none)' },
    { name: 'category', kind: 'string', value: 'COL', help: 'a product category column (category mix shares; default none)' },
    { name: 'customers', kind: 'string', value: 'FILE', help: 'a customers file whose static columns join the snapshots (date columns are left out)' },
    { name: 'key', kind: 'string', value: 'COL', help: "with --customers: its customer key column (default: the transactions' --customer name)" },
    { name: 'horizon', kind: 'number', value: 'DAYS', help: `label window after each cut-off: churned = no purchase in it (default ${DEFAULT_BACKTEST.horizonDays})` },
    { name: 'cutoffs', kind: 'number', value: 'N', help: `test cut-offs, a horizon apart, the last label window ending at the last day (default ${DEFAULT_BACKTEST.cutoffs})` },
    { name: 'model', kind: 'string', value: 'auto|logistic|gbdt|mlp', help: 'one model, or auto: the best by cross-validation on each cut-off\'s training snapshots (default auto)' },
    { name: 'seed', kind: 'number', help: `random seed (default ${DEFAULT_BACKTEST.seed})` },
  ],
};

const round = (v: number, digits = 4): number => Number(v.toFixed(digits));

export async function run(argv: string[]): Promise<BacktestOutput> {
  const args = parseArgs(argv, spec);
  const file = args.positional[0];
  if (!file) throw usageError(spec);
  const customer = requireFlag(args, 'customer');
  const date = requireFlag(args, 'date');
  const modelFlag = flagString(args, 'model') ?? 'auto';
  const model = modelFlag === 'auto' ? 'auto' : checkModelKind(modelFlag);
  const { table } = await loadTable(file, loadOptions(args));
  const customersFile = flagString(args, 'customers');
  if (args.flags.has('key') && !customersFile) throw new Error('--key needs --customers (the file it is the key of)');
  // The customers file is read with the same file flags but its own header (no --columns renaming).
  const customers = customersFile ? { table: (await loadTable(customersFile, { ...loadOptions(args), columns: undefined })).table, key: flagString(args, 'key') ?? customer } : undefined;
  setGbdtThreads(() => nodeKernelThreads());
  const r = await runBacktest(table, {
    customer,
    date,
    amount: flagString(args, 'amount'),
    category: flagString(args, 'category'),
    customers,
    horizonDays: flagNumber(args, 'horizon', DEFAULT_BACKTEST.horizonDays),
    cutoffs: flagNumber(args, 'cutoffs', DEFAULT_BACKTEST.cutoffs),
    model,
    seed: flagNumber(args, 'seed', DEFAULT_BACKTEST.seed),
  });
  const c = r.calibration;
  return {
    cutoffs: r.cutoffs.map((k) => ({
      asOf: k.asOf,
      customers: k.customers,
      positives: k.positives,
      auc: round(k.auc),
      prAuc: round(k.prAuc),
      liftAt10: round(k.liftAt10, 3),
      baselineAuc: round(k.baselineAuc),
    })),
    aucMean: round(r.aucMean),
    baselineAucMean: round(r.baselineAucMean),
    model: r.chosen,
    leakage: r.leakage,
    ...(c ? { calibration: { brierBefore: round(c.brierBefore), brierAfter: round(c.brierAfter), eceBefore: round(c.eceBefore), eceAfter: round(c.eceAfter) } } : {}),
  };
}
