// Changing a stored column's type: its chunks are re-encoded one at a time inside ONE IndexedDB
// transaction, together with its dictionary and the dataset record, so a closed tab or a crash leaves
// either the old column or the new one, never half of each.
import { getDb, type DatasetMeta } from './db';
import { columnChunks, getDataset } from './datasets';
import { packCodes, packNumbers, unpackCodes, unpackNumbers, type StoredArray } from './codec';
import { ColumnRetyper, isTextType, sampleTexts, type RetypeInvalid, type RetypeOptions } from '../lib/data/retype';
import type { CellExample } from '../lib/data/profile';
import type { ColumnType, NumericColumn } from '../lib/data/table';

/** The dataset's version (1 for datasets stored before versions existed). */
export function datasetVersion(meta: Pick<DatasetMeta, 'version'>): number {
  return meta.version ?? 1;
}

export interface StoredRetype {
  from: ColumnType;
  to: ColumnType;
  rows: number;
  invalid: number;
  invalidSample: RetypeInvalid[];
  notes: string[];
  /** The dataset's version after the change (unchanged for a dry run). */
  version: number;
}

/** Examples kept per column: this change's first, then older ones (import lines, earlier changes). */
const KEPT_EXAMPLES = 40;

const dictBytes = (d: readonly string[] | undefined) => (d ? d.reduce((m, s) => m + s.length * 2 + 16, 0) : 0);

/**
 * Re-encodes one column as `to`. With `dryRun` nothing is written: the result says how many values
 * would not convert. `onProgress` gets the chunks done (it must not block: it is called inside the
 * transaction).
 */
export async function retypeStoredColumn(
  datasetId: string,
  column: string,
  to: ColumnType,
  options: RetypeOptions & { dryRun?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<StoredRetype> {
  const db = getDb();
  const dryRun = options.dryRun ?? false;
  const tables = [db.datasets, db.chunks, db.dictionaries];
  return db.transaction(dryRun ? 'r' : 'rw', tables, async () => {
    const meta = await getDataset(datasetId);
    const index = meta.columns.findIndex((c) => c.name === column);
    if (index < 0) throw new Error(`Dataset "${meta.name}" has no column "${column}"`);
    const from = meta.columns[index].type;
    const keys = await columnChunks(datasetId, index).primaryKeys();
    const fromText = isTextType(from);
    const dict = fromText ? await db.dictionaries.get([datasetId, index]) : undefined;
    const decode = (data: StoredArray): Float64Array | Int32Array => {
      const out = fromText ? new Int32Array(data.length) : new Float64Array(data.length);
      if (fromText) unpackCodes(data, out as Int32Array, 0);
      else unpackNumbers(data, out as Float64Array, 0);
      return out;
    };
    // Numbers become dates through their text: the format is inferred from the first chunk's values.
    let sample: string[] | undefined;
    if (!fromText && to === 'date' && keys.length) {
      const first = await db.chunks.get(keys[0]);
      if (first) sample = sampleTexts(from as NumericColumn['type'], decode(first.data) as Float64Array);
    }
    const retyper = new ColumnRetyper({ name: column, type: from, dictionary: dict?.values ?? [], sample }, to, options);
    let rows = 0;
    let oldBytes = 0;
    let newBytes = 0;
    if (retyper.rewrites) {
      for (let k = 0; k < keys.length; k++) {
        const record = await db.chunks.get(keys[k]);
        if (!record) continue;
        const converted = retyper.convert(decode(record.data));
        rows += converted.length;
        if (!dryRun) {
          const data = converted instanceof Float64Array ? packNumbers(converted) : packCodes(converted);
          oldBytes += record.data.byteLength;
          newBytes += data.byteLength;
          await db.chunks.put({ ...record, data });
        }
        options.onProgress?.(k + 1, keys.length);
      }
    } else rows = meta.rows;
    if (rows !== meta.rows) throw new Error(`Stored dataset is damaged: column "${column}" has ${rows} rows, expected ${meta.rows}`);
    const version = datasetVersion(meta) + (dryRun ? 0 : 1);
    const result: StoredRetype = { from, to, rows, invalid: retyper.invalid, invalidSample: retyper.invalidSample, notes: retyper.notes, version };
    if (dryRun) return result;

    const newDict = retyper.dictionary();
    if (retyper.rewrites || !newDict) {
      await db.dictionaries.delete([datasetId, index]);
      if (newDict) await db.dictionaries.put({ datasetId, column: index, values: newDict });
    }
    const old = meta.columns[index];
    const examples: CellExample[] = [...retyper.invalidSample, ...old.invalidSample].slice(0, KEPT_EXAMPLES);
    const columns = meta.columns.map((c, i) => (i === index ? { ...c, type: to, reason: `${to}: changed by you after import (was ${from})`, invalid: c.invalid + retyper.invalid, invalidSample: examples } : c));
    const storedBytes = Math.max(0, meta.storedBytes + newBytes - oldBytes + (retyper.rewrites ? dictBytes(newDict ?? undefined) - dictBytes(dict?.values) : 0));
    await db.datasets.update(datasetId, { columns, storedBytes, version });
    return result;
  });
}
