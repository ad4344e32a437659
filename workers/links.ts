// Worker-side link detection: reads each linkable column's distinct values (dictionaries for ids and
// categories, the values for integers) one column at a time, finds keys shared between datasets
// (src/lib/data/links.ts) and merges them with the stored links.
import { findLinks, keyColumn, linkableType, measure, mergeLinks, type DatasetLink, type KeyColumn, type LinkEnd, type LinkMeasure } from '../src/lib/data/links';
import type { DatasetMeta } from '../src/storage/db';
import { listDatasets, loadColumnRange, loadTable } from '../src/storage/datasets';
import { updateLinks } from '../src/storage/links';
import { isDemo } from '../src/lib/data/suitability';


/** Cells read at once: runs of neighbouring linkable columns load in one IndexedDB round trip (a wide file has thousands). */
const BATCH_CELLS = 4_000_000;

async function keyColumns(d: DatasetMeta): Promise<KeyColumn[]> {
  const out: KeyColumn[] = [];
  const most = Math.max(1, Math.min(256, Math.floor(BATCH_CELLS / Math.max(1, d.rows))));
  const linkable = d.columns.flatMap((c, i) => (linkableType(c.type) ? [i] : []));
  for (let k = 0; k < linkable.length; ) {
    // A run of consecutive linkable columns, so no other column is read.
    let end = k + 1;
    while (end < linkable.length && end - k < most && linkable[end] === linkable[end - 1] + 1) end++;
    for (const column of await loadColumnRange(d, linkable[k], linkable[end - 1] + 1)) {
      const key = keyColumn(column, d.id, d.name);
      if (key) out.push(key);
    }
    k = end;
  }
  return out;
}

/** Detects links across every dataset and stores them merged with the user's decisions; returns them all. */
export async function detectLinks(): Promise<DatasetLink[]> {
  const datasets = await listDatasets();
  const columns: KeyColumn[] = [];
  // One dataset links to nothing: no need to read its columns (a first import stays as fast as before).
  if (datasets.length >= 2) for (const d of datasets) columns.push(...(await keyColumns(d)));
  const found = findLinks(columns);
  const byId = new Map(datasets.map((d) => [d.id, d]));
  const exists = (e: LinkEnd) => Boolean(byId.get(e.datasetId)?.columns.some((c) => c.name === e.column));
  const demo = (id: string) => Boolean(byId.get(id) && isDemo(byId.get(id)!));
  return updateLinks((stored) =>
    mergeLinks(stored, found, exists, () => crypto.randomUUID(), (c) => demo(c.from.datasetId) && demo(c.to.datasetId)),
  );
}

/** How much of one column's values another column holds (for a link the user adds or edits). */
export async function measureLink(from: LinkEnd, to: LinkEnd): Promise<LinkMeasure> {
  const read = async (e: LinkEnd) => {
    const table = await loadTable(e.datasetId, [e.column]);
    const k = keyColumn(table.columns[0], e.datasetId, '');
    if (!k) throw new Error(`${e.column} is a ${table.columns[0].type} column: only id, category and integer columns can link datasets`);
    return k;
  };
  return measure(await read(from), await read(to));
}
