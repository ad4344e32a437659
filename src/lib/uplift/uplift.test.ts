import { describe, expect, it } from 'vitest';
import { parseTable } from '../data/parse-table';
import { createRng } from '../random';
import { balanceTable, prepareUplift } from '.';

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
