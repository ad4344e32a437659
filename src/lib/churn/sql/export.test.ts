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
import { predictModel, trainModel, type ModelKind, type ModelOptions } from '../../models/churn/registry';
import { SAVED_FORMAT, scoreTable, type SavedChurnModel } from '../../models/churn/saved';
import { DIALECTS } from './dialect';
import { exportScoringSql, sqlNumber } from './export';
import { pipelineJson, PIPELINE_JSON_FORMAT } from './pipeline-json';

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

async function save(t: Table, target: string, kind: ModelKind, calibrate?: Calibrator['method'], opts: ModelOptions = {}): Promise<SavedChurnModel> {
  const y = encodeTarget(t, target);
  const pipeline = fitPipeline(t, target);
  const fm = transformTable(pipeline, t);
  const model = await trainModel(kind, { X: fm.X, rows: fm.rows, features: fm.features, y: y.y }, { gbdt: { nEstimators: 20 }, mlp: { maxEpochs: 3, hidden: [8] }, forest: { nEstimators: 15 }, ...opts });
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

/** Loads the CSV twice: all text (input_text) and with DuckDB's own types (input_typed). */
async function load(file: string): Promise<void> {
  await db.run(`CREATE OR REPLACE TABLE input_text AS SELECT * FROM read_csv('${file}', header = true, all_varchar = true)`);
  await db.run(`CREATE OR REPLACE TABLE input_typed AS SELECT * FROM read_csv('${file}', header = true)`);
}

/** Largest |SQL - app| probability over the rows, per loaded table (bands must agree on every row). */
async function compare(saved: SavedChurnModel, key: string | null, scored: Table, keyOf: (row: number) => string, tables = ['input_text', 'input_typed']): Promise<number[]> {
  const app = scoreTable(saved, scored);
  const gaps: number[] = [];
  for (const table of tables) {
    const rows = (await db.runAndReadAll(exportScoringSql(saved, { dialect: 'duckdb', key, table }))).getRowObjectsJS();
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

// The target is 1e-6. The SQL repeats the app's arithmetic, single-precision features included, so
// only the order of a few sums and exp/ln differ: 1e-12 still holds, and a missed FLOAT rounding (1e-8) fails it.
const EXACT = 1e-12;

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
    await load(file);
    for (const [kind, cal] of cases) {
      const saved = await save(table, 'Churn', kind, cal);
      // telco's 42 features make the linear sum run over two stages (TERMS_PER_STAGE); the MLP's first layer
      // looks its 11 one-hot blocks up in joined tables (20 terms per unit, one stage)
      if (kind === 'logistic') expect(exportScoringSql(saved, { dialect: 'duckdb' })).toMatch(/linear2 AS/);
      if (kind === 'mlp') expect(exportScoringSql(saved, { dialect: 'duckdb' }).match(/JOIN \(VALUES /g)).toHaveLength(11);
      // the reading stages are the same for every kind: both loads for the three, text for the rest
      const gaps = await compare(saved, 'customerID', table, keyOf, ['logistic', 'gbdt', 'mlp'].includes(kind) ? undefined : ['input_text']);
      expect(Math.max(...gaps), kind).toBeLessThanOrEqual(EXACT);
    }
  });

  it('scores an MLP on rows with levels unseen and no Other level (the lookup tables\' -1 row)', async () => {
    const { file, table } = await telcoSample();
    const saved = await save(table, 'Churn', 'mlp');
    const gender = saved.pipeline.steps.find((s) => s.column === 'gender');
    expect(gender?.kind === 'categorical' && !gender.other).toBe(true);
    // every 5th customer gets a gender and a contract the model never saw: no one-hot feature set, as in the app
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const header = lines[0].split(',');
    const [g, c] = [header.indexOf('gender'), header.indexOf('Contract')];
    const unseen = lines.map((l, i) => (i > 0 && i % 5 === 0 ? l.split(',').map((v, j) => (j === g ? 'Other' : j === c ? 'Weekly' : v)).join(',') : l));
    const scoreFile = path.join(dir, 'telco-unseen.csv');
    writeFileSync(scoreFile, unseen.join('\n') + '\n');
    const scored = csvTable(scoreFile);
    await load(scoreFile);
    const ids = scored.columns.find((col) => col.name === 'customerID') as unknown as { codes: Int32Array; dictionary: string[] };
    const gaps = await compare(saved, 'customerID', scored, (i) => ids.dictionary[ids.codes[i]], ['input_text']);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(EXACT);
  });

  it('equals scoreTable on a file with missing values, rare and unseen levels, dates and flags, keyed by row number', async () => {
    const { train, score, scoreFile } = constructed();
    await load(scoreFile);
    for (const kind of ['logistic', 'gbdt', 'mlp'] as const) {
      // 90 trees: the sum of trees runs over three stages
      const saved = await save(train, 'Churn', kind, undefined, { gbdt: { nEstimators: 90 } });
      if (kind === 'gbdt') expect(exportScoringSql(saved, { dialect: 'duckdb' })).toMatch(/trees3 AS/);
      const steps = saved.pipeline.steps.map((s) => s.kind);
      expect(steps).toEqual(['categorical', 'numeric', 'date', 'boolean']);
      const plan = saved.pipeline.steps[0];
      expect(plan.kind === 'categorical' && plan.other && plan.levels.includes('(missing)')).toBe(true);
      const gaps = await compare(saved, null, score, (i) => String(i + 1));
      expect(Math.max(...gaps), kind).toBeLessThanOrEqual(EXACT);
    }
  });
});

