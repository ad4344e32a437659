import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../tests/datasets';
import type { Table } from '../data/table';
import { buildReport } from '../actions/report';
import { sbgReportPart, sbgReportSection } from './report';
import { extrapolationNote, residualValueText } from './notes';
import { periodsText, remainingDisplay } from './remaining';
import { customersFromTable, guessSbgColumns, parseAlive, periodsBetween, runSbg, SbgRows } from '.';

const day = (s: string) => Date.parse(`${s}T00:00:00Z`);

describe('sBG on customer tables', () => {
  it('fits telco tenure + Churn = Yes as scipy does, with DERL per customer', async () => {
    const { table } = await loadDataset('telco/Telco-Customer-Churn.csv');
    const run = runSbg(table, { source: { kind: 'tenure', customer: 'customerID', tenure: 'tenure', event: 'Churn' }, discountRate: 0.01, valueColumn: 'MonthlyCharges' });
    // scipy 1.17 (betaln, Nelder-Mead on log-parameters, run once): alpha 0.136733, beta 4.032815, LL -10465.4247.
    expect(run.alpha).toBeCloseTo(0.136733, 5);
    expect(run.beta).toBeCloseTo(4.032815, 4);
    expect(run.loglik).toBeCloseTo(-10465.4247, 3);
    expect(run.summary).toMatchObject({ customers: 7043, churned: 1869, active: 5174, lastPeriod: 72 });
    // DERL at d = 1% a month by mpmath.hyp2f1: tenure 0 68.65173, 12 80.73367, 72 91.69190.
    expect(run.byTenure[12].derl).toBeCloseTo(80.73367, 4);
    expect(run.byTenure[72].derl).toBeCloseTo(91.6919, 4);
    // Discrete Kaplan-Meier: the first period's retention is 1 - churners in month 1 / customers reaching it.
    expect(run.curve[1].actualRetention).toBeCloseTo(1 - 380 / 7032, 10);
    const rows = new SbgRows(run);
    const page = rows.page({ offset: 0, limit: 3, sort: 'residualValue', descending: true, search: '' });
    expect(page.total).toBe(7043);
    expect(page.rows[0]).toMatchObject({ customer: '7569-NMZYQ', tenure: 72, active: true, expectedRemaining: null });
    expect(page.rows[0].residualValue).toBeCloseTo(118.75 * 91.6919, 2);
    const left = rows.page({ offset: 0, limit: 1, sort: 'derl', descending: false, search: '' }).rows[0];
    expect(left).toMatchObject({ active: false, derl: 0, residualValue: 0 });
    const csv = rows.csv({ sort: 'residualValue', descending: true, search: '7569-NMZYQ' }).split('\r\n');
    expect(csv[0]).toBe('customer,tenure,status,expected_remaining_periods,median_remaining_periods,derl,value_per_period,residual_value');
    expect(csv[1]).toMatch(/^7569-NMZYQ,72,active,inf,>10000,91\.69/);
    // α ≤ 1: the mean is infinite on every row, so the tab shows the median and DERL instead and says why.
    const shown = remainingDisplay(run.alpha, run.beta);
    expect(shown.showMean).toBe(false);
    // The median for a new customer by brute force: the first t with S(t) = prod (beta + k - 1) / (alpha + beta + k - 1) <= 1/2.
    let surv = 1, t = 0;
    while (surv > 0.5) surv *= (run.beta + t) / (run.alpha + run.beta + t++);
    expect(shown.note).toContain(`α = 0.137 ≤ 1`);
    expect(shown.note).toContain(`(${t.toLocaleString('en')} periods for a new customer) and DERL`);
    expect(remainingDisplay(1.5, 3)).toEqual({ showMean: true, note: null });
    expect(periodsText(null, String)).toBe('> 10,000');
    // That median (572 by the loop above) is far past the 72 periods observed: the run says it extrapolates.
    expect(run.summary.notes).toEqual([expect.stringContaining(`median remaining lifetime (${t.toLocaleString('en')} periods) lies far beyond the data (observed 72 periods)`)]);
    // The residual value is money already computed, not "(× MonthlyCharges)" still to multiply.
    expect(residualValueText(run.summary.totalResidualValue, run.summary.value)).toMatch(/^[\d,]+ in MonthlyCharges units, already computed: the sum of DERL × each active customer's own MonthlyCharges$/);
    const html = sbgReportSection(sbgReportPart(run, 'telco', 0));
    expect(html).toMatch(/active customers: <b>[\d,]+<\/b> \(in MonthlyCharges units, already computed/);
    expect(html).toContain('extrapolates the fitted curve far past anything seen');
  });

  it('warns only when a new customer\'s remaining lifetime passes twice the periods observed', () => {
    expect(extrapolationNote([{ expectedRemaining: Infinity, medianRemaining: 20 }], 10)).toBeNull();
    expect(extrapolationNote([{ expectedRemaining: 21, medianRemaining: 14 }], 10)).toBe(
      "A new customer's expected lifetime (21 periods) lies far beyond the data (observed 10 periods): it extrapolates the fitted curve far past anything seen, so read it as the model's assumption, not a measurement. DERL discounts the far future and rests less on it.",
    );
    expect(extrapolationNote([{ expectedRemaining: Infinity, medianRemaining: null }], 10)).toMatch(/^A new customer's median remaining lifetime \(over 10,000 periods\) lies/);
    expect(residualValueText(1234.4, { amount: 5 })).toBe('1,234, already computed: the sum of DERL × 5 per period over the active customers');
    expect(residualValueText(null, { amount: 5 })).toBeNull();
  });

  const subs: Table = {
    rows: 6,
    columns: [
      { name: 'id', type: 'id', codes: Int32Array.of(0, 1, 2, 3, 4, 5), dictionary: ['a', 'b', 'c', 'd', 'e', 'f'] },
      { name: 'start', type: 'date', values: Float64Array.of(day('2024-01-15'), day('2024-01-15'), day('2024-03-01'), day('2024-02-10'), NaN, day('2024-05-01')) },
      { name: 'end', type: 'date', values: Float64Array.of(day('2024-04-15'), day('2024-04-20'), NaN, day('2024-02-10'), NaN, day('2024-04-01')) },
    ],
  };

  it('turns start/end dates into periods: churners by the period they left in, active ones by periods completed', () => {
    expect(periodsBetween(day('2024-01-31'), day('2024-02-29'), 'month')).toEqual({ whole: 0, exact: false });
    expect(periodsBetween(day('2024-01-15'), day('2024-04-15'), 'month')).toEqual({ whole: 3, exact: true });
    expect(periodsBetween(day('2024-01-01'), day('2024-01-22'), 'week')).toEqual({ whole: 3, exact: true });
    expect(periodsBetween(day('2023-03-01'), day('2024-04-01'), 'year')).toEqual({ whole: 1, exact: false });
    const c = customersFromTable(subs, { source: { kind: 'dates', customer: 'id', start: 'start', end: 'end', period: 'month', asOf: '2024-06-20' }, discountRate: 0.01 });
    expect(c.ids).toEqual(['a', 'b', 'c', 'd']);
    // a: exactly 3 months -> left in period 3; b: 3 months and 5 days -> period 4; c: active, 3 whole months to
    // the as-of day; d: ended the day it started -> period 1.
    expect(Array.from(c.tenure)).toEqual([3, 4, 3, 1]);
    expect(Array.from(c.active)).toEqual([0, 0, 1, 0]);
    expect(c.skipped.reasons).toEqual(['1 rows without a start date', '1 rows that end before they start']);
  });

  it('fits typed counts, projects alive counts, and refuses bad input with a clear message', () => {
    const alive = parseAlive('1000, 631 468\n382,326,289,262,241');
    const run = runSbg(null, { source: { kind: 'alive', alive }, discountRate: 0.1, horizon: 5 });
    expect(run.curve).toHaveLength(13);
    expect(run.curve[7].actualAlive).toBe(241);
    expect(run.curve[12].actualAlive).toBeNull();
    expect(run.curve[3].actualSurvival).toBeCloseTo(0.382, 12);
    expect(run.curve[1].projectedAlive).toBeCloseTo(1000 * run.alpha ** 0 * (run.beta / (run.alpha + run.beta)), 8);
    expect(() => parseAlive('1000, six hundred')).toThrow(/"six" is not a number/);
    expect(() => runSbg(null, { source: { kind: 'alive', alive: [100, 90] }, discountRate: 0.1 })).toThrow(/at least 3 periods/);
    const noChurn: Table = { rows: 3, columns: [{ name: 't', type: 'integer', values: Float64Array.of(1, 5, 9) }, { name: 'e', type: 'category', codes: Int32Array.of(0, 0, 0), dictionary: ['No'] }] };
    // Exactly geometric counts (every customer renews 80% a period): no heterogeneity, alpha and beta run off.
    const flat = runSbg(null, { source: { kind: 'alive', alive: [1000, 800, 640, 512, 409.6, 327.68] }, discountRate: 0.1 });
    expect(flat.alpha + flat.beta).toBeGreaterThan(1000);
    expect(flat.beta / (flat.alpha + flat.beta)).toBeCloseTo(0.8, 3);
    expect(flat.summary.notes[0]).toMatch(/no spread of renewal probabilities.*80\.0% a period/);
    expect(run.summary.notes).toEqual([]);
    expect(() => runSbg(noChurn, { source: { kind: 'tenure', tenure: 't', event: 'e' }, discountRate: 0.01 })).toThrow(/No customer churned/);
  });

  it('guesses tenure + churn (telco, demo customers) or start/end dates from names and types', () => {
    const telco = guessSbgColumns([
      { name: 'customerID', type: 'id' }, { name: 'gender', type: 'category' }, { name: 'tenure', type: 'integer' },
      { name: 'MonthlyCharges', type: 'number' }, { name: 'Churn', type: 'category' },
    ]);
    expect(telco).toEqual({ kind: 'tenure', customer: 'customerID', tenure: 'tenure', event: 'Churn', start: '', end: '', value: 'MonthlyCharges' });
    const subs = guessSbgColumns([{ name: 'id', type: 'id' }, { name: 'started_at', type: 'date' }, { name: 'ended_at', type: 'date' }, { name: 'mrr', type: 'number' }], 'id');
    expect(subs).toMatchObject({ kind: 'dates', start: 'started_at', end: 'ended_at', value: 'mrr' });
    expect(guessSbgColumns([{ name: 'date', type: 'date' }, { name: 'amount', type: 'number' }]).kind).toBeNull();
  });

  it('puts a report section with alpha, beta, survival and DERL by tenure, its source escaped', () => {
    const run = runSbg(null, { source: { kind: 'alive', alive: [1000, 631, 468, 382, 326, 289, 262, 241] }, discountRate: 0.1, horizon: 5 });
    const part = sbgReportPart(run, null, 0);
    expect(part.survival.map((r) => r.t)).toEqual([0, 1, 3, 4, 5, 7, 8, 9, 11, 12]);
    expect(part.byTenure.map((b) => b.tenure)).toEqual([0, 1, 3, 4, 6, 7]);
    const html = sbgReportSection({ ...part, source: 'subs <b>.csv' });
    expect(html).toContain('α = 0.704, β = 1.182');
    expect(html).toContain('subs &#60;b&#62;.csv');
    expect(html).not.toContain('<b>.csv');
    // the regular segment at 3 years: 38.2% actual; DERL of a customer active after 3 years (d = 10%) 5.44
    expect(html).toContain('<td class="n">3</td><td class="n">38.2%</td>');
    expect(html).toContain('<td class="n">5.44</td>');
    expect(sbgReportSection(null)).toBe('');
    const minimal = { title: 'R', createdAt: '2026-01-01T00:00:00Z', datasets: [], sources: { churn: '', clv: '', segment: '', items: '' }, segments: null, churn: null, clv: null, cohorts: null,
      actions: { customers: 0, counts: [], bySegment: [], byBand: [], disagreements: 0, rules: [] }, notes: [], table: null };
    expect(buildReport({ ...minimal, sbg: part })).toContain('<h2>Subscriptions (sBG retention)</h2>');
    expect(buildReport(minimal)).not.toContain('Subscriptions (sBG');
  });
});

describe('sBG lifetimes from a yes/no churn column', () => {
  it('reads "Yes" (or "No") typed for a column imported as yes/no, stored as 1/0', () => {
    const t: Table = {
      rows: 4,
      columns: [
        { name: 'tenure', type: 'integer', values: new Float64Array([3, 5, 2, 7]) },
        { name: 'Churn', type: 'boolean', values: new Float64Array([1, 0, 1, 0]) },
      ],
    };
    const req = (eventValue: string) => ({ source: { kind: 'tenure' as const, tenure: 'tenure', event: 'Churn', eventValue }, discountRate: 0.01 });
    expect(Array.from(customersFromTable(t, req('Yes')).active)).toEqual([0, 1, 0, 1]);
    expect(Array.from(customersFromTable(t, req('no')).active)).toEqual([1, 0, 1, 0]);
    expect(Array.from(customersFromTable(t, req('')).active)).toEqual([0, 1, 0, 1]);
  });
});
