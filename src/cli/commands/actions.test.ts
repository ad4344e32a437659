import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../../seeds';
import { run, spec } from './actions';
import { expectFlagChecks } from '../testing';

describe('actions command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'actions-cli-'));
  const demo = generateDemo({ customers: 500 });
  writeFileSync(join(dir, 'customers.csv'), demo.customers);
  writeFileSync(join(dir, 'transactions.csv'), demo.transactions);

  it('prints the top customers by value at risk with actions, reasons and items; the contact list with its costs', async () => {
    const out = await run([
      '--customers', join(dir, 'customers.csv'), '--target', 'churned',
      '--transactions', join(dir, 'transactions.csv'), '--customer', 'customer_id', '--date', 'date', '--amount', 'amount', '--item', 'product_id',
      '--top', '20', '--sort', 'value', '--contact-cost', '1', '--offer-cost', '5', '--save-rate', '0.25', '--accept-share', '0.5', '--budget', '60',
    ]);
    expect(Object.keys(out)).toEqual(['actions', 'profit', 'rows']);
    expect(out.rows).toHaveLength(20);
    expect(Object.keys(out.rows[0])).toEqual(['customer', 'churnProbability', 'clv', 'valueAtRisk', 'expectedProfit', 'inContactList', 'segment', 'reasons', 'action', 'items']);
    for (let i = 1; i < out.rows.length; i++) expect(out.rows[i - 1].valueAtRisk!).toBeGreaterThanOrEqual(out.rows[i].valueAtRisk!);
    // A budget of 60 at 1 + 5 per contacted customer: the 10 best contacts, each with the formula's profit.
    expect(out.profit!.settings).toEqual({ basis: 'save-rate', contactCost: 1, offerCost: 5, saveRate: 0.25, acceptShare: 0.5, budget: 60 });
    expect(out.profit!.chosen.customers).toBe(10);
    expect(out.actions.find((a) => a.action === 'No action')!.customers).toBe(490);
    for (const r of out.rows) expect(r.expectedProfit!).toBeCloseTo(r.churnProbability! * 0.25 * (r.clv! - 5) - 1 - (1 - r.churnProbability!) * 0.5 * 5, 9);
    for (const r of out.rows) {
      expect(r.customer).toMatch(/^C\d+$/);
      expect(r.valueAtRisk).toBeCloseTo(r.churnProbability! * r.clv!, 9);
      expect(r.reasons.length).toBeGreaterThan(0);
      expect(r.action).toBeTruthy();
      expect(r.segment).toBeTruthy();
    }
    expect(out.rows.some((r) => r.items.length > 0)).toBe(true);
    expect(out.rows.some((r) => r.action !== 'No action')).toBe(true);
  }, 120_000);

  it('names bad arguments', async () => {
    await expect(run(['--customers', join(dir, 'customers.csv')])).rejects.toThrow('--target');
    await expect(run(['--customers', join(dir, 'customers.csv'), '--target', 'churned', '--top', '0'])).rejects.toThrow('--top');
    await expect(run(['--customers', join(dir, 'customers.csv'), '--target', 'churned', '--sort', 'clv'])).rejects.toThrow('--sort must be profit or value, got clv');
    await expect(run(['--customers', join(dir, 'customers.csv'), '--target', 'churned', '--save-rate', '30'])).rejects.toThrow('The save rate must be between 0 and 1, got 30');
  });

  it('refuses an unknown flag, naming it and its flags (the file flags too); --help lists them', async () => {
    await expectFlagChecks(run, spec, []);
  });
});
