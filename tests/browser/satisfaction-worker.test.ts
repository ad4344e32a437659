// Satisfaction through the real compute worker, on data imported by the real import worker: the cases of
// tests/capabilities/satisfaction.ts (Node runs the same on src/lib/satisfaction), then what only the app has:
// the run stored (kind 'satisfaction'), served again by a fresh worker, and deleted with a dataset it came from.
import { afterAll, describe, expect, it } from 'vitest';
import { createComputeBridge } from '../../src/state/worker-pool';
import { deleteDataset } from '../../src/storage/datasets';
import { updateLinks } from '../../src/storage/links';
import { deleteResult, loadResult, saveResult } from '../../src/storage/results';
import { demoDatasets, satisfactionCases, type SatisfactionDriver } from '../capabilities/satisfaction';
import { importOnce } from './files';

const bridge = createComputeBridge();
const made: string[] = [];
const before = await loadResult('satisfaction');

afterAll(async () => {
  bridge.cancel();
  for (const id of made) await deleteDataset(id).catch(() => {});
  if (before) await saveResult('satisfaction', before.value, { datasets: before.datasetIds, settings: before.settings });
  else await deleteResult('satisfaction');
});

const imported = importOnce(made);
const driver: SatisfactionDriver = {
  dataset: ({ text, name }) => imported({ text, name }),
  async confirmLink(a, b) {
    const same = (x: { datasetId: string; column: string }, y: { datasetId: string; column: string }) => x.datasetId === y.datasetId && x.column === y.column;
    await updateLinks((all) => [
      ...all.filter((l) => !(same(l.from, a) && same(l.to, b))),
      { id: crypto.randomUUID(), from: a, to: b, status: 'confirmed', origin: 'user', fromValues: 0, toValues: 0, matched: 0 } as never,
    ]);
  },
  run: (request) => bridge.run((api) => api.satisfaction(request)),
};

describe('satisfaction worker', () => {
  for (const c of satisfactionCases) it(c.name, () => c.run(driver), 60_000);

  it('stores the run: a fresh worker returns it (view, settings, not stale); deleting the linked customers deletes it', async () => {
    const { surveys, customers } = await demoDatasets(driver);
    const request = { datasetId: surveys, score: 'nps', date: 'responded_at', label: 'churned', customer: 'customer_id', linked: { datasetId: customers, key: 'customer_id', surveyKey: 'customer_id' } };
    const view = await driver.run(request);
    const stored = await loadResult('satisfaction');
    expect(stored?.datasetIds.sort()).toEqual([surveys, customers].sort());
    bridge.cancel();
    const last = await bridge.run((api) => api.satisfactionLast());
    expect(last?.settings).toEqual(request);
    expect(last?.stale).toEqual([]);
    expect(last?.view).toEqual(view);
    await deleteDataset(customers);
    expect(await loadResult('satisfaction')).toBeUndefined();
    await expect(bridge.run((api) => api.satisfactionLast())).resolves.toBeNull();
  });
});
