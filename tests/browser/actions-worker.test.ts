// The action list through the real compute worker and IndexedDB: the shared cases of
// tests/capabilities/actions.ts (the same numbers as in Node), then what only the worker does: the
// list and the hold-out are stored results, so a fresh worker (a reload, a restart after a cancel)
// pages, exports and reports the last list; a change of its data marks it out of date.
import { afterAll, describe, expect, it } from 'vitest';
import type { ComputeApi } from '../../src/contract';
import { createComputeBridge } from '../../src/state/worker-pool';
import type { WorkerBridge } from '../../src/state/bridge';
import { deleteDataset, getDataset, getSetting, updateDataset } from '../../src/storage/datasets';
import { deleteResult, loadResult, resultsOf, saveResult } from '../../src/storage/results';
import type { ResultTypes } from '../../src/storage/result-types';
import { actionsCases, demoDatasets, demoRequest, type ActionsDriver } from '../capabilities/actions';
import { importForTest, textFile } from './files';

let bridge: WorkerBridge<ComputeApi> = createComputeBridge();
const made: string[] = [];
const before = { churn: await loadResult('churn'), segmentation: await loadResult('segmentation') };

afterAll(async () => {
  bridge.cancel();
  for (const id of made) await deleteDataset(id);
  for (const kind of ['churn', 'segmentation'] as const) {
    const b = before[kind];
    if (b) await saveResult(kind, b.value as never, { datasets: b.datasetIds, settings: b.settings });
    else await deleteResult(kind);
  }
});

/** A fresh compute worker: nothing cached, everything from the result store. */
function restart(): void {
  bridge.cancel();
  bridge = createComputeBridge();
}

const call: WorkerBridge<ComputeApi>['run'] = (f) => bridge.run(f);

const driver: ActionsDriver = {
  async dataset(csv, name) {
    const meta = await importForTest(textFile(csv, name));
    made.push(meta.id);
    return meta.id;
  },
  async saveChurn(scores) {
    // The action list reads only the scores of the Churn page's record.
    await saveResult('churn', { scores } as unknown as ResultTypes['churn'], { datasets: [scores.datasetId] });
  },
  async saveSegmentation(seg) {
    await saveResult('segmentation', seg, { datasets: [seg.datasetId] });
  },
  async withRecommend(stored, f) {
    const previous = await loadResult('recommend');
    await saveResult('recommend', stored, { datasets: [stored.request.datasetId] });
    try {
      return await f();
    } finally {
      if (previous) await saveResult('recommend', previous.value, { datasets: previous.datasetIds, settings: previous.settings });
      else await deleteResult('recommend');
    }
  },
  async withUplift(scores, f) {
    // The action list reads only the scores of the Uplift page's record; the record before comes back after.
    const previous = await loadResult('uplift');
    await saveResult('uplift', { scores } as unknown as ResultTypes['uplift'], { datasets: [] });
    try {
      return await f();
    } finally {
      if (previous) await saveResult('uplift', previous.value, { datasets: previous.datasetIds, settings: previous.settings });
      else await deleteResult('uplift');
    }
  },
  async changeRoles(datasetId) {
    const meta = await getDataset(datasetId);
    await updateDataset(datasetId, { roles: { ...meta.roles, amount: undefined } });
  },
  build: (request) => call((api) => api.actionsBuild(request)),
  setRules: (rules, profit) => call((api) => api.actionsSetRules(rules, profit)),
  profitCsv: async () => (await call((api) => api.actionsProfitCsv())).text(),
  page: (request) => call((api) => api.actionsPage(request)),
  csv: async (query) => (await call((api) => api.actionsCsv(query))).text(),
  holdout: (request) => call((api) => api.actionsHoldout(request)),
  holdoutCsv: async () => (await call((api) => api.actionsHoldoutCsv())).text(),
  outcomes: (csv) => call((api) => api.actionsOutcomes(new File([csv], 'outcomes.csv', { type: 'text/csv' }))),
  report: async (options) => (await call((api) => api.actionsReport(options))).text(),
};

actionsCases(driver);

describe('the action list in the result store', () => {
  it('survives a fresh worker: the last list, its settings, paging, CSV, hold-out and report; out of date after a change', async () => {
    const ids = await demoDatasets(driver, { customers: 300, seed: 11 });
    const request = demoRequest(ids);
    const summary = await driver.build(request);
    const firstPage = await driver.page({ sort: 'valueAtRisk', descending: true, offset: 0, limit: 50 });
    const csv = await driver.csv({ sort: 'customer', descending: false });
    const record = await loadResult('actions');
    expect(record?.datasetIds.sort()).toEqual(Object.values(ids).sort());
    expect(record?.settings).toEqual(request);
    expect(await getSetting('actions:rules')).toEqual(request.rules);

    restart();
    const last = await call((api) => api.actionsLast());
    expect(last?.view).toEqual(summary);
    expect(last?.settings).toEqual(request);
    expect(last?.stale).toEqual([]);
    restart();
    expect(await driver.page({ sort: 'valueAtRisk', descending: true, offset: 0, limit: 50 })).toEqual(firstPage);
    restart();
    expect(await driver.csv({ sort: 'customer', descending: false })).toBe(csv);

    // New rules are stored with the list: a fresh worker pages with them.
    await driver.setRules([{ bands: ['high'], action: 'Call the high risk' }]);
    restart();
    expect((await call((api) => api.actionsLast()))?.settings.rules).toEqual([{ bands: ['high'], action: 'Call the high risk' }]);
    const high = await driver.page({ sort: 'valueAtRisk', descending: true, action: 'Call the high risk', offset: 0, limit: 500 });
    expect(high.rows.every((r) => r.band === 'high')).toBe(true);

    // The hold-out is the 'holdout' result; a fresh worker exports it and reads outcomes against it.
    const holdout = await driver.holdout({ from: { kind: 'top', n: 100 }, share: 0.3, seed: 2 });
    expect((await loadResult('holdout'))?.value.summary).toEqual(holdout);
    restart();
    expect((await call((api) => api.actionsAvailable())).holdout).toEqual(holdout);
    const groups = (await driver.holdoutCsv()).trim().split('\r\n').slice(1);
    expect(groups).toHaveLength(100);
    restart();
    const outcome = await driver.outcomes(['customer_id,retained', ...groups.map((l) => `${l.split(',')[0]},1`)].join('\n'));
    expect(outcome.matched).toBe(100);
    restart();
    expect(await driver.report({ includeCustomers: false })).toContain('Churn model card');

    // A role of the transactions moves: the stored list says which dataset changed since.
    await driver.changeRoles(ids.transactions);
    expect((await call((api) => api.actionsLast()))?.stale).toEqual(['transactions.csv']);

    // Deleting a dataset it came from deletes the list and the hold-out with it.
    expect((await resultsOf(ids.products)).map((r) => r.kind).sort()).toEqual(['actions', 'holdout']);
    await deleteDataset(ids.products);
    // the warm worker's cache of the list goes with it too
    await expect(driver.page({ sort: 'customer', descending: false, offset: 0, limit: 5 })).rejects.toThrow('Build the action list first');
    restart();
    expect(await call((api) => api.actionsLast())).toBeNull();
    expect((await call((api) => api.actionsAvailable())).holdout).toBeNull();
    await expect(driver.page({ sort: 'customer', descending: false, offset: 0, limit: 5 })).rejects.toThrow('Build the action list first');
  }, 240_000);
});
