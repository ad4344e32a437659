// Uplift through the real compute worker on a campaign imported by the real import worker: the run is stored
// (kind 'uplift') with the best learner's per-customer scores for the action list, a fresh worker serves its
// pages from the store, and deleting the campaign deletes it.
import { proxy } from 'comlink';
import { afterAll, describe, expect, it } from 'vitest';
import { campaignLines } from '../../seeds/campaign';
import { buildWorld } from '../../seeds/world';
import { createComputeBridge } from '../../src/state/worker-pool';
import { deleteDataset } from '../../src/storage/datasets';
import { loadResult } from '../../src/storage/results';
import { loadUpliftScores } from '../../src/storage/uplift-scores';
import { importForTest, textFile } from './files';

const bridge = createComputeBridge();
const made: string[] = [];

afterAll(async () => {
  bridge.cancel();
  for (const id of made) await deleteDataset(id).catch(() => {});
});

describe('uplift worker', () => {
  it('stores the run and the scores, serves pages after a restart, and goes with its dataset', { timeout: 120_000 }, async () => {
    const campaign = await importForTest(textFile(Array.from(campaignLines(buildWorld({ customers: 400, seed: 4 }))).join(''), 'campaign.csv'));
    made.push(campaign.id);
    const stages: string[] = [];
    const view = await bridge.run((api) =>
      api.uplift({ datasetId: campaign.id, treatment: 'treatment', outcome: 'outcome', folds: 2, bootstrap: 30, seed: 1 }, proxy((p: { stage: string }) => stages.push(p.stage))),
    );
    expect(view.datasetName).toBe('campaign.csv');
    expect(view.result.rows).toBe(400);
    expect(view.result.models.map((m) => m.learner)).toEqual(['s', 't', 'x']);
    expect(stages.some((s) => s.startsWith('Fitting X-learner'))).toBe(true);

    const scores = await loadUpliftScores();
    expect(scores).toMatchObject({ datasetId: campaign.id, model: view.result.best });
    expect(scores!.customers).toHaveLength(400);
    expect(scores!.uplift).toBeInstanceOf(Float64Array);
    expect(scores!.customers[0]).toMatch(/^C\d+$/);

    bridge.cancel(); // a fresh worker reads the stored run
    const last = await bridge.run((api) => api.upliftLast());
    expect(last).toMatchObject({ settings: { datasetId: campaign.id, treatment: 'treatment' }, stale: [] });
    const page = await bridge.run((api) => api.upliftPage({ offset: 0, limit: 10, by: 't' }));
    expect(page.total).toBe(400);
    expect(page.rows[0].t).toBeGreaterThanOrEqual(page.rows[9].t);
    const csv = await (await bridge.run((api) => api.upliftCsv())).text();
    expect(csv.split('\n')[0]).toBe('customer,treated,outcome,uplift_s,uplift_t,uplift_x');
    expect(csv.trim().split('\n')).toHaveLength(401);
    expect(await bridge.run((api) => api.upliftScoresInfo())).toMatchObject({ datasetId: campaign.id, customers: 400, stale: [] });

    await deleteDataset(campaign.id);
    expect(await loadResult('uplift')).toBeUndefined();
    expect(await loadUpliftScores()).toBeNull();
    expect(await bridge.run((api) => api.upliftLast())).toBeNull();
  });
});
