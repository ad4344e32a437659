import { describe, expect, it } from 'vitest';
import { eventsFromTable } from './interactions';
import { splitEvents } from './split';
import { smallTable } from './testdata';

describe('splitEvents', () => {
  const events = eventsFromTable(
    smallTable(
      ['u', 'i', 't'],
      [
        ['1', '5', 100],
        ['1', '9', 300],
        ['1', '3', 300],
        ['1', '9', 50],
        ['2', '4', 10],
        ['2', '4', 20],
        ['3', '1', 5],
        ['3', '2', 6],
      ],
    ),
    { user: 'u', item: 'i', time: 't' },
  );

  it('holds out the latest item, ties to the highest item id, with all events of that pair', () => {
    const s = splitEvents(events, 'leave-last-out');
    expect(events.itemIds[s.test[0]]).toBe('9');
    expect(Array.from(s.train)).toEqual([1, 0, 1, 0, 1, 1, 1, 0]);
    // User 2 has one distinct item: not evaluated and kept in training.
    expect(s.test[1]).toBe(-1);
    expect(events.itemIds[s.test[2]]).toBe('2');
  });

  it('holds out one seeded random item per user when there is no time', () => {
    const a = splitEvents({ ...events, time: null }, 'random', 1);
    const b = splitEvents({ ...events, time: null }, 'random', 1);
    expect(a).toEqual(b);
    expect(a.test[1]).toBe(-1);
    expect(a.test[0]).toBeGreaterThanOrEqual(0);
    expect(() => splitEvents({ ...events, time: null }, 'leave-last-out')).toThrow(/time column/);
  });

  it('splits again inside the training part only (validation never sees test items)', () => {
    const outer = splitEvents(events, 'leave-last-out');
    const inner = splitEvents(events, 'leave-last-out', 43, outer.train);
    for (let e = 0; e < inner.train.length; e++) if (inner.train[e]) expect(outer.train[e]).toBe(1);
    expect(events.itemIds[inner.test[0]]).toBe('3');
    expect(inner.test[0]).not.toBe(outer.test[0]);
  });
});
