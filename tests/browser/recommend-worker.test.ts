// Recommendations through the real compute worker: MovieLens 100K reference numbers and speed on
// the engine's backend, the capability's shared cases (lists with reasons and names, CSV, serving from
// the stored run in a fresh worker), the served recommender the action list uses, market baskets; and
// ALS agreeing across the cpu, wasm and webgpu backends.
import { proxy } from 'comlink';
import { afterAll, describe, expect, it } from 'vitest';
import { fitAls } from '../../src/lib/models/recommend/als';
import { syntheticInteractions } from '../../src/lib/models/recommend/synthetic';
import { topN } from '../../src/lib/models/recommend/topn';
import { recommendFor } from '../../src/lib/recommend';
import { forgetServed, servedRecommender } from '../../src/storage/recommender';
import { loadResult } from '../../src/storage/results';
import { recommendCases, smallShop, type RecommendHarness } from '../capabilities/recommend';
import { createComputeBridge } from '../../src/state/worker-pool';
import { deleteDataset } from '../../src/storage/datasets';
import { expectArraysClose, forEachBackend, onCpu } from './engine/for-each-backend';
import { datasetFile, importForTest, textFile } from './files';

const bridge = createComputeBridge();
const made: string[] = [];

afterAll(async () => {
  bridge.cancel();
  for (const id of made) await deleteDataset(id);
});

// The capability's shared cases (tests/capabilities/recommend.ts) through the worker and IndexedDB;
// `fresh` is a compute worker of its own that has only the stored run.
function workerHarness(): RecommendHarness {
  return {
    async load(interactions, catalogue) {
      const ds = await importForTest(textFile(interactions, 'shop.csv'));
      made.push(ds.id);
      if (catalogue === undefined) return { datasetId: ds.id };
      const cat = await importForTest(textFile(catalogue, 'catalogue.csv'));
      made.push(cat.id);
      return { datasetId: ds.id, catalogueId: cat.id };
    },
    recommend: (request, onProgress) => bridge.run((api) => api.recommend(request, onProgress && proxy(onProgress))),
    serveModel: (choice) => bridge.run((api) => api.serveModel(choice)),
    searchCustomers: (q, limit) => bridge.run((api) => api.searchCustomers(q, limit)),
    searchItems: (q, limit) => bridge.run((api) => api.searchItems(q, limit)),
    customerRecommendations: (c, n) => bridge.run((api) => api.customerRecommendations(c, n)),
    alsoBought: (item, n) => bridge.run((api) => api.alsoBought(item, n)),
    csv: async (n) => (await bridge.run((api) => api.recommendationsCsv(n))).text(),
    async fresh() {
      const other = createComputeBridge();
      return {
        last: () => other.run((api) => api.recommendLast()),
        customerRecommendations: (c, n) => other.run((api) => api.customerRecommendations(c, n)),
        csv: async (n) => (await other.run((api) => api.recommendationsCsv(n))).text(),
        close: () => other.cancel(),
      };
    },
  };
}

