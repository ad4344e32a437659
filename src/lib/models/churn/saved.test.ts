import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { scoreTable, SAVED_FORMAT, type SavedChurnModel } from './saved';
import { riskThresholds } from './bands';
import { applyCalibrator } from './calibrate';
import { predictModel, trainModel, type ModelKind } from './registry';
import { encodeTarget } from '../../features/churn/target';
import { fitPipeline, transformTable } from '../../features/churn/pipeline';
import { categorical, numeric, syntheticChurn, table } from '../../features/churn/testdata';
import { loadTelco } from '../../features/churn/testdata-node';
import { isNumericColumn, type Column, type Table } from '../../data/table';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function save(t: Table, kind: ModelKind): Promise<SavedChurnModel> {
  const target = encodeTarget(t, 'Churn');
  const pipeline = fitPipeline(t, 'Churn');
  const fm = transformTable(pipeline, t);
  const model = await trainModel(kind, { X: fm.X, rows: fm.rows, features: fm.features, y: target.y }, { gbdt: { nEstimators: 20 }, mlp: { maxEpochs: 3 } });
  return {
    format: SAVED_FORMAT,
    version: 1,
    createdAt: '2025-01-01T00:00:00.000Z',
    target: { column: 'Churn', positive: target.positive, negative: target.negative },
    pipeline,
    model,
    bands: riskThresholds(predictModel(model, fm.X, fm.rows)),
    metrics: { aucMean: 0, aucStd: 0, prAucMean: 0, loglossMean: 0, folds: 5 },
    baseRate: target.positives / t.rows,
  };
}

/** `times` copies of every row of t: a big customer base from a real one. */
function tile(t: Table, times: number): Table {
  const rep = <A extends Float64Array | Int32Array>(a: A): A => {
    const out = new (a.constructor as new (n: number) => A)(a.length * times);
    for (let k = 0; k < times; k++) out.set(a, k * a.length);
    return out;
  };
  const columns = t.columns.map((c): Column => (isNumericColumn(c) ? { ...c, values: rep(c.values) } : { ...c, codes: rep(c.codes) }));
  return { rows: t.rows * times, columns };
}

describe('scoreTable', () => {
  const t = syntheticChurn(300);

  it('scores the same after a JSON round trip, for every model kind', async () => {
    for (const kind of ['logistic', 'gbdt', 'mlp', 'forest', 'svm'] as const) {
      const saved = await save(t, kind);
      const back = JSON.parse(JSON.stringify(saved)) as SavedChurnModel;
      const a = scoreTable(saved, t);
      const b = scoreTable(back, t);
      expect(Array.from(b.probability)).toEqual(Array.from(a.probability));
      expect(a.band.filter((v) => v === 2).length).toBeGreaterThan(40);
    }
  });

  it('ignores extra columns and column order, and explains rows on request', async () => {
    const saved = await save(t, 'logistic');
    const shuffled: Table = { rows: t.rows, columns: [...t.columns].reverse().concat(numeric('extra', new Float64Array(t.rows))) };
    const rows = Int32Array.of(5, 9);
    const s = scoreTable(saved, shuffled, { rows, reasons: 2 });
    expect(Array.from(s.probability)).toEqual(Array.from(scoreTable(saved, t).probability.filter((_, i) => i === 5 || i === 9)));
    expect(s.reasons).toHaveLength(2);
    expect(s.reasons![0].length).toBeLessThanOrEqual(2);
  });

  it('applies the saved calibrator to every score; a model saved before calibration existed scores as the model gives', async () => {
    const old = await save(t, 'logistic');
    const fm = transformTable(old.pipeline, t);
    const raw = predictModel(old.model, fm.X, fm.rows);
    expect(Array.from(scoreTable(old, t).probability)).toEqual(Array.from(raw));
    const calibrator = { method: 'platt' as const, a: -0.5, b: 0.3 };
    const calibrated = JSON.parse(JSON.stringify({ ...old, calibrator })) as SavedChurnModel;
    const s = scoreTable(calibrated, t);
    expect(Array.from(s.probability)).toEqual(Array.from(applyCalibrator(calibrator, raw)));
    expect(s.probability[0]).not.toBeCloseTo(raw[0], 3);
    expect(() => scoreTable({ ...old, calibrator: { method: 'isotonic', x: [0.1], y: [] } }, t)).toThrow("The churn model's calibrator is damaged");
  });

  it('lists every missing or mistyped column', async () => {
    const saved = await save(t, 'logistic');
    const bad = table(numeric('risk', [1]), numeric('plan', [2]), categorical('senior', ['yes']));
    expect(() => scoreTable(saved, bad)).toThrow(
      'Cannot score this table with the churn model: missing column "noise"; column "plan" is number, expected category; column "senior" is category, expected boolean',
    );
    expect(() => scoreTable({ ...saved, format: 'x' } as unknown as SavedChurnModel, t)).toThrow('Not a saved churn model');
  });

  it('scores a million telco customers (the speed is measured by npm run bench)', async () => {
    const telco = await loadTelco();
    const saved = await save(telco, 'logistic');
    const big = tile(telco, 142); // 1,000,106 rows
    const started = performance.now();
    const s = scoreTable(saved, big);
    const seconds = (performance.now() - started) / 1000;
    console.log(`scored ${big.rows} customers in ${seconds.toFixed(2)} s (logistic)`);
    expect(s.probability[7043 * 100 + 3]).toBe(s.probability[3]);
  });
});
