// The typed result store in real IndexedDB: saved with dataset versions, out of date after a change,
// deleted with its dataset, never stored for a dataset deleted meanwhile; and the v1 -> v2 upgrade.
import { describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { RetentionDb, getDb, useDb } from '../../src/storage/db';
import { deleteDataset, getSetting } from '../../src/storage/datasets';
import { changedSince, deleteResult, listResults, loadResult, resultsOf, saveResult } from '../../src/storage/results';
import { emptyDataset } from './files';

const segmentation = (datasetId: string) => ({ id: 's1', name: 'RFM', createdAt: 1, datasetId, customers: ['a', 'b'], segment: ['Champions', 'At risk'] });

describe('results store', () => {
  it('keeps a result with its dataset versions, says when it is out of date, and lists it for the delete dialog', async () => {
    const id = await emptyDataset('customers');
    const saved = await saveResult('segmentation', segmentation(id), { datasets: [id], settings: { k: 4 } });
    expect(saved?.key).toBe('segmentation:last');
    const back = await loadResult('segmentation');
    expect(back?.value.segment).toEqual(['Champions', 'At risk']);
    expect(back?.settings).toEqual({ k: 4 });
    expect(await changedSince(back!)).toEqual([]);
    await getDb().datasets.update(id, { version: 2 });
    expect(await changedSince(back!)).toEqual(['customers']);
    expect((await resultsOf(id)).map((r) => r.label)).toEqual(['saved segmentation (for the action list)']);
    await deleteResult('segmentation');
    expect(await loadResult('segmentation')).toBeUndefined();
    await deleteDataset(id);
  });

  it('deletes every result derived from a dataset with it, and only those', async () => {
    const a = await emptyDataset('a');
    const b = await emptyDataset('b');
    await saveResult('segmentation', segmentation(a), { datasets: [a] });
    await saveResult('holdout', { summary: { createdAt: '', customers: 1, treatment: 1, control: 0, share: 0.2, seed: 1, strata: [] }, customers: ['x'], control: [], probability: [0.5], action: ['call'] }, { datasets: [a, b] });
    await saveResult('segment', { note: 'of b only' } as never, { datasets: [b] });
    await deleteDataset(a);
    expect(await loadResult('segmentation')).toBeUndefined();
    expect(await loadResult('holdout')).toBeUndefined();
    expect((await loadResult('segment'))?.value).toEqual({ note: 'of b only' });
    await deleteDataset(b);
    expect(await getDb().results.where('datasetIds').anyOf([a, b]).count()).toBe(0);
  });

  it('stores nothing for a dataset deleted while the result was computed', async () => {
    const id = await emptyDataset('gone');
    await deleteDataset(id);
    expect(await saveResult('segmentation', segmentation(id), { datasets: [id] })).toBeNull();
    expect(await loadResult('segmentation')).toBeUndefined();
  });

  it('upgrades a version-1 store: saved churn models move to results, derived settings go', async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores({ datasets: 'id, status, createdAt', chunks: '[datasetId+column+chunk], datasetId', dictionaries: '[datasetId+column], datasetId', rejected: '[datasetId+line], datasetId', settings: 'key' });
    await v1.table('settings').bulkPut([
      { key: 'churnModels', value: [{ id: 'm1', name: 'June', createdAt: '2026-06-01T00:00:00Z' }] },
      { key: 'churnModel:m1', value: { saved: { format: 'x' }, scores: { datasetId: 'd1', datasetVersion: 3 } } },
      { key: 'churnScores:last', value: { datasetId: 'd1', customers: ['c1'] } },
      { key: 'engineBackend', value: 'wasm' },
      { key: 'engineCalibration', value: { chosen: 'wasm', results: [] } },
    ]);
    v1.close();
    const db = new RetentionDb(name);
    const before = getDb();
    useDb(db);
    try {
      const models = await listResults('churn-model');
      expect(models.map((m) => [m.name, m.datasetIds, m.versions, m.value.info.id])).toEqual([['m1', ['d1'], { d1: 3 }, 'm1']]);
      expect(await getSetting('churnScores:last')).toBeUndefined();
      expect(await getSetting('churnModels')).toBeUndefined();
      expect(await getSetting('engineBackend')).toBe('wasm');
      // The calibration is a result of this device now.
      expect(await getSetting('engineCalibration')).toBeUndefined();
      expect((await loadResult('engine'))?.value).toEqual({ chosen: 'wasm', results: [] });
    } finally {
      useDb(before);
      db.close();
      await Dexie.delete(name);
    }
  });
});
