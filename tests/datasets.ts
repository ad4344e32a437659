// Public datasets live beside the project in ../shared/datasets and are never copied in.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { parseTable, type ImportReport, type ParseOptions } from '../src/lib/data/parse-table';
import type { Table } from '../src/lib/data/table';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function datasetPath(relative: string): string {
  return path.join(root, '..', 'shared', 'datasets', relative);
}

/** A public dataset parsed as the app imports it (the import worker's parser), for lib tests in Node. */
export async function loadDataset(relative: string, options: ParseOptions = {}): Promise<{ table: Table; report: ImportReport }> {
  const bytes = await readFile(datasetPath(relative));
  return parseTable(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), options);
}
