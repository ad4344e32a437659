// Churn prediction through the real compute worker, on data imported by the real import worker: the
// cases of tests/capabilities/churn.ts (Node runs the same on src/lib/churn), then what only the app has:
// the run stored as the `churn` result and served again by a fresh worker, saved models as `churn-model`
// results, out of date after a change of its dataset, and gone with it.
import { proxy } from 'comlink';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChurnRequest, ModelProgress } from '../../src/contract';
import { createComputeBridge } from '../../src/state/worker-pool';
import { deleteDataset, getDataset, updateDataset } from '../../src/storage/datasets';
import { listResults, loadResult } from '../../src/storage/results';
import { churnCases, TELCO, type ChurnDriver } from '../capabilities/churn';
import { datasetFile, importForTest, textFile } from './files';

const bridge = createComputeBridge();
const made: string[] = [];
const saved: string[] = [];
/** Each file is imported once for all the cases. */
const imported = new Map<string, string>();

afterAll(async () => {
  for (const id of saved) await bridge.run((api) => api.churnDeleteModel(id)).catch(() => {});
  bridge.cancel();
  for (const id of made) await deleteDataset(id).catch(() => {});
});

const driver: ChurnDriver = {
  async dataset(source) {
    const key = 'file' in source ? source.file : source.name;
    if (!imported.has(key)) {
      const meta = 'file' in source ? await importForTest(await datasetFile(source.file)) : await importForTest(textFile(source.text, source.name));
      made.push(meta.id);
      imported.set(key, meta.id);
    }
    return imported.get(key)!;
  },
  inspect: (source) => bridge.run((api) => api.churnInspect(source)),
  async train(request) {
    const stages: string[] = [];
    const run = await bridge.run((api) => api.churnTrain(request, proxy((p: ModelProgress) => stages.push(p.stage))));
    return { run, stages };
  },
  page: (request) => bridge.run((api) => api.churnPage(request)),
  async csv() {
    const blob = await bridge.run((api) => api.churnCsv());
    expect(blob).toBeInstanceOf(Blob);
    expect(blob.type).toBe('text/csv');
    return blob.text();
  },
  async saveModel(name) {
    const models = await bridge.run((api) => api.churnSaveModel(name));
    saved.push(...models.map((m) => m.id).filter((id) => !saved.includes(id)));
    return models;
  },
  score: (request) => bridge.run((api) => api.churnScoreDataset(request)),
};

