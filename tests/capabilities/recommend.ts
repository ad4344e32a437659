// The recommend capability's cases, run twice: in Node on src/lib/recommend directly
// (src/lib/recommend/recommend.test.ts) and in the browser through the compute worker and IndexedDB
// (tests/browser/recommend-worker.test.ts). Same data, same expectations.
import { expect } from 'vitest';
import type { CustomerRecommendations, ItemMatch, RankingMetricKey, RecommendedItem, RecommendRequest, RecommendResult } from '../../src/contract/recommend';

/** One way to reach the capability: the lib functions, or the worker. */
export interface RecommendHarness {
  /** Stores the interactions (and catalogue) CSV texts; their ids for requests. */
  load(interactions: string, catalogue?: string): Promise<{ datasetId: string; catalogueId?: string }>;
  recommend(request: RecommendRequest, onProgress?: (p: { stage: string }) => void): Promise<RecommendResult>;
  serveModel(choice: { pinned: string | null; metric: RankingMetricKey }): Promise<RecommendResult>;
  searchCustomers(query: string, limit: number): Promise<string[]>;
  searchItems(query: string, limit: number): Promise<ItemMatch[]>;
  customerRecommendations(customer: string, n: number): Promise<CustomerRecommendations>;
  alsoBought(item: string, n: number): Promise<RecommendedItem[]>;
  csv(n: number): Promise<string>;
  /** What a fresh worker (or process) serves from the stored run alone. */
  fresh(): Promise<{
    last(): Promise<{ result: RecommendResult; settings: RecommendRequest } | null>;
    customerRecommendations(customer: string, n: number): Promise<CustomerRecommendations>;
    csv(n: number): Promise<string>;
    close(): void;
  }>;
}

/** 120 customers in two taste groups over 16 products, dated, with a catalogue naming the products. */
export function smallShop(): { interactions: string; catalogue: string } {
  const lines = ['customer,product,day,qty'];
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let c = 0; c < 120; c++) {
    const base = c % 2 === 0 ? 0 : 8;
    for (let t = 0; t < 6; t++) lines.push(`C${c},P${base + Math.floor(rand() * 8)},2024-01-${String(t + 1).padStart(2, '0')},${1 + (t % 3)}`);
  }
  const cat = ['product,title', ...Array.from({ length: 16 }, (_, i) => `P${i},${i < 8 ? 'Garden' : 'Kitchen'} thing ${i}`)];
  return { interactions: lines.join('\n'), catalogue: cat.join('\n') };
}

const csvLines = (csv: string) => csv.trim().split('\r\n');

