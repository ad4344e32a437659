// `cohorts`: retention matrix by first-purchase month or week; optionally survival (time to churn).
//   cohorts <file> --customer C --date D [--amount A] [--period month|week]
//           [--churn-after DAYS [--group COL]]  adds a `survival` key: median lifetime per group, log-rank test
//           [--no-header --columns a,b,c] [--delimiter X] [--encoding E]
import { flagNumber, flagString, parseArgs, requireFlag, usageError, type CommandSpec } from '../args';
import { loadOptions, loadTable } from '../load';
import { runCohorts, runSurvival } from '../../lib/clv';
import { checkPeriod } from '../../lib/models/cohorts/cohorts';

export const spec: CommandSpec = {
  name: 'cohorts',
  usage: '<file> --customer C --date D [options]',
  summary: 'Retention matrix by first-purchase month or week from a transactions file; with --churn-after, survival too.',
  flags: [
    { name: 'customer', kind: 'string', value: 'COL', help: 'the customer id column (required)' },
    { name: 'date', kind: 'string', value: 'COL', help: 'the transaction date column (required)' },
    { name: 'amount', kind: 'string', value: 'COL', help: 'the amount column: adds revenue per cohort' },
    { name: 'period', kind: 'string', value: 'month|week', help: 'cohort period (default month)' },
    { name: 'churn-after', kind: 'number', value: 'DAYS', help: 'a customer silent this many days has churned: adds `survival` (median lifetime, log-rank test)' },
    { name: 'group', kind: 'string', value: 'COL', help: 'with --churn-after: survival per value of this column' },
  ],
};

export async function run(argv: string[]) {
  const args = parseArgs(argv, spec);
  const file = args.positional[0];
  if (!file) throw usageError(spec);
  const customer = requireFlag(args, 'customer');
  const date = requireFlag(args, 'date');
  const amount = flagString(args, 'amount');
  const period = checkPeriod(flagString(args, 'period') ?? 'month');
  const { table } = await loadTable(file, loadOptions(args, { [date]: 'date' }));
  // The Lifetime value page's cohorts and survival (src/lib/clv).
  const matrix = runCohorts(table, { customer, date, amount, period });
  if (!args.flags.has('churn-after')) return matrix;
  const s = runSurvival(table, { customer, date, amount, churnAfterDays: flagNumber(args, 'churn-after', NaN), group: flagString(args, 'group') });
  const brief = (name: string, c: typeof s.overall) => ({ name, subjects: c.subjects, churned: c.totalEvents, medianDays: c.median });
  return {
    ...matrix,
    survival: {
      churnAfterDays: flagNumber(args, 'churn-after', NaN),
      overall: brief('all', s.overall),
      groups: s.groups.map((g) => brief(g.name, g.curve)),
      logRank: s.logRank,
    },
  };
}
