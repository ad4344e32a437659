// `cohorts`: retention matrix by first-purchase month or week; optionally survival (time to churn).
//   cohorts <file> --customer C --date D [--amount A] [--period month|week]
//           [--churn-after DAYS [--group COL]]  adds a `survival` key: median lifetime per group, log-rank test
//           [--no-header --columns a,b,c] [--delimiter X] [--encoding E]
import { flagNumber, flagString, parseArgs, requireFlag } from '../args';
import { loadOptions, loadTable } from '../load';
import { checkPeriod, cohortsFromTable } from '../../lib/models/cohorts/cohorts';
import { churnDurations } from '../../lib/models/survival/churn';
import { survivalByGroup } from '../../lib/models/survival/survival';

export async function run(argv: string[]) {
  const args = parseArgs(argv);
  const file = args.positional[0];
  if (!file) throw new Error('usage: cohorts <file> --customer C --date D [--amount A] [--period month|week] [--churn-after DAYS [--group COL]]');
  const customer = requireFlag(args, 'customer');
  const date = requireFlag(args, 'date');
  const amount = flagString(args, 'amount');
  const period = checkPeriod(flagString(args, 'period') ?? 'month');
  const { table } = await loadTable(file, loadOptions(args, { [date]: 'date' }));
  const matrix = cohortsFromTable(table, { customer, date, amount, period });
  if (!args.flags.has('churn-after')) return matrix;
  const churn = churnDurations(table, {
    customer,
    date,
    amount,
    churnAfterDays: flagNumber(args, 'churn-after', NaN),
    group: flagString(args, 'group'),
  });
  const s = survivalByGroup(churn.durations, churn.events, churn.groups, churn.groupNames);
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
