import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isRealImportance, noiseReason, permutationImportanceCv, splitGainByColumn, twinGroups } from './importance';
import { crossValidate } from './cross-validate';
import { trainGbdt } from '../gbdt';
import { encodeTarget, labelledRows } from '../../features/churn/target';
import { fitPipeline, transformTable } from '../../features/churn/pipeline';
import { numeric, syntheticChurn, table } from '../../features/churn/testdata';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('feature importance', () => {
  const table = syntheticChurn(800, 5);
  const target = encodeTarget(table, 'Churn');
  const rows = labelledRows(target.y);
  const y = Float32Array.from(rows, (r) => target.y[r]);

  it('ranks source columns by the AUC lost when shuffled on held-out folds, one-hot columns together', async () => {
    const cv = await crossValidate(table, 'Churn', rows, y, { folds: 3, seed: 42, models: ['logistic'] });
    const imp = permutationImportanceCv(table, cv, 'logistic', { repeats: 3, seed: 1 });
    expect(imp.map((i) => i.feature)).toEqual(['risk', 'plan', 'senior', 'noise'].slice(0, imp.length));
    expect(imp[0].value).toBeGreaterThan(0.1);
    expect(imp.find((i) => i.feature === 'plan')!.value).toBeGreaterThan(0.02);
    expect(Math.abs(imp.find((i) => i.feature === 'noise')!.value)).toBeLessThan(0.01);
    // Each fold's mean drop is kept; their mean is the importance, their spread its standard error.
    for (const c of imp) {
      expect(c.folds).toHaveLength(3);
      expect(c.folds!.reduce((t, v) => t + v, 0) / 3).toBeCloseTo(c.value, 12);
      const m = c.value;
      const sd = Math.sqrt(c.folds!.reduce((t, v) => t + (v - m) ** 2, 0) / 2);
      expect(c.se).toBeCloseTo(sd * Math.sqrt(1 / 3 + 1 / 2), 12);
      expect(c.real).toBe(isRealImportance(c.value, c.se!));
    }
    expect(imp.find((i) => i.feature === 'risk')!.real).toBe(true);
    expect(imp.find((i) => i.feature === 'noise')!.real).toBe(false);
    expect(noiseReason(imp.find((i) => i.feature === 'noise')!)).toMatch(/^importance -?0\.\d{4} ± 0\.\d{4} \(standard error over 3 folds\): /);
    expect(noiseReason(imp.find((i) => i.feature === 'risk')!)).toBeNull();
    expect(() => permutationImportanceCv(table, cv, 'gbdt', { repeats: 1, seed: 1 })).toThrow('Model "gbdt" was not cross-validated');
  });

  it('calls an effect real only when clearly above its noise and a small floor', () => {
    expect(isRealImportance(0.01, 0.004)).toBe(true);
    expect(isRealImportance(0.01, 0.006)).toBe(false);
    // A salary column at 0.001 is noise however steady it is across folds.
    expect(isRealImportance(0.001, 0.0001)).toBe(false);
    expect(isRealImportance(0.003, Infinity)).toBe(false);
    expect(noiseReason({ feature: 'salary', value: 0.001, std: 0.001, se: 0.0001, folds: [0.001, 0.001, 0.001], real: false })).toBe(
      'importance 0.0010 ± 0.0001 (standard error over 3 folds): too small to cite (below 0.002)',
    );
    expect(noiseReason({ feature: 'x', value: 0.01, std: 0.01, se: 0.006, folds: [0, 0.01, 0.02], real: false })).toMatch(/within its fold-to-fold noise \(not above 2 standard errors\)$/);
  });

  it('sums GBDT split gain per source column as shares', () => {
    const p = fitPipeline(table, 'Churn');
    const fm = transformTable(p, table);
    const m = trainGbdt({ X: fm.X, rows: fm.rows, features: fm.features, y: target.y }, { nEstimators: 30, seed: 1 });
    const gain = splitGainByColumn(m, p);
    expect(gain.map((g) => g.feature).sort()).toEqual(['noise', 'plan', 'risk', 'senior']);
    expect(gain.reduce((s, g) => s + g.value, 0)).toBeCloseTo(1, 12);
    expect(gain[0].feature).toBe('risk');
  });
});

describe('twins: columns that move together', () => {
  it('groups numeric columns with |r| >= 0.9 when one of them looked like noise', () => {
    const minutes = Array.from({ length: 200 }, (_, i) => (i * 37) % 300);
    const charge = minutes.map((m) => m * 0.17);
    const calls = Array.from({ length: 200 }, (_, i) => (i * 11) % 7);
    const t = table(numeric('minutes', minutes), numeric('charge', charge), numeric('calls', calls, 'integer'));
    const rows = Int32Array.from({ length: 200 }, (_, i) => i);
    expect(twinGroups(t, rows, ['minutes', 'charge', 'calls'], (n) => n === 'charge')).toEqual([['minutes', 'charge']]);
    // Twins that are both real already need no second look.
    expect(twinGroups(t, rows, ['minutes', 'charge', 'calls'], () => false)).toEqual([]);
  });
});
