// Lifetime value, cohorts and survival through the real compute worker, on data imported by the real
// import worker: the cases of tests/capabilities/clv.ts (Node runs the same on src/lib/clv), then what
// only the app has: the run stored and served again by a fresh worker (after a cancel or a reload).
import { proxy } from 'comlink';
import { afterAll, describe, expect, it } from 'vitest';
import type { ClvRequest, ModelProgress } from '../../src/contract';
import { createComputeBridge } from '../../src/state/worker-pool';
import { deleteDataset, getDataset, updateDataset } from '../../src/storage/datasets';
import { loadResult } from '../../src/storage/results';
import { clvCases, type ClvDriver } from '../capabilities/clv';
import { importOnce } from './files';

const bridge = createComputeBridge();
const made: string[] = [];

afterAll(async () => {
  bridge.cancel();
  for (const id of made) await deleteDataset(id);
});

const driver: ClvDriver = {
  dataset: importOnce(made),
  async clv(request, first) {
    const stages: string[] = [];
    const view = await bridge.run((api) => api.clv(request, proxy((p: ModelProgress) => stages.push(p.stage)), first));
    return { view, stages };
  },
  rows: (query) => bridge.run((api) => api.clvRows(query)),
  csv: async (order) => {
    const blob = await bridge.run((api) => api.clvCsv(order));
    expect(blob).toBeInstanceOf(Blob);
    return blob.text();
  },
  cohorts: (request) => bridge.run((api) => api.cohorts(request)),
  survival: (request) => bridge.run((api) => api.survival(request)),
};

describe('lifetime value worker', () => {
  for (const c of clvCases) it(c.name, () => c.run(driver), 120_000);

  it('stores the run: a fresh worker shows it again (view, settings, stale) and pages and exports it', async () => {
    const datasetId = await driver.dataset({ file: 'cdnow/CDNOW_sample.txt', header: false, columns: ['customer', 'sample', 'date', 'cds', 'dollars'] });
    const request: ClvRequest = { datasetId, customer: 'customer', date: 'date', amount: 'dollars', unit: 'week', calibrationEnd: '1997-09-30', months: 12, monthlyDiscountRate: 0.01, penalizer: 0 };
    const { view } = await driver.clv(request, { sort: 'pAlive', descending: true });
    const stored = await loadResult('clv');
    expect(stored?.settings).toEqual(request);
    expect(stored?.datasetIds).toEqual([datasetId]);
    const csv = await driver.csv({ sort: 'clv', descending: true });

    bridge.cancel(); // the shared worker stops (a cancel, an idle stop, a reload): its cache is gone
    const last = await bridge.run((api) => api.clvLast());
    expect(last?.settings).toEqual(request);
    expect(last?.stale).toEqual([]);
    expect(last?.view.analysis.bgnbd).toEqual(view.analysis.bgnbd);
    expect(last?.view.table.query.sort).toBe('clv');
    bridge.cancel();
    expect(await driver.rows({ sort: 'pAlive', descending: true, offset: 0, limit: 20 })).toEqual(view.table.page);
    bridge.cancel();
    expect(await driver.csv({ sort: 'clv', descending: true })).toBe(csv);

    // A dataset that changed since (a change of roles moves its version on) makes the result out of date.
    const meta = await getDataset(datasetId);
    await updateDataset(datasetId, { roles: { ...meta.roles } });
    expect((await bridge.run((api) => api.clvLast()))?.stale).toEqual([meta.name]);

    // Deleting the dataset deletes the run; the warm worker's cache of it goes too (it paged it before).
    expect(await driver.rows({ sort: 'pAlive', descending: true, offset: 0, limit: 20 })).toEqual(view.table.page);
    await deleteDataset(datasetId);
    await expect(driver.rows({ sort: 'pAlive', descending: true, offset: 0, limit: 20 })).rejects.toThrow('Run the lifetime value model first');
    await expect(driver.csv({ sort: 'clv', descending: true })).rejects.toThrow('Run the lifetime value model first');
  });
});
