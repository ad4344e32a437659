// The churn command's exports (issue #18): `--export-sql duckdb|spark --sql-out FILE` writes the saved
// model as one SQL SELECT over a table named `input`, and `--scores FILE` writes the key (or row number)
// and the app's probability of every row, so the two can be compared outside the app. The flags are
// checked before training (a typo should not cost a training run) and the files written after it.
import { constants } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { flagString, type FlagSpec, type ParsedArgs } from './args';
import { customerIds } from '../lib/churn/run';
import { exportScoringSql, SQL_DIALECTS, type SqlDialect } from '../lib/churn/sql';
import type { Table } from '../lib/data/table';
import { toCsv } from '../lib/export/csv';
import { scoreTable, type SavedChurnModel } from '../lib/models/churn/saved';

/** The table the exported SELECT reads: load or view the raw customer file under this name. */
export const SQL_TABLE = 'input';

export const EXPORT_FLAGS: FlagSpec[] = [
  { name: 'export-sql', kind: 'string', value: SQL_DIALECTS.join('|'), help: `write the chosen model (pipeline included) as one SQL SELECT over a table named ${SQL_TABLE} (needs --sql-out)` },
  { name: 'sql-out', kind: 'string', value: 'FILE', help: 'with --export-sql: the .sql file to write' },
  { name: 'scores', kind: 'string', value: 'FILE', help: 'write the key (or row number) and churn probability of every row, scored by the chosen model as the app scores it' },
];

export interface ExportPlan {
  sql: { dialect: SqlDialect; file: string } | null;
  scores: string | null;
}

export interface ExportOutput {
  /** Where the SQL went, its dialect, the table it reads and the key column it returns (null: row numbers). */
  sql?: { file: string; dialect: SqlDialect; table: string; key: string | null };
  /** Where the scores went and how many rows they hold. */
  scores?: { file: string; rows: number; key: string | null };
}

async function checkWritable(flag: string, file: string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a folder');
    await access(dir, constants.W_OK);
  } catch (e) {
    throw new Error(`--${flag} ${file}: cannot write there (${dir}: ${(e as Error).message})`);
  }
  const existing = await stat(file).catch(() => null);
  if (existing?.isDirectory()) throw new Error(`--${flag} ${file}: is a folder, give a file name`);
}

/** Reads and checks the export flags; throws a clear Error before any training. */
export async function exportPlan(args: ParsedArgs): Promise<ExportPlan> {
  const dialect = flagString(args, 'export-sql');
  const sqlOut = flagString(args, 'sql-out');
  if (dialect !== undefined && !SQL_DIALECTS.includes(dialect as SqlDialect)) {
    throw new Error(`--export-sql: unknown SQL dialect "${dialect}" (use ${SQL_DIALECTS.join(' or ')})`);
  }
  if (dialect !== undefined && !sqlOut) throw new Error('--export-sql needs --sql-out FILE: where to write the SQL');
  if (sqlOut && dialect === undefined) throw new Error(`--sql-out needs --export-sql ${SQL_DIALECTS.join('|')}: which SQL to write`);
  if (dialect !== undefined && args.flags.has('horizon')) {
    // The SQL reads the raw customer table; a derived label's features come from a transactions file.
    throw new Error('--export-sql works on a customer file (--target), not with --horizon: the features of a derived label are computed from transactions, not read from one table');
  }
  const scores = flagString(args, 'scores') ?? null;
  if (sqlOut) await checkWritable('sql-out', sqlOut);
  if (scores) await checkWritable('scores', scores);
  return { sql: dialect !== undefined && sqlOut ? { dialect: dialect as SqlDialect, file: sqlOut } : null, scores };
}

/** The customer key the exports use: an id-typed column (as `score` picks it), else row numbers. */
export function exportKey(table: Table, idColumn: string | null): string | null {
  return idColumn ?? table.columns.find((c) => c.type === 'id')?.name ?? null;
}

/** "row 1" ... as the app numbers rows without a key; in the CSV the plain number (SQL's row_number()). */
function keys(table: Table, key: string | null): (string | number)[] {
  return key ? customerIds(table, key) : Array.from({ length: table.rows }, (_, i) => i + 1);
}

/** Writes what the plan asks for, with the saved model the command trained; says where in the output. */
export async function writeExports(plan: ExportPlan, saved: SavedChurnModel, table: Table, key: string | null): Promise<ExportOutput> {
  const out: ExportOutput = {};
  if (plan.sql) {
    const sql = exportScoringSql(saved, { dialect: plan.sql.dialect, table: SQL_TABLE, key });
    await writeFile(plan.sql.file, sql).catch((e: Error) => {
      throw new Error(`--sql-out ${plan.sql!.file}: cannot write (${e.message})`);
    });
    out.sql = { file: plan.sql.file, dialect: plan.sql.dialect, table: SQL_TABLE, key };
  }
  if (plan.scores) {
    // The app's scores: scoreTable of the saved model (calibrated), every row of the file.
    const { probability } = scoreTable(saved, table);
    const ids = keys(table, key);
    const rows = (function* () {
      for (let i = 0; i < ids.length; i++) yield [ids[i], probability[i]];
    })();
    await writeFile(plan.scores, toCsv([key ?? 'row', 'probability'], rows)).catch((e: Error) => {
      throw new Error(`--scores ${plan.scores}: cannot write (${e.message})`);
    });
    out.scores = { file: plan.scores, rows: ids.length, key };
  }
  return out;
}
