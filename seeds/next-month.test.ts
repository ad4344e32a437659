// The next-month customers differ from customers.csv only by the documented shift: same ids and rows,
// tenure one month more, about 75% of One year contracts now Month-to-month, nothing else; and the
// churn monitor finds that shift with a model saved on the demo customers.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareChurn, scoreWithModel, trainPrepared } from '../src/lib/churn';
import { compareScorings, summarizeScoring } from '../src/lib/churn/monitor';
import { scoringCsv, scoringFromTable } from '../src/lib/churn/monitor-csv';
import { parseTable } from '../src/lib/data/parse-table';
import type { Table } from '../src/lib/data/table';
import { generateDemo } from './generate';
import { NEXT_MONTH_SHIFT, nextMonthCustomers } from './next-month';

const text = (s: string): Table => parseTable(new TextEncoder().encode(s)).table;

describe('nextMonthCustomers', () => {
  it('shifts only the contracts of a One year subgroup (and tenure by one month)', () => {
    const rows = (text: string) => text.trim().split('\n').map((l) => l.split(','));
    const before = rows(generateDemo({ customers: 3000 }).customers);
    const after = rows(nextMonthCustomers({ customers: 3000 }));
    expect(after[0]).toEqual(before[0]);
    expect(after).toHaveLength(before.length);
    const col = (name: string) => before[0].indexOf(name);
    const [contract, tenure] = [col(NEXT_MONTH_SHIFT.column), col('tenure_months')];
    let oneYear = 0;
    let moved = 0;
    for (let i = 1; i < before.length; i++) {
      const [b, a] = [before[i], after[i]];
      expect(a[0]).toBe(b[0]);
      expect(Number(a[tenure])).toBe(Number(b[tenure]) + 1);
      if (b[contract] === NEXT_MONTH_SHIFT.from) oneYear++;
      if (a[contract] !== b[contract]) {
        expect([b[contract], a[contract]]).toEqual([NEXT_MONTH_SHIFT.from, NEXT_MONTH_SHIFT.to]);
        moved++;
      }
      expect(a.filter((_, k) => k !== contract && k !== tenure)).toEqual(b.filter((_, k) => k !== contract && k !== tenure));
    }
    expect(moved / oneYear).toBeGreaterThan(0.7);
    expect(moved / oneYear).toBeLessThan(0.8);
  });
});

describe('the next-month demo customers', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('a model saved on the demo customers flags the shifted contract first, and customers cross into high', { timeout: 60_000 }, async () => {
    const demo = text(generateDemo({ customers: 2000 }).customers);
    const next = text(nextMonthCustomers({ customers: 2000 }));
    const prepared = prepareChurn({ kind: 'label', datasetId: 'demo', target: 'churned', idColumn: 'customer_id' }, demo, { name: 'customers', columns: demo.columns, roles: {} });
    const { saved } = await trainPrepared(prepared, { model: 'logistic', folds: 2, seed: 42, exclude: [] }, { reasons: 0 });
    const at = (datasetName: string) => ({ datasetId: datasetName, datasetVersion: 1, datasetName, idColumn: 'customer_id' });
    const first = (await scoreWithModel(saved, demo, at('customers'))).scores;
    const prev = summarizeScoring(saved, demo, first);

    const same = compareScorings(prev, saved, demo, (await scoreWithModel(saved, demo, at('customers'))).scores);
    expect(same).toMatchObject({ psi: 0, crossedIntoHigh: 0, leftHigh: 0 });
    expect(Math.max(...same.drift.map((d) => d.psi))).toBe(0);

    const c = compareScorings(prev, saved, next, (await scoreWithModel(saved, next, at('next month'))).scores);
    console.log(`next month: crossed ${c.crossedIntoHigh}, left ${c.leftHigh}, score PSI ${c.psi.toFixed(3)}, drift ${c.drift.slice(0, 3).map((d) => `${d.feature} ${d.psi.toFixed(3)}`).join(', ')}`);
    expect(c.drift[0].feature).toBe(NEXT_MONTH_SHIFT.column);
    expect(c.drift[0].reading).toBe('major');
    expect(c.drift[1].psi).toBeLessThan(0.1);
    expect(c.crossedIntoHigh).toBeGreaterThan(50);
    expect(c.leftHigh).toBeLessThan(c.crossedIntoHigh / 10);
    expect(c.warning).toMatch(/^contract shifted \(PSI 0\.\d\d\): .* retrain$/);

    // The scoring file written for `score --previous` reads back as the same snapshot.
    const back = scoringFromTable(saved, text(scoringCsv(saved, demo, first)));
    expect(back.customers).toEqual(prev.customers);
    expect(back.probability).toEqual(prev.probability);
    expect(back.columns).toEqual(prev.columns);
  });
});
