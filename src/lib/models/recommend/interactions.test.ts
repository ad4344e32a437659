import { describe, expect, it } from 'vitest';
import { eventsFromTable, interactionMatrix } from './interactions';
import { smallTable } from './testdata';

const DAY = 86_400;

describe('eventsFromTable', () => {
  const table = smallTable(
    ['customer', 'product', 'ts', 'qty'],
    [
      ['10', '7', 0, 1],
      ['9', '7', DAY, 2],
      ['10', '30', 2 * DAY, 1],
      ['10', '7', 3 * DAY, 3],
      ['', '7', 3 * DAY, 1],
      ['9', '100', 10 * DAY, 1],
    ],
  );
  const events = eventsFromTable(table, { user: 'customer', item: 'product', time: 'ts', value: 'qty' });

  it('codes ids in numeric order and drops rows with a missing id', () => {
    expect(events.userIds).toEqual(['9', '10']);
    expect(events.itemIds).toEqual(['7', '30', '100']);
    expect(Array.from(events.user)).toEqual([1, 0, 1, 1, 0]);
    expect(Array.from(events.item)).toEqual([0, 0, 1, 0, 2]);
  });

  it('reads small plain numbers as unix seconds', () => {
    expect(events.time![1]).toBe(DAY * 1000);
  });

  it('weights pairs as binary, summed values, log1p of the sum, or decayed by age', () => {
    const dense = (m: ReturnType<typeof interactionMatrix>) => {
      const out = Array.from({ length: m.rows }, () => new Array<number>(m.cols).fill(0));
      for (let u = 0; u < m.rows; u++) for (let p = m.indptr[u]; p < m.indptr[u + 1]; p++) out[u][m.indices[p]] = m.data[p];
      return out;
    };
    expect(dense(interactionMatrix(events, { scheme: 'binary' }))).toEqual([
      [1, 0, 1],
      [1, 1, 0],
    ]);
    expect(dense(interactionMatrix(events, { scheme: 'count' }))).toEqual([
      [2, 0, 1],
      [4, 1, 0],
    ]);
    expect(dense(interactionMatrix(events, { scheme: 'log' }))[1][0]).toBeCloseTo(Math.log1p(4), 6);
    // Newest event is day 10; a 7-day half-life halves day 3's weight: binary keeps the latest event.
    const decayed = dense(interactionMatrix(events, { scheme: 'binary', halfLifeDays: 7 }));
    expect(decayed[1][0]).toBeCloseTo(0.5, 6);
    expect(decayed[0][2]).toBeCloseTo(1, 6);
    const keep = Uint8Array.from([1, 1, 1, 0, 1]);
    expect(dense(interactionMatrix(events, { scheme: 'count' }, keep))[1][0]).toBe(1);
  });

  it('rejects bad options by name', () => {
    expect(() => interactionMatrix(events, { scheme: 'binary', halfLifeDays: -1 })).toThrow(/halfLifeDays.*-1/);
    expect(() => interactionMatrix(events, { scheme: 'tfidf' as 'binary' })).toThrow(/tfidf/);
    expect(() => eventsFromTable(table, { user: 'nope', item: 'product' })).toThrow(/nope/);
  });
});
