import { describe, expect, it } from 'vitest';
import { columnProblems, fitPipeline, transformTable, type FittedPipeline } from './pipeline';
import { categorical, numeric, table } from './testdata';
import { loadTelco } from './testdata-node';

const DAY = 86_400_000;
const n = 40;
const idx = Array.from({ length: n }, (_, i) => i);
// 40 rows: a numeric column with missing values only in rows >= 30, a category with a rare level.
const t = table(
  categorical('id', idx.map((i) => `c${i}`), 'id'),
  numeric('seq', idx, 'integer'),
  numeric('spend', idx.map((i) => (i >= 30 && i % 2 ? NaN : i))),
  numeric('full', idx.map((i) => i % 7)),
  categorical('plan', idx.map((i) => (i === 0 ? 'rare' : i % 3 ? 'monthly' : 'yearly'))),
  numeric('flag', idx.map((i) => i % 2), 'boolean'),
  numeric('joined', idx.map((i) => Date.UTC(2024, 0, 1) + i * DAY), 'date'),
  categorical('country', idx.map(() => 'FR')),
  categorical('Churn', idx.map((i) => (i % 4 ? 'No' : 'Yes'))),
);
const first30 = Int32Array.from(idx.slice(0, 30));

describe('fitPipeline', () => {
  it('excludes the target, IDs, ID-like and constant columns, with reasons', () => {
    const p = fitPipeline(t, 'Churn');
    expect(p.excluded).toEqual([
      { name: 'id', reason: 'identifier column' },
      { name: 'seq', reason: 'ID-like (a different whole number in each of 40 rows)' },
      { name: 'country', reason: 'constant' },
    ]);
    expect(p.steps.map((s) => s.column)).toEqual(['spend', 'full', 'plan', 'flag', 'joined']);
  });

  it('adds a missing indicator only when training rows had missing values', () => {
    expect(fitPipeline(t, 'Churn', first30).features).not.toContain('spend__missing');
    const p = fitPipeline(t, 'Churn');
    expect(p.features).toContain('spend__missing');
    expect(p.labels[p.features.indexOf('spend__missing')]).toBe('spend is missing');
  });

  it('fits medians and scaling on the training rows only', () => {
    const p = fitPipeline(t, 'Churn', first30);
    const spend = p.steps[0];
    if (spend.kind !== 'numeric') throw new Error('spend should be numeric');
    expect(spend.median).toBe(14.5);
    expect(spend.mean).toBeCloseTo(14.5, 12);
    expect(spend.std).toBeCloseTo(Math.sqrt((30 * 30 - 1) / 12), 12);
    // A missing value in a later row is filled with the training median: 0 after scaling.
    const fm = transformTable(p, t, Int32Array.from([31, 32]));
    const j = p.features.indexOf('spend');
    expect(fm.X[j]).toBe(0);
    expect(fm.X[fm.features + j]).toBeCloseTo((32 - 14.5) / spend.std, 5);
  });

  it('one-hot encodes categories, grouping rare levels into Other', () => {
    const p = fitPipeline(t, 'Churn');
    expect(p.labels.filter((l) => l.startsWith('plan'))).toEqual(['plan = monthly', 'plan = yearly', 'plan = Other']);
    const fm = transformTable(p, t, Int32Array.from([0, 1, 3]));
    const cols = ['plan=monthly', 'plan=yearly', 'plan=Other'].map((f) => p.features.indexOf(f));
    const row = (i: number) => cols.map((c) => fm.X[i * fm.features + c]);
    expect([row(0), row(1), row(2)]).toEqual([[0, 0, 1], [1, 0, 0], [0, 1, 0]]);
    // The threshold is configurable: with rareCount 1 the rare level keeps its own column.
    expect(fitPipeline(t, 'Churn', undefined, { rareCount: 1 }).features).toContain('plan=rare');
  });

  it('keeps booleans as 0/1 and turns dates into their age in days', () => {
    const p = fitPipeline(t, 'Churn', undefined, { referenceDate: Date.UTC(2024, 1, 10) });
    const joined = p.steps.find((s) => s.column === 'joined');
    if (joined?.kind !== 'date') throw new Error('joined should be a date step');
    expect(joined.median).toBe(40 - 19.5);
    const fm = transformTable(p, t);
    const flag = p.features.indexOf('flag');
    expect([fm.X[flag], fm.X[fm.features + flag]]).toEqual([0, 1]);
    expect(fm.groupNames[fm.groups[flag]]).toBe('flag');
  });

  it('honours include and exclude, and names an unknown column', () => {
    expect(fitPipeline(t, 'Churn', undefined, { include: ['plan', 'full'] }).steps.map((s) => s.column)).toEqual(['full', 'plan']);
    const p = fitPipeline(t, 'Churn', undefined, { exclude: ['spend'] });
    expect(p.excluded).toContainEqual({ name: 'spend', reason: 'excluded by user' });
    expect(() => fitPipeline(t, 'Churn', undefined, { exclude: ['nope'] })).toThrow('Unknown column "nope" in exclude');
    expect(() => fitPipeline(t, 'Churn', undefined, { rareShare: 2 })).toThrow('rareShare must be in [0, 1), got 2');
  });

  it('is plain data: a JSON round trip transforms identically', () => {
    const p = fitPipeline(t, 'Churn', first30);
    const back = JSON.parse(JSON.stringify(p)) as FittedPipeline;
    expect(transformTable(back, t).X).toEqual(transformTable(p, t).X);
  });

  it('sends unseen levels to Other and lists missing or mistyped columns', () => {
    const p = fitPipeline(t, 'Churn');
    const other = table(
      numeric('spend', [1]),
      numeric('full', [2]),
      categorical('plan', ['weekly']),
      numeric('flag', [1], 'boolean'),
      numeric('joined', [Date.UTC(2024, 0, 5)], 'date'),
    );
    const fm = transformTable(p, other);
    expect(fm.X[p.features.indexOf('plan=Other')]).toBe(1);
    const bad = table(numeric('spend', [1]), categorical('full', ['x']), numeric('plan', [3]));
    expect(columnProblems(p, bad)).toEqual([
      'column "full" is category, expected number',
      'column "plan" is number, expected category',
      'missing column "flag"',
      'missing column "joined"',
    ]);
    expect(() => transformTable(p, bad)).toThrow('missing column "flag"');
  });

  it('encodes telco as the reference protocol: customerID dropped, TotalCharges numeric with 11 missing', async () => {
    const telco = await loadTelco();
    const p = fitPipeline(telco, 'Churn');
    expect(p.excluded).toEqual([{ name: 'customerID', reason: 'identifier column' }]);
    expect(p.steps).toHaveLength(19);
    const total = p.steps.find((s) => s.column === 'TotalCharges');
    expect(total?.kind).toBe('numeric');
    const fm = transformTable(p, telco);
    const miss = p.features.indexOf('TotalCharges__missing');
    let missing = 0;
    for (let i = 0; i < fm.rows; i++) missing += fm.X[i * fm.features + miss];
    expect(missing).toBe(11);
    expect(p.labels).toContain('Contract = Month-to-month');
    expect(fm.features).toBe(42);
  });
});
