// Import cases that run twice: in Node on src/lib/import directly with a sink in memory
// (src/lib/import/import.test.ts) and in the browser through the import worker into IndexedDB
// (tests/browser/import-worker.test.ts). Each runner supplies a driver; the outcomes are the same.
import { expect } from 'vitest';
import type { FilePreview, ImportOutcome, ImportRequest } from '../../src/contract';

export interface ImportDriver {
  where: 'node' | 'browser';
  preview(file: File): Promise<FilePreview>;
  importFile(file: File, request: ImportRequest): Promise<ImportOutcome>;
  /** What was stored: each column's name and type, the rows, and the rejected lines. */
  stored(datasetId: string): Promise<{ columns: { name: string; type: string }[]; rows: number; rejected: number[] } | null>;
}

export interface ImportCase {
  name: string;
  run(d: ImportDriver): Promise<void>;
}

const file = (text: string, name: string) => new File([text], name, { type: 'text/csv' });

function requestFor(f: File, p: FilePreview, extra: Partial<ImportRequest> = {}): ImportRequest {
  return { datasetId: crypto.randomUUID(), name: f.name, encoding: p.encoding, delimiter: p.delimiter, header: p.header, columns: p.columns.map((c) => ({ name: c.name, type: c.type })), roles: p.roles, ...extra };
}

export const importCases: ImportCase[] = [
  {
    name: 'types from values, a stray quote rejected by line, every line in a row or the rejected list',
    async run(d) {
      const lines = ['customer,joined,plan,spend,active', 'c1,2024-01-05,basic,10.5,yes', 'c2,2024-02-11,pro,20,no', 'c3,2024-03-01,"pro,15,yes', 'c4,2024-03-09,team,7.25,yes'];
      const f = file(lines.join('\n') + '\n', 'customers.csv');
      const p = await d.preview(f);
      expect(p.columns.map((c) => [c.name, c.type])).toEqual([['customer', 'id'], ['joined', 'date'], ['plan', 'category'], ['spend', 'number'], ['active', 'boolean']]);
      expect(p.problem).toBeNull();
      const request = requestFor(f, p);
      const outcome = await d.importFile(f, request);
      expect(outcome.rows + outcome.rejected + 1).toBe(lines.length);
      expect(outcome.rejected).toBe(1);
      const stored = await d.stored(outcome.datasetId);
      expect(stored?.rows).toBe(3);
      expect(stored?.rejected).toEqual([4]);
      expect(stored?.columns.map((c) => c.type)).toEqual(['id', 'date', 'category', 'number', 'boolean']);
    },
  },
  {
    name: 'a dropped personal column is never stored, and rejected lines keep no text',
    async run(d) {
      const f = file('id,email,score\n1,a@x.org,3\n2,b@x.org,4\n', 'people.csv');
      const p = await d.preview(f);
      const outcome = await d.importFile(f, requestFor(f, p, { pii: { email: 'drop' } }));
      const stored = await d.stored(outcome.datasetId);
      expect(stored?.columns.map((c) => c.name)).toEqual(['id', 'score']);
      expect(outcome.rows).toBe(2);
    },
  },
  {
    name: 'a failing import leaves nothing behind',
    async run(d) {
      const f = file('a,b\n1,2\n', 'x.csv');
      const p = await d.preview(f);
      const request = requestFor(f, p, { pii: { a: 'drop', b: 'drop' } });
      await expect(d.importFile(f, request)).rejects.toThrow('Every column is marked "drop": nothing would be stored');
      expect(await d.stored(request.datasetId)).toBeNull();
    },
  },
];
