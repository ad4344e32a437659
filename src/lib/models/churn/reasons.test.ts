import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeValue, NO_STANDOUT, reasonsFromShap, reasonTexts, topReasons, DEFAULT_REASON_RULE } from './reasons';
import { trainChurn } from './train';
import { scoreTable } from './saved';
import { trainLogistic } from '../logistic';
import { REAL_IMPORTANCE } from './importance';
import { shapValuesSync } from './shap';
import { encodeTarget } from '../../features/churn/target';
import { fitPipeline, transformTable, type ColumnStep } from '../../features/churn/pipeline';
import { categorical, numeric, table } from '../../features/churn/testdata';
import { loadTelco } from '../../features/churn/testdata-node';
import { getColumn } from '../../data/table';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('describeValue', () => {
  const t = table(
    numeric('tenure', [2, 60, NaN, 29]),
    categorical('Contract', ['Month-to-month', 'Two year', 'Weird', null]),
    numeric('Partner', [1, 0, 1, 0], 'boolean'),
    categorical('Churn', ['Yes', 'No', 'Yes', 'No']),
  );
  const steps: Record<string, ColumnStep> = {
    tenure: { kind: 'numeric', column: 'tenure', median: 29, mean: 30, std: 20, indicator: true },
    contract: { kind: 'categorical', column: 'Contract', levels: ['Month-to-month', 'Two year'], other: true, mode: 'Month-to-month' },
    partner: { kind: 'boolean', column: 'Partner', fill: 0, indicator: false },
  };
  it("says the customer's value and the typical one in plain words", () => {
    const tenure = getColumn(t, 'tenure');
    expect([0, 1, 2, 3].map((r) => describeValue(steps.tenure, tenure, r))).toEqual([
      'tenure is 2 vs typical 29',
      'tenure is 60 vs typical 29',
      'tenure is missing vs typical 29',
      'tenure is 29 (typical, and it raises the risk)',
    ]);
    const contract = getColumn(t, 'Contract');
    expect([0, 1, 2, 3].map((r) => describeValue(steps.contract, contract, r))).toEqual([
      'Contract is Month-to-month (the most common value, and it raises the risk)',
      'Contract is Two year vs most common Month-to-month',
      'Contract is Weird (rare) vs most common Month-to-month',
      'Contract is missing vs most common Month-to-month',
    ]);
    expect(describeValue(steps.partner, getColumn(t, 'Partner'), 0)).toBe('Partner is yes vs typical no');
  });
});

describe('reasons on telco come from SHAP', () => {
  it('explains a new month-to-month customer by contract and short tenure, and never cites gender', async () => {
    const telco = await loadTelco();
    const y = encodeTarget(telco, 'Churn').y;
    const p = fitPipeline(telco, 'Churn');
    const fm = transformTable(p, telco);
    const m = await trainLogistic({ X: fm.X, rows: fm.rows, features: fm.features, y });
    // Row 0 of the file: 7590-VHVEG, tenure 1, month-to-month, electronic check.
    const reasons = topReasons(m, p, telco, transformTable(p, telco, Int32Array.of(0)), [0], 3)[0];
    const texts = reasons.map((r) => r.text);
    expect(texts).toContain('tenure is 1 vs typical 29');
    expect(texts).toContain('Contract is Month-to-month (the most common value, and it raises the risk)');
    expect(reasons[0].impact).toBeGreaterThanOrEqual(reasons[1].impact);
    // A reason's impact is the customer's SHAP value of that column.
    const shap = shapValuesSync(m, p, fm);
    const g = shap.columns.length;
    for (const r of reasons) expect(r.impact).toBeCloseTo(shap.values[shap.columns.indexOf(r.column)], 12);
    // gender moves no customer's log-odds by more than 0.012 (SHAP): it is never a reason.
    const all = reasonsFromShap(shap, p, telco, Int32Array.from({ length: telco.rows }, (_, i) => i), 3);
    expect(all.flat().some((r) => r.column === 'gender')).toBe(false);
    const gender = shap.columns.indexOf('gender');
    expect(Math.max(...Array.from({ length: telco.rows }, (_, i) => Math.abs(shap.values[i * g + gender])))).toBeLessThan(DEFAULT_REASON_RULE.minImpact);
    expect(all.flat().filter((r) => r.column === 'tenure').length).toBeGreaterThan(1000);
  });
});