/**
 * A training file and a scoring file written as users write them: plan has rare levels (Other), blanks and
 * NA (the missing level) and, when scoring, an unseen level and known ones with stray spaces (a no-break space too); spend blanks and n/a; signup
 * ISO dates (some with a time when scoring) and blanks; flag Yes/No with blanks and, when scoring, " yes ".
 */
function constructed(): { train: Table; score: Table; scoreFile: string } {
  const plans = ['Basic', 'Basic', 'Pro', 'Pro', 'Max', 'Basic', 'Pro', 'Max', 'Basic', 'Pro'];
  const line = (i: number, scoring: boolean): string => {
    const level = plans[i % plans.length];
    const plan = i % 37 === 0 ? `Rare${i % 3}` : i % 23 === 0 ? '' : i % 29 === 0 ? 'NA' : scoring && i % 11 === 0 ? ' Platinum ' : scoring && i % 8 === 0 ? `\u00a0${level} ` : level;
    const spend = i % 17 === 0 ? '' : i % 19 === 0 ? 'n/a' : String(((i * 7919) % 1000) / 10 + 0.05);
    const day = 1 + ((i * 31) % 28);
    const date = i % 13 === 0 ? '' : `202${i % 4}-${String(1 + (i % 12)).padStart(2, '0')}-${String(day).padStart(2, '0')}${scoring && i % 9 === 0 ? ' 10:30' : ''}`;
    const flag = i % 15 === 0 ? '' : (i * 3) % 5 < 2 ? (scoring && i % 4 === 0 ? ' yes ' : 'Yes') : 'No';
    const churn = (plan === 'Basic' ? 1 : 0) + (Number(spend) > 50 ? 1 : 0) + (flag === 'Yes' ? 1 : 0) + (i % 7 === 0 ? 1 : 0) >= 2 ? 'Yes' : 'No';
    return [`C${1000 + i}`, plan, spend, date, flag, churn].join(',');
  };
  const write = (name: string, from: number, n: number): string => {
    const file = path.join(dir, name);
    writeFileSync(file, ['id,plan,spend,signup,flag,Churn', ...Array.from({ length: n }, (_, i) => line(from + i, from > 0))].join('\n') + '\n');
    return file;
  };
  const scoreFile = write('score.csv', 500, 120);
  return { train: csvTable(write('train.csv', 0, 240)), score: csvTable(scoreFile), scoreFile };
}

