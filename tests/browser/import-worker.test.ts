// The import cases through the real import worker into real IndexedDB (the same cases run in Node on
// src/lib/import with a sink in memory: src/lib/import/import.test.ts).
import { proxy } from 'comlink';
import { afterAll, describe, it } from 'vitest';
import { createImportBridge } from '../../src/state/worker-pool';
import { deleteDataset, getRejected, listDatasets } from '../../src/storage/datasets';
import { importCases, type ImportDriver } from '../capabilities/import';

const bridge = createImportBridge();
const made: string[] = [];

afterAll(async () => {
  bridge.cancel();
  for (const id of made) await deleteDataset(id).catch(() => {});
});

const browser: ImportDriver = {
  where: 'browser',
  preview: (file) => bridge.run((api) => api.preview(file)),
  importFile: (file, request) => {
    made.push(request.datasetId);
    return bridge.run((api) => api.importFile(file, request, proxy(() => {})));
  },
  stored: async (id) => {
    const meta = (await listDatasets()).find((d) => d.id === id);
    if (!meta) return null;
    const rejected = (await getRejected(id, 0, 1000)).map((r) => r.line);
    return { columns: meta.columns.map((c) => ({ name: c.name, type: c.type })), rows: meta.rows, rejected };
  },
};

describe('import capability (through the import worker)', () => {
  for (const c of importCases) it(c.name, () => c.run(browser));
});
