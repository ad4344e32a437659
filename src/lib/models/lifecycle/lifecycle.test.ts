import { describe, expect, it } from 'vitest';
import { cohortCellCustomers, lifecycle, type LifecyclePeriod } from './lifecycle';

const ms = (iso: string) => Date.parse(iso + 'T12:00:00Z');

// Four customers over January-April 2024 (hand-made; every answer below computed by hand):
//   A (0): Jan 5 (100), Jan 5 (10), Jan 20 (50), Feb 3 (200), Apr 1 (100)   active Jan (2 days), Feb, Apr
//   B (1): Jan 10 (80), Mar 15 (40), Mar 16 (-10, a return)                 active Jan, Mar (the return is no activity)
//   C (2): Feb 2 (60), Feb 9 (60), Mar 1 (30)                               active Feb (2 days), Mar
//   D (3): Feb 1 (-5, a return before any purchase), Apr 2 (20)             active Apr
// plus a row without a customer and one without a date, which are skipped.
const rows: [number, string | null, number][] = [
  [0, '2024-01-05', 100],
  [0, '2024-01-05', 10],
  [0, '2024-01-20', 50],
  [0, '2024-02-03', 200],
  [0, '2024-04-01', 100],
  [1, '2024-01-10', 80],
  [1, '2024-03-15', 40],
  [1, '2024-03-16', -10],
  [2, '2024-02-02', 60],
  [2, '2024-02-09', 60],
  [2, '2024-03-01', 30],
  [3, '2024-02-01', -5],
  [3, '2024-04-02', 20],
  [-1, '2024-03-03', 7],
  [2, null, 7],
];
const customer = Int32Array.from(rows, (r) => r[0]);
const dates = Float64Array.from(rows, (r) => (r[1] ? ms(r[1]) : NaN));
const amounts = Float64Array.from(rows, (r) => r[2]);

describe('lifecycle (months, hand-computed)', () => {
  const out = lifecycle(customer, dates, amounts, 4, 'month');

  it('classifies each period: new, returning, resurrecting, dormant', () => {
    expect(out.periods.map((p) => p.period)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04']);
    expect(out.periods.map((p) => [p.new, p.returning, p.resurrecting, p.dormant])).toEqual([
      [2, 0, 0, 0], // A, B new
      [1, 1, 0, 1], // C new, A returning, B dormant
      [0, 1, 1, 1], // C returning, B resurrecting, A dormant
      [1, 0, 1, 2], // D new, A resurrecting, B and C dormant
    ]);
    expect(out.periods.map((p) => p.active)).toEqual([2, 2, 2, 2]);
    expect(out.customers).toBe(4);
    expect(out.report).toEqual({ rows: 15, missingCustomer: 1, missingDate: 1, returnRows: 2, returnsBeforeFirstPurchase: 1 });
  });

  it('stickiness: distinct active days per period, DAU/MAU over the days inside the data', () => {
    const s = out.stickiness;
    expect(s.maxDays).toBe(31);
    expect(s.periods.map((p) => p.histogram.slice(0, 3))).toEqual([[1, 1, 0], [1, 1, 0], [2, 0, 0], [2, 0, 0]]);
    expect(s.periods.map((p) => p.days)).toEqual([27, 29, 31, 2]); // Jan 5-31, Feb 2024, March, Apr 1-2
    expect(s.periods.map((p) => p.meanDays)).toEqual([1.5, 1.5, 1, 1]);
    const ratios = [1.5 / 27, 1.5 / 29, 1 / 31, 1 / 2];
    s.periods.forEach((p, i) => expect(p.ratio).toBeCloseTo(ratios[i], 12));
    expect(s.histogram.slice(0, 3)).toEqual([6, 2, 0]);
    expect(s.meanRatio).toBeCloseTo(ratios.reduce((a, b) => a + b) / 4, 12);
  });

  it('bounded and unbounded retention per cohort and pooled', () => {
    const r = out.retention;
    expect(r.cohorts.map((c) => [c.label, c.size])).toEqual([['2024-01', 2], ['2024-02', 1], ['2024-04', 1]]);
    expect(r.cohorts.map((c) => c.bounded)).toEqual([[2, 1, 1, 1], [1, 1, 0], [1]]);
    expect(r.cohorts.map((c) => c.unbounded)).toEqual([[2, 2, 2, 1], [1, 1, 0], [1]]);
    const close = (a: number[], b: number[]) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 12));
    close(r.bounded, [1, 2 / 3, 1 / 3, 1 / 2]);
    close(r.unbounded, [1, 1, 2 / 3, 1 / 2]);
  });

  it('revenue cohorts with net (expansion counted) and gross (capped at each base) revenue retention', () => {
    const v = out.revenue!;
    expect(v.cohorts.map((c) => c.revenue)).toEqual([[240, 200, 30, 100], [120, 30, 0], [20]]);
    const close = (a: number[], b: number[]) => a.forEach((x, i) => expect(x).toBeCloseTo(b[i], 12));
    close(v.cohorts[0].nrr, [1, 200 / 240, 30 / 240, 100 / 240]);
    // A's February 200 is capped at its January 160; B's March 30 is under its 80.
    close(v.cohorts[0].grr, [1, 160 / 240, 30 / 240, 100 / 240]);
    close(v.cohorts[1].nrr, [1, 0.25, 0]);
    close(v.cohorts[1].grr, [1, 0.25, 0]);
    close(v.nrr, [1, 230 / 360, 30 / 360, 100 / 240]);
    close(v.grr, [1, 190 / 360, 30 / 360, 100 / 240]);
  });

  it('has no revenue without amounts, and then a return row is activity', () => {
    const plain = lifecycle(customer, dates, null, 4, 'month');
    expect(plain.revenue).toBeNull();
    // B's Mar 16 return now counts as a second March day; D's Feb 1 return makes D new in February.
    expect(plain.periods.map((p) => p.new)).toEqual([2, 2, 0, 0]);
    expect(plain.stickiness.periods[2].histogram.slice(0, 2)).toEqual([1, 1]);
  });

  it('gives the customers of a cohort cell', () => {
    const cell = (cohort: string, offset: number, mode: 'bounded' | 'unbounded') =>
      Array.from(cohortCellCustomers(customer, dates, amounts, 4, 'month', { cohort, offset, mode }));
    expect(cell('2024-01', 0, 'bounded')).toEqual([0, 1]);
    expect(cell('2024-01', 2, 'bounded')).toEqual([1]);
    expect(cell('2024-01', 3, 'bounded')).toEqual([0]);
    expect(cell('2024-01', 2, 'unbounded')).toEqual([0, 1]);
    expect(cell('2024-02', 2, 'bounded')).toEqual([]);
    expect(cell('2024-03', 0, 'bounded')).toEqual([]); // nobody started in March
    expect(() => cell('2023-12', 0, 'bounded')).toThrow('no month "2023-12"');
    expect(() => cell('2024-01', -1, 'bounded')).toThrow('offset');
  });
});

