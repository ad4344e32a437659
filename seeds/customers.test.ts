import { describe, expect, it } from 'vitest';
import { CONTRACTS, CUSTOMER_HEADER, customerLines, drawCustomer, type DemoCustomer } from './customers';
import { readCsv, parseTime } from './testing';
import { buildWorld } from './world';

const world = buildWorld({ customers: 3000 });
const customers = Array.from({ length: 3000 }, (_, i) => drawCustomer(world, i));
const csv = readCsv(Array.from(customerLines(world, 700)).join(''));

function churnRate(group: DemoCustomer[]): number {
  return group.filter((c) => c.churned).length / group.length;
}

describe('customers.csv', () => {
  it('has one row per customer with the documented columns', () => {
    expect(csv.header.join(',')).toBe(CUSTOMER_HEADER);
    expect(csv.rows.length).toBe(3000);
    expect(csv.col('customer_id').slice(0, 2)).toEqual(['C000001', 'C000002']);
    expect(new Set(csv.col('email')).size).toBe(3000);
    expect(csv.col('email').every((e) => /^[a-z]+\.[a-z]+\d+@example\.(com|net|org)$/.test(e))).toBe(true);
    expect(new Set(csv.col('contract'))).toEqual(new Set(CONTRACTS));
    expect(new Set(csv.col('churned'))).toEqual(new Set(['Yes', 'No']));
    expect(csv.col('monthly_fee').every((f) => /^\d+\.\d\d$/.test(f))).toBe(true);
  });

  it('gives ids in signup order, within the window, and tenure as months since signup', () => {
    const signup = csv.col('signup_date').map(parseTime);
    for (let i = 1; i < signup.length; i++) expect(signup[i]).toBeGreaterThanOrEqual(signup[i - 1]);
    expect(signup[0]).toBeGreaterThanOrEqual(world.opts.startMs);
    expect(signup[signup.length - 1]).toBeLessThan(world.opts.endMs);
    const tenure = csv.col('tenure_months').map(Number);
    const off = signup.filter((s, i) => Math.abs((world.opts.endMs - s) / (30.4375 * 86_400_000) - tenure[i]) > 1.05);
    expect(off).toEqual([]);
  });

  it('leaves about 1% of ages blank', () => {
    const blank = csv.col('age').filter((a) => a === '').length;
    expect(blank).toBeGreaterThan(10);
    expect(blank).toBeLessThan(60);
  });

  it('is the same customer every time it is drawn', () => {
    expect(drawCustomer(world, 123)).toEqual(customers[123]);
  });
});

describe('churn label', () => {
  it('has a sensible rate', () => {
    const rate = churnRate(customers);
    expect(rate).toBeGreaterThan(0.15);
    expect(rate).toBeLessThan(0.35);
  });

  it('carries real signal: contract, tickets and acquisition channel', () => {
    const byContract = [0, 1, 2].map((k) => churnRate(customers.filter((c) => c.contract === k)));
    expect(byContract[0]).toBeGreaterThan(2 * byContract[1]);
    expect(byContract[1]).toBeGreaterThan(1.5 * byContract[2]);
    const manyTickets = churnRate(customers.filter((c) => c.tickets >= 3));
    const noTickets = churnRate(customers.filter((c) => c.tickets === 0));
    expect(manyTickets).toBeGreaterThan(noTickets + 0.1);
    const referral = churnRate(customers.filter((c) => c.channel === 3));
    const social = churnRate(customers.filter((c) => c.channel === 2));
    expect(social).toBeGreaterThan(referral + 0.08);
  });

  it('has a fee-and-tickets interaction beyond the separate effects', () => {
    const m2m = customers.filter((c) => c.contract === 0);
    const rate = (highFee: boolean, many: boolean): number =>
      churnRate(m2m.filter((c) => c.feeCents >= 6500 === highFee && c.tickets >= 2 === many));
    // On the log-odds scale the combined effect exceeds the sum of the two alone.
    const logit = (p: number): number => Math.log(p / (1 - p));
    const both = logit(rate(true, true)) - logit(rate(false, false));
    const separate = logit(rate(true, false)) + logit(rate(false, true)) - 2 * logit(rate(false, false));
    expect(both - separate).toBeGreaterThan(0.5);
  });

  it('stops churned customers inside the window and keeps the others to the end', () => {
    const wrong = customers.filter(
      (c) => c.stopMs !== (c.churned ? c.churnMs : world.opts.endMs) || c.stopMs <= c.signupMs,
    );
    expect(wrong).toEqual([]);
  });
});
