// `churn ... --export-sql duckdb --sql-out --scores` (issue #18) on a telco sample: DuckDB (@duckdb/node-api)
// runs the written SQL over the same CSV loaded as text, and its probabilities equal scores.csv (the app's
// scoreTable) to 1e-6, customer by customer. Then the export flags' errors, all raised before training.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetPath } from '../../tests/datasets';
import { run } from './commands/churn';
import { modelExportFile, modelFileStem, sqlExportProblem } from '../lib/churn/model-export';
import type { SavedChurnModel } from '../lib/models/churn/saved';

const ROWS = 800;
let dir = '';
let sample = '';

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(path.join(os.tmpdir(), 'churn-sql-'));
  // The first 800 customers: 3 of them have a blank TotalCharges (new customers), so a missing value is imputed.
  const lines = (await readFile(datasetPath('telco/Telco-Customer-Churn.csv'), 'utf8')).split(/\r?\n/);
  sample = path.join(dir, 'telco-800.csv');
  await writeFile(sample, lines.slice(0, ROWS + 1).join('\n') + '\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('churn --export-sql / --scores', () => {
  it('writes SQL that DuckDB runs over the raw CSV to the scores the app writes (1e-6)', { timeout: 60_000 }, async () => {
    const sqlFile = path.join(dir, 'model.sql');
    const scoresFile = path.join(dir, 'scores.csv');
    const modelFile = path.join(dir, 'model.json');
    const out = await run([sample, '--target', 'Churn', '--model', 'gbdt', '--folds', '2', '--export-sql', 'duckdb', '--sql-out', sqlFile, '--scores', scoresFile, '--save-model', modelFile]);
    expect(out.sql).toEqual({ file: sqlFile, dialect: 'duckdb', table: 'input', key: 'customerID' });
    expect(out.scores).toEqual({ file: scoresFile, rows: ROWS, key: 'customerID' });

    const lines = (await readFile(scoresFile, 'utf8')).trim().split('\r\n');
    expect(lines[0]).toBe('customerID,probability');
    const app = new Map(lines.slice(1).map((l) => [l.split(',')[0], Number(l.split(',')[1])]));
    expect(app.size).toBe(ROWS);

    const db = await (await DuckDBInstance.create(':memory:')).connect();
    try {
      // As text: the SQL's own TRY_CASTs type every column (TotalCharges' blanks become missing).
      await db.run(`CREATE TABLE input AS SELECT * FROM read_csv('${sample}', header = true, all_varchar = true)`);
      const sql = await readFile(sqlFile, 'utf8');
      const reader = await db.runAndReadAll(`SELECT "customerID" AS k, probability FROM (${sql.trim().replace(/;$/, '')})`);
      const [keys, probs] = reader.getColumns() as unknown as [string[], number[]];
      expect(keys.length).toBe(ROWS);
      let maxDiff = 0;
      for (let i = 0; i < keys.length; i++) maxDiff = Math.max(maxDiff, Math.abs(Number(probs[i]) - app.get(String(keys[i]))!));
      expect(maxDiff).toBeLessThan(1e-6);
      // The scores vary: a constant model would pass the comparison too.
      expect(Math.max(...app.values()) - Math.min(...app.values())).toBeGreaterThan(0.5);
    } finally {
      db.closeSync();
    }

    // The page's export (the worker's function) writes the same SQL, named after the model.
    const saved = JSON.parse(await readFile(modelFile, 'utf8')) as SavedChurnModel;
    const file = modelExportFile(saved, 'Gradient-boosted trees · Churn · 2026-12-07', { format: 'sql', dialect: 'duckdb', key: 'customerID' });
    expect(file.fileName).toBe('gradient-boosted-trees-churn-2026-12-07-duckdb.sql');
    expect(file.text).toBe(await readFile(sqlFile, 'utf8'));
    const json = modelExportFile(saved, 'x', { format: 'json' });
    expect(json.fileName).toBe('x.json');
    expect(JSON.parse(json.text).format).toBe('retention-lab/churn-model-card');
    expect(modelFileStem('  ·· ')).toBe('churn-model');
    // A model whose inputs are not columns of the table (a label derived from transactions) says so.
    expect(sqlExportProblem(saved, ['customerID', 'gender'])).toMatch(/^This model reads .*tenure.*, which the app derived from transactions/);
    expect(sqlExportProblem(saved, saved.pipeline.steps.map((s) => s.column))).toBeNull();
  });

  it('refuses bad export flags clearly, before training', async () => {
    const base = [sample, '--target', 'Churn', '--model', 'logistic'];
    await expect(run([...base, '--export-sql', 'oracle', '--sql-out', path.join(dir, 'a.sql')])).rejects.toThrow('--export-sql: unknown SQL dialect "oracle" (use duckdb or spark)');
    await expect(run([...base, '--export-sql', 'spark'])).rejects.toThrow('--export-sql needs --sql-out FILE');
    await expect(run([...base, '--sql-out', path.join(dir, 'a.sql')])).rejects.toThrow('--sql-out needs --export-sql duckdb|spark');
    await expect(run([...base, '--export-sql', 'duckdb', '--sql-out', path.join(dir, 'no-such-folder', 'a.sql')])).rejects.toThrow(/^--sql-out .*a\.sql: cannot write there/);
    await expect(run([...base, '--scores', dir])).rejects.toThrow(/^--scores .*: is a folder/);
    await expect(run([sample, '--horizon', '90', '--customer', 'customerID', '--date', 'd', '--export-sql', 'duckdb', '--sql-out', path.join(dir, 'a.sql')])).rejects.toThrow('--export-sql works on a customer file (--target), not with --horizon');
  });
});
