import { describe, expect, it } from 'vitest';
import { snapshot, type Snapshot } from './snapshot';
import { categorical, numeric, table } from './testdata';
import { cellText, getColumn, isNumericColumn, type Table } from '../../data/table';

const day = (d: string): number => Date.parse(`${d}T00:00:00Z`);
const values = (t: Table, name: string): number[] => {
  const c = getColumn(t, name);
  if (!isNumericColumn(c)) throw new Error(`${name} is not numeric`);
  return Array.from(c.values);
};
const tx = (rows: [string, string, number, string][]): Table =>
  table(
    categorical('who', rows.map((r) => r[0])),
    numeric('when', rows.map((r) => day(r[1])), 'date'),
    numeric('amount', rows.map((r) => r[2])),
    categorical('cat', rows.map((r) => r[3])),
  );
const cols = { customer: 'who', date: 'when', amount: 'amount', category: 'cat' };

// a: 4 purchase days before the cut-off 2024-06-30 (gaps 10, 20, 60 days), one return; buys again in the horizon.
// b: two lines on one day, then nothing (churns). c: only after the cut-off (left out).
const base: [string, string, number, string][] = [
  ['a', '2024-01-01', 10, 'music'],
  ['a', '2024-01-11', 20, 'music'],
  ['a', '2024-01-31', 30, 'books'],
  ['a', '2024-04-01', 40, 'music'],
  ['a', '2024-04-02', -5, 'music'],
  ['b', '2024-05-01', 100, 'books'],
  ['b', '2024-05-01', 50, 'toys'],
  ['a', '2024-07-15', 1, 'music'],
  ['c', '2024-07-20', 7, 'toys'],
  ['z', '2024-12-31', 1, 'music'],
];
const opts = { cutoff: day('2024-06-30'), horizonDays: 90 };

function features(s: Snapshot): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const c of s.table.columns) if (c.name !== 'churned') out[c.name] = Array.from({ length: s.table.rows }, (_, i) => cellText(c, i));
  return out;
}