/** Brute force: sets of (customer, period) from Date objects, the definitions read literally. */
function naive(c: Int32Array, t: Float64Array, period: LifecyclePeriod) {
  const periodOf = (ms: number) => {
    const d = new Date(ms);
    if (period === 'month') return d.getUTCFullYear() * 12 + d.getUTCMonth();
    return Math.round(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7)) / (7 * 86_400_000));
  };
  const active = new Map<number, Set<number>>();
  for (let i = 0; i < c.length; i++) {
    const p = periodOf(t[i]);
    if (!active.has(p)) active.set(p, new Set());
    active.get(p)!.add(c[i]);
  }
  const ps = [...active.keys()];
  const lo = Math.min(...ps);
  const hi = Math.max(...ps);
  const out: number[][] = [];
  for (let p = lo; p <= hi; p++) {
    const now = active.get(p) ?? new Set<number>();
    const prev = active.get(p - 1) ?? new Set<number>();
    const earlier = (x: number) => [...active.entries()].some(([q, s]) => q < p - 1 && s.has(x));
    let n = 0, ret = 0, res = 0, dor = 0;
    for (const x of now) {
      if (prev.has(x)) ret++;
      else if (earlier(x)) res++;
      else n++;
    }
    for (const x of prev) if (!now.has(x)) dor++;
    out.push([n, ret, res, p === lo ? 0 : dor]);
  }
  return out;
}

describe('lifecycle against brute force', () => {
  it.each(['month', 'week'] as const)('matches the literal definitions on random data (%s)', (period) => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const n = 600;
    const c = Int32Array.from({ length: n }, () => Math.floor(rand() * 40));
    const t = Float64Array.from({ length: n }, () => ms('2023-11-01') + Math.floor(rand() * 200) * 86_400_000);
    const out = lifecycle(c, t, null, 40, period);
    expect(out.periods.map((p) => [p.new, p.returning, p.resurrecting, p.dormant])).toEqual(naive(c, t, period));
  });
});
