// Churn prediction through the compute worker on the IBM Telco data: label checks, a cross-validated
// model, the evaluation the page charts, paged scores, CSV, saved models and scoring another dataset.
import { afterAll, describe, expect, it } from 'vitest';
import { createComputeBridge } from '../../src/state/worker-pool';
import { deleteDataset } from '../../src/storage/datasets';
import { datasetFile, importForTest, textFile } from './files';

const bridge = createComputeBridge();
const made: string[] = [];
const saved: string[] = [];

afterAll(async () => {
  for (const id of saved) await bridge.run((api) => api.churnDeleteModel(id)).catch(() => {});
  bridge.cancel();
  for (const id of made) await deleteDataset(id);
});

function oneClassCsv(): string {
  const lines = ['id,plan,spend,churned'];
  for (let i = 0; i < 80; i++) lines.push(`u${i},${i % 3 ? 'basic' : 'pro'},${(i * 7) % 50},Yes`);
  return lines.join('\n') + '\n';
}

describe('churn worker', () => {
  it('trains on telco, evaluates out of fold, scores, pages, exports, saves and re-scores', async () => {
    const ds = await importForTest(await datasetFile('telco/Telco-Customer-Churn.csv'));
    made.push(ds.id);
    const source = { kind: 'label' as const, datasetId: ds.id, target: 'Churn' };

    const inspection = await bridge.run((api) => api.churnInspect(source));
    expect(inspection.error).toBeNull();
    expect(inspection.rows).toBe(7043);
    expect(inspection.label).toMatchObject({ positive: 'true', negative: 'false', positives: 1869, negatives: 5174 });
    expect(inspection.columns.find((c) => c.name === 'customerID')?.excluded).toMatch(/identifier|ID-like/);
    expect(inspection.columns.find((c) => c.name === 'tenure')?.excluded).toBeNull();
    expect(inspection.idColumn).toBe('customerID');

    const progress: string[] = [];
    const { proxy } = await import('comlink');
    const result = await bridge.run((api) =>
      api.churnTrain({ source, exclude: ['gender'], model: 'logistic', folds: 3, seed: 42 }, proxy((p: { stage: string }) => progress.push(p.stage))),
    );
    expect(progress.some((s) => s.startsWith('Fold 1 of 3'))).toBe(true);
    expect(result.model).toBe('logistic');
    expect(result.leaderboard).toHaveLength(1);
    expect(result.leaderboard[0].aucMean).toBeGreaterThanOrEqual(0.84);
    expect(result.evaluation.auc).toBeGreaterThanOrEqual(0.84);
    expect(result.features.excluded.find((e) => e.name === 'gender')?.reason).toBe('excluded by user');
    expect(result.features.used).not.toContain('gender');
    expect(result.baseRate).toBeCloseTo(1869 / 7043, 6);
    expect(result.importance.length).toBeGreaterThan(5);
    // The slider's counts: at the lowest threshold every customer is flagged.
    const ev = result.evaluation;
    expect(ev.tps[ev.tps.length - 1]).toBe(1869);
    expect(ev.fps[ev.fps.length - 1]).toBe(5174);
    expect(ev.roc.fpr.length).toBe(ev.roc.tpr.length);
    expect(result.scored.customers).toBe(7043);
    expect(result.scored.bandCounts.reduce((a, b) => a + b, 0)).toBe(7043);

    const page = await bridge.run((api) => api.churnPage({ offset: 0, limit: 25, sort: 'probability', descending: true }));
    expect(page.total).toBe(7043);
    expect(page.rows).toHaveLength(25);
    for (let i = 1; i < page.rows.length; i++) expect(page.rows[i - 1].probability).toBeGreaterThanOrEqual(page.rows[i].probability);
    expect(page.rows[0].band).toBe(2);
    expect(page.rows[0].reasons.length).toBeGreaterThan(0);
    expect(page.rows[0].customer).toMatch(/^\d{4}-[A-Z]{5}$/);

    // Reasons cite only columns whose importance is clearly above its fold-to-fold noise; an
    // explained customer with no such reason is told so rather than given an invented one.
    expect(result.importance.every((c) => typeof c.real === 'boolean' && c.folds?.length === 3)).toBe(true);
    const noise = result.importance.filter((c) => !c.real).map((c) => c.feature);
    expect(noise.length).toBeGreaterThan(0);
    expect(result.importance.filter((c) => c.real).map((c) => c.feature)).toEqual(expect.arrayContaining(['tenure', 'Contract']));
    const everyone = await bridge.run((api) => api.churnPage({ offset: 0, limit: 7043, sort: 'probability', descending: true }));
    const texts = everyone.rows.flatMap((r) => r.reasons);
    expect(everyone.rows.every((r) => r.reasons.length > 0)).toBe(true);
    for (const name of noise) expect(texts.filter((t) => t.startsWith(`${name} `))).toEqual([]);
    expect(texts.some((t) => t.startsWith('Contract = '))).toBe(true);
    expect(texts.some((t) => /^tenure is low \(\d+ vs median \d+\)$/.test(t))).toBe(true);

    const csv = await bridge.run((api) => api.churnCsv());
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('customer,churn_probability,risk_band,reason_1,reason_2,reason_3');
    expect(lines).toHaveLength(7044);

    const scores = await bridge.run((api) => api.churnScores());
    expect(scores.customers).toHaveLength(7043);
    expect(scores.probability).toHaveLength(7043);
    expect(scores.bandNames).toEqual(['low', 'medium', 'high']);

    const models = await bridge.run((api) => api.churnSaveModel('telco logistic'));
    const info = models.find((m) => m.name === 'telco logistic');
    expect(info).toBeDefined();
    saved.push(info!.id);
    expect(info!.aucMean).toBeGreaterThanOrEqual(0.84);
    expect((await bridge.run((api) => api.churnScores(info!.id))).customers).toHaveLength(7043);

    // A fresh worker (another page's) still reads the persisted scores and the saved model.
    const other = createComputeBridge();
    try {
      expect((await other.run((api) => api.churnScores())).customers).toHaveLength(7043);
      const again = await other.run((api) => api.churnScoreDataset({ modelId: info!.id, datasetId: ds.id }));
      expect(again.customers).toBe(7043);
      expect(again.modelName).toBe('logistic regression');
    } finally {
      other.cancel();
    }

    const small = await importForTest(textFile(oneClassCsv(), 'one-class.csv'));
    made.push(small.id);
    const err = await bridge.run((api) => api.churnScoreDataset({ modelId: info!.id, datasetId: small.id })).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/missing column "tenure"/);
    expect((err as Error).message).toMatch(/missing column "Contract"/);
  });

  it('explains why a label cannot be used', async () => {
    const ds = await importForTest(textFile(oneClassCsv(), 'one-class.csv'));
    made.push(ds.id);
    const source = { kind: 'label' as const, datasetId: ds.id, target: 'churned' };
    const inspection = await bridge.run((api) => api.churnInspect(source));
    expect(inspection.error).toMatch(/only one value/);
    const err = await bridge.run((api) => api.churnTrain({ source, exclude: [], model: 'logistic', folds: 3, seed: 1 })).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/only one value/);
    const id = await bridge.run((api) => api.churnInspect({ ...source, target: 'id' }));
    expect(id.error).toMatch(/identifier|distinct values/);
  });
});
