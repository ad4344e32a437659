// The lifetime value capability in Node, on src/lib/clv directly: the cases of tests/capabilities/clv.ts
// (the browser runs the same through the compute worker).
import { describe, it } from 'vitest';
import { parseTable } from '../data/parse-table';
import type { Table } from '../data/table';
import { loadDataset } from '../../../tests/datasets';
import { clvCases, type ClvDriver } from '../../../tests/capabilities/clv';
import { ClvRows, runClv, runCohorts, runSurvival } from '.';

function nodeDriver(): ClvDriver {
  const tables = new Map<string, Table>();
  let rows: ClvRows | null = null;
  const table = (id: string) => tables.get(id)!;
  const last = () => {
    if (!rows) throw new Error('Run the lifetime value model first');
    return rows;
  };
  return {
    async dataset(source) {
      const id = `d${tables.size + 1}`;
      const t = 'file' in source ? (await loadDataset(source.file, { header: source.header, columns: source.columns })).table : parseTable(new TextEncoder().encode(source.text)).table;
      tables.set(id, t);
      return id;
    },
    async clv(request, first) {
      const stages: string[] = [];
      rows = new ClvRows(runClv(table(request.datasetId), request, (p) => stages.push(p.stage)));
      return { view: rows.view(first), stages };
    },
    rows: async (query) => last().page(query),
    csv: async (order) => last().csv(order),
    cohorts: async (request) => runCohorts(table(request.datasetId), request),
    async survival(request) {
      const j = request.join;
      return runSurvival(table(request.datasetId), request, j && { table: table(j.datasetId), key: j.key, column: j.column });
    },
  };
}

describe('lifetime value capability (Node)', () => {
  for (const c of clvCases) it(c.name, () => c.run(nodeDriver()), 60_000);
});
