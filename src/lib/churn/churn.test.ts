// The churn capability in Node, on src/lib/churn directly: the cases of tests/capabilities/churn.ts
// (the browser runs the same through the compute worker), and the pure helpers alone.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTable } from '../data/parse-table';
import { suggestRoles } from '../data/roles';
import type { Table } from '../data/table';
import { loadDataset } from '../../../tests/datasets';
import { churnCases, type ChurnDriver } from '../../../tests/capabilities/churn';
import {
  defaultIdColumn,
  inspectChurn,
  modelInfo,
  prepareChurn,
  runChurn,
  scoreOrder,
  scorePage,
  scoresCsv,
  scoreWithModel,
  scoringColumns,
  sortModels,
  sourceColumns,
  sourceKey,
  thin,
  type ChurnDatasetInfo,
  type ChurnOutcome,
  type ChurnScores,
  type SavedChurnModelInfo,
} from '.';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function nodeDriver(): ChurnDriver {
  const datasets = new Map<string, { table: Table; meta: ChurnDatasetInfo }>();
  const models = new Map<string, { info: SavedChurnModelInfo; outcome: ChurnOutcome }>();
  let last: ChurnOutcome | null = null;
  const get = (id: string) => datasets.get(id)!;
  const scores = (): ChurnScores => {
    if (!last) throw new Error('No churn scores yet');
    return last.scores;
  };
  const prepared = (source: Parameters<ChurnDriver['inspect']>[0]) => {
    const { table, meta } = get(source.datasetId);
    const wanted = sourceColumns(source);
    const t = wanted ? { rows: table.rows, columns: table.columns.filter((c) => wanted.includes(c.name)) } : table;
    return prepareChurn(source, t, meta);
  };
  return {
    async dataset(source) {
      const id = `d${datasets.size + 1}`;
      const table = 'file' in source ? (await loadDataset(source.file)).table : parseTable(new TextEncoder().encode(source.text)).table;
      const name = 'file' in source ? source.file.split('/').pop()! : source.name;
      datasets.set(id, { table, meta: { name, columns: table.columns, roles: suggestRoles(table) } });
      return id;
    },
    inspect: async (source) => inspectChurn(prepared(source)),
    async train(request) {
      const stages: string[] = [];
      const outcome = await runChurn(prepared(request.source), request, { datasetVersion: 1, backend: 'cpu' }, (p) => stages.push(p.stage));
      last = outcome;
      return { run: outcome.run, stages };
    },
    page: async (request) => scorePage(scores(), scoreOrder(scores(), request.sort), request),
    csv: async () => scoresCsv(scores()),
    async saveModel(name) {
      if (!last?.run) throw new Error('Train a churn model first');
      const info = modelInfo(`m${models.size + 1}`, name, last.model, last.scores.customers.length);
      models.set(info.id, { info, outcome: last });
      return sortModels([...models.values()].map((m) => m.info));
    },
    async score(request) {
      const saved = models.get(request.modelId)!.outcome.model;
      const { table, meta } = get(request.datasetId);
      const idColumn = request.idColumn ?? defaultIdColumn(meta);
      const names = scoringColumns(saved, meta.columns.map((c) => c.name), idColumn);
      const t = { rows: table.rows, columns: table.columns.filter((c) => names.includes(c.name)) };
      last = await scoreWithModel(saved, t, { datasetId: request.datasetId, datasetVersion: 1, datasetName: meta.name, idColumn });
      return last.scored;
    },
  };
}

describe('churn capability (Node)', () => {
  for (const c of churnCases) it(c.name, () => c.run(nodeDriver()), 180_000);
});

describe('churn helpers', () => {
  it('thins parallel curves to evenly spaced points, keeping both ends', () => {
    const x = Float64Array.from({ length: 10 }, (_, i) => i);
    const [a, b] = thin(4, x, x.map((v) => v * 2));
    expect([...a]).toEqual([0, 3, 6, 9]);
    expect([...b]).toEqual([0, 6, 12, 18]);
    expect([...thin(20, x)[0]]).toEqual([...x]);
  });

  it('orders, pages and exports scores (ties by row, descending from the end)', () => {
    const s: ChurnScores = {
      datasetId: 'd',
      createdAt: '2026-01-01T00:00:00Z',
      customers: ['b', 'a', 'c', 'd'],
      probability: Float64Array.of(0.5, 0.9, 0.5, 0.1),
      band: Uint8Array.of(1, 2, 1, 0),
      bandNames: ['low', 'medium', 'high'],
      reasons: [['x'], ['=SUM(A1)', 'y'], [], []],
    };
    expect([...scoreOrder(s, 'probability')]).toEqual([3, 2, 0, 1]);
    expect([...scoreOrder(s, 'customer')]).toEqual([1, 0, 2, 3]);
    const page = scorePage(s, scoreOrder(s, 'probability'), { offset: 1, limit: 2, sort: 'probability', descending: true });
    expect(page).toEqual({ total: 4, rows: [{ customer: 'b', probability: 0.5, band: 1, reasons: ['x'] }, { customer: 'c', probability: 0.5, band: 1, reasons: [] }] });
    const lines = scoresCsv(s).trim().split('\r\n');
    expect(lines).toEqual([
      'customer,churn_probability,risk_band,reason_1,reason_2,reason_3',
      "a,0.9,high,'=SUM(A1),y,",
      'b,0.5,medium,x,,',
      'c,0.5,medium,,,',
      'd,0.1,low,,,',
    ]);
  });

  it('keys a source by its dataset version, not by the churned value; loads only what a derived label needs', () => {
    const source = { kind: 'label' as const, datasetId: 'd', target: 'y', positive: 'Yes' };
    expect(sourceKey(source, 1)).toBe(sourceKey({ ...source, positive: 'No' }, 1));
    expect(sourceKey(source, 1)).not.toBe(sourceKey(source, 2));
    expect(sourceColumns(source)).toBeUndefined();
    expect(sourceColumns({ kind: 'derive', datasetId: 'd', customer: 'c', date: 't', horizonDays: 30 })).toEqual(['c', 't']);
    expect(defaultIdColumn({ columns: [{ name: 'id', type: 'id' }], roles: {} })).toBeNull();
    expect(defaultIdColumn({ columns: [{ name: 'id', type: 'id' }], roles: { customer: 'id' } })).toBe('id');
  });

  it('names saved models newest first, a blank name from the model, target and date', () => {
    const a = { id: 'a', createdAt: '2026-01-01' } as SavedChurnModelInfo;
    const b = { id: 'b', createdAt: '2026-02-01' } as SavedChurnModelInfo;
    expect(sortModels([a, b]).map((m) => m.id)).toEqual(['b', 'a']);
    const saved = {
      createdAt: '2026-03-04T05:06:07Z',
      model: { kind: 'gbdt' },
      target: { column: 'Churn' },
      metrics: { aucMean: 0.8, aucStd: 0.01 },
      pipeline: { steps: [{ column: 'tenure' }] },
    } as unknown as Parameters<typeof modelInfo>[2];
    expect(modelInfo('m', '  ', saved, 10, '2026-03-05').name).toBe('gradient boosting · Churn · 2026-03-04');
  });
});
