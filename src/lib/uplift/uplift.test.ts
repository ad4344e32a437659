import { describe, expect, it } from 'vitest';
import { parseTable } from '../data/parse-table';
import { createRng } from '../random';
import { balanceTable, prepareUplift, type UpliftRunResult } from '.';
import { upliftReportPart, upliftReportSection } from './report';

const tableOf = (csv: string) => parseTable(new TextEncoder().encode(csv)).table;

/** A small campaign CSV: `rows(i)` gives treatment, outcome and age of row i. */
function csv(n: number, row: (i: number) => [string, string, number]): string {
  const lines = ['customer_id,treatment,outcome,age,plan'];
  for (let i = 0; i < n; i++) {
    const [t, y, age] = row(i);
    lines.push(`C${i},${t},${y},${age},${['basic', 'plus', 'pro'][i % 3]}`);
  }
  return lines.join('\n') + '\n';
}

describe('uplift input checks', () => {
  const ok = (i: number): [string, string, number] => [i % 2 ? 'treated' : 'control', i % 3 ? 'yes' : 'no', 30 + (i % 40)];
  const run = (text: string, extra = {}) => () => prepareUplift(tableOf(text), { treatment: 'treatment', outcome: 'outcome', ...extra });

  it('names what is wrong', () => {
    expect(run(csv(300, (i) => ['1', ok(i)[1], 40]))).toThrow(/only one value \("1"\): a campaign needs both treated and control/);
    expect(run(csv(300, (i) => [['a', 'b', 'c'][i % 3], ok(i)[1], 40]))).toThrow(/Treatment column "treatment" has 3 distinct values/);
    expect(run(csv(300, (i) => [ok(i)[0], ['x', 'y', 'z'][i % 3], 40]))).toThrow(/Outcome column "outcome" has 3 distinct values/);
    expect(run(csv(300, (i) => [ok(i)[0], 'yes', 40]))).toThrow(/Outcome column "outcome" has only one value/);
    expect(run(csv(60, ok))).toThrow(/Too few rows: 30 treated and 30 control \(need at least 50/);
    expect(run(csv(300, (i) => [i < 290 ? 'treated' : 'control', ok(i)[1], 40]))).toThrow(/Too few rows: 290 treated and 10 control/);
    expect(run(csv(300, (i) => [ok(i)[0], i < 5 ? 'yes' : 'no', 40]))).toThrow(/Too few rows of one outcome: 5 with outcome = "true" and 295 with "false"/);
    expect(run(csv(300, ok), { treated: 'maybe' })).toThrow(/Treated value "maybe" is not in treatment column/);
    expect(run(csv(300, ok), { outcome: 'treatment' })).toThrow(/must be different columns/);
    // treated rows whose outcome is missing do not count: none left is "no treated rows"
    expect(run(csv(300, (i) => [ok(i)[0], i % 2 ? '' : ok(i)[1], 40]), { treated: 'treated' })).toThrow(/No treated rows/);
  });

  it('warns when treated and control differ (|SMD| > 0.1 and p < 0.01), and not otherwise', () => {
    const rng = createRng(3);
    const fair = tableOf(csv(600, (i) => [ok(i)[0], ok(i)[1], 40 + 10 * rng()]));
    const p = prepareUplift(fair, { treatment: 'treatment', outcome: 'outcome' });
    expect(balanceTable(fair, p).warning).toBeNull();
    // treated customers 3 years older on average (sd ~2.9): SMD ~1, p ~0
    const skewed = tableOf(csv(600, (i) => [ok(i)[0], ok(i)[1], 40 + 10 * rng() + (i % 2 ? 3 : 0)]));
    const b = balanceTable(skewed, prepareUplift(skewed, { treatment: 'treatment', outcome: 'outcome' }));
    expect(b.warning).toMatch(/differ on "age"/);
    const age = b.rows.find((r) => r.feature === 'age')!;
    expect(age.smd).toBeGreaterThan(0.5);
    expect(age.p).toBeLessThan(0.01);
    expect(b.rows.filter((r) => r.feature === 'plan').map((r) => r.level).sort()).toEqual(['basic', 'plus', 'pro']);
  });
});

describe('the report section', () => {
  it('lists every learner with its intervals, marks the best, and says whether the randomisation check passed', () => {
    const w = (value: number) => ({ value, lo: value - 0.01, hi: value + 0.01 });
    const result = {
      rows: 2000, treated: 1000, control: 1000, ate: w(0.1), folds: 5, bootstrap: 200, best: 'x', outcome: { column: 'outcome', positive: 'retained', negative: 'churned' },
      models: (['s', 't', 'x'] as const).map((l, i) => ({ learner: l, qini: w(0.02 + i / 100), auuc: w(0.1), upliftAt10: w(0.3) })),
      balance: { rows: [], rule: 'rule <x>', warning: 'Treated and control customers differ on "age"' },
    } as unknown as UpliftRunResult;
    const html = upliftReportSection(upliftReportPart(result, 'campaign <1>.csv', 0));
    expect(html).toContain('X-learner <b>(best)</b>');
    expect(html).toContain('0.0400 <span class="muted">(0.0300 to 0.0500)</span>');
    expect(html).toContain('campaign &#60;1&#62;.csv');
    expect(html).toContain('Randomisation check failed');
    expect(upliftReportSection(null)).toBe('');
  });
});