describe('recommendations worker', () => {
  it('reproduces the MovieLens 100K references on the engine backend', async () => {
    // Integer user and item ids are identifiers only once typed as such (the page refuses number columns as keys).
    const ds = await importForTest(await datasetFile('movielens-100k/u.data'), { header: false, columns: ['user', 'item', 'rating', 'time'], types: { user: 'id', item: 'id' } });
    made.push(ds.id);
    const engine = await bridge.run((api) => api.engine());
    const r = await bridge.run((api) =>
      api.recommend({
        datasetId: ds.id,
        customer: 'user',
        item: 'item',
        date: 'time',
        weighting: 'binary',
        k: 10,
        models: ['ease', 'als'],
        auto: false,
        seed: 42,
        params: { ease: { lambda: 100 }, als: { factors: 64, regularization: 1, alpha: 40, iterations: 15 } },
      }),
    );
    const by = Object.fromEntries(r.rows.map((row) => [row.model, row]));
    console.log(
      `MovieLens 100K on ${engine.active}: ` +
        r.rows.map((row) => `${row.model} HR@10 ${row.hrAtK.toFixed(4)} NDCG@10 ${row.ndcgAtK.toFixed(4)} ${row.trainSeconds.toFixed(2)} s [${row.backend}]`).join('; '),
    );
    expect(r.protocol).toBe('leave-last-out');
    expect(r.customers).toBe(943);
    expect(by.popularity.users).toBe(943);
    expect(Math.abs(by.popularity.hrAtK - 0.0498)).toBeLessThanOrEqual(0.001);
    expect(Math.abs(by.popularity.ndcgAtK - 0.0253)).toBeLessThanOrEqual(0.001);
    // EASE is exact up to float32 on a GPU-style backend.
    expect(Math.abs(by.ease.hrAtK - 0.0912)).toBeLessThanOrEqual(0.003);
    // Speed targets (EASE < 2 s, ALS < 10 s) are measured by `npm run bench -- recommend`.
    expect(by.als.hrAtK).toBeGreaterThan(by.popularity.hrAtK);
    expect(by.als.backend).toContain(engine.active);
  }, 600_000);

  for (const c of recommendCases) it(c.name, () => c.run(workerHarness()), c.timeout);

  it('the stored run serves the action list from another thread (servedRecommender), and its CSV is a Blob', async () => {
    const shop = smallShop();
    const h = workerHarness();
    const { datasetId, catalogueId } = await h.load(shop.interactions, shop.catalogue);
    const request = { datasetId, customer: 'customer', item: 'product', date: 'day', weighting: 'binary' as const, k: 5, models: ['ease' as const], auto: false, seed: 1, catalogue: { datasetId: catalogueId!, key: 'product', name: 'title' } };
    const r = await h.recommend(request);
    const one = await h.customerRecommendations('C0', 3);
    const blob = await bridge.run((api) => api.recommendationsCsv(1));
    expect(blob).toBeInstanceOf(Blob);
    expect(blob.type).toBe('text/csv');
    const stored = await loadResult('recommend');
    expect(stored?.datasetIds).toEqual([datasetId, catalogueId]);
    expect(stored?.settings).toEqual(request);
    // On this page's thread (the worker readies its engine first; here the cpu backend).
    const { current, lists } = await onCpu(async () => {
      const current = await servedRecommender();
      return { current, lists: await recommendFor(current!.served, ['C0', 'nobody'], 3) };
    });
    expect(current?.served.spec.model).toBe(r.chosen);
    expect(lists.nobody).toEqual([]);
    expect(lists.C0.map((x) => x.item)).toEqual(one.items.map((x) => x.item));
    forgetServed();
  }, 300_000);

  it('refuses price and quantity columns as items or baskets, and finds pairs of products by invoice', async () => {
    // Invoices of 2-3 products; P0 and P1 always together.
    const lines = ['invoice,customer,product,qty,price'];
    for (let i = 0; i < 200; i++) {
      const products = i % 2 === 0 ? ['P0', 'P1', `P${2 + (i % 7)}`] : [`P${2 + (i % 5)}`, `P${3 + (i % 4)}`];
      for (const p of new Set(products)) lines.push(`INV${i},C${i % 40},${p},${1 + (i % 3)},${(9.99 + (i % 4)).toFixed(2)}`);
    }
    const ds = await importForTest(textFile(lines.join('\n'), 'invoices.csv'));
    made.push(ds.id);
    expect(ds.columns.find((c) => c.name === 'price')?.type).toBe('number');
    const ask = (basket?: string, item?: string) => bridge.run((api) => api.baskets({ datasetId: ds.id, basket, item, minSupport: 0.01, top: 10 }));
    await expect(ask()).rejects.toThrow(/"qty" \(integer\), "price" \(number\) would be read as items/);
    await expect(ask('invoice', 'price')).rejects.toThrow(/"price" cannot be the item column: it is number/);
    await expect(ask('qty', 'product')).rejects.toThrow(/"qty" cannot be the basket \(invoice\) column: it is integer/);
    const r = await ask('invoice', 'product');
    expect(r.baskets).toBe(200);
    expect(r.pairs.length).toBeGreaterThan(0);
    for (const p of r.pairs) expect([p.a, p.b].every((x) => /^P\d$/.test(x))).toBe(true);
    const together = r.pairs.find((p) => p.a === 'P0' && p.b === 'P1')!;
    expect(together.confidence).toBe(1);
    // Recommendations refuse them too.
    await expect(
      bridge.run((api) => api.recommend({ datasetId: ds.id, customer: 'customer', item: 'price', weighting: 'binary', k: 5, models: [], auto: false, seed: 1 })),
    ).rejects.toThrow(/"price" cannot be the item column/);
  });

  it('finds frequent pairs in headerless ragged basket data (groceries)', async () => {
    const ds = await importForTest(await datasetFile('groceries/groceries.csv'), { header: false });
    made.push(ds.id);
    const r = await bridge.run((api) => api.baskets({ datasetId: ds.id, minSupport: 0.005, top: 20 }));
    expect(r.baskets).toBe(9835);
    expect(r.items).toBe(169);
    expect(r.topItems[0].item).toBe('whole milk');
    expect(r.pairs).toHaveLength(20);
    for (const p of r.pairs) {
      expect(p.support).toBeGreaterThanOrEqual(0.005);
      expect(p.lift).toBeGreaterThan(1);
    }
    expect(r.pairs[0].lift).toBeGreaterThanOrEqual(r.pairs[19].lift);
  });
});

// ALS on tensors (the path a GPU backend runs) on every backend against the tfjs cpu backend:
// tiny data, fixed seed. Float32 sums in a different order drift a little through the iterations,
// so factors agree to a few percent and the top-5 lists almost everywhere.
const tiny = syntheticInteractions({ users: 200, items: 60, interactions: 1500, clusters: 4, seed: 3 });
const alsOpts = { factors: 8, iterations: 3, seed: 5, engine: 'tf' as const };
const users = Int32Array.from({ length: 200 }, (_, u) => u);

forEachBackend('ALS on tensors, tiny data, fixed seed', (backend) => {
  it('agrees with the cpu backend within tolerance', async () => {
    const reference = await onCpu(async () => {
      const m = await fitAls(tiny, alsOpts);
      return { m, top: await topN(m, tiny, users, 5) };
    });
    const model = await fitAls(tiny, alsOpts);
    expectArraysClose(model.itemFactors, reference.m.itemFactors, 5e-3, 5e-2);
    const top = await topN(model, tiny, users, 5);
    let same = 0;
    for (let u = 0; u < 200; u++) {
      const want = new Set(reference.top.items.subarray(u * 5, u * 5 + 5));
      for (const i of top.items.subarray(u * 5, u * 5 + 5)) if (want.has(i)) same++;
    }
    console.log(`ALS [${backend}] top-5 agreement with cpu: ${((same / 1000) * 100).toFixed(1)}%`);
    expect(same / 1000).toBeGreaterThanOrEqual(0.9);
  });
});
