// The recommend capability's shared cases (tests/capabilities/recommend.ts) on the lib functions in
// Node: tables parsed here, the stored value kept in memory as the result store would keep it.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { RecommendRequest } from '../../contract/recommend';
import { recommendCases, smallShop, type RecommendHarness } from '../../../tests/capabilities/recommend';
import { parseTable } from '../data/parse-table';
import type { Table } from '../data/table';
import {
  alsoBought,
  catalogueNames,
  customerRecommendations,
  eventsOf,
  fitServed,
  recommendationsCsv,
  recommendFor,
  requestProblem,
  runRecommend,
  sameEvents,
  searchCustomers,
  searchItems,
  serveAnother,
  serveFrom,
  servedSource,
  servesAlready,
  disposeServed,
  type Served,
  type StoredRecommend,
} from '.';

function nodeHarness(): RecommendHarness {
  const tables = new Map<string, Table>();
  let stored: StoredRecommend | null = null;
  let served: Served | null = null;
  const table = (id: string | undefined) => (id ? tables.get(id) : undefined);
  const now = () => {
    if (!served) throw new Error('Run the recommendations first (Recommendations page)');
    return served;
  };
  const keep = (s: Served) => {
    if (served && served !== s) disposeServed(served);
    served = s;
  };
  return {
    async load(interactions, catalogue) {
      const add = (text: string) => {
        const id = `t${tables.size}`;
        tables.set(id, parseTable(new TextEncoder().encode(text)).table);
        return id;
      };
      return { datasetId: add(interactions), catalogueId: catalogue === undefined ? undefined : add(catalogue) };
    },
    async recommend(request, onProgress) {
      const t = table(request.datasetId)!;
      const problem = requestProblem({ columns: t.columns }, request);
      if (problem) throw new Error(problem);
      const events = eventsOf(t, request);
      const run = await runRecommend(events, catalogueNames(request, table(request.catalogue?.datasetId), events.itemIds), request, { backend: tf.getBackend(), onProgress });
      stored = run.stored;
      keep(run.served);
      return run.result;
    },
    async serveModel(choice) {
      const next = serveAnother(stored!, choice);
      if (!servesAlready(served, next)) {
        const reuse = served && sameEvents(served.request, next.request) ? served : null;
        const events = reuse?.events ?? eventsOf(table(next.request.datasetId)!, next.request);
        keep(await fitServed(next.request, next.spec, events, reuse?.names ?? catalogueNames(next.request, table(next.request.catalogue?.datasetId), events.itemIds)));
      } else served!.request = next.request;
      stored = next;
      return next.result;
    },
    searchCustomers: async (q, limit) => searchCustomers(now(), q, limit),
    searchItems: async (q, limit) => searchItems(now(), q, limit),
    customerRecommendations: (c, n) => customerRecommendations(now(), c, n),
    alsoBought: async (item, n) => alsoBought(now(), item, n),
    csv: (n) => recommendationsCsv(now(), n),
    async fresh() {
      // A copy as the store would hand it back (structured clone), served on the stored tables alone.
      const copy = structuredClone(stored!);
      const s = await serveFrom(copy, table(copy.request.datasetId)!, table(copy.request.catalogue?.datasetId));
      return {
        last: async () => ({ result: copy.result, settings: copy.request }),
        customerRecommendations: (c, n) => customerRecommendations(s, c, n),
        csv: (n) => recommendationsCsv(s, n),
        close: () => disposeServed(s),
      };
    },
  };
}

describe('recommend capability (lib, Node)', () => {
  for (const c of recommendCases) it(c.name, () => c.run(nodeHarness()), c.timeout);

  it('recommendFor: the stored run served on the tables alone, as the action list does; unknown ids get []', async () => {
    const shop = smallShop();
    const interactions = parseTable(new TextEncoder().encode(shop.interactions)).table;
    const catalogue = parseTable(new TextEncoder().encode(shop.catalogue)).table;
    const request: RecommendRequest = { datasetId: 'd', customer: 'customer', item: 'product', date: 'day', weighting: 'binary', k: 5, models: ['ease'], auto: false, seed: 1, catalogue: { datasetId: 'c', key: 'product', name: 'title' } };
    const events = eventsOf(interactions, request);
    const run = await runRecommend(events, catalogueNames(request, catalogue, events.itemIds), request, { backend: tf.getBackend() });
    const one = await customerRecommendations(run.served, 'C0', 3);
    disposeServed(run.served);
    const served = await serveFrom(structuredClone(run.stored), interactions, catalogue);
    const lists = await recommendFor(served, ['C0', ' C1 ', 'nobody'], 3);
    expect(lists.C0).toEqual(one.items.map(({ item, name, reason }) => ({ item, name, reason })));
    expect(lists[' C1 ']).toHaveLength(3);
    expect(lists.nobody).toEqual([]);
    expect(servedSource(served)).toMatch(/^EASE \(lambda \d+\) on "product" from the Recommendations page$/);
    disposeServed(served);
  });
});
