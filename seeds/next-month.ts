// "Next month" of the demo customers: the same customers (same ids, same rows) one month later, with
// ONE known shift for the early-warning monitor to find.
//
// The shift: 75% of the customers on a "One year" contract (a seeded draw per customer) have let it
// lapse and are now "Month-to-month". Month-to-month is the strongest churn driver of the demo (its
// hazard is e^1.5 times One year's), so these customers' risk rises and some cross into the high band;
// the contract mix moves from about 55/24/21% to 73/6/21% (PSI about 0.3, a major shift). Everything
// else is as in customers.csv except tenure_months, one more for everyone (a month has passed), a
// drift the monitor should rank well below the contract's.
import { Rng, seedOf } from '../src/lib/random';
import { CUSTOMER_HEADER, customerRow, drawCustomer } from './customers';
import type { DemoOptions } from './options';
import { buildWorld, type World } from './world';

/** The file name the generator writes it as (`npm run generate -- --next-month`). */
export const NEXT_MONTH_FILE = 'customers_next_month';
/** The shifted column, and the share of its "One year" customers moved to "Month-to-month". */
export const NEXT_MONTH_SHIFT = { column: 'contract', from: 'One year', to: 'Month-to-month', share: 0.75 } as const;
const ONE_YEAR = 1;
const MONTH_TO_MONTH = 0;
const NEXT_MONTH_STREAM = 11;

/** customers_next_month.csv in batches (the first starts with the header), as `customerLines` writes customers.csv. */
export function* nextMonthLines(world: World, batchRows = 20_000): Generator<string> {
  let lines: string[] = [CUSTOMER_HEADER];
  for (let i = 0; i < world.opts.customers; i++) {
    const c = drawCustomer(world, i);
    const rng = new Rng(seedOf(world.opts.seed, NEXT_MONTH_STREAM, i));
    const lapsed = c.contract === ONE_YEAR && rng.chance(NEXT_MONTH_SHIFT.share);
    lines.push(customerRow(world, { ...c, contract: lapsed ? MONTH_TO_MONTH : c.contract, tenureMonths: c.tenureMonths + 1 }));
    if (lines.length >= batchRows) {
      yield lines.join('\n') + '\n';
      lines = [];
    }
  }
  if (lines.length > 0) yield lines.join('\n') + '\n';
}

/** The next-month customers as CSV text, for the demo's options (tests, the app's e2e). */
export function nextMonthCustomers(opts: DemoOptions = {}): string {
  return Array.from(nextMonthLines(buildWorld(opts))).join('');
}
