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

  it('prints the top customers by value at risk with actions, reasons and items', async () => {
    const out = await run([
      '--customers', join(dir, 'customers.csv'), '--target', 'churned',
      '--transactions', join(dir, 'transactions.csv'), '--customer', 'customer_id', '--date', 'date', '--amount', 'amount', '--item', 'product_id',
      '--top', '20',
    ]);
    expect(Object.keys(out)).toEqual(['rows']);
    expect(out.rows).toHaveLength(20);
    expect(Object.keys(out.rows[0])).toEqual(['customer', 'churnProbability', 'clv', 'valueAtRisk', 'segment', 'reasons', 'action', 'items']);
    for (let i = 1; i < out.rows.length; i++) expect(out.rows[i - 1].valueAtRisk!).toBeGreaterThanOrEqual(out.rows[i].valueAtRisk!);
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
  });

  it('refuses an unknown flag, naming it and its flags (the file flags too); --help lists them', async () => {
    await expectFlagChecks(run, spec, []);
  });
});
