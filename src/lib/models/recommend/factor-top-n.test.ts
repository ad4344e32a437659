import { describe, expect, it } from 'vitest';
import { scoreFactors } from './als';
import { csrFromTriples } from './csr';
import { factorTopN, type FactorModel } from './factor-top-n';
import { mulberry32, seededNormal } from '../../random';
import type { Scorer } from './scorer';
import { topN } from './topn';

function randomModel(users: number, items: number, f: number, seed: number): FactorModel {
  const g = seededNormal(seed);
  // Item norms spread over a decade, as popularity spreads ALS item norms, so pruning has work to do.
  const itemFactors = Float32Array.from({ length: items * f }, (_, i) => g() * (0.2 + (Math.floor(i / f) % 10) / 3));
  // Items 1, 2 and 3 are identical: their scores tie for every user.
  for (const j of [2, 3]) itemFactors.copyWithin(j * f, f, 2 * f);
  return { nItems: items, factors: f, userFactors: Float32Array.from({ length: users * f }, g), itemFactors };
}

// The reference: score the whole catalogue, mask seen items, select.
function fullScorer(m: FactorModel): Scorer {
  return {
    name: 'als',
    nItems: m.nItems,
    score(users, out) {
      scoreFactors(m.userFactors, m.itemFactors, m.factors, m.nItems, users, out);
      return Promise.resolve();
    },
    dispose() {},
  };
}

function randomSeen(users: number, items: number, perUser: number, seed: number) {
  const r = mulberry32(seed);
  const rows: number[] = [];
  const cols: number[] = [];
  for (let u = 0; u < users; u++) {
    for (let e = 0; e < perUser; e++) {
      rows.push(u);
      // Bias towards low indices so the tied items 1-3 are often among those seen.
      cols.push(Math.floor(r() ** 2 * items));
    }
  }
  return csrFromTriples(users, items, rows, cols);
}

describe('factorTopN', () => {
  it('gives exactly the lists and scores of scoring every item, seen items skipped, ties to the lower index', async () => {
    const model = randomModel(41, 303, 7, 1);
    const seen = randomSeen(41, 303, 6, 2);
    const users = Int32Array.from({ length: 41 }, (_, u) => (u * 17) % 41);
    for (const k of [1, 3, 10]) {
      const want = await topN(fullScorer(model), seen, users, k, { batchSize: 8 });
      const got = factorTopN(model, seen, users, k);
      expect(Array.from(got.items)).toEqual(Array.from(want.items));
      expect(Array.from(got.scores)).toEqual(Array.from(want.scores));
    }
  });

  it('pads with -1 when fewer than k items are unseen, and handles users with no history row', () => {
    const model = randomModel(3, 4, 3, 5);
    const seen = csrFromTriples(2, 4, [0, 0, 0, 1], [0, 1, 2, 3]);
    const got = factorTopN(model, seen, Int32Array.from([0, 1, 2]), 3);
    expect(Array.from(got.items.subarray(0, 3))).toEqual([3, -1, -1]);
    expect(got.scores[1]).toBe(-Infinity);
    expect(Array.from(got.items.subarray(3, 6)).every((j) => j >= 0 && j < 3)).toBe(true);
    expect(new Set(got.items.subarray(6, 9)).size).toBe(3);
  });

  it('reports progress and rejects a bad k or user', () => {
    const model = randomModel(5, 10, 2, 9);
    const seen = csrFromTriples(5, 10, [], []);
    const done: number[] = [];
    factorTopN(model, seen, Int32Array.from([0, 1, 2, 3, 4]), 2, (p) => done.push(p.done));
    expect(done.at(-1)).toBe(5);
    expect(() => factorTopN(model, seen, Int32Array.from([0]), 0)).toThrow(/got 0/);
    expect(() => factorTopN(model, seen, Int32Array.from([7]), 2)).toThrow(/7/);
  });
});
