import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../../tests/datasets';
import type { Table } from '../data/table';
import { booleanLabels, coxCoefficientsCsv, CoxRows, prepareCox, runCox } from './cox';
import { coxReportPart, coxReportSection } from './cox-report';
import { coxView } from './cox-view';

const covariates = ['SeniorCitizen', 'Partner', 'Dependents', 'MonthlyCharges', 'Contract', 'PaperlessBilling'];
let table: Table;
let reasons: Record<string, string>;

describe('Cox regression on telco', () => {
  beforeAll(async () => {
    const loaded = await loadDataset('telco/Telco-Customer-Churn.csv');
    table = loaded.table;
    reasons = Object.fromEntries(loaded.report.columns.map((c) => [c.name, c.reason]));
  });

  it('pages customers by expected remaining lifetime (only those still active) and names the reference levels', () => {
    const run = runCox(table, { time: 'tenure', event: 'Churn', eventValue: 'Yes', covariates, reasons, id: 'customerID', profileBy: 'Contract' });
    expect(run.profiles.map((p) => p.name)).toEqual(['Contract = Month-to-month', 'Contract = One year', 'Contract = Two year']);
    // A two-year contract keeps customers longest: its adjusted survival is highest at every time.
    const [m2m, , two] = run.profiles;
    expect(two.survival.every((s, k) => s >= m2m.survival[k])).toBe(true);
    const rows = new CoxRows(run);
    const page = rows.page({ sort: 'remaining', descending: true, offset: 0, limit: 5 });
    expect(page.total).toBe(7032);
    // Up to 72 months (the longest tenure) a restricted mean; past it the exponential tail at the hazard of 57.6-72.
    expect(run.tail).toMatchObject({ from: 57.6, to: 72 });
    expect(page.rows.every((r) => !r.event && r.restricted! > 0 && r.restricted! <= 72 - r.time && r.remaining! > r.restricted!)).toBe(true);
    const last = rows.page({ sort: 'remaining', descending: true, offset: 7031, limit: 1 }).rows[0];
    expect(last.remaining).toBeNull();
    // Active customers at 72 months: nothing left before 72, but not 0 expected (the tail alone, 1 / (hazard x relative risk)).
    const at72 = [...Array(7032).keys()].map((i) => rows.row(i)).filter((r) => r.time === 72 && !r.event);
    expect(at72).toHaveLength(356);
    for (const r of at72) {
      expect(r.restricted).toBe(0);
      expect(r.remaining).toBeCloseTo(1 / (run.tail!.hazard * r.relativeRisk), 9);
    }
    // Ascending (the panel's first view): the shortest expected remaining lifetime first, churned customers last.
    const asc = rows.page({ sort: 'remaining', descending: false, offset: 0, limit: 7032 }).rows;
    expect(asc.slice(0, 5163).every((r, k) => !r.event && (k === 0 || r.remaining! >= asc[k - 1].remaining!))).toBe(true);
    expect(asc.slice(5163).every((r) => r.event && r.remaining === null)).toBe(true);
    const csv = rows.csv().split('\r\n');
    expect(csv[0]).toBe('customer,time,event,relative_risk,expected_remaining_lifetime,remaining_up_to_last_observed_time,note');
    // The note rides on the first row only: units, the extrapolated tail, and the attributes whose PH check fails.
    expect(csv[1]).toContain('"Times and lifetimes in units of tenure. expected_remaining_lifetime past 72 (the longest time observed) is extrapolated');
    expect(run.fit.covariates.filter((c) => c.phP < 0.05).map((c) => c.name)).toEqual(['Partner=Yes', 'MonthlyCharges', 'Contract=One year', 'Contract=Two year']);
    expect(csv[1]).toContain('proportional hazards, which fails for Partner, MonthlyCharges and Contract: their effect changes with time, so rankings between customers of different Partner, MonthlyCharges and Contract groups are unreliable."');
    expect(csv[2]).toMatch(/,$/);
    // The report section: every coefficient, the PH failures named, the reference levels.
    const view = coxView(run, 'Telco <churn>', rows);
    expect(view.active).toBe(7032 - 1869);
    expect(view.meanRestricted! < view.meanRemaining!).toBe(true);
    const html = coxReportSection(coxReportPart(view, 0));
    expect(html).toContain('Telco &#60;churn&#62;: 7,032 customers, 1,869 churned. Concordance 0.823');
    expect(html.match(/<tr><td>/g)).toHaveLength(7);
    expect(html).toContain('<tr><td>Contract=Two year</td><td class="n">0.017</td>');
    expect(html).toMatch(/MonthlyCharges<\/td>.*?\(changes over time\)/);
    expect(html).toContain('Contract against Month-to-month');
    expect(html).toContain('past 72 extrapolated at the constant hazard of 57.6–72 (an assumption)');
    // Units, how much of the mean is the assumed tail (mean minus its part before 72), and the PH caveat.
    const tailPart = view.meanRemaining! - view.meanRestricted!;
    expect(html).toContain(`<b>${view.meanRemaining!.toFixed(1)}</b> more in units of tenure, ${view.meanRestricted!.toFixed(1)} of it before 72, the last observed time and ${tailPart.toFixed(1)} (${Math.round((100 * tailPart) / view.meanRemaining!)}%) extrapolated past it`);
    expect(html).toContain('which fails for Partner, MonthlyCharges and Contract');
    expect(html).toMatch(/Numeric attributes: the ratio is per 1 unit; per standard deviation MonthlyCharges \(30\.09\) 0\.99\d\./);
    // Coefficients CSV: a numeric covariate's SD (Python statistics.stdev over the 7,032 rows: 30.085974) and its ratio per SD.
    const coefCsv = coxCoefficientsCsv(run.fit, run.encodings).split('\r\n');
    expect(coefCsv[0]).toMatch(/,ph_p,sd,hazard_ratio_per_sd$/);
    const monthly = coefCsv.find((l) => l.startsWith('MonthlyCharges,'))!.split(',');
    expect(Number(monthly[10])).toBeCloseTo(30.085974, 5);
    expect(Number(monthly[11])).toBeCloseTo(Math.exp(Number(monthly[1]) * 30.085974), 6);
    expect(coefCsv.find((l) => l.startsWith('Partner=Yes,'))).toMatch(/,,$/);
  });

  it('says what is wrong with the columns', () => {
    const base = { time: 'tenure', event: 'Churn', eventValue: 'Yes', covariates, reasons };
    expect(() => prepareCox(table, { ...base, eventValue: 'Maybe' })).toThrow('has no value "Maybe" (its values: Yes, No)');
    expect(() => prepareCox(table, { ...base, event: 'InternetService', eventValue: undefined })).toThrow('Say which value of "InternetService"');
    expect(() => prepareCox(table, { ...base, covariates: ['customerID'] })).toThrow('"customerID" is an id column');
    expect(() => prepareCox(table, { ...base, time: 'InternetService' })).toThrow('must hold numbers');
    expect(() => prepareCox(table, { ...base, covariates: [] })).toThrow('at least one covariate');
    expect(() => runCox(table, { ...base, eventValue: 'Yes', event: 'PhoneService', covariates: ['gender'] })).not.toThrow();
    // Telco's churners only: every one of them has the event.
    const churners = { rows: 1869, columns: table.columns.map((c) => {
      const churn = table.columns.find((k) => k.name === 'Churn')!;
      const keep = [...Array(table.rows).keys()].filter((r) => 'values' in churn && churn.values[r] === 1);
      return 'values' in c ? { ...c, values: Float64Array.from(keep, (r) => c.values[r]) } : { ...c, codes: Int32Array.from(keep, (r) => c.codes[r]) };
    }) } as Table;
    expect(() => runCox(churners, base)).toThrow('Every one of the 1869 customers has the event');
    expect(booleanLabels('boolean: only No and Yes')).toEqual(['Yes', 'No']);
    expect(booleanLabels('boolean: only 0 and 1')).toBeNull();
  });
});