describe('snapshot', () => {
  it('builds every feature from the rows on or before the cut-off, the label from the horizon after', () => {
    const s = snapshot(tx(base), cols, opts);
    expect(s.customers).toBe(2);
    expect(features(s).customer).toEqual(['a', 'b']);
    expect(values(s.table, 'churned')).toEqual([0, 1]);
    expect(s.churned).toBe(1);
    expect(new Date(s.labelEnd).toISOString().slice(0, 10)).toBe('2024-09-28');
    expect(values(s.table, 'recency_days')).toEqual([90, 60]);
    expect(values(s.table, 'frequency')).toEqual([4, 1]);
    expect(values(s.table, 'tenure_days')).toEqual([181, 60]);
    // Gaps 10, 20, 61 days (2024 is a leap year): mean 30.33; trend 61 - mean(10, 20) = 46; b has one day.
    expect(values(s.table, 'ipt_mean_days')[0]).toBeCloseTo(91 / 3, 10);
    expect(values(s.table, 'ipt_trend_days')).toEqual([46, NaN]);
    // Last 90 days = 2024-04-02..06-30; the 90 before = 2024-01-03..04-01.
    expect(values(s.table, 'orders_last_90d')).toEqual([0, 1]);
    expect(values(s.table, 'orders_prev_90d')).toEqual([3, 0]);
    expect(values(s.table, 'spend_last_90d')).toEqual([-5, 150]);
    expect(values(s.table, 'spend_prev_90d')).toEqual([90, 0]);
    expect(values(s.table, 'spend_trend')).toEqual([-95, 150]);
    // The return nets against spend but is not a purchase day.
    expect(values(s.table, 'monetary')).toEqual([95, 150]);
    // Category levels by purchase lines before the cut-off: music 3, books 2, toys 1.
    expect(s.categories).toEqual(['music', 'books', 'toys']);
    expect(values(s.table, 'share_music')).toEqual([0.75, 0]);
    expect(values(s.table, 'share_books')).toEqual([0.25, 0.5]);
  });

  it('is unchanged by any purchase after the cut-off (no feature sees the future)', () => {
    const before = snapshot(tx(base), cols, opts);
    const later: [string, string, number, string][] = [
      ...base,
      ['b', '2024-07-01', 1e6, 'new-category'],
      ['b', '2024-07-02', 1e6, 'new-category'],
      ['b', '2024-07-03', 1e6, 'new-category'],
      ['b', '2024-07-04', 1e6, 'new-category'],
      ['a', '2024-11-01', 500, 'toys'],
      ['d', '2024-08-01', 9, 'music'],
    ];
    const after = snapshot(tx(later), cols, opts);
    expect(features(after)).toEqual(features(before));
    expect(after.categories).toEqual(before.categories);
    // Only the label moves: b bought in the horizon now.
    expect(values(after.table, 'churned')).toEqual([0, 0]);
  });

  it('counts events before the cut-off, labels a churn event in the horizon, leaves out who left before', () => {
    const events = table(
      categorical('cust', ['a', 'a', 'b', 'a', 'e', 'a']),
      numeric('at', ['2024-02-01', '2024-03-01', '2024-06-01', '2024-08-01', '2024-01-01', '2024-07-10'].map(day), 'date'),
      categorical('kind', ['ticket', 'ticket', 'login', 'ticket', 'cancel', 'cancel']),
    );
    // a buys in the horizon but cancels in it: churned (b did not buy). e is not a customer of the snapshot.
    const s = snapshot(tx(base), cols, { ...opts, events: { table: events, customer: 'cust', date: 'at', type: 'kind', churnTypes: ['cancel'] } });
    expect(values(s.table, 'events')).toEqual([2, 1]);
    expect(values(s.table, 'events_ticket')).toEqual([2, 0]);
    expect(values(s.table, 'events_login')).toEqual([0, 1]);
    expect(values(s.table, 'churned')).toEqual([1, 1]);
    const gone = table(categorical('cust', ['a']), numeric('at', [day('2024-06-01')], 'date'), categorical('kind', ['cancel']));
    const s2 = snapshot(tx(base), cols, { ...opts, events: { table: gone, customer: 'cust', date: 'at', type: 'kind', churnTypes: ['cancel'] } });
    expect(features(s2).customer).toEqual(['b']);
    expect(s2.notes.join(' ')).toContain('1 customers with a churn event on or before the cut-off are left out');
  });

  it('joins static customer attributes by key and leaves date columns out', () => {
    const customers = table(
      categorical('id', ['b', 'a', 'x'], 'id'),
      categorical('plan', ['gold', 'basic', 'gold']),
      numeric('age', [40, 30, 50]),
      numeric('cancelled_on', [day('2024-08-01'), NaN, NaN], 'date'),
      categorical('churn_label', ['Yes', 'No', 'No']),
    );
    const s = snapshot(tx(base), cols, { ...opts, customers: { table: customers, key: 'id', exclude: ['churn_label'] } });
    expect(features(s).plan).toEqual(['basic', 'gold']);
    expect(values(s.table, 'age')).toEqual([30, 40]);
    expect(s.table.columns.map((c) => c.name)).not.toContain('cancelled_on');
    expect(s.table.columns.map((c) => c.name)).not.toContain('churn_label');
    expect(s.notes.join(' ')).toContain('left out (their values may come after the cut-off): cancelled_on');
  });

  it('refuses a label window past the data and a cut-off before any purchase, saying what to change', () => {
    expect(() => snapshot(tx(base), cols, { cutoff: day('2024-12-01'), horizonDays: 90 })).toThrow(
      'The label window 2024-12-02 to 2025-03-01 runs past the last transaction (2024-12-31): move the cut-off to 2024-10-02 or earlier',
    );
    expect(() => snapshot(tx(base), cols, { cutoff: day('2023-12-01'), horizonDays: 90 })).toThrow('No purchases on or before the cut-off 2023-12-01');
    expect(() => snapshot(tx(base), cols, { ...opts, horizonDays: 0 })).toThrow('whole number of days > 0');
  });
});
