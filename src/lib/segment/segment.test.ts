// The segmentation capability in Node, on src/lib/segment directly: the cases of
// tests/capabilities/segment.ts (the browser runs the same through the compute worker).
import { describe, it } from 'vitest';
import { parseTable } from '../data/parse-table';
import type { Table } from '../data/table';
import { loadDataset } from '../../../tests/datasets';
import { segmentCases, type SegmentDriver } from '../../../tests/capabilities/segment';
import { runSegment, savedSegmentation, segmentCsv, type SegmentTable } from '.';

function nodeDriver(): SegmentDriver {
  const tables = new Map<string, Table>();
  let last: SegmentTable | null = null;
  const lastTable = () => {
    if (!last) throw new Error('Run a segmentation first');
    return last;
  };
  return {
    where: 'node',
    async dataset(source) {
      const id = `d${tables.size + 1}`;
      const t = 'file' in source ? (await loadDataset(source.file, { header: source.header, columns: source.columns })).table : parseTable(new TextEncoder().encode(source.text)).table;
      tables.set(id, t);
      return id;
    },
    async segment(request) {
      const run = await runSegment(tables.get(request.source.datasetId)!, request);
      last = run.table;
      return run.view;
    },
    csv: async () => segmentCsv(lastTable()),
    save: async (name) => savedSegmentation(lastTable(), name, 'id', 0),
  };
}

describe('segmentation capability (Node)', () => {
  for (const c of segmentCases) it(c.name, () => c.run(nodeDriver()), 120_000);
});
