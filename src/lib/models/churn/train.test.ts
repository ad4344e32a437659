import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainChurn } from './train';
import { scoreTable } from './saved';
import { MODEL_KINDS } from './kinds';
import { syntheticChurn } from '../../features/churn/testdata';
import type { CategoricalColumn, Table } from '../../data/table';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const fast = { gbdt: { nEstimators: 40 }, mlp: { maxEpochs: 4, hidden: [8] } };

describe('trainChurn', () => {
  const base = syntheticChurn(500, 3);
  // Ten customers with no label yet: scored, never trained on.
  const label = base.columns.at(-1) as CategoricalColumn;
  const codes = label.codes.slice();
  codes.fill(-1, 0, 10);
  const t: Table = { rows: base.rows, columns: [...base.columns.slice(0, -1), { ...label, codes }] };

  it('cross-validates every model, keeps the best and returns what the churn views need', async () => {
    const before = tf.memory().numTensors;
    const r = await trainChurn(t, { target: 'Churn', folds: 3, models: fast, reasonRows: 50, importanceModels: 'all' });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.leaderboard.map((l) => l.kind).sort()).toEqual([...MODEL_KINDS].sort());
    expect(r.model).toBe(r.leaderboard[0].kind);
    expect(r.leaderboard[0].aucMean).toBeGreaterThanOrEqual(r.leaderboard[2].aucMean);
    expect(r.target).toMatchObject({ positive: 'Yes', negative: 'No', missing: 10 });
    expect(r.baseRate).toBeCloseTo(r.target.positives / 490, 12);
    expect(r.features.used).toEqual(['risk', 'noise', 'plan', 'senior']);
    expect(r.features.excluded).toEqual([{ name: 'id', reason: 'identifier column' }]);
    expect(r.importance[0].feature).toBe('risk');
    expect(r.importanceByModel[r.model]).toBe(r.importance);
    expect(Object.keys(r.importanceByModel).sort()).toEqual([...MODEL_KINDS].sort());
    expect(r.evaluation.oof).toHaveLength(490);
    expect(r.evaluation.confusion.tp + r.evaluation.confusion.fn).toBe(r.target.positives);
    expect(r.scores.probability).toHaveLength(500);
    expect(Number.isFinite(r.scores.probability[0])).toBe(true);
    // Reasons for the 50 riskiest customers, riskiest first.
    expect(r.reasons.rows).toHaveLength(50);
    expect(r.scores.probability[r.reasons.rows[0]]).toBe(Math.max(...r.scores.probability));
    expect(r.reasons.reasons[0].length).toBeGreaterThan(0);
    expect(r.notes.join(' ')).toMatch(/10 rows have no Churn value/);
    expect(r.notes.join(' ')).toMatch(/Risk bands: high = probability >= /);
    // The saved model scores the same customers the same way.
    expect(Array.from(scoreTable(r.saved, t).probability)).toEqual(Array.from(r.scores.probability));
  });

  it('trains one named model and keeps GBDT split gain', async () => {
    const r = await trainChurn(t, { target: 'Churn', model: 'gbdt', folds: 2, models: fast, reasons: 0 });
    expect(r.leaderboard.map((l) => l.kind)).toEqual(['gbdt']);
    expect(Object.keys(r.importanceByModel)).toEqual(['gbdt']);
    expect(r.splitGain?.[0].feature).toBe('risk');
    expect(r.reasons.reasons).toEqual([]);
  });

  it('rejects bad options by name', async () => {
    await expect(trainChurn(t, { target: 'Churn', model: 'nope' as 'gbdt' })).rejects.toThrow('Unknown model "nope"');
    await expect(trainChurn(t, { target: 'Churn', folds: 1 })).rejects.toThrow('folds must be a whole number from 2 to 20, got 1');
    await expect(trainChurn(t, { target: 'Nope' })).rejects.toThrow('No column "Nope"');
  });
});
