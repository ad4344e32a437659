// A file of several slices through the real import worker: its helper workers parse the slices at once
// and the stored dataset is the one-pass parse of the same bytes (rows, codes, dictionaries, rejected
// lines with their reasons), with quoted line breaks and stray quotes spread over the slices.
import { proxy } from 'comlink';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTable } from '../../src/lib/data/parse-table';
import type { RejectedRow } from '../../src/lib/data/importer';
import type { Column } from '../../src/lib/data/table';
import { createImportBridge } from '../../src/state/worker-pool';
import { deleteDataset, getRejected, loadTable } from '../../src/storage/datasets';

const bridge = createImportBridge();
const made: string[] = [];

afterAll(async () => {
  bridge.cancel();
  for (const id of made) await deleteDataset(id).catch(() => {});
});

/** About 5.6 MB (two 4 MB slices): ids, dates, numbers with late misfits, and notes that break lines or open stray quotes. */
function csv(): string {
  const lines = ['customer,joined,spend,plan,note'];
  for (let i = 0; lines.length < 160_000; i++) {
    const note = i % 997 === 0 ? `"first\nsecond, with ""quotes""\r\nthird"` : i % 4099 === 0 ? `"stray ${i}` : `n${i % 40}`;
    lines.push(`C${i % 50_000},2024-0${1 + (i % 9)}-1${i % 9},${i > 120_000 && i % 777 === 0 ? 'n/a' : (i * 0.25).toFixed(2)},${['basic', 'pro', 'team'][i % 3]},${note}${i % 5003 === 0 ? ',extra' : ''}`);
  }
  return lines.join('\n') + '\n';
}

/** The first row where two columns differ (NaN equals NaN), or -1; dictionaries compared whole. */
function firstDifference(a: Column, b: Column): number | string {
  const x = 'values' in a ? a.values : a.codes;
  const y = 'values' in b ? b.values : b.codes;
  if ('dictionary' in a && 'dictionary' in b && a.dictionary.join('\u0000') !== b.dictionary.join('\u0000')) return 'dictionary';
  if (x.length !== y.length) return `length ${x.length} vs ${y.length}`;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return i;
  return -1;
}

describe('parallel import through the import worker', () => {
  it('stores what a one-pass parse of the same bytes gives', async () => {
    const text = csv();
    const file = new File([text], 'big.csv', { type: 'text/csv' });
    expect(file.size).toBeGreaterThan(4 << 20);
    const preview = await bridge.run((api) => api.preview(file));
    const datasetId = crypto.randomUUID();
    made.push(datasetId);
    const request = { datasetId, name: 'big', encoding: preview.encoding, delimiter: preview.delimiter, header: preview.header, columns: preview.columns.map((c) => ({ name: c.name, type: c.type })), roles: {} };
    const outcome = await bridge.run((api) => api.importFile(file, request, proxy(() => {})));

    const rejected: RejectedRow[] = [];
    const one = parseTable(new Uint8Array(await file.arrayBuffer()), { onRejected: (r) => rejected.push(r) });
    expect(rejected.length).toBeGreaterThan(10);
    expect([outcome.rows, outcome.rejected, outcome.lines]).toEqual([one.report.rows, one.report.rejected, one.report.lines]);
    const stored = await loadTable(datasetId);
    expect(stored.columns.map((c) => [c.name, c.type])).toEqual(one.table.columns.map((c) => [c.name, c.type]));
    stored.columns.forEach((c, i) => expect(firstDifference(c, one.table.columns[i]), c.name).toBe(-1));
    const kept = await getRejected(datasetId);
    expect(kept.map((r) => [r.line, r.reason, r.text])).toEqual(rejected.map((r) => [r.line, r.reason, r.text]));
  });
});
