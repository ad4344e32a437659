import { describe, expect, it } from 'vitest';
import { campaignLines } from '../../../seeds/campaign';
import { buildWorld } from '../../../seeds/world';
import { parseTable } from '../data/parse-table';
import { createRng } from '../random';
import { balanceTable, prepareUplift, runUplift, summariseUplift, upliftPageRows } from '.';

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

describe('runUplift on the generated demo campaign (known uplift)', () => {
  it("the best learner's Qini is at least 80% of the oracle's, with an interval above zero", () => {
    const table = tableOf(Array.from(campaignLines(buildWorld({}))).join(''));
    const run = runUplift(table, { treatment: 'treatment', outcome: 'outcome', truth: 'true_uplift', bootstrap: 60 });
    const r = run.result;
    expect(r.rows).toBe(2000);
    expect(r.treatment).toEqual({ column: 'treatment', treated: 'true', control: 'false' });
    expect(r.outcome.positive).toBe('retained');
    expect(r.key).toBe('customer_id');
    // true_uplift is never a feature, whether or not it is named as the truth
    expect(r.features).not.toContain('true_uplift');
    expect(prepareUplift(table, { treatment: 'treatment', outcome: 'outcome' }).features).not.toContain('true_uplift');
    const best = r.models.find((m) => m.learner === r.best)!;
    expect(best.qini.value).toBe(Math.max(...r.models.map((m) => m.qini.value)));
    expect(best.qini.value).toBeGreaterThanOrEqual(0.8 * r.oracle!.qini.value);
    expect(best.qini.lo).toBeGreaterThan(0);
    // the campaign was randomised: no feature flagged
    expect(r.balance.warning).toBeNull();
    const s = summariseUplift(r);
    expect(Object.keys(s.models).sort()).toEqual(['s', 't', 'x']);
    expect(s.qiniCi[0]).toBeLessThanOrEqual(s.models[s.best].qini);
    // the paged table: sorted by the best learner's uplift, highest first
    const table2 = { customers: run.prepared.customers, treated: run.prepared.treated, outcome: run.prepared.outcome, ...run.scores, truth: run.prepared.truth };
    const page = upliftPageRows(table2, { offset: 0, limit: 5 }, r.best);
    expect(page.total).toBe(2000);
    expect(page.rows[0][r.best]).toBe(Math.max(...run.scores[r.best]));
  });
});

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
