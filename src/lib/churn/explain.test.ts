// Stored SHAP explanations (issue #18): the explained riskiest customers, the summary's sample and feature
// encodings, and a customer's waterfall (stored, or computed on request) against the model's log-odds.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticChurn } from '../features/churn/testdata';
import { transformTable } from '../features/churn/pipeline';
import { modelLogits, riskiest, trainChurn } from '../models/churn';
import { customerWaterfall, scoresWaterfall } from './explain';
import { customerIds, explainScores, scoreWithModel } from './run';
import type { ChurnScores } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('SHAP explanations of scores', () => {
  const setup = async () => {
    const t = syntheticChurn(400, 2);
    // a missing number and a missing category
    (t.columns.find((c) => c.name === 'risk') as { values: Float64Array }).values[5] = NaN;
    (t.columns.find((c) => c.name === 'plan') as { codes: Int32Array }).codes[6] = -1;
    const r = await trainChurn(t, { target: 'Churn', model: 'logistic', folds: 2, reasons: 0 });
    return { t, r, customers: customerIds(t, 'id') };
  };

  it('explains the riskiest customers, summarises with feature values for plots, and waterfalls add up to the log-odds', async () => {
    const { t, r, customers } = await setup();
    const p = r.scores.probability;
    const ex = await explainScores(r.saved, t, p, customers, 42);
    expect(Array.from(ex.shap.rows)).toEqual(Array.from(riskiest(p, 400)));
    expect(ex.shap.method).toBe('linear');
    expect(ex.reasons.filter((l) => l.length > 0)).toHaveLength(400);
    const g = ex.shap.columns.length;
    expect(ex.shap.columns).toEqual(['risk', 'noise', 'plan', 'senior']);

    const s = ex.summary;
    expect(s.customers).toEqual(customers); // 400 <= 2,000: everyone
    const col = (name: string) => s.columns.indexOf(name);
    expect(s.levels[col('plan')]).toEqual(expect.arrayContaining(['monthly', 'yearly', 'two-year']));
    expect(s.levels[col('risk')]).toBeNull();
    const plan = t.columns.find((c) => c.name === 'plan') as { codes: Int32Array; dictionary: string[] };
    expect(s.levels[col('plan')]![s.feature[0 * g + col('plan')]]).toBe(plan.dictionary[plan.codes[0]]);
    expect(s.feature[5 * g + col('risk')]).toBeNaN();
    expect(s.feature[3 * g + col('senior')]).toBe((t.columns.find((c) => c.name === 'senior') as { values: Float64Array }).values[3]);
    // mean |SHAP| over the explained customers (here every one, each once)
    const risk = col('risk');
    let mean = 0;
    for (let i = 0; i < 400; i++) mean += Math.abs(s.values[i * g + risk]) / 400;
    expect(s.meanAbs[risk]).toBeCloseTo(mean, 9);
    expect(s.meanAbs[risk]).toBeGreaterThan(s.meanAbs[col('noise')]);

    // The waterfall of a stored customer: expected + contributions = its log-odds; values and typical values in words.
    const scores: ChurnScores = { datasetId: 'd', createdAt: '', customers, probability: p, band: r.scores.band, bandNames: ['low', 'medium', 'high'], reasons: ex.reasons, shap: ex.shap };
    const z = modelLogits(r.saved.model, transformTable(r.saved.pipeline, t).X, t.rows);
    for (const row of [0, 5, 6]) {
      const w = await scoresWaterfall(r.saved, t, scores, row);
      expect(w.customer).toBe(`C${row}`);
      expect(w.probability).toBe(p[row]);
      expect(w.logit).toBeCloseTo(z[row], 5); // stored as float32
      expect(w.items.map((i) => Math.abs(i.contribution))).toEqual([...w.items.map((i) => Math.abs(i.contribution))].sort((a, b) => b - a));
      expect(w.expected + w.items.reduce((a, i) => a + i.contribution, 0)).toBeCloseTo(w.logit, 9);
    }
    const w5 = await scoresWaterfall(r.saved, t, scores, 5);
    expect(w5.items.find((i) => i.column === 'risk')).toMatchObject({ value: 'missing' });
    expect((await scoresWaterfall(r.saved, t, scores, 6)).items.find((i) => i.column === 'plan')?.value).toMatch(/^missing|\(rare\)$/);

    // A customer not explained is computed on request: the same values as if stored (float32 aside).
    const few = { ...scores, shap: { ...ex.shap, rows: ex.shap.rows.slice(0, 10), values: ex.shap.values.slice(0, 10 * g) } };
    const row = ex.shap.rows[200];
    const computed = await scoresWaterfall(r.saved, t, few, row);
    const stored = customerWaterfall(r.saved.pipeline, t, row, { ...ex.shap, values: ex.shap.values.subarray(200 * g, 201 * g) }, customers[row], p[row]);
    expect(computed.items.map((i) => i.column)).toEqual(stored.items.map((i) => i.column));
    computed.items.forEach((it, k) => expect(it.contribution).toBeCloseTo(stored.items[k].contribution, 6));
    expect(computed.logit).toBeCloseTo(z[row], 9);
  });

  it('a saved model scoring a dataset stores SHAP of its explained customers and the summary', async () => {
    const { t, r } = await setup();
    const o = await scoreWithModel(r.saved, t, { datasetId: 'd', datasetVersion: 1, datasetName: 'customers', idColumn: 'id' });
    expect(o.scores.shap?.rows).toHaveLength(400);
    expect(o.scored.shap?.method).toBe('linear');
    expect(o.scored.shap?.customers).toHaveLength(400);
    expect(o.scored.explained).toBe(400);
  });
});
