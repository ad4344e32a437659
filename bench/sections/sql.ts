// `npm run bench -- sql-1m` (issue #18): a churn model exported as SQL scores the 1,000,106-row
// telco-shaped file (import-138mb's generator) in DuckDB (@duckdb/node-api, in this Node process), for
// logistic, GBDT and MLP trained on telco. Each row: the seconds DuckDB takes to run the exported SELECT
// over the raw table (loaded as text, so the SQL's own casts run), and the largest |difference| from the
// app's scores (scoreTable on the same rows, in Node). Reference: that scoreTable time, same rows, same run.
// SQL_BENCH_REPEATS: how many copies of telco (default 142 = 1,000,106 rows), for a quick run under load.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { DuckDBInstance } from '@duckdb/node-api';
import { withReference, type BenchSection, type Row } from '../rows';
import { telcoMillion } from './import';
import { datasetPath } from '../../tests/datasets';
import { prepareChurn, trainPrepared } from '../../src/lib/churn';
import { customerIds } from '../../src/lib/churn/run';
import { exportScoringSql } from '../../src/lib/churn/sql';
import { parseTable } from '../../src/lib/data/parse-table';
import type { ColumnType, Table } from '../../src/lib/data/table';
import { scoreTable } from '../../src/lib/models/churn/saved';
import type { ModelKind } from '../../src/lib/models/churn';

const KINDS: ModelKind[] = ['logistic', 'gbdt', 'mlp'];
const KEY = 'customerID';

function parse(file: string, types?: Record<string, ColumnType>): Table {
  const bytes = readFileSync(file);
  return parseTable(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { types }).table;
}

export const sqlSection: BenchSection = {
  name: 'sql-1m',
  async run(ctx) {
    const repeats = Number(process.env.SQL_BENCH_REPEATS ?? 142);
    await tf.setBackend('cpu'); // the MLP trains and scores on tfjs in Node, as in the CLI
    const telco = parse(datasetPath('telco/Telco-Customer-Churn.csv'));
    // The big file read with telco's column types, so the saved pipeline sees the columns it was fitted on.
    const types = Object.fromEntries(telco.columns.map((c) => [c.name, c.type])) as Record<string, ColumnType>;
    const file = telcoMillion(ctx.work, repeats);
    const big = parse(file, types);
    const ids = customerIds(big, KEY);
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    // Every column as text: the exported SQL casts each raw column itself (TRY_CAST).
    await db.run(`CREATE TABLE input AS SELECT * FROM read_csv('${file.replace(/'/g, "''")}', header = true, all_varchar = true)`);
    const version = String((await db.runAndReadAll('SELECT version()')).getColumns()[0][0]);
    const rows: Row[] = [];
    for (const kind of KINDS) {
      console.error(`[bench] sql-1m: ${kind}: train on telco, export, score ${big.rows.toLocaleString('en')} rows in DuckDB and in Node...`);
      const prepared = prepareChurn({ kind: 'label', datasetId: 'telco', target: 'Churn' }, telco, { name: 'telco', columns: telco.columns, roles: {} });
      const { saved } = await trainPrepared(prepared, { model: kind, folds: 3, seed: 42 }, { reasons: 0 });
      const sql = exportScoringSql(saved, { dialect: 'duckdb', table: 'input', key: KEY }).trim().replace(/;$/, '');
      let t0 = performance.now();
      // DuckDB runs in this process: its CPU seconds (all threads) say more than wall time on a busy machine
      const cpu0 = process.cpuUsage();
      await db.run(`CREATE OR REPLACE TEMP TABLE scored AS ${sql}`);
      const duckSeconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const duckCpu = (cpu.user + cpu.system) / 1e6;
      t0 = performance.now();
      const ours = scoreTable(saved, big).probability; // chunked inside (65,536 rows at a time)
      const oursSeconds = (performance.now() - t0) / 1000;
      // Telco repeated: a key's rows are copies, so compare by key (DuckDB need not keep row order).
      const byKey = new Map<string, number>();
      let copies = 0;
      for (let i = 0; i < ids.length; i++) {
        const seen = byKey.get(ids[i]);
        if (seen === undefined) byKey.set(ids[i], ours[i]);
        else copies = Math.max(copies, Math.abs(seen - ours[i]));
      }
      const reader = await db.runAndReadAll(`SELECT "${KEY}", probability FROM scored`);
      const [keys, probs] = reader.getColumns() as unknown as [string[], number[]];
      let maxDiff = copies;
      let unmatched = 0;
      for (let i = 0; i < keys.length; i++) {
        const p = byKey.get(String(keys[i]));
        if (p === undefined) unmatched++;
        else maxDiff = Math.max(maxDiff, Math.abs(p - Number(probs[i])));
      }
      const complete = keys.length === big.rows && unmatched === 0;
      const row: Row = {
        benchmark: `sql-1m: ${kind} exported as DuckDB SQL, scores ${big.rows.toLocaleString('en')} telco-shaped rows`,
        value: duckSeconds,
        unit: 's',
        target: 'a few seconds (< 5 s); max |diff| <= 1e-6',
        pass: complete ? maxDiff <= 1e-6 && (repeats < 142 || duckSeconds < 5) : false,
        backend: `DuckDB ${version} (@duckdb/node-api), table loaded as text`,
        note: `DuckDB CPU ${duckCpu.toFixed(2)} s over its threads; max |diff| ${maxDiff.toExponential(2)} against scoreTable; ${keys.length.toLocaleString('en')} rows out${unmatched ? `, ${unmatched} keys not ours` : ''}; SQL ${(sql.length / 1024).toFixed(0)} KB; scoreTable in Node ${oursSeconds.toFixed(2)} s`,
      };
      rows.push(withReference(row, oursSeconds, 'our scoreTable in Node (tfjs cpu for the MLP), same rows', 'time'));
    }
    db.closeSync();
    return rows;
  },
};
