// `satisfaction <file> --score COL [--date COL] [--by COL] [--label COL]`: NPS / CSAT overall, by month and by
// segment, and churn by promoter / passive / detractor with the score's odds ratio per point. With
// `--customers FILE`, the segment and label may be columns of that customers file, joined on --customer.
import { flagString, parseArgs, requireFlag, usageError, type CommandSpec } from '../args';
import { loadOptions, loadTable } from '../load';
import { runSatisfaction, type SatisfactionResult } from '../../lib/satisfaction';

export const spec: CommandSpec = {
  name: 'satisfaction',
  usage: '<file> --score COL [options]',
  summary: 'NPS (0-10) or CSAT (1-5, 1-7) of a survey file: overall, by month, by segment, and churn by promoter / passive / detractor.',
  flags: [
    { name: 'score', kind: 'string', value: 'COL', help: 'the survey score column: 0-10 likelihood to recommend, or 1-5 / 1-7 satisfaction (required)' },
    { name: 'date', kind: 'string', value: 'COL', help: 'when each response was given: adds NPS / CSAT by month' },
    { name: 'by', kind: 'string', value: 'COL', help: 'a category column (of the survey, or of --customers): adds NPS / CSAT by segment' },
    { name: 'label', kind: 'string', value: 'COL', help: 'a two-valued churn label (of the survey, or of --customers): adds churn by group and the odds ratio per point' },
    { name: 'positive', kind: 'string', value: 'V', help: "the label's churned value (default: guessed from yes/true/1/churned)" },
    { name: 'customer', kind: 'string', value: 'COL', help: "who answered: churn uses each customer's latest response; the join key with --customers" },
    { name: 'customers', kind: 'string', value: 'FILE', help: 'a customers file joined on --customer (its key column has the same name unless --customers-key)' },
    { name: 'customers-key', kind: 'string', value: 'COL', help: "the customers file's key column (default: the --customer name)" },
  ],
};

export async function run(argv: string[]): Promise<SatisfactionResult> {
  const args = parseArgs(argv, spec);
  const file = args.positional[0];
  if (!file) throw usageError(spec);
  const score = requireFlag(args, 'score');
  const date = flagString(args, 'date');
  const customer = flagString(args, 'customer');
  const customersFile = flagString(args, 'customers');
  if (customersFile && !customer) throw new Error('--customers needs --customer (the column that joins the two files)');
  const { table } = await loadTable(file, loadOptions(args, date ? { [date]: 'date' } : undefined));
  const linked = customersFile
    ? { name: customersFile, table: (await loadTable(customersFile)).table, key: flagString(args, 'customers-key') ?? customer!, surveyKey: customer! }
    : null;
  return runSatisfaction(table, { score, date, by: flagString(args, 'by'), label: flagString(args, 'label'), positive: flagString(args, 'positive'), customer }, linked);
}
