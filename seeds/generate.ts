// The synthetic demo workspace: linked customers, transactions, products, events and survey answers, seeded and
// deterministic. Small workspaces come back as CSV text; big ones stream out in batches.
import { campaignLines } from './campaign';
import { customerLines } from './customers';
import { eventLines } from './events';
import type { DemoOptions } from './options';
import { productLines } from './products';
import { surveyLines } from './surveys';
import { countTransactionRows, transactionLines } from './transactions';
import { buildWorld, type World } from './world';

export const DEMO_FILES = ['customers', 'transactions', 'products', 'events', 'surveys', 'campaign'] as const;
export type DemoFile = (typeof DEMO_FILES)[number];

export type DemoData = Record<DemoFile, string>;

/** One file's CSV text (UTF-8 without BOM, `\n` line ends) in batches; the first starts with the header. */
export function demoLines(file: DemoFile, world: World): Generator<string> {
  switch (file) {
    case 'customers':
      return customerLines(world);
    case 'transactions':
      return transactionLines(world);
    case 'products':
      return productLines(world);
    case 'events':
      return eventLines(world);
    case 'surveys':
      return surveyLines(world);
    case 'campaign':
      return campaignLines(world);
    default:
      throw new Error(`Unknown demo file "${String(file)}" (files: ${DEMO_FILES.join(', ')})`);
  }
}

/** The whole workspace as CSV text: for the app's demo and tests (2000 customers is about 3 MB). */
export function generateDemo(opts: DemoOptions = {}): DemoData {
  const world = buildWorld(opts);
  const text = (file: DemoFile): string => Array.from(demoLines(file, world)).join('');
  return {
    customers: text('customers'),
    transactions: text('transactions'),
    products: text('products'),
    events: text('events'),
    surveys: text('surveys'),
    campaign: text('campaign'),
  };
}

const PILOT_CUSTOMERS = 10_000;
/** Pilots of very active customers are cut down to about this many rows, to stay quick. */
const PILOT_ROWS = 200_000;

/**
 * Options that give about `targetRows` transaction rows. With `customers` fixed, the purchase rate
 * is tuned on a pilot simulation; otherwise the number of customers is. Within a few percent.
 */
export function planForTransactions(opts: DemoOptions, targetRows: number): DemoOptions {
  if (!Number.isFinite(targetRows) || targetRows < 1) {
    throw new Error(`target transaction rows must be a number >= 1, got ${targetRows}`);
  }
  const pilot = (o: DemoOptions, perCustomerGuess = 10): number => {
    const customers = Math.max(1000, Math.min(PILOT_CUSTOMERS, Math.round(PILOT_ROWS / perCustomerGuess)));
    return countTransactionRows(buildWorld({ ...o, customers })) / customers;
  };
  const base = buildWorld(opts).opts;
  if (opts.customers === undefined) {
    const perCustomer = pilot(opts);
    return { ...opts, customers: Math.max(1, Math.round(targetRows / perCustomer)) };
  }
  // Rows grow about linearly with the rate (dropout scales inversely), so a few multiplicative
  // corrections converge.
  const wanted = targetRows / base.customers;
  let rate = base.purchasesPerYear;
  for (let k = 0; k < 4; k++) {
    const got = pilot({ ...opts, purchasesPerYear: rate }, wanted);
    if (Math.abs(got / wanted - 1) < 0.01) break;
    rate = Math.min(365, Math.max(0.1, rate * (wanted / got)));
  }
  return { ...opts, purchasesPerYear: Number(rate.toPrecision(4)) };
}
