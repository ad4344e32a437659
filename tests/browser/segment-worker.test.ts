// Segmentation through the compute worker, on data imported by the real import worker: the cases of
// tests/capabilities/segment.ts (Node runs the same on src/lib/segment), then what only the app has: the
// run and the saved segmentation stored, and served again by a fresh worker (after a cancel or a reload).
import { afterAll, describe, expect, it } from 'vitest';
import type { SegmentRequest } from '../../src/contract';
import { createComputeBridge } from '../../src/state/worker-pool';
import { deleteDataset } from '../../src/storage/datasets';
import { loadResult } from '../../src/storage/results';
import { segmentCases, type SegmentDriver } from '../capabilities/segment';
import { importOnce } from './files';

const bridge = createComputeBridge();
const made: string[] = [];

afterAll(async () => {
  bridge.cancel();
  for (const id of made) await deleteDataset(id);
});

const driver: SegmentDriver = {
  where: 'browser',
  dataset: importOnce(made),
  segment: (request) => bridge.run((api) => api.segment(request)),
  csv: async () => {
    const blob = await bridge.run((api) => api.segmentCsv());
    expect(blob).toBeInstanceOf(Blob);
    return blob.text();
  },
  async save(name) {
    const id = await bridge.run((api) => api.saveSegmentation(name));
    const record = await loadResult('segmentation');
    expect(record?.value.id).toBe(id);
    expect(record?.datasetIds).toEqual([record?.value.datasetId]);
    return record!.value;
  },
};

describe('segmentation worker', () => {
  for (const c of segmentCases) it(c.name, () => c.run(driver), 120_000);

  it('stores the run: a fresh worker shows it again (view, settings, stale), exports and saves it', async () => {
    const datasetId = await driver.dataset({ file: 'cdnow/CDNOW_sample.txt', header: false, columns: ['customer', 'sample', 'date', 'cds', 'dollars'] });
    const request: SegmentRequest = { source: { kind: 'rfm', datasetId, customer: 'customer', date: 'date', amount: 'dollars' }, features: ['recency', 'frequency'], log: true, k: 3, restarts: 3, seed: 2 };
    const view = await driver.segment(request);
    expect((await loadResult('segment'))?.settings).toEqual(request);
    const csv = await driver.csv();

    bridge.cancel(); // the shared worker stops (a cancel, an idle stop, a reload): its cache is gone
    const last = await bridge.run((api) => api.segmentLast());
    expect(last?.settings).toEqual(request);
    expect(last?.stale).toEqual([]);
    expect(last?.view.sizes).toEqual(view.sizes);
    expect(last?.view.inertia).toBe(view.inertia);
    expect(Array.from(last!.view.map.labels)).toEqual(Array.from(view.map.labels));
    bridge.cancel();
    expect(await driver.csv()).toBe(csv);
    bridge.cancel();
    const saved = await driver.save('after a restart');
    expect(saved.customers).toHaveLength(view.customers);

    // Deleting the dataset deletes the run; the warm worker's cache of it goes too (it exported it before).
    expect(await driver.csv()).toBe(csv);
    await deleteDataset(datasetId);
    await expect(driver.csv()).rejects.toThrow('Run a segmentation first');
  });
});
