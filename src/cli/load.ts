// Node-only file loading for the headless runner: the same parser the app runs in its import worker.
import { readFile } from 'node:fs/promises';
import { flagBoolean, flagList, flagString, type ParsedArgs } from './args';
import { parseTable, type ImportReport, type ParseOptions } from '../lib/data/parse-table';
import type { ColumnType, Table } from '../lib/data/table';

export interface LoadOptions {
  delimiter?: string;
  header?: boolean;
  columns?: string[];
  encoding?: string;
  types?: Record<string, ColumnType>;
}

export async function loadTable(path: string, opts: LoadOptions = {}): Promise<{ table: Table; report: ImportReport }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `No such file: ${path}` : `Cannot read ${path}: ${(err as Error).message}`);
  }
  const parseOpts: ParseOptions = { ...opts };
  try {
    return parseTable(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), parseOpts);
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`);
  }
}

/**
 * The file-reading flags every command shares (LOAD_FLAGS in ./args): --no-header, --columns a,b,c,
 * --delimiter X, --encoding E; and `--header` where a command declares it (profile: force a header row).
 * `columnsFlag` reads the column names from another flag (a command reading two files names each file's).
 */
export function loadOptions(args: ParsedArgs, types?: LoadOptions['types'], columnsFlag = 'columns'): LoadOptions {
  const opts: LoadOptions = { types };
  if (flagBoolean(args, 'no-header')) opts.header = false;
  else if (flagBoolean(args, 'header')) opts.header = true;
  const columns = flagList(args, columnsFlag);
  if (columns) opts.columns = columns;
  const delimiter = flagString(args, 'delimiter');
  if (delimiter !== undefined) opts.delimiter = delimiter;
  const encoding = flagString(args, 'encoding');
  if (encoding !== undefined) opts.encoding = encoding;
  return opts;
}