export const recommendCases: { name: string; timeout: number; run(h: RecommendHarness): Promise<void> }[] = [
  {
    name: 'auto: tunes, serves lists with reasons and names, search, also-bought and the CSV; a fresh worker serves the same from the stored run',
    timeout: 300_000,
    async run(h) {
      const shop = smallShop();
      const { datasetId, catalogueId } = await h.load(shop.interactions, shop.catalogue);
      const stages: string[] = [];
      const request: RecommendRequest = {
        datasetId,
        customer: 'customer',
        item: 'product',
        date: 'day',
        value: 'qty',
        weighting: 'log',
        halfLifeDays: 30,
        k: 5,
        models: ['itemknn', 'ease', 'als'],
        auto: true,
        seed: 1,
        catalogue: { datasetId: catalogueId!, key: 'product', name: 'title' },
      };
      const r = await h.recommend(request, (p) => stages.push(p.stage));
      expect(r.rows.map((row) => row.model)).toEqual(['popularity', 'itemknn', 'ease', 'als', 'blend']);
      expect(r.rows.find((row) => row.model === r.chosen)?.validation).toBeDefined();
      expect(stages.some((s) => s.startsWith('Tuning'))).toBe(true);
      expect(r).toMatchObject({ protocol: 'leave-last-out', k: 5, customers: 120, items: 16, interactions: 720 });
      expect(r.served.setting).toMatch(/refitted on all 720 interactions serves the lists below/);
      // Taste groups: every learned model beats popularity.
      for (const row of r.rows.slice(1)) expect(row.hrAtK).toBeGreaterThan(r.rows[0].hrAtK);

      const found = await h.searchCustomers('c1', 5);
      expect(found).toHaveLength(5);
      expect(found.every((c) => c.startsWith('C1'))).toBe(true);
      const one = await h.customerRecommendations('C0', 3);
      expect(one.items).toHaveLength(3);
      const had = new Set(one.history.map((x) => x.item));
      for (const item of one.items) {
        expect(had.has(item.item)).toBe(false);
        expect(item.name).toMatch(/^Garden thing/);
        expect(item.reason).toMatch(/^because you bought Garden thing/);
      }
      await expect(h.customerRecommendations('nobody', 3)).rejects.toThrow('No customer "nobody" in the last run');
      const also = await h.alsoBought('P3', 4);
      expect(also.map((a) => a.item).every((i) => Number(i.slice(1)) < 8)).toBe(true);
      expect(also[0].reason).toMatch(/^bought with Garden thing 3 \(cosine \d\.\d\d\)$/);
      const items = await h.searchItems('kitchen', 3);
      expect(items).toHaveLength(3);
      expect(items[0].customers).toBeGreaterThanOrEqual(items[2].customers);

      const csv = await h.csv(2);
      const lines = csvLines(csv);
      expect(lines[0]).toBe('customer,rank,item,name,score,reason');
      expect(lines).toHaveLength(1 + 120 * 2);

      const fresh = await h.fresh();
      try {
        const last = await fresh.last();
        expect(last?.result).toEqual(r);
        expect(last?.settings).toEqual(request);
        const again = await fresh.customerRecommendations('C0', 3);
        expect(again.items.map((x) => [x.item, x.reason])).toEqual(one.items.map((x) => [x.item, x.reason]));
        // Same rows (scores may differ in the last float32 digits on another backend).
        expect(csvLines(await fresh.csv(2)).map((l) => l.split(',').slice(0, 4).join())).toEqual(lines.map((l) => l.split(',').slice(0, 4).join()));
      } finally {
        fresh.close();
      }
    },
  },
  {
    name: 'auto off: the best model by the chosen metric serves; another metric or a pin serves without a new evaluation, also after a fresh start',
    timeout: 300_000,
    async run(h) {
      const { datasetId } = await h.load(smallShop().interactions);
      const request: RecommendRequest = { datasetId, customer: 'customer', item: 'product', date: 'day', weighting: 'binary', k: 5, models: ['itemknn', 'ease', 'als'], auto: false, seed: 1 };
      const r = await h.recommend(request);
      const ndcg = Object.fromEntries(r.rows.map((row) => [row.model, row.ndcgAtK]));
      const best = r.rows.reduce((a, b) => (b.ndcgAtK > a.ndcgAtK ? b : a));
      // Not the first requested model, which is what used to serve with auto off.
      expect(best.model).not.toBe('itemknn');
      expect(r.chosen).toBe(best.model);
      expect(r.served).toMatchObject({ model: best.model, best: best.model, by: 'test', pinned: false, metric: 'ndcgAtK' });
      expect(r.chosenReason).toBe(r.served.reason);
      expect(r.served.reason).toMatch(new RegExp(`^\\S.* served: best NDCG@5 ${ndcg[best.model].toFixed(3)} vs `));

      // By hit rate instead: the best there, without a new evaluation.
      const byHr = await h.serveModel({ pinned: null, metric: 'hrAtK' });
      expect(byHr.rows).toEqual(r.rows);
      expect(byHr.rows.find((row) => row.model === byHr.chosen)!.hrAtK).toBe(Math.max(...r.rows.map((row) => row.hrAtK)));
      expect(byHr.served.reason).toMatch(/served: best HR@5/);

      // Pinned popularity: every list is the most-bought items the customer has not had, in that order.
      const pinned = await h.serveModel({ pinned: 'popularity', metric: 'ndcgAtK' });
      expect(pinned.chosen).toBe('popularity');
      expect(pinned.served).toMatchObject({ pinned: true, best: best.model });
      expect(pinned.served.reason).toMatch(/^Popularity served: pinned by you \(NDCG@5 [\d.]+\); the best on the test split is /);
      const buyers = new Map((await h.searchItems('', 100)).map((m) => [m.item, m.customers]));
      const one = await h.customerRecommendations('C0', 4);
      const had = new Set(one.history.map((x) => x.item));
      const expected = [...buyers.entries()].filter(([item]) => !had.has(item)).sort((a, b) => b[1] - a[1]);
      expect(one.items.map((x) => x.score)).toEqual(expected.slice(0, 4).map(([, n]) => n));
      const csv = csvLines(await h.csv(4));
      expect(csv.filter((l) => l.startsWith('C0,')).map((l) => l.split(',')[2])).toEqual(one.items.map((x) => x.item));
      const fresh = await h.fresh();
      try {
        // The pin is stored with the run: the form comes back pinned and the fresh worker serves popularity.
        const last = await fresh.last();
        expect(last?.settings).toMatchObject({ pinned: 'popularity', metric: 'ndcgAtK' });
        expect(last?.result.chosen).toBe('popularity');
        expect((await fresh.customerRecommendations('C0', 4)).items).toEqual(one.items);
      } finally {
        fresh.close();
      }
      // A rerun keeps the pin while the pinned model is evaluated.
      const again = await h.recommend({ ...request, pinned: 'popularity' });
      expect(again.chosen).toBe('popularity');
      const unpinned = await h.serveModel({ pinned: null, metric: 'ndcgAtK' });
      expect(unpinned.chosen).toBe(best.model);
    },
  },
];
