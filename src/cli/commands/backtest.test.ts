// The backtest command on the demo transactions and customers (300 customers, 2024-01-03..2025-12-31):
// the output shape, the customers join, and its errors. The AUC target (the model beats BG/NBD)
// is src/lib/churn/backtest.test.ts on CDNOW; the full CDNOW and retail runs are in the README.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, spec } from './backtest';
import { expectFlagChecks } from '../testing';
import { generateDemo } from '../../../seeds';

let dir = '';
let tx = '';
let customers = '';

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(path.join(os.tmpdir(), 'backtest-'));
  const demo = generateDemo({ customers: 300, seed: 5 });
  tx = path.join(dir, 'transactions.csv');
  customers = path.join(dir, 'customers.csv');
  await writeFile(tx, demo.transactions);
  await writeFile(customers, demo.customers);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cli backtest', () => {
  it("prints the issue's fields per cut-off, the means, the model, the leakage audit and the calibration", async () => {
    const out = await run([tx, '--customer', 'customer_id', '--date', 'date', '--amount', 'amount', '--customers', customers, '--model', 'logistic', '--cutoffs', '2']);
    expect(Object.keys(out).sort()).toEqual(['aucMean', 'baselineAucMean', 'calibration', 'cutoffs', 'leakage', 'model']);
    expect(out.model).toBe('logistic');
    // The last label window (90 days) ends on the last day, 2025-12-31.
    expect(out.cutoffs.map((c) => c.asOf)).toEqual(['2025-07-04', '2025-10-02']);
    for (const c of out.cutoffs) {
      expect(Object.keys(c).sort()).toEqual(['asOf', 'auc', 'baselineAuc', 'customers', 'liftAt10', 'positives', 'prAuc']);
      expect(c.positives).toBeLessThan(c.customers);
      expect(c.auc).toBeGreaterThan(0.6);
      expect(c.baselineAuc).toBeGreaterThan(0.6);
    }
    expect(out.aucMean).toBeCloseTo((out.cutoffs[0].auc + out.cutoffs[1].auc) / 2, 3);
    expect(out.calibration?.brierBefore).toBeGreaterThan(0);
    expect(Array.isArray(out.leakage)).toBe(true);
  });

  it('says what is wrong: missing columns, a key without a customers file, too many cut-offs', async () => {
    await expect(run([tx, '--date', 'date'])).rejects.toThrow('--customer is required');
    await expect(run([tx, '--customer', 'customer_id', '--date', 'date', '--key', 'customer_id'])).rejects.toThrow('--key needs --customers');
    await expect(run([tx, '--customer', 'customer_id', '--date', 'date', '--cutoffs', '9', '--model', 'logistic'])).rejects.toThrow(
      'Too few dates for 9 cut-offs: the transactions span 728 days (2024-01-03 to 2025-12-31)',
    );
    await expectFlagChecks(run, spec);
  });
});
