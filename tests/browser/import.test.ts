// The real import worker, real IndexedDB: files from ../shared/datasets and hand-made bad inputs.
import { proxy } from 'comlink';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportProgress, ImportRequest } from '../../src/contract';
import { CancelledError } from '../../src/state/bridge';
import { createImportBridge } from '../../src/state/worker-pool';
import { getDb } from '../../src/storage/db';
import { deleteDataset, getDataset, getRejected, listDatasets, loadTable } from '../../src/storage/datasets';
import { isCategoricalColumn } from '../../src/lib/data/table';
import { datasetFile, textFile, requestFromPreview } from './files';

const bridge = createImportBridge();
const made: string[] = [];

afterAll(async () => {
  bridge.cancel();
  for (const id of made) await deleteDataset(id);
});

async function importWhole(file: File, progress: ImportProgress[] = []) {
  const preview = await bridge.run((api) => api.preview(file));
  const request = requestFromPreview(file, preview);
  made.push(request.datasetId);
  const outcome = await bridge.run((api) => api.importFile(file, request, proxy((p: ImportProgress) => progress.push(p))));
  await bridge.run((api) => api.profileDataset(outcome.datasetId));
  return { preview, outcome, meta: await getDataset(outcome.datasetId) };
}

async function leftovers(id: string): Promise<number> {
  const db = getDb();
  return (await db.chunks.where('datasetId').equals(id).count()) + (await db.datasets.where('id').equals(id).count());
}

describe('import worker', () => {
  it('imports the online-retail sample: BOM, CRLF, 119 quote-wrapped lines rejected, none lost', async () => {
    const progress: ImportProgress[] = [];
    const { preview, outcome, meta } = await importWhole(await datasetFile('online-retail/online_retail_sample.csv'), progress);
    expect(preview.encoding).toBe('utf-8');
    expect(preview.columns[0].name).toBe('InvoiceNo');
    expect(preview.roles.customer).toBe('CustomerID');
    expect(outcome.rejected).toBe(119);
    expect(outcome.rows + outcome.rejected).toBe(8373); // 8374 lines: the header + 8373 data lines
    expect(progress.at(-1)?.stage).toBe('done');

    const rejected = await getRejected(outcome.datasetId, 0, 1000);
    expect(rejected).toHaveLength(119);
    expect(rejected[0]).toMatchObject({ line: 111 });
    expect(rejected[0].reason).toMatch(/wrapped/);
    expect(rejected[0].text).toContain('AIRLINE LOUNGE,METAL SIGN');
    const csv = await (await bridge.run((api) => api.rejectedCsv(outcome.datasetId))).text();
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(120);
    expect(lines[0]).toBe('line,reason,text');
    expect(lines[1]).toMatch(/^111,the whole line is wrapped in quotes,/);

    const customer = meta.profile?.columns.find((c) => c.name === 'CustomerID');
    expect(customer?.type).toBe('id');
    const table = await loadTable(outcome.datasetId, ['CustomerID', 'Quantity']);
    expect(table.rows).toBe(outcome.rows);
    const ids = table.columns[0];
    expect(ids.type === 'id' && ids.dictionary.includes('17850')).toBe(true);
    expect(customer?.missing).toBe(ids.type === 'id' ? ids.codes.filter((c) => c < 0).length : -1);
  });

  it('decodes Latin-1 (MovieLens u.item) and reads a pipe-delimited headerless file', async () => {
    const { preview, meta } = await importWhole(await datasetFile('movielens-100k/u.item'));
    expect(preview.encoding).toBe('latin1');
    expect(preview.delimiter).toBe('|');
    expect(preview.header).toBe(false);
    expect(meta.rows).toBe(1682);
    const table = await loadTable(meta.id, ['column_2']);
    const titles = table.columns[0];
    expect(isCategoricalColumn(titles) && titles.dictionary.some((t) => t.includes('é'))).toBe(true);
  });

  it('says clearly what is wrong with an empty, header-only or binary file, and stores nothing', async () => {
    const before = (await listDatasets()).length;
    await expect(bridge.run((api) => api.preview(textFile('', 'empty.csv')))).rejects.toThrow(/empty\.csv is empty/);
    const headerOnly = textFile('id,amount\n', 'header.csv');
    await expect(importWhole(headerOnly)).rejects.toThrow(/header row but no data rows/);
    const binary = new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 1, 2, 3])], 'data.zip');
    await expect(bridge.run((api) => api.preview(binary))).rejects.toThrow(/binary file/);
    expect((await listDatasets()).length).toBe(before);
    // The worker removes its own staging record on failure (it no longer waits for the UI to), so nothing is left.
    expect(await leftovers(made.at(-1)!)).toBe(0);
    await deleteDataset(made.at(-1)!);
  });

  it('cancel terminates the worker; deleting the staging record leaves nothing', async () => {
    const rows = Array.from({ length: 400_000 }, (_, i) => `${i},C${i % 5000},${(i % 97) * 1.25},2024-01-${String((i % 28) + 1).padStart(2, '0')}`);
    const big = textFile(`row,customer,amount,date\n${rows.join('\n')}\n`, 'big.csv');
    const preview = await bridge.run((api) => api.preview(big));
    const datasetId = crypto.randomUUID();
    const request: ImportRequest = { datasetId, name: 'big', encoding: preview.encoding, delimiter: preview.delimiter, header: true, columns: preview.columns, roles: {} };
    let sawProgress!: () => void;
    const started = new Promise<void>((r) => (sawProgress = r));
    const running = bridge.run((api) => api.importFile(big, request, proxy(() => sawProgress())));
    await started;
    bridge.cancel();
    await expect(running).rejects.toBeInstanceOf(CancelledError);
    await deleteDataset(datasetId);
    expect(await leftovers(datasetId)).toBe(0);
    // The next call starts a fresh worker.
    expect((await bridge.run((api) => api.preview(textFile('a,b\n1,2\n')))).columns).toHaveLength(2);
  });

  it('keeps cell text as data', async () => {
    const { meta } = await importWhole(textFile('id,note\n1,<img src=x onerror=alert(1)>\n2,=1+2\n', 'xss.csv'));
    const table = await loadTable(meta.id, ['note']);
    const note = table.columns[0];
    expect(note.type !== 'number' && 'dictionary' in note && note.dictionary).toEqual(['<img src=x onerror=alert(1)>', '=1+2']);
  });
});
