import { describe, expect, it } from 'vitest';
import { csrFromTriples } from './csr';
import { evaluateScorer } from './evaluate';
import { eventsFromTable, interactionMatrix } from './interactions';
import { alsoBought, becauseOf, csrValue, fitItemKnn } from './itemknn';
import { splitEvents } from './split';
import { movielensTable } from './testdata';

// Items 0 and 1 are always bought together; item 2 goes with 1 once.
const train = csrFromTriples(4, 4, [0, 0, 1, 1, 2, 2, 3], [0, 1, 0, 1, 1, 2, 3]);

describe('fitItemKnn', () => {
  it('computes shrunk cosine similarities', () => {
    const plain = fitItemKnn(train);
    expect(csrValue(plain.similarity, 0, 1)).toBeCloseTo(2 / Math.sqrt(2 * 3), 6);
    expect(csrValue(plain.similarity, 1, 2)).toBeCloseTo(1 / Math.sqrt(3), 6);
    expect(csrValue(plain.similarity, 0, 0)).toBe(0);
    const shrunk = fitItemKnn(train, { shrinkage: 2 });
    expect(csrValue(shrunk.similarity, 0, 1)).toBeCloseTo(2 / (Math.sqrt(6) + 2), 6);
  });

  it('keeps only the top neighbours of each item', () => {
    const one = fitItemKnn(train, { neighbours: 1 });
    // Item 1's single neighbour is item 0 (0.816 > 0.577), so 1 -> 2 is gone.
    expect(csrValue(one.similarity, 0, 1)).toBeGreaterThan(0);
    expect(csrValue(one.similarity, 2, 1)).toBe(0);
    expect(csrValue(one.similarity, 1, 2)).toBeGreaterThan(0);
  });

  it('explains a recommendation by the history item that contributes most', async () => {
    const model = fitItemKnn(train);
    const out = new Float32Array(4);
    await model.score(Int32Array.from([2]), out);
    expect(out[0]).toBeGreaterThan(0);
    expect(Array.from(becauseOf(train, 2, [0, 3], (j, i) => csrValue(model.similarity, j, i)))).toEqual([1, -1]);
    expect(Array.from(alsoBought(model, 1, 2).items)).toEqual([0, 2]);
  });

  it('rejects bad options by value', () => {
    expect(() => fitItemKnn(train, { shrinkage: -1 })).toThrow(/-1/);
    expect(() => fitItemKnn(train, { neighbours: 2.5 })).toThrow(/2.5/);
  });

  it('reproduces the MovieLens 100K reference (cosine, all neighbours: HR@10 0.0594, NDCG@10 0.0281)', async () => {
    const events = eventsFromTable(movielensTable(), { user: 'user', item: 'item', time: 'time' });
    const split = splitEvents(events, 'leave-last-out');
    const ml = interactionMatrix(events, { scheme: 'binary' }, split.train);
    const m = await evaluateScorer(fitItemKnn(ml), ml, split.test, 10);
    expect(Math.abs(m.hrAtK - 0.0594)).toBeLessThanOrEqual(0.001);
    expect(Math.abs(m.ndcgAtK - 0.0281)).toBeLessThanOrEqual(0.001);
  });
});
