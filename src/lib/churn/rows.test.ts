import { describe, expect, it } from 'vitest';
import { scoreOrder, scorePage } from './rows';
import type { ChurnScores } from './types';

const scores: ChurnScores = {
  datasetId: 'd',
  createdAt: '2026-12-07',
  customers: ['a', 'b', 'c', 'd', 'e', 'f'],
  probability: Float64Array.from([0.9, 0.1, 0.5, 0.7, 0.3, 0.8]),
  band: Uint8Array.from([2, 0, 1, 2, 0, 2]),
  bandNames: ['low', 'medium', 'high'],
  reasons: [],
  rule: Int16Array.from([3, 1, 3, -1, 1, 3]),
};

describe('scorePage with a rule', () => {
  it("pages only the rule's customers, in the order asked, with their count as the total", () => {
    const byP = scoreOrder(scores, 'probability');
    const page = scorePage(scores, byP, { offset: 0, limit: 2, sort: 'probability', descending: true, rule: 3 });
    expect(page.total).toBe(3);
    // The band chips count the rule's customers (a, c, f: high, medium, high), not everyone.
    expect(page.bandCounts).toEqual([0, 1, 2]);
    expect(page.rows.map((r) => r.customer)).toEqual(['a', 'f']);
    expect(scorePage(scores, byP, { offset: 2, limit: 2, sort: 'probability', descending: true, rule: 3 }).rows.map((r) => r.customer)).toEqual(['c']);
    const byId = scoreOrder(scores, 'customer');
    expect(scorePage(scores, byId, { offset: 0, limit: 10, sort: 'customer', descending: false, rule: 1 }).rows.map((r) => r.customer)).toEqual(['b', 'e']);
    expect(scorePage(scores, byId, { offset: 0, limit: 10, sort: 'customer', descending: false, rule: 7 })).toEqual({ total: 0, rows: [], bandCounts: [0, 0, 0] });
    // Without a rule, everyone (the customer with no leaf too).
    const all = scorePage(scores, byId, { offset: 0, limit: 10, sort: 'customer', descending: false });
    expect(all.total).toBe(6);
    expect(all.bandCounts).toBeUndefined();
  });

  it('says why when the scores have no tree rules', () => {
    const { rule: _, ...plain } = scores;
    expect(() => scorePage(plain, scoreOrder(plain, 'customer'), { offset: 0, limit: 5, sort: 'customer', descending: false, rule: 1 })).toThrow(/no decision-tree rules/);
  });
});
