import { describe, expect, it } from 'vitest';
import { lifecycle } from '../models/lifecycle/lifecycle';
import { categorical, numeric, table } from '../features/churn/testdata';
import { cellSegmentName, cohortCell, lifecycleCsv, lifecycleReportPart, lifecycleReportSection, runLifecycle } from '.';

const ms = (iso: string) => Date.parse(iso + 'T12:00:00Z');
// A: January and March; B: January (100 then 50 in March from A: GRR caps A's 150 at its 100).
const customer = Int32Array.from([0, 1, 0]);
const dates = Float64Array.from(['2024-01-03', '2024-01-04', '2024-03-05'].map(ms));
const amounts = Float64Array.from([100, 20, 150]);
const r = lifecycle(customer, dates, amounts, 2, 'month');

describe('lifecycle CSV files and report section', () => {
  it('writes each view as CSV', () => {
    expect(lifecycleCsv(r, 'lifecycle')).toBe('period,new,returning,resurrecting,dormant,active\r\n2024-01,2,0,0,0,2\r\n2024-02,0,0,0,2,0\r\n2024-03,0,0,1,0,1\r\n');
    expect(lifecycleCsv(r, 'revenue').split('\r\n').slice(1, 4)).toEqual(['2024-01,2,0,120,1,1', '2024-01,2,1,0,0,0', `2024-01,2,2,150,${150 / 120},${100 / 120}`]);
    expect(lifecycleCsv(r, 'retention').split('\r\n')[3]).toBe('2024-01,2,2,1,1,0.5,0.5');
    expect(lifecycleCsv(r, 'stickiness').split('\r\n')[1].startsWith('2024-01,29,2,1,')).toBe(true);
    expect(() => lifecycleCsv(lifecycle(customer, dates, null, 2, 'month'), 'revenue')).toThrow('amount column');
  });

  it('renders the report section with escaped labels and the pooled NRR/GRR', () => {
    const html = lifecycleReportSection(lifecycleReportPart(r));
    expect(html).toContain('<h2>Lifecycle</h2>');
    expect(html).toContain('<td class="n">-2</td>'); // February: both dormant
    expect(html).toContain(`${((150 / 120) * 100).toFixed(1)}%`);
    expect(html).toContain(`${((100 / 120) * 100).toFixed(1)}%`);
    expect(lifecycleReportSection(null)).toBe('');
  });

  it('names a saved cohort cell', () => {
    expect(cellSegmentName({ period: 'month', cohort: '2024-01', offset: 2, mode: 'unbounded' })).toBe('Cohort 2024-01, active month 2 or later');
    expect(cellSegmentName({ period: 'week', cohort: '2024-01-01', offset: 0, mode: 'bounded' })).toBe('Cohort 2024-01-01, active week 0');
  });
});

describe('lifecycle from a table: bad inputs in words', () => {
  const tx = (dates: number[], amounts: number[]) =>
    table(categorical('customer', ['A', 'B', 'A'].slice(0, dates.length), 'id'), numeric('date', dates, 'date'), numeric('amount', amounts), numeric('n', [1, 2, 3].slice(0, dates.length)));
  const cols = { customer: 'customer', date: 'date', amount: 'amount', period: 'month' as const };

  it('says when nothing is a purchase, a column is not a date, or the period is unknown', () => {
    expect(() => runLifecycle(tx([NaN, NaN], [5, 5]), cols)).toThrow('No purchases with a customer and a date');
    expect(() => runLifecycle(tx([0, 1], [-5, -5]), cols)).toThrow('No purchases');
    expect(() => runLifecycle(tx([0, 1], [5, 5]), { ...cols, date: 'n' })).toThrow('"n" must be a date column');
    expect(() => runLifecycle(tx([0, 1], [5, 5]), { ...cols, period: 'day' as 'month' })).toThrow('lifecycle period must be month or week, got "day"');
    // Weeks over more than 2,000 periods (about 38 years) are refused with the way out.
    expect(() => runLifecycle(tx([0, 40 * 365 * 86_400_000], [5, 5]), { ...cols, period: 'week' })).toThrow('use months instead of weeks');
  });

  it('gives a cohort cell as customer ids', () => {
    const t = tx([0, 0, 40 * 86_400_000], [5, 5, 5]);
    expect(cohortCell(t, { ...cols, cohort: '1970-01', offset: 1, mode: 'bounded' })).toEqual(['A']);
    expect(cohortCell(t, { ...cols, cohort: '1970-01', offset: 0, mode: 'bounded' })).toEqual(['A', 'B']);
  });
});
