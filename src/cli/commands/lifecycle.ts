// `lifecycle`: new / returning / resurrecting / dormant customers per month or week, stickiness, bounded and
// unbounded retention, and (with an amount) revenue cohorts with net and gross revenue retention.
//   lifecycle <file> --customer C --date D [--amount A] [--quantity Q] [--period month|week]
//             [--no-header --columns a,b,c] [--delimiter X] [--encoding E]
// Prints {period, periods: [{period, new, returning, resurrecting, dormant, active}], nrr: [...], grr: [...],
// stickiness, retention, revenue, customers, report}; nrr[k] / grr[k] pool every cohort reaching k periods.
import { flagString, parseArgs, requireFlag, usageError, type CommandSpec } from '../args';
import { loadOptions, loadTable } from '../load';
import { runLifecycle } from '../../lib/lifecycle';
import { checkLifecyclePeriod } from '../../lib/models/lifecycle/lifecycle';

export const spec: CommandSpec = {
  name: 'lifecycle',
  usage: '<file> --customer C --date D [options]',
  summary: 'Lifecycle (new, returning, resurrecting, dormant), stickiness, retention and revenue retention per month or week.',
  flags: [
    { name: 'customer', kind: 'string', value: 'COL', help: 'the customer id column (required)' },
    { name: 'date', kind: 'string', value: 'COL', help: 'the transaction or event date column (required)' },
    { name: 'amount', kind: 'string', value: 'COL', help: 'the amount column: adds revenue cohorts, NRR and GRR (negative amounts are returns)' },
    { name: 'quantity', kind: 'string', value: 'COL', help: 'with --amount as a unit price: units per line' },
    { name: 'period', kind: 'string', value: 'month|week', help: 'period (default month; weeks start on Monday)' },
  ],
};

export async function run(argv: string[]) {
  const args = parseArgs(argv, spec);
  const file = args.positional[0];
  if (!file) throw usageError(spec);
  const customer = requireFlag(args, 'customer');
  const date = requireFlag(args, 'date');
  const amount = flagString(args, 'amount');
  const quantity = flagString(args, 'quantity');
  const period = checkLifecyclePeriod(flagString(args, 'period') ?? 'month');
  const { table } = await loadTable(file, loadOptions(args, { [date]: 'date' }));
  const r = runLifecycle(table, { customer, date, amount, quantity, period });
  return {
    period: r.period,
    periods: r.periods,
    nrr: r.revenue?.nrr ?? [],
    grr: r.revenue?.grr ?? [],
    stickiness: r.stickiness,
    retention: r.retention,
    revenue: r.revenue,
    customers: r.customers,
    report: r.report,
  };
}