/** Churn driven by tenure, plan and support calls; salary is pure noise (drawn independently of all). */
function withNoiseSalary(rows: number, seed: number) {
  let st = seed >>> 0;
  const rnd = (): number => {
    st = (st + 0x6d2b79f5) >>> 0;
    let t = Math.imul(st ^ (st >>> 15), st | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const tenure: number[] = [];
  const calls: number[] = [];
  const salary: number[] = [];
  const plan: string[] = [];
  const churn: string[] = [];
  for (let i = 0; i < rows; i++) {
    const ten = Math.floor(rnd() * 72);
    const c = Math.floor(rnd() * 6);
    const p = rnd() < 0.5 ? 'monthly' : 'annual';
    const z = -0.04 * (ten - 36) + 0.5 * (c - 2.5) + (p === 'monthly' ? 0.9 : -0.9) - 0.5;
    tenure.push(ten);
    calls.push(c);
    plan.push(p);
    salary.push(Math.round(20_000 + rnd() * 130_000));
    churn.push(rnd() < 1 / (1 + Math.exp(-z)) ? 'Yes' : 'No');
  }
  return table(numeric('tenure', tenure, 'integer'), numeric('salary', salary), numeric('calls', calls, 'integer'), categorical('plan', plan), categorical('Churn', churn));
}

describe('reasons cite only what moves a customer', () => {
  const drivers = ['tenure', 'calls', 'plan'];
  const counts = (reasons: { column: string }[][]) => {
    const cited = new Map<string, number>();
    for (const list of reasons) for (const x of list) cited.set(x.column, (cited.get(x.column) ?? 0) + 1);
    return cited;
  };
  it('never cites a column the model ignores, even with no materiality rule', async () => {
    const t = withNoiseSalary(1500, 7);
    const p = fitPipeline(t, 'Churn');
    const fm = transformTable(p, t);
    const rows = Int32Array.from({ length: t.rows }, (_, i) => i);
    const data = { X: fm.X, rows: fm.rows, features: fm.features, y: encodeTarget(t, 'Churn').y };
    const m = await trainLogistic(data);
    const cited = counts(topReasons(m, p, t, fm, rows, 3, { minShare: 0, minImpact: 0 }));
    for (const d of drivers) expect(cited.get(d) ?? 0).toBeGreaterThan(100);
    // The fitted model gives pure-noise salary a small weight, which SHAP reports faithfully...
    expect(cited.get('salary') ?? 0).toBeGreaterThan(300);
    // ...but with its weight at 0 (a column that does nothing), SHAP gives it exactly 0 and it is never cited.
    const salary = p.steps.findIndex((s) => s.column === 'salary');
    const ignored = { ...m, weights: m.weights.map((w, j) => (p.groups[j] === salary ? 0 : w)) };
    const none = counts(topReasons(ignored, p, t, fm, rows, 3, { minShare: 0, minImpact: 0 }));
    expect(none.get('salary') ?? 0).toBe(0);
  });

});

describe('reasons cite only real effects', () => {
  const drivers = ['tenure', 'calls', 'plan'];
  for (const model of ['logistic', 'gbdt'] as const) {
    it(`never cites a pure-noise salary column, and does cite the drivers (${model})`, { timeout: 60_000 }, async () => {
      const t = withNoiseSalary(3000, 7);
      const r = await trainChurn(t, { target: 'Churn', model, folds: 5, reasonRows: 3000 });
      const salary = r.importance.find((c) => c.feature === 'salary')!;
      expect(salary.real).toBe(false);
      expect(salary.folds).toHaveLength(5);
      expect(r.reasonColumns.cited.sort()).toEqual([...drivers].sort());
      expect(r.reasonColumns.excluded).toEqual([{ name: 'salary', reason: expect.stringMatching(/^importance -?0\.\d{4} ± 0\.\d{4} \(standard error over 5 folds\)/) }]);
      expect(r.saved.reasonColumns?.sort()).toEqual([...drivers].sort());
      for (const c of r.importance.filter((i) => drivers.includes(i.feature))) {
        expect(c.value).toBeGreaterThan(REAL_IMPORTANCE.standardErrors * c.se!);
        expect(c.value).toBeGreaterThan(REAL_IMPORTANCE.floor);
      }

      const cited = new Map<string, number>();
      for (const list of r.reasons.reasons) for (const x of list) cited.set(x.column, (cited.get(x.column) ?? 0) + 1);
      expect(cited.has('salary')).toBe(false);
      for (const d of drivers) expect(cited.get(d) ?? 0).toBeGreaterThan(100);
      // Reasons are in words against typical values.
      expect(r.reasons.reasons.flat().some((x) => /^tenure is \d+ vs typical \d+$/.test(x.text))).toBe(true);

      // The same model's SHAP values with every column citable do cite salary: the filter is what keeps it out.
      const fm = transformTable(r.saved.pipeline, t, r.reasons.rows);
      const unfiltered = topReasons(r.saved.model, r.saved.pipeline, t, fm, r.reasons.rows, 3, { minShare: 0, minImpact: 0 });
      expect(unfiltered.filter((list) => list.some((x) => x.column === 'salary')).length).toBeGreaterThan(300);
      expect(topReasons(r.saved.model, r.saved.pipeline, t, fm, r.reasons.rows, 3).filter((list) => list.some((x) => x.column === 'salary')).length).toBeGreaterThan(100);
    });
  }

  it('cites only material impacts, and says so when nothing stands out', async () => {
    const t = withNoiseSalary(1500, 3);
    const r = await trainChurn(t, { target: 'Churn', model: 'logistic', folds: 3, reasonRows: 1500 });
    const fm = transformTable(r.saved.pipeline, t, r.reasons.rows);
    const a = shapValuesSync(r.saved.model, r.saved.pipeline, fm).values;
    const g = r.saved.pipeline.steps.length;
    const citable = r.saved.pipeline.steps.map((s, k) => (r.reasonColumns.cited.includes(s.column) ? k : -1)).filter((k) => k >= 0);
    let none = 0;
    r.reasons.reasons.forEach((list, i) => {
      const largest = Math.max(0, ...citable.map((k) => a[i * g + k]));
      for (const x of list) expect(x.impact).toBeGreaterThanOrEqual(Math.max(DEFAULT_REASON_RULE.minImpact, DEFAULT_REASON_RULE.minShare * largest));
      if (list.length === 0) {
        none++;
        expect(largest).toBeLessThan(DEFAULT_REASON_RULE.minImpact);
        expect(reasonTexts(list)).toEqual([NO_STANDOUT]);
      }
    });
    // Low-risk customers whose every citable column lowers their risk have no reason to give.
    expect(none).toBeGreaterThan(0);
    expect(reasonTexts(r.reasons.reasons[0])).toEqual(r.reasons.reasons[0].map((x) => x.text));
  });

  it('a saved model keeps its citable columns when it scores a new file', async () => {
    const t = withNoiseSalary(1500, 5);
    const r = await trainChurn(t, { target: 'Churn', model: 'logistic', folds: 3, reasons: 0 });
    const fresh = withNoiseSalary(400, 11);
    const scored = scoreTable(r.saved, fresh, { reasons: 3 }).reasons!;
    expect(scored.flat().some((x) => x.column === 'salary')).toBe(false);
    // A model saved before reasonColumns existed may cite any column.
    const old = scoreTable({ ...r.saved, reasonColumns: undefined }, fresh, { reasons: 3 }).reasons!;
    expect(old.flat().map((x) => x.column)).toEqual(expect.arrayContaining(['tenure', 'calls', 'plan']));
  });
});

describe('reasons on telco cite only columns above noise', () => {
  it('every cited column has importance clearly above its fold-to-fold noise', { timeout: 120_000 }, async () => {
    const telco = await loadTelco();
    const r = await trainChurn(telco, { target: 'Churn', model: 'logistic', folds: 5, reasonRows: 2000 });
    const byName = new Map(r.importance.map((c) => [c.feature, c]));
    for (const name of r.reasonColumns.cited) {
      const c = byName.get(name)!;
      expect(c.real).toBe(true);
      expect(c.value).toBeGreaterThan(Math.max(REAL_IMPORTANCE.floor, REAL_IMPORTANCE.standardErrors * c.se!));
    }
    expect(r.reasonColumns.cited).toEqual(expect.arrayContaining(['tenure', 'Contract']));
    // gender's importance is about zero: it is not citable, and says why.
    expect(r.reasonColumns.excluded.find((e) => e.name === 'gender')?.reason).toMatch(/^importance -?0\.00\d\d/);
    const cited = new Set(r.reasonColumns.cited);
    const columns = new Set(r.reasons.reasons.flat().map((x) => x.column));
    expect([...columns].filter((c) => !cited.has(c))).toEqual([]);
    expect(columns.has('tenure') && columns.has('Contract')).toBe(true);
    // The first customer of the file, new and month-to-month, keeps the reasons the model gives.
    const first = r.reasons.rows.indexOf(0);
    if (first >= 0) expect(r.reasons.reasons[first].map((x) => x.column)).toEqual(expect.arrayContaining(['tenure', 'Contract']));
  });
});
