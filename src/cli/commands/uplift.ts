// `uplift <file> --treatment COL --outcome COL [--positive V] [--seed S]`: S-, T- and X-learners on a past
// campaign, compared by Qini, AUUC and uplift at 10% with 95% bootstrap intervals, after a treatment vs
// control balance check. Prints runUplift's summary (src/lib/uplift/summarise.ts).
import { flagList, flagNumber, flagString, parseArgs, requireFlag, usageError, type CommandSpec } from '../args';
import { loadOptions, loadTable } from '../load';
import { DEFAULT_FOLDS, DEFAULT_RESAMPLES, runUplift, summariseUplift, type UpliftSummary } from '../../lib/uplift';

export const spec: CommandSpec = {
  name: 'uplift',
  usage: '<file> --treatment COL --outcome COL [options]',
  summary: 'Uplift models (S-, T-, X-learner on gradient-boosted trees) of a past campaign: Qini, AUUC, uplift at 10% with 95% bootstrap intervals, and a randomisation check.',
  flags: [
    { name: 'treatment', kind: 'string', value: 'COL', help: 'the two-valued treatment flag column (required)' },
    { name: 'outcome', kind: 'string', value: 'COL', help: 'the two-valued outcome column, e.g. retained or not (required)' },
    { name: 'positive', kind: 'string', value: 'V', help: "the outcome's good value (default: guessed from 1/yes/true/retained/converted)" },
    { name: 'treated', kind: 'string', value: 'V', help: "the treatment column's treated value (default: guessed from 1/yes/true/treated)" },
    { name: 'key', kind: 'string', value: 'COL', help: 'the customer key column (default: an identifier column)' },
    { name: 'features', kind: 'list', value: 'COLS', help: 'feature columns (default: all but the key, treatment, outcome and a true_uplift column)' },
    { name: 'seed', kind: 'number', help: 'seed of the folds, trees and bootstrap (default 0)' },
    { name: 'folds', kind: 'number', help: `cross-fitting folds (default ${DEFAULT_FOLDS})` },
    { name: 'bootstrap', kind: 'number', help: `bootstrap resamples for the intervals (default ${DEFAULT_RESAMPLES})` },
    { name: 'truth', kind: 'string', value: 'COL', help: 'a column of known true uplift (a simulated campaign): adds the oracle; never a feature' },
  ],
};

export async function run(argv: string[]): Promise<UpliftSummary> {
  const args = parseArgs(argv, spec);
  const file = args.positional[0];
  if (!file) throw usageError(spec);
  const treatment = requireFlag(args, 'treatment');
  const outcome = requireFlag(args, 'outcome');
  const { table } = await loadTable(file, loadOptions(args));
  const run = runUplift(table, {
    treatment,
    outcome,
    positive: flagString(args, 'positive'),
    treated: flagString(args, 'treated'),
    key: flagString(args, 'key'),
    features: flagList(args, 'features'),
    seed: flagNumber(args, 'seed', 0),
    folds: flagNumber(args, 'folds', DEFAULT_FOLDS),
    bootstrap: flagNumber(args, 'bootstrap', DEFAULT_RESAMPLES),
    truth: flagString(args, 'truth'),
  });
  return summariseUplift(run.result);
}
