// The import pipeline in Node with a sink in memory: the same cases the browser runs through the worker.
import { describe, expect, it } from 'vitest';
import { importInto, previewFile, type ImportSink } from './run';
import { importCases, type ImportDriver } from '../../../tests/capabilities/import';

interface Staged {
  columns: { name: string; type: string }[];
  rows: number;
  rejected: number[];
  committed: boolean;
}

const store = new Map<string, Staged>();

function memorySink(id: string): ImportSink {
  return {
    begin: async (dataset) => void store.set(id, { columns: dataset.columns, rows: 0, rejected: [], committed: false }),
    putChunk: async (_index, columns) => columns.reduce((n, c) => n + c.byteLength, 0),
    putRejected: async (rows) => void store.get(id)!.rejected.push(...rows.map((r) => r.line)),
    commit: async (info) => void Object.assign(store.get(id)!, { rows: info.rows, columns: info.columns, committed: true }),
    abort: async () => void store.delete(id),
    pseudonymKeyHex: async () => '00'.repeat(32),
    quotaMessage: async (file) => `${file.name}: storage full`,
  };
}

const node: ImportDriver = {
  where: 'node',
  preview: (file) => previewFile(file),
  importFile: (file, request) => importInto(memorySink(request.datasetId), file, request, () => {}),
  stored: async (id) => {
    const s = store.get(id);
    return s?.committed ? { columns: s.columns.map((c) => ({ name: c.name, type: c.type })), rows: s.rows, rejected: s.rejected } : null;
  },
};

describe('import capability (Node, sink in memory)', () => {
  for (const c of importCases) it(c.name, () => c.run(node));
});

describe('preview of survey answers', () => {
  it('suggests the satisfaction role with the reason its values give', async () => {
    const lines = ['customer_id,responded_at,nps,support_calls', ...Array.from({ length: 40 }, (_, i) => `C${i % 25},2024-0${1 + (i % 9)}-1${i % 9},${i % 11},${i % 10}`)];
    const preview = await previewFile(new File([lines.join('\n')], 'survey.csv', { type: 'text/csv' }));
    expect(preview.roles.satisfaction).toBe('nps');
    expect(preview.roleReasons).toEqual({ nps: "satisfaction: whole numbers 0-10 and the name says 'nps'" });
  });
});
