// The exported scoring SQL run in DuckDB (@duckdb/node-api, in Node) on the same CSV the app scores:
// probabilities equal scoreTable's to 1e-6 per row, joined on the key, whether DuckDB loads the file as
// all text or with its own types. Small data keeps this fast: a telco sample and a constructed file.
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetPath } from '../../../../tests/datasets';
import { parseTable } from '../../data/parse-table';
import type { Table } from '../../data/table';
import { fitPipeline, transformTable } from '../../features/churn/pipeline';
import { encodeTarget } from '../../features/churn/target';
import { BAND_NAMES, riskThresholds } from '../../models/churn/bands';
import { fitCalibrator, type Calibrator } from '../../models/churn/calibrate';
import { predictModel, trainModel, type ModelKind } from '../../models/churn/registry';
import { SAVED_FORMAT, scoreTable, type SavedChurnModel } from '../../models/churn/saved';
import { exportScoringSql, sqlNumber } from './export';

let dir = '';
let db: DuckDBConnection;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = mkdtempSync(path.join(tmpdir(), 'sql-export-'));
  db = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(() => {
  db?.closeSync();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function csvTable(file: string): Table {
  const bytes = readFileSync(file);
  return parseTable(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)).table;
}

async function save(t: Table, target: string, kind: ModelKind, calibrate?: Calibrator['method']): Promise<SavedChurnModel> {
  const y = encodeTarget(t, target);
  const pipeline = fitPipeline(t, target);
  const fm = transformTable(pipeline, t);
  const model = await trainModel(kind, { X: fm.X, rows: fm.rows, features: fm.features, y: y.y }, { gbdt: { nEstimators: 25 }, mlp: { maxEpochs: 3 }, forest: { nEstimators: 15 } });
  const p = predictModel(model, fm.X, fm.rows);
  return {
    format: SAVED_FORMAT,
    version: 1,
    createdAt: '2026-12-07T00:00:00.000Z',
    target: { column: target, positive: y.positive, negative: y.negative },
    pipeline,
    model,
    bands: riskThresholds(p),
    metrics: { aucMean: 0, aucStd: 0, prAucMean: 0, loglossMean: 0, folds: 5 },
    baseRate: y.positives / t.rows,
    // in-sample here: what matters is that the SQL applies the same map
    ...(calibrate ? { calibrator: fitCalibrator(calibrate, y.y, p) } : {}),
  };
}

/** Runs the SQL on the CSV loaded as text and with DuckDB's own types; largest |SQL - app| over rows, per load. */
async function compare(saved: SavedChurnModel, file: string, key: string | null, scored: Table, keyOf: (row: number) => string): Promise<number[]> {
  const sql = exportScoringSql(saved, { dialect: 'duckdb', key });
  const app = scoreTable(saved, scored);
  const gaps: number[] = [];
  for (const allText of [true, false]) {
    await db.run(`CREATE OR REPLACE TABLE input AS SELECT * FROM read_csv('${file}', header = true${allText ? ', all_varchar = true' : ''})`);
    const rows = (await db.runAndReadAll(sql)).getRowObjectsJS();
    expect(rows).toHaveLength(scored.rows);
    const byKey = new Map(rows.map((r) => [String(r[key ?? 'row_number']), r]));
    let gap = 0;
    for (let i = 0; i < scored.rows; i++) {
      const r = byKey.get(keyOf(i));
      expect(r, `row ${i}`).toBeDefined();
      gap = Math.max(gap, Math.abs((r!.probability as number) - app.probability[i]));
      expect(r!.risk_band).toBe(BAND_NAMES[app.band[i]]);
    }
    gaps.push(gap);
  }
  return gaps;
}

describe('exportScoringSql in DuckDB', () => {
  // 300 telco customers plus the 11 whose TotalCharges is a blank (missing in the app, text in DuckDB)
  async function telcoSample(): Promise<{ file: string; table: Table }> {
    const lines = readFileSync(datasetPath('telco/Telco-Customer-Churn.csv'), 'utf8').trimEnd().split(/\r?\n/);
    const keep = lines.filter((l, i) => i <= 300 || l.includes(', ,'));
    const file = path.join(dir, 'telco.csv');
    writeFileSync(file, keep.join('\n') + '\n');
    return { file, table: csvTable(file) };
  }

  it('equals scoreTable on a telco sample for every model kind, with Platt and isotonic calibration', async () => {
    const { file, table } = await telcoSample();
    expect(table.rows).toBe(311);
    const ids = table.columns.find((c) => c.name === 'customerID')!;
    const keyOf = (i: number): string => (ids as { codes: Int32Array; dictionary: string[] }).dictionary[(ids as { codes: Int32Array }).codes[i]];
    const cases: [ModelKind, Calibrator['method'] | undefined][] = [
      ['logistic', 'platt'],
      ['gbdt', 'isotonic'],
      ['mlp', undefined],
      ['tree', undefined],
      ['forest', 'platt'],
      ['svm', undefined],
    ];
    for (const [kind, cal] of cases) {
      const saved = await save(table, 'Churn', kind, cal);
      const gaps = await compare(saved, file, 'customerID', table, keyOf);
      expect(Math.max(...gaps), kind).toBeLessThanOrEqual(1e-12);
    }
  });

  it('equals scoreTable on a file with missing values, rare and unseen levels, dates and flags, keyed by row number', async () => {
    // deterministic rows: churn depends on plan, spend, age of signup and the flag
    const plans = ['Basic', 'Basic', 'Pro', 'Pro', 'Max', 'Basic', 'Pro', 'Max', 'Basic', 'Pro'];
    const line = (i: number, score: boolean): string => {
      const plan = i % 37 === 0 ? 'Rare' + (i % 3) : i % 23 === 0 ? '' : i % 29 === 0 ? 'NA' : score && i % 11 === 0 ? 'Platinum' : plans[i % plans.length];
      const spend = i % 17 === 0 ? '' : i % 19 === 0 ? 'n/a' : ((i * 7919) % 1000) / 10 + 0.05;
      const day = 1 + ((i * 31) % 28);
      const date = i % 13 === 0 ? '' : `202${i % 4}-${String(1 + (i % 12)).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const flag = i % 15 === 0 ? '' : (i * 3) % 5 < 2 ? 'Yes' : 'No';
      const churn = (plan === 'Basic' ? 1 : 0) + (Number(spend) > 50 ? 1 : 0) + (flag === 'Yes' ? 1 : 0) + (i % 7 === 0 ? 1 : 0) >= 2 ? 'Yes' : 'No';
      return [`C${1000 + i}`, score && i % 11 === 0 ? ` ${plan} ` : plan, spend, date, flag, churn].join(',');
    };
    const head = 'id,plan,spend,signup,flag,Churn';
    const train = path.join(dir, 'train.csv');
    const score = path.join(dir, 'score.csv');
    writeFileSync(train, [head, ...Array.from({ length: 240 }, (_, i) => line(i, false))].join('\n') + '\n');
    writeFileSync(score, [head, ...Array.from({ length: 120 }, (_, i) => line(i + 500, true))].join('\n') + '\n');
    const trainTable = csvTable(train);
    const scoreTableData = csvTable(score);
    for (const kind of ['logistic', 'gbdt', 'mlp'] as const) {
      const saved = await save(trainTable, 'Churn', kind);
      const steps = saved.pipeline.steps.map((s) => s.kind);
      expect(steps).toEqual(['categorical', 'numeric', 'date', 'boolean']);
      const plan = saved.pipeline.steps[0];
      expect(plan.kind === 'categorical' && plan.other && plan.levels.includes('(missing)')).toBe(true);
      const gaps = await compare(saved, score, null, scoreTableData, (i) => String(i + 1));
      expect(Math.max(...gaps), kind).toBeLessThanOrEqual(1e-12);
    }
  });
});

describe('exportScoringSql text', () => {
  it('writes DOUBLE literals that read back exactly, negatives in parentheses', () => {
    expect(sqlNumber(0.1)).toBe('0.1e0');
    expect(sqlNumber(-2.5e-7)).toBe('(-2.5e-7)');
    expect(() => sqlNumber(Infinity)).toThrow('Cannot write Infinity');
  });
});
