// Segmentation through the compute worker on the reference protocol (CDNOW, log RFM, k-means++).
import { afterAll, describe, expect, it } from 'vitest';
import { createComputeBridge } from '../../src/state/worker-pool';
import { deleteDataset } from '../../src/storage/datasets';
import { datasetFile, importForTest } from './files';

const bridge = createComputeBridge();
const made: string[] = [];

afterAll(async () => {
  bridge.cancel();
  for (const id of made) await deleteDataset(id);
});

describe('segmentation worker', () => {
  it('reproduces the sklearn CDNOW inertia for k = 5 and gives RFM segments, a sweep and a map', async () => {
    const ds = await importForTest(await datasetFile('cdnow/CDNOW_master.txt'));
    made.push(ds.id);
    const source = { kind: 'rfm' as const, datasetId: ds.id, customer: 'customer_id', date: 'date', amount: 'dollar_value', asOf: '1998-07-01' };
    const result = await bridge.run((api) => api.segment({ source, features: ['recency', 'frequency', 'monetary'], log: true, k: 5, restarts: 10, seed: 0 }));
    expect(result.customers).toBe(23570);
    expect(result.inertia / 13016.8).toBeLessThan(1.005);
    expect(result.silhouette).toBeGreaterThan(0.35);
    expect(result.sizes.reduce((a, b) => a + b, 0)).toBe(23570);
    expect(result.rfm?.segments.reduce((a, s) => a + s.customers, 0)).toBe(23570);
    expect(result.map.x.length).toBe(result.map.labels.length);
    expect(result.backend).toMatch(/^wasm-simd kernel, 1 thread \(engine: (wasm|cpu|webgpu)\)$/);

    const csv = await bridge.run((api) => api.segmentCsv());
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('customer,recency,frequency,monetary,r_score,f_score,m_score,rfm_segment,cluster');
    expect(lines).toHaveLength(23571);
  });

  it('suggests K from a sweep', async () => {
    const ds = await importForTest(await datasetFile('cdnow/CDNOW_sample.txt'), { header: false, columns: ['customer', 'sample', 'date', 'cds', 'dollars'] });
    made.push(ds.id);
    const source = { kind: 'rfm' as const, datasetId: ds.id, customer: 'customer', date: 'date', amount: 'dollars' };
    const result = await bridge.run((api) => api.segment({ source, features: ['recency', 'frequency', 'monetary'], log: true, k: 'auto', restarts: 3, seed: 1 }));
    expect(result.sweep?.points.map((p) => p.k)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(result.k).toBe(result.sweep?.suggestedK);
  });
});
