import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { permutationImportanceCv, splitGainByColumn } from './importance';
import { crossValidate } from './crossValidate';
import { trainGbdt } from '../gbdt';
import { encodeTarget, labelledRows } from '../../features/churn/target';
import { fitPipeline, transformTable } from '../../features/churn/pipeline';
import { syntheticChurn } from '../../features/churn/testdata';

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
    expect(() => permutationImportanceCv(table, cv, 'gbdt', { repeats: 1, seed: 1 })).toThrow('Model "gbdt" was not cross-validated');
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
