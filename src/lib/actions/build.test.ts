import { describe, expect, it } from 'vitest';
import { buildActionList, missingNote } from './build';
import { categorical, numeric, syntheticChurn, table } from '../features/churn/testdata';

describe('buildActionList without a customer key', () => {
  it('numbers customers by row, labelled as such, and trains on the file as it is', { timeout: 60_000 }, async () => {
    const t = syntheticChurn(300, 3);
    const r = await buildActionList({ customers: { table: t, id: '', target: 'Churn' } }, { model: 'logistic', folds: 2, items: 0 });
    expect(r.list.customers.length).toBe(300);
    expect(new Set(r.list.customers).size).toBe(300);
    expect(r.list.customers.every((c) => /^row \d+$/.test(c))).toBe(true);
  });
  it('goes on without lifetime value when no customer bought on two days, saying why', async () => {
    const tx = table(categorical('customer', ['C0', 'C1', 'C2', 'C0'], 'id'), numeric('date', [0, 0, 0, 0], 'date'), numeric('amount', [5, 7, 9, 2]));
    const r = await buildActionList({ transactions: { table: tx, customer: 'customer', date: 'date', amount: 'amount' } }, { items: 0 });
    expect(r.list.customers).toEqual(['C0', 'C1', 'C2']);
    expect(r.notes.join(' ')).toMatch(/No lifetime value or P\(alive\): Too few repeat purchases to fit a purchase model: 0 of 3 customers/);
    expect(Array.from(r.list.pAlive).every(Number.isNaN)).toBe(true);
    expect(r.report.clv).toBeNull();
    // The report's lifecycle part: all three bought on 1970-01-01, so one month, three new customers.
    expect(r.report.lifecycle?.rows).toEqual([{ period: '1970-01', new: 3, returning: 0, resurrecting: 0, dormant: 0 }]);
  });
  it('refuses to match keyless customers with transactions, saying what to do', async () => {
    const tx = table(categorical('customer', ['C0', 'C1'], 'id'), numeric('date', [0, 86_400_000], 'date'), numeric('amount', [5, 7]));
    await expect(
      buildActionList({ customers: { table: syntheticChurn(120, 3), id: '', target: 'Churn' }, transactions: { table: tx, customer: 'customer', date: 'date', amount: 'amount' } }),
    ).rejects.toThrow(/no customer key column.*choose its key column, or go on without transactions/);
  });
});

describe('missingNote', () => {
  it('says customers are in none of the segments of a segmentation of the same dataset, with separators', () => {
    expect(missingNote('segment', 1929, 2000, 'Newly high risk')).toBe('1,929 of 2,000 customers are in none of the segments of “Newly high risk”.');
  });
  it('keeps "ids not found" when the ids are not known to be in the source, and says nothing when none is missing', () => {
    expect(missingNote('segment', 1929, 2000)).toBe('1,929 of 2,000 customers have no segment (ids not found in its source).');
    expect(missingNote('segment', 0, 2000, 'Newly high risk')).toBeNull();
  });
});

describe('buildActionList with a segmentation that leaves customers out', () => {
  const tx = table(categorical('customer', ['C0', 'C1', 'C2', 'C3'], 'id'), numeric('date', [0, 0, 0, 0], 'date'), numeric('amount', [5, 7, 9, 2]));
  const seg = { customers: ['C0'], segment: ['Newly high risk'], source: 'saved segmentation "Newly high risk"', name: 'Newly high risk' };
  it('says who is in none of its segments, apart from ids its source does not have', async () => {
    const r = await buildActionList({ transactions: { table: tx, customer: 'customer', date: 'date', amount: 'amount' }, savedSegments: { ...seg, inSource: new Set(['C0', 'C1', 'C2']) } }, { items: 0 });
    expect(r.notes).toContain('2 of 4 customers are in none of the segments of “Newly high risk”.');
    expect(r.notes).toContain('1 of 4 customers have no segment (ids not found in its source).');
  });
  it('keeps "ids not found" when its source is not known', async () => {
    const r = await buildActionList({ transactions: { table: tx, customer: 'customer', date: 'date', amount: 'amount' }, savedSegments: seg }, { items: 0 });
    expect(r.notes).toContain('3 of 4 customers have no segment (ids not found in its source).');
  });
});

describe('buildActionList: the purchase model behind CLV and P(alive)', () => {
  // 120 customers, 1 to 6 purchases each over a year (deterministic), so every purchase model can be fitted.
  const customer: string[] = [];
  const date: number[] = [];
  const amount: number[] = [];
  for (let i = 0; i < 120; i++) {
    const n = 1 + ((i * 7) % 6);
    for (let k = 0; k < n; k++) {
      customer.push(`C${i}`);
      date.push(((i * 3) % 90) * 86_400_000 + k * (9 + ((i * 11) % 40)) * 86_400_000);
      amount.push(10 + ((i + k) % 9));
    }
  }
  const tx = () => table(categorical('customer', customer, 'id'), numeric('date', date, 'date'), numeric('amount', amount));

  it("uses the Lifetime value page's choice when it ran on these transactions, and says so in the sources and report", async () => {
    const r = await buildActionList(
      { transactions: { table: tx(), customer: 'customer', date: 'date', amount: 'amount' }, purchaseModel: { model: 'paretonbd', source: "the Lifetime value page's choice, lowest holdout error" } },
      { items: 0 },
    );
    expect(r.sources.clv).toBe("Pareto/NBD + Gamma-Gamma, 12 months (the Lifetime value page's choice, lowest holdout error)");
    expect(r.report.clv?.model).toBe('Pareto/NBD');
    expect(Object.keys(r.report.clv?.params ?? {}).sort()).toEqual(['alpha', 'beta', 'r', 's']);
  });

  it('without one, fits the three and serves the lowest BIC', async () => {
    const r = await buildActionList({ transactions: { table: tx(), customer: 'customer', date: 'date', amount: 'amount' } }, { items: 0 });
    expect(r.sources.clv).toMatch(/^(BG\/NBD|Pareto\/NBD|MBG\/NBD) \+ Gamma-Gamma, 12 months \(best of three by BIC\)$/);
  });
});
