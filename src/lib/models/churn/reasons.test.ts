import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { attributions, describeValue, topReasons } from './reasons';
import { logisticLogits, trainLogistic } from '../logistic';
import { trainGbdt } from '../gbdt';
import { modelLogits } from './registry';
import { encodeTarget } from '../../features/churn/target';
import { fitPipeline, transformTable, type ColumnStep } from '../../features/churn/pipeline';
import { categorical, numeric, syntheticChurn, table } from '../../features/churn/testdata';
import { loadTelco } from '../../features/churn/testdata-node';
import { getColumn } from '../../data/table';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('attributions', () => {
  const t = syntheticChurn(400);
  const y = encodeTarget(t, 'Churn').y;
  const p = fitPipeline(t, 'Churn');
  const fm = transformTable(p, t);
  const data = { X: fm.X, rows: fm.rows, features: fm.features, y };

  it('splits a logistic log-odds exactly around the average customer', async () => {
    const m = await trainLogistic(data);
    const a = attributions(m, p, fm);
    const z = logisticLogits(m, fm.X, fm.rows);
    const g = p.steps.length;
    const zCenter = m.intercept + m.weights.reduce((s, w, j) => s + w * p.center[j], 0);
    for (const i of [0, 7, 99]) {
      let sum = 0;
      for (let k = 0; k < g; k++) sum += a[i * g + k];
      expect(sum).toBeCloseTo(z[i] - zCenter, 5);
    }
  });

  it('for other models, is the drop in log-odds when one column takes its typical value', () => {
    const m = trainGbdt(data, { nEstimators: 30, seed: 1 });
    const a = attributions(m, p, fm);
    const g = p.steps.length;
    const plan = p.steps.findIndex((s) => s.column === 'plan');
    const row = 3;
    const x = fm.X.slice(row * fm.features, (row + 1) * fm.features);
    p.groups.forEach((grp, j) => {
      if (grp === plan) x[j] = p.baseline[j];
    });
    const expected = modelLogits(m, fm.X.subarray(row * fm.features, (row + 1) * fm.features), 1)[0] - modelLogits(m, x, 1)[0];
    expect(a[row * g + plan]).toBeCloseTo(expected, 12);
  });
});

describe('describeValue', () => {
  const t = table(
    numeric('tenure', [2, 60, NaN, 29]),
    categorical('Contract', ['Month-to-month', 'Two year', 'Weird', null]),
    numeric('Partner', [1, 0, 1, 0], 'boolean'),
    categorical('Churn', ['Yes', 'No', 'Yes', 'No']),
  );
  const steps: Record<string, ColumnStep> = {
    tenure: { kind: 'numeric', column: 'tenure', median: 29, mean: 30, std: 20, indicator: true },
    contract: { kind: 'categorical', column: 'Contract', levels: ['Month-to-month', 'Two year'], other: true, mode: 'Month-to-month' },
    partner: { kind: 'boolean', column: 'Partner', fill: 0, indicator: false },
  };
  it('says what the value is in plain words', () => {
    const tenure = getColumn(t, 'tenure');
    expect([0, 1, 2, 3].map((r) => describeValue(steps.tenure, tenure, r))).toEqual([
      'tenure is low (2 vs median 29)',
      'tenure is high (60 vs median 29)',
      'tenure is missing',
      'tenure is typical (29 vs median 29)',
    ]);
    const contract = getColumn(t, 'Contract');
    expect([0, 2, 3].map((r) => describeValue(steps.contract, contract, r))).toEqual(['Contract = Month-to-month', 'Contract = Weird (rare)', 'Contract is missing']);
    expect(describeValue(steps.partner, getColumn(t, 'Partner'), 0)).toBe('Partner = yes');
  });
});

describe('topReasons on telco', () => {
  it('explains a new month-to-month customer by contract and short tenure', async () => {
    const telco = await loadTelco();
    const y = encodeTarget(telco, 'Churn').y;
    const p = fitPipeline(telco, 'Churn');
    const fm = transformTable(p, telco);
    const m = await trainLogistic({ X: fm.X, rows: fm.rows, features: fm.features, y });
    // Row 0 of the file: 7590-VHVEG, tenure 1, month-to-month, electronic check.
    const reasons = topReasons(m, p, telco, transformTable(p, telco, Int32Array.of(0)), [0], 3)[0];
    const texts = reasons.map((r) => r.text);
    expect(texts).toContain('tenure is low (1 vs median 29)');
    expect(texts).toContain('Contract = Month-to-month');
    expect(reasons[0].impact).toBeGreaterThanOrEqual(reasons[1].impact);
    expect(reasons.every((r) => r.impact > 0)).toBe(true);
  });
});
