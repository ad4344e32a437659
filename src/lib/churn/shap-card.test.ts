import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticChurn } from '../features/churn/testdata';
import { scoreTable, trainChurn } from '../models/churn';
import { explainScores } from './run';
import { shapCardPart } from './shap-card';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe("the model card's SHAP part", () => {
  it('holds the mean |SHAP| bars and the waterfalls of the 5 riskiest customers, each adding up to its log-odds', async () => {
    const table = syntheticChurn(240, 7);
    const result = await trainChurn(table, { target: 'Churn', model: 'logistic', folds: 2, reasons: 0 });
    const customers = Array.from({ length: table.rows }, (_, i) => `c${i}`);
    const p = result.scores.probability;
    const explained = await explainScores(result.saved, table, p, customers, 1);
    const part = shapCardPart(result.saved, table, explained, customers, p);
    expect(part.method).toBe('linear');
    expect(part.bars.map((b) => b.value)).toEqual([...part.bars.map((b) => b.value)].sort((a, b) => b - a));
    // The riskiest five, in order of probability.
    const top = Array.from(p, (v, i) => [v, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, 5).map(([, i]) => `c${i}`);
    expect(part.waterfalls.map((w) => w.customer)).toEqual(top);
    // Each waterfall is its own customer's: its log-odds are the model's own (before calibration) for that row.
    const raw = scoreTable({ ...result.saved, calibrator: undefined }, table).probability;
    for (const w of part.waterfalls) {
      const row = Number(w.customer.slice(1));
      expect(Math.abs(1 / (1 + Math.exp(-w.logit)) - raw[row])).toBeLessThan(1e-6);
      expect(w.items.reduce((s, i) => s + i.contribution, w.expected)).toBeCloseTo(w.logit, 9);
      expect(w.probability).toBe(p[row]);
    }
  }, 30_000);
});
