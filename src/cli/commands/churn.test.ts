// The churn reference (docs: shared/reference/README.md section 1) on the real telco file:
// 5-fold stratified CV, seed 42; sklearn logistic regression scores 0.8450. This is the one full
// "auto" run (3 models x 5 folds + refit); it takes ~20 s of CPU on tfjs's cpu backend in Node.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetPath } from '../../../tests/datasets';
import { run, spec } from './churn';
import { MODEL_KINDS } from '../../lib/models/churn';
import { expectFlagChecks } from '../testing';
import { generateDemo } from '../../../seeds';

const TELCO = datasetPath('telco/Telco-Customer-Churn.csv');

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('churn command', () => {
  it('matches the telco reference: logistic >= 0.840, auto >= 0.845 mean AUC', { timeout: 300_000 }, async () => {
    const before = tf.memory().numTensors;
    const started = performance.now();
    const out = await run([TELCO, '--target', 'Churn']);
    console.log(`churn auto on telco: ${((performance.now() - started) / 1000).toFixed(1)} s`, JSON.stringify(out.models));
    expect(Object.keys(out)).toEqual(['model', 'folds', 'aucMean', 'models', 'features', 'importance', 'reasonColumns', 'rules', 'leakage', 'calibration', 'backend']);
    // The leakage audit raises nothing on telco's real columns; calibration never makes the out-of-sample Brier worse.
    expect(out.leakage).toEqual([]);
    expect(['none', 'platt', 'isotonic']).toContain(out.calibration.method);
    if (out.calibration.method === 'none') expect(out.calibration.brierAfter).toBe(out.calibration.brierBefore);
    else expect(out.calibration.brierAfter).toBeLessThan(out.calibration.brierBefore);
    expect(out.calibration.brierBefore).toBeGreaterThan(0.12);
    expect(out.calibration.brierBefore).toBeLessThan(0.15);
    // auto cross-validates the decision tree, so its leaves come as rules in words, highest churn rate first.
    const rules = out.rules!;
    expect(rules.length).toBeGreaterThan(1);
    expect(rules.length).toBeLessThanOrEqual(16);
    expect(rules.reduce((s, r) => s + r.customers, 0)).toBe(7043);
    for (let k = 1; k < rules.length; k++) expect(rules[k].churnRate).toBeLessThanOrEqual(rules[k - 1].churnRate);
    expect(rules.flatMap((r) => r.conditions)).toContain('Contract is Month-to-month');
    expect(Object.keys(out.models).sort()).toEqual([...MODEL_KINDS].sort());
    expect(out.models.logistic!.aucMean).toBeGreaterThanOrEqual(0.84);
    expect(out.aucMean).toBeGreaterThanOrEqual(0.845);
    expect(out.aucMean).toBe(Math.max(...Object.values(out.models).map((m) => m.aucMean)));
    expect(out.models[out.model]!.aucMean).toBe(out.aucMean);
    for (const m of Object.values(out.models)) {
      expect(Object.keys(m)).toEqual(['aucMean', 'aucStd', 'prAucMean', 'loglossMean', 'trainSeconds']);
      expect(m.aucStd).toBeGreaterThan(0);
      expect(m.aucStd).toBeLessThan(0.03);
    }
    expect(out.folds).toBe(5);
    expect(out.features.excluded).toEqual([{ name: 'customerID', reason: 'identifier column' }]);
    expect(out.features.used).toHaveLength(19);
    expect(out.importance).toHaveLength(10);
    expect(['tenure', 'Contract']).toContain(out.importance[0].feature);
    // Reasons cite only columns whose importance is clearly above its fold-to-fold noise.
    expect(Object.keys(out.importance[0])).toEqual(['feature', 'value', 'se', 'real']);
    expect(out.reasonColumns.cited).toEqual(expect.arrayContaining(['tenure', 'Contract']));
    for (const i of out.importance) expect(out.reasonColumns.cited.includes(i.feature)).toBe(i.real);
    for (const i of out.importance.filter((c) => c.real)) expect(i.value).toBeGreaterThan(2 * i.se);
    expect(out.reasonColumns.excluded.map((e) => e.name)).toContain('gender');
    expect(out.reasonColumns.cited.length + out.reasonColumns.excluded.length).toBe(out.features.used.length);
    expect(out.backend).toBe('cpu');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('takes the positive value, one model, fewer folds and excluded columns', async () => {
    const out = await run([TELCO, '--target', 'Churn', '--positive', 'No', '--model', 'logistic', '--folds', '3', '--exclude', 'gender,PhoneService']);
    expect(out.model).toBe('logistic');
    expect(out.folds).toBe(3);
    expect(Object.keys(out.models)).toEqual(['logistic']);
    // Flipping the label flips the scores: the AUC of "stays" is as good as that of "churns".
    expect(out.aucMean).toBeGreaterThan(0.83);
    expect(out.features.excluded).toContainEqual({ name: 'gender', reason: 'excluded by user' });
    expect(out.features.used).not.toContain('PhoneService');
  });

  it('fails clearly on a bad target or option', async () => {
    await expect(run([TELCO, '--target', 'customerID', '--model', 'logistic'])).rejects.toThrow('is an identifier');
    await expect(run([TELCO, '--target', 'Contract'])).rejects.toThrow('has 3 distinct values');
    await expect(run([TELCO, '--target', 'Churn', '--model', 'knn'])).rejects.toThrow('Unknown model "knn"');
    await expect(run([TELCO])).rejects.toThrow('--target is required');
    await expect(run([TELCO, '--target', 'Churn', '--fold', '3'])).rejects.toThrow('Unknown option --fold');
  });

  it('derives the label from a transactions file with --horizon: one row per customer who bought before the cut-off', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'churn-derive-'));
    const file = path.join(dir, 'transactions.csv');
    await writeFile(file, generateDemo({ customers: 300, seed: 5 }).transactions);
    const out = await run([file, '--horizon', '90', '--customer', 'customer_id', '--date', 'date', '--amount', 'amount', '--as-of', '2025-12-31', '--model', 'logistic', '--folds', '3']);
    expect(out.model).toBe('logistic');
    expect(out.features.used).toEqual(expect.arrayContaining(['recency_days', 'frequency', 'tenure_days', 'monetary']));
    // Recency and frequency before the cut-off say a good deal about buying again in the next 90 days.
    expect(out.aucMean).toBeGreaterThan(0.6);
    await expect(run([file, '--horizon', '90', '--date', 'date'])).rejects.toThrow('--customer is required');
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses an unknown flag, naming it and its flags (the file flags too); --help lists them', async () => {
    await expectFlagChecks(run, spec);
  });
});