describe('exportScoringSql text', () => {
  it('writes DOUBLE literals that read back exactly, negatives in parentheses', () => {
    for (const x of [0.1, 1 / 3, -2.5e-7, 1e21, 123456789.123, -0.30000000000000004]) expect(Number(sqlNumber(x).replace(/[()]/g, ''))).toBe(x);
    expect(sqlNumber(0.1)).toBe('0.1e0');
    expect(sqlNumber(-2.5e-7)).toBe('(-2.5e-7)');
    expect(() => sqlNumber(Infinity)).toThrow('Cannot write Infinity');
  });

  it('writes Spark SQL with Spark quoting and functions and no DuckDB-only ones', async () => {
    const { train } = constructed();
    const saved = await save(train, 'Churn', 'gbdt', 'isotonic');
    const spark = exportScoringSql(saved, { dialect: 'spark', key: 'id', table: 'crm.customers' });
    const duck = exportScoringSql(saved, { dialect: 'duckdb', key: 'id', table: 'crm.customers' });
    for (const fn of ['try_cast(', 'unix_millis(', "trim(BOTH '", 'AS STRING', '`plan`', '`id` AS k', 'FROM crm.customers']) expect(spark).toContain(fn);
    for (const fn of ['TRY_CAST(', 'epoch_ms(', 'VARCHAR', '"', 'OVER ()']) expect(spark).not.toContain(fn);
    // the header lists every column the SELECT reads, the key first (a table without it fails)
    expect(spark).toMatch(/^-- Reads crm\.customers \(columns id \(key\), [^)]*plan/m);
    expect(exportScoringSql(saved, { dialect: 'duckdb' })).toMatch(/^-- Reads input \(columns (?!.*\(key\))[^;]*\); returns row_number,/m);
    // every dialect difference comes from the dialect table: with its entries masked, the two texts are equal
    const mask = (sql: string): string =>
      sql
        .replace(/^--.*\n/gm, '')
        .replace(/TRY_CAST\(|try_cast\(/g, 'TC(')
        .replace(/epoch_ms\(|unix_millis\(/g, 'EMS(')
        .replace(/VARCHAR|STRING/g, 'TEXT')
        .replace(/"([^"]*)"|`([^`]*)`/g, 'ID($1$2)')
        .replace(/trim\(BOTH '[^']*' FROM ([^)]*)\)/g, 'TRIM($1)')
        .replace(/trim\(([^,]*), '[^']*'\)/g, 'TRIM($1)');
    expect(mask(spark)).toBe(mask(duck));
    // balanced: as many CASE as END, as many ( as )
    const bare = spark.replace(/'(?:\\.|[^'\\])*'/g, "''").replace(/^--.*$/gm, '');
    expect(bare.match(/\bCASE\b/g)?.length).toBe(bare.match(/\bEND\b/g)?.length);
    expect(bare.split('(').length).toBe(bare.split(')').length);
    expect(DIALECTS.spark.string("it's a \\ b")).toBe("'it\\'s a \\\\ b'");
    expect(DIALECTS.duckdb.string("it's")).toBe("'it''s'");
  });

  it('names what it cannot export', async () => {
    const { train } = constructed();
    const saved = await save(train, 'Churn', 'logistic');
    expect(() => exportScoringSql(saved, { dialect: 'oracle' as never })).toThrow('Unknown SQL dialect "oracle" (dialects: duckdb, spark)');
    expect(() => exportScoringSql({ ...saved, model: { ...saved.model, kind: 'knn' } as never }, { dialect: 'duckdb' })).toThrow('Cannot write a "knn" model as SQL');
    expect(() => exportScoringSql({ ...saved, format: 'x' } as never, { dialect: 'duckdb' })).toThrow('Not a saved churn model');
    expect(() => exportScoringSql(saved, { dialect: 'duckdb', key: 'plan' })).toThrow('The key column "plan" is a feature of the model');
    expect(() => exportScoringSql({ ...saved, model: { ...saved.model, weights: [1] } as never }, { dialect: 'duckdb' })).toThrow('The logistic model expects 1 features but the pipeline makes');
  });
});

describe('pipelineJson', () => {
  it('gives the card, each column\'s transform and the model as plain JSON, typed arrays as lists', async () => {
    const { train } = constructed();
    const saved = await save(train, 'Churn', 'gbdt');
    const typed = { ...saved, model: { ...saved.model, trees: saved.model.kind === 'gbdt' ? saved.model.trees.map((t) => ({ ...t, value: Float64Array.from(t.value) })) : [] } } as unknown as SavedChurnModel;
    const text = pipelineJson(typed);
    expect(text).not.toMatch(/"0":/);
    const doc = JSON.parse(text);
    expect(doc.format).toBe(PIPELINE_JSON_FORMAT);
    expect(doc.card).toMatchObject({ model: 'gradient boosting', kind: 'gbdt', target: saved.target, columnsUsed: ['plan', 'spend', 'signup', 'flag'], calibration: 'none' });
    expect(doc.card.columnsNotUsed).toEqual([{ name: 'id', reason: 'identifier column' }]);
    const [plan, spend, signup, flag] = doc.pipeline.steps;
    expect(plan.transform).toMatch(/^one-hot over \d+ levels; rare and unseen values count as "Other"$/);
    expect(spend.transform).toContain(`the training median ${spend.median}`);
    expect(signup.referenceDay).toBe(new Date(signup.referenceDate).toISOString().slice(0, 10));
    expect(flag.transform).toMatch(/^yes\/no as 1\/0/);
    // the steps keep every fitted number, so the JSON rebuilds the pipeline
    expect(doc.pipeline.steps.map(({ transform: _t, referenceDay: _r, ...step }: Record<string, unknown>) => step)).toEqual(JSON.parse(JSON.stringify(saved.pipeline.steps)));
    expect(doc.pipeline.features).toHaveLength(saved.pipeline.features.length);
    expect(doc.model.trees[0].value).toEqual(JSON.parse(JSON.stringify(saved.model)).trees[0].value);
  });
});
