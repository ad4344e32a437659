// campaign.csv: a past retention campaign over the demo customers, for the Uplift page. A random half got a
// retention offer (`treatment` 1, the rest 0); `outcome` says whether each customer was retained over the
// following quarter. Each customer's true uplift (P(retained | offer) - P(retained | no offer)) is known
// and written as `true_uplift`, which the app and the CLI ignore unless asked (tests compare with it).
// The effect is heterogeneous by design and depends on observed features only, so a good model can find it:
// month-to-month customers gain most (more so with support tickets), newsletter readers a little more,
// two-year and long-tenure customers are slightly put off (contacting them reminds them to leave).
import { Rng, seedOf } from '../src/lib/random';
import { CONTRACTS, drawCustomer, type DemoCustomer } from './customers';
import type { World } from './world';

export const CAMPAIGN_HEADER = 'customer_id,contract,tenure_months,support_tickets,age,newsletter,monthly_fee,treatment,outcome,true_uplift';
const CAMPAIGN_STREAM = 12;
/** Share of customers who got the offer. */
export const TREATED_SHARE = 0.5;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** P(retained) without and with the offer, from what the customer file shows plus a hidden trait. */
export function retention(c: Pick<DemoCustomer, 'contract' | 'tenureMonths' | 'tickets' | 'newsletter' | 'dissatisfaction'>): { p0: number; p1: number } {
  const p0 = sigmoid(0.6 - 0.35 * c.tickets + 0.03 * Math.min(c.tenureMonths, 36) + [0, 0.7, 1.4][c.contract] - 0.4 * c.dissatisfaction);
  const monthly = c.contract === 0;
  const effect =
    0.02 + (monthly ? 0.22 : 0) + (monthly && c.tickets >= 2 ? 0.15 : 0) + (c.newsletter ? 0.05 : 0) - (c.contract === 2 ? 0.1 : 0) - (c.tenureMonths > 48 ? 0.05 : 0);
  const p1 = Math.min(0.99, Math.max(0.01, p0 + effect));
  return { p0, p1 };
}

export function campaignRow(world: World, c: DemoCustomer): string {
  const rng = new Rng(seedOf(world.opts.seed, CAMPAIGN_STREAM, c.index));
  const treated = rng.chance(TREATED_SHARE);
  const { p0, p1 } = retention(c);
  const retained = rng.chance(treated ? p1 : p0);
  return [
    c.id,
    CONTRACTS[c.contract],
    String(c.tenureMonths),
    String(c.tickets),
    Number.isNaN(c.age) ? '' : String(c.age),
    c.newsletter ? 'Yes' : 'No',
    (c.feeCents / 100).toFixed(2),
    treated ? '1' : '0',
    retained ? 'retained' : 'churned',
    (p1 - p0).toFixed(4),
  ].join(',');
}

/** campaign.csv in batches of `batchRows` rows; the first batch starts with the header. */
export function* campaignLines(world: World, batchRows = 20_000): Generator<string> {
  let lines: string[] = [CAMPAIGN_HEADER];
  for (let i = 0; i < world.opts.customers; i++) {
    lines.push(campaignRow(world, drawCustomer(world, i)));
    if (lines.length >= batchRows) {
      yield lines.join('\n') + '\n';
      lines = [];
    }
  }
  if (lines.length > 0) yield lines.join('\n') + '\n';
}
