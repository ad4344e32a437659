// Everything that differs between the SQL dialects the scoring export writes, in one table: the rest of
// the exporter writes plain SQL that DuckDB and Spark SQL read alike (CASE, CAST, COALESCE, EXP, LN,
// GREATEST, LEAST, IN, arithmetic on DOUBLE and FLOAT, which are IEEE double and single in both).

export type SqlDialect = 'duckdb' | 'spark';

export const SQL_DIALECTS: readonly SqlDialect[] = ['duckdb', 'spark'];

/** Characters the app trims off every cell (src/lib/data/values.ts isBlankChar): space, tab, NBSP, narrow NBSP. */
export const BLANK_CHARS = ' \t\u00a0\u202f';

export interface Dialect {
  name: string;
  /** A column or table name, quoted. */
  ident(name: string): string;
  /** A string literal. */
  string(text: string): string;
  /** The text type for CAST. */
  text: string;
  /** CAST that gives NULL instead of failing. */
  tryCast(expr: string, type: string): string;
  /** `expr` (text) without BLANK_CHARS at either end. */
  trim(expr: string): string;
  /** Epoch milliseconds (UTC) of a TIMESTAMP. */
  epochMs(ts: string): string;
  /** 1, 2, ... in the table's order. */
  rowNumber: string;
  /** A line for the SQL's header about what the dialect needs. */
  note: string;
}

export const DIALECTS: Record<SqlDialect, Dialect> = {
  duckdb: {
    name: 'DuckDB',
    ident: (n) => `"${n.replaceAll('"', '""')}"`,
    string: (t) => `'${t.replaceAll("'", "''")}'`,
    text: 'VARCHAR',
    tryCast: (e, type) => `TRY_CAST(${e} AS ${type})`,
    trim: (e) => `trim(${e}, '${BLANK_CHARS}')`,
    epochMs: (ts) => `epoch_ms(${ts})`,
    rowNumber: 'row_number() OVER ()',
    note: 'DuckDB 1.x. Timestamps are read as written (UTC wall time); an offset such as +02 is ignored.',
  },
  spark: {
    name: 'Spark SQL',
    ident: (n) => `\`${n.replaceAll('`', '``')}\``,
    // Spark reads backslash escapes in literals and takes '' as two adjacent literals, so escape with backslashes.
    string: (t) => `'${t.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`,
    text: 'STRING',
    tryCast: (e, type) => `try_cast(${e} AS ${type})`,
    trim: (e) => `trim(BOTH '${BLANK_CHARS}' FROM ${e})`,
    epochMs: (ts) => `unix_millis(${ts})`,
    rowNumber: 'row_number() OVER (ORDER BY monotonically_increasing_id())',
    note: 'Spark 3.2 or later (try_cast, unix_millis). Run with spark.sql.session.timeZone=UTC: dates are read as UTC, as the app reads them.',
  },
};

export function dialectOf(name: string): Dialect {
  const d = DIALECTS[name as SqlDialect];
  if (!d) throw new Error(`Unknown SQL dialect "${name}" (dialects: ${SQL_DIALECTS.join(', ')})`);
  return d;
}