describe('churn worker', () => {
  for (const c of churnCases) it(c.name, () => c.run(driver), 180_000);

  it('stores the run: a fresh worker shows it again (view, settings, stale), pages and exports it; saved models and all go with their dataset', async () => {
    const telco = await driver.dataset(TELCO);
    const request: ChurnRequest = { source: { kind: 'label', datasetId: telco, target: 'Churn' }, exclude: ['gender'], model: 'logistic', folds: 3, seed: 42 };
    const { run } = await driver.train(request);
    const stored = await loadResult('churn');
    expect(stored?.settings).toEqual(request);
    expect(stored?.datasetIds).toEqual([telco]);
    expect(stored?.value.scores.customers).toHaveLength(7043);
    expect(stored?.value.scores.card?.model).toBe('logistic regression');
    const page = await driver.page({ offset: 0, limit: 25, sort: 'probability', descending: true });
    const csv = await driver.csv();
    // The waterfall from the worker that trained (its kept scores and prepared table), compared below with a fresh
    // worker's (the stored scores, the table prepared again).
    const warm = await bridge.run((api) => api.churnWaterfall(page.rows[0].customer));

    bridge.cancel(); // the shared worker stops (a cancel, an idle stop, a reload): its cache is gone
    const last = await bridge.run((api) => api.churnLast());
    expect(last?.settings).toEqual(request);
    expect(last?.stale).toEqual([]);
    expect(last?.run?.leaderboard).toEqual(run.leaderboard);
    expect(last?.run?.evaluation.auc).toBe(run.evaluation.auc);
    expect(last?.scored).toEqual(run.scored);
    bridge.cancel();
    expect(await driver.page({ offset: 0, limit: 25, sort: 'probability', descending: true })).toEqual(page);
    bridge.cancel();
    expect(await driver.csv()).toBe(csv);
    // A customer's SHAP waterfall, from the stored scores by a fresh worker: expected + contributions = its log-odds.
    expect(last?.run?.shap?.meanAbs).toEqual(run.shap?.meanAbs);
    bridge.cancel();
    const w = await bridge.run((api) => api.churnWaterfall(page.rows[0].customer));
    expect(w).toMatchObject({ customer: page.rows[0].customer, probability: page.rows[0].probability, method: 'linear' });
    expect(w.items.map((i) => i.column).sort()).toEqual([...run.features.used].sort());
    expect(w.expected + w.items.reduce((a, i) => a + i.contribution, 0)).toBeCloseTo(w.logit, 6);
    expect(w.items.find((i) => i.column === 'Contract')?.typical).toBe('Month-to-month');
    expect(w).toEqual(warm);
    await expect(bridge.run((api) => api.churnWaterfall('nobody'))).rejects.toThrow(/No customer "nobody"/);

    // Saved models are `churn-model` results named by their id; a fresh worker lists them.
    bridge.cancel();
    const models = await driver.saveModel('stored telco');
    const info = models.find((m) => m.name === 'stored telco')!;
    const record = await loadResult('churn-model', info.id);
    expect(record?.value.info).toEqual(info);
    expect(record?.datasetIds).toEqual([telco]);
    bridge.cancel();
    expect((await bridge.run((api) => api.churnModels())).map((m) => m.id)).toContain(info.id);

    // Scoring a dataset with it is the last result now: derived from both datasets.
    const scored = await driver.score({ modelId: info.id, datasetId: telco });
    const rescored = await bridge.run((api) => api.churnLast());
    expect(rescored?.run).toBeNull();
    expect(rescored?.scored).toEqual(scored);
    expect(rescored?.settings).toEqual({ modelId: info.id, datasetId: telco });
    expect(scored.shap?.customers).toHaveLength(2000);
    // A waterfall of these scores: the scoring's table, kept for them; the same from a fresh worker.
    const scoredW = await bridge.run((api) => api.churnWaterfall(page.rows[0].customer));
    expect(scoredW.customer).toBe(page.rows[0].customer);
    expect(scoredW.expected + scoredW.items.reduce((a, i) => a + i.contribution, 0)).toBeCloseTo(scoredW.logit, 6);
    bridge.cancel();
    expect(await bridge.run((api) => api.churnWaterfall(page.rows[0].customer))).toEqual(scoredW);

    // A change of the dataset (a role: its version moves on) makes the result out of date.
    const meta = await getDataset(telco);
    await updateDataset(telco, { roles: { ...meta.roles } });
    expect((await bridge.run((api) => api.churnLast()))?.stale).toEqual([meta.name]);

    // Deleting the dataset deletes the run, the scores and the models trained on it.
    await deleteDataset(telco);
    imported.delete(TELCO.file);
    expect(await loadResult('churn')).toBeUndefined();
    expect((await listResults('churn-model')).map((r) => r.name)).not.toContain(info.id);
    // Nor does the warm worker that scored them serve them from its memory: no page, CSV or waterfall.
    await expect(bridge.run((api) => api.churnPage({ offset: 0, limit: 25, sort: 'probability', descending: true }))).rejects.toThrow(/No churn scores yet/);
    await expect(bridge.run((api) => api.churnCsv())).rejects.toThrow(/No churn scores yet/);
    await expect(bridge.run((api) => api.churnWaterfall(page.rows[0].customer))).rejects.toThrow(/No churn scores yet/);
    bridge.cancel();
    expect(await bridge.run((api) => api.churnLast())).toBeNull();
    await expect(bridge.run((api) => api.churnPage({ offset: 0, limit: 25, sort: 'probability', descending: true }))).rejects.toThrow(/No churn scores yet/);
    expect(await bridge.run((api) => api.churnModels())).not.toContainEqual(expect.objectContaining({ id: info.id }));
  });
});
