// The churn monitor through the real compute worker, on datasets imported by the real import worker:
// a model trained and saved on the demo customers, then two scorings (the same file, then the generated
// next month) -> the stored history and comparison, its pages, CSV and segmentation, gone with a dataset
// or with the model.
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../seeds/generate';
import { NEXT_MONTH_SHIFT, nextMonthCustomers } from '../../seeds/next-month';
import { createComputeBridge } from '../../src/state/worker-pool';
import { deleteDataset } from '../../src/storage/datasets';
import { listResults, loadResult } from '../../src/storage/results';
import { importForTest, textFile } from './files';

const bridge = createComputeBridge();
const made: string[] = [];

afterAll(async () => {
  bridge.cancel();
  for (const id of made) await deleteDataset(id).catch(() => {});
});

describe('monitor worker', () => {
  it('compares each scoring of a saved model with the previous one; the comparison goes with its datasets', { timeout: 180_000 }, async () => {
    const customers = await importForTest(textFile(generateDemo({ customers: 1500 }).customers, 'customers.csv'));
    const next = await importForTest(textFile(nextMonthCustomers({ customers: 1500 }), 'customers_next_month.csv'));
    made.push(customers.id, next.id);
    await bridge.run((api) => api.churnTrain({ source: { kind: 'label', datasetId: customers.id, target: 'churned', idColumn: 'customer_id' }, exclude: [], model: 'logistic', folds: 2, seed: 42 }));
    const [model] = await bridge.run((api) => api.churnSaveModel('monitor test'));

    // The first scoring is compared with the model's training customers: the same file, so nothing moved.
    await bridge.run((api) => api.churnScoreDataset({ modelId: model.id, datasetId: customers.id, idColumn: 'customer_id' }));
    const same = await bridge.run((api) => api.monitorLast());
    expect(same).toMatchObject({ modelId: model.id, previous: { baseline: true, datasetId: customers.id }, current: { baseline: false, datasetId: customers.id }, matched: 1500, crossedIntoHigh: 0, leftHigh: 0, psi: 0, warning: null, history: 2 });
    expect(same!.drift.every((d) => d.psi === 0)).toBe(true);

    await bridge.run((api) => api.churnScoreDataset({ modelId: model.id, datasetId: next.id, idColumn: 'customer_id' }));
    bridge.cancel(); // a fresh worker reads the stored comparison
    const view = await bridge.run((api) => api.monitorLast());
    expect(view).toMatchObject({ previous: { datasetId: customers.id }, current: { datasetId: next.id, datasetName: 'customers_next_month.csv' }, matched: 1500, history: 3 });
    expect(view!.drift[0]).toMatchObject({ feature: NEXT_MONTH_SHIFT.column, reading: 'major' });
    expect(view!.crossedIntoHigh).toBeGreaterThan(0);
    expect(view!.warning).toMatch(/^contract shifted \(PSI/);
    expect((await listResults('churn-scoring')).filter((r) => r.value.modelId === model.id)).toHaveLength(3);

    const page = await bridge.run((api) => api.monitorPage(0, 10));
    expect(page.total).toBe(view!.crossedIntoHigh);
    expect(page.rows[0].after).toBeGreaterThanOrEqual(page.rows[page.rows.length - 1].after);
    for (const r of page.rows) expect(r.after).toBeGreaterThan(r.before);
    const csv = await (await bridge.run((api) => api.monitorCsv())).text();
    expect(csv.split('\r\n')[0]).toBe('customer,probability_before,probability_after');
    expect(csv.trim().split('\r\n')).toHaveLength(view!.crossedIntoHigh + 1);
    expect(await bridge.run((api) => api.monitorTarget())).toEqual({ name: 'Newly high risk', customers: view!.crossedIntoHigh });
    const seg = await loadResult('segmentation');
    expect(seg?.value).toMatchObject({ name: 'Newly high risk', datasetId: next.id });
    expect(seg?.value.customers).toHaveLength(view!.crossedIntoHigh);

    await deleteDataset(next.id);
    expect(await loadResult('churn-monitor')).toBeUndefined();
    expect(await bridge.run((api) => api.monitorLast())).toBeNull();
    expect((await listResults('churn-scoring')).filter((r) => r.value.modelId === model.id)).toHaveLength(2);
    // Deleting the model deletes its history.
    await bridge.run((api) => api.churnDeleteModel(model.id));
    expect((await listResults('churn-scoring')).filter((r) => r.value.modelId === model.id)).toHaveLength(0);
  });
});
