import { describe, expect, it } from 'vitest';
import { datasetPath } from '../../../../tests/datasets';
import type { RfmData } from './bgnbd';
import { fitMbgNbd, mbgNbdConditionalExpected, mbgNbdCustomerLogLikelihood, mbgNbdExpectedUpTo, mbgNbdProbabilityAlive } from './mbgnbd';
import {
  fitParetoNbd,
  paretoNbdConditionalExpected,
  paretoNbdCustomerLogLikelihood,
  paretoNbdExpectedUpTo,
  paretoNbdObjective,
  paretoNbdProbabilityAlive,
} from './paretonbd';
import { analyseClv } from './analyse';
import { clvModelsReportPart, clvModelsReportSection } from '../../clv/report';
import { checkPurchaseModel, chooseModel, PURCHASE_MODEL_LABELS, choiceCsvRows, conditionalLines, purchaseFunctions, trackingLines, type ModelChoiceRow } from './purchase-models';
import { summarizeTransactions } from './summary';
import { readCdnowTransactions, readNumericCsv } from './testing';

function cdnowSummary(): RfmData {
  const t = readNumericCsv(datasetPath('cdnow/cdnow_customers_summary.csv'));
  const col = (name: string) => (t.columns.find((c) => c.name === name) as { values: Float64Array }).values;
  return { frequency: col('frequency'), recency: col('recency'), age: col('T') };
}

const cdnow = cdnowSummary();

function expectClose(actual: object, expected: Record<string, number>, tolerance: number): void {
  for (const [k, v] of Object.entries(expected)) expect(Math.abs((actual as Record<string, number>)[k] - v), k).toBeLessThan(tolerance);
}

// Customers (x, t_x, T, t) checked against brute force: the individual-level likelihood integrated over the
// priors with scipy.integrate.dblquad (scipy 1.17.1, epsrel 1e-10), run once for these parameters.
const CUSTOMERS = [
  [2, 30.43, 38.86, 39],
  [0, 0, 38.86, 39],
  [10, 35, 38, 10],
] as const;
// Decimal places each case is checked to: the peaked integrand of x = 10 integrates only to about 1e-5, so
// that case is also checked to 1e-10 against the closed forms evaluated with scipy.special.hyp2f1.
const DIGITS = [8, 8, 4];

describe('Pareto/NBD', () => {
  it('fits CDNOW to the reference maximum likelihood (shared/reference README section 2)', () => {
    const fit = fitParetoNbd(cdnow);
    expectClose(fit.params, { r: 0.5533, alpha: 10.578, s: 0.6062, beta: 11.668 }, 0.005);
    expect(Math.abs(fit.logLikelihood - -9594.97)).toBeLessThan(0.05);
    expect(fit.converged).toBe(true);
  });

  const p = { r: 0.5533, alpha: 10.5776, s: 0.6062, beta: 11.6679 };
  // [P(alive), E[purchases in t], log-likelihood] by integration over lambda ~ Gamma(r, alpha), mu ~ Gamma(s, beta).
  const brute = [
    [0.8691210957041895, 1.45513706400208, -9.554294202034129],
    [0.29509925952573435, 0.10706574815610552, -0.5212277429208758],
    [0.9478547376039376, 1.9455204655949452, -26.910445180303608],
  ];
  it('P(alive), conditional expected purchases and the likelihood match brute-force integration', () => {
    CUSTOMERS.forEach(([x, tx, T, t], i) => {
      expect(paretoNbdProbabilityAlive(p, x, tx, T)).toBeCloseTo(brute[i][0], DIGITS[i]);
      expect(paretoNbdConditionalExpected(p, t, x, tx, T)).toBeCloseTo(brute[i][1], DIGITS[i]);
      expect(paretoNbdCustomerLogLikelihood(p, x, tx, T)).toBeCloseTo(brute[i][2], DIGITS[i]);
    });
    expect(paretoNbdProbabilityAlive(p, 10, 35, 38)).toBeCloseTo(0.9478556732300785, 10);
    expect(paretoNbdConditionalExpected(p, 10, 10, 35, 38)).toBeCloseTo(1.9455110305117511, 10);
  });

  it('takes the other 2F1 branch when alpha < beta, and both agree where alpha = beta', () => {
    const swapped = { r: 0.5533, alpha: 11.6679, s: 0.6062, beta: 10.5776 };
    // The fit's objective (pairs, per-time logs, the series written out) = the sum of the per-customer formula, both branches.
    const objective = paretoNbdObjective(cdnow);
    for (const q of [p, swapped]) {
      let sum = 0;
      for (let i = 0; i < cdnow.frequency.length; i++) sum += paretoNbdCustomerLogLikelihood(q, cdnow.frequency[i], cdnow.recency[i], cdnow.age[i]);
      expect(objective.logLikelihood(q)).toBeCloseTo(sum, 6);
    }
    const ll = paretoNbdCustomerLogLikelihood(swapped, 2, 30.43, 38.86);
    expect(Number.isFinite(ll)).toBe(true);
    const below = paretoNbdCustomerLogLikelihood({ ...p, alpha: 11 - 1e-9, beta: 11 }, 3, 20, 38);
    const above = paretoNbdCustomerLogLikelihood({ ...p, alpha: 11 + 1e-9, beta: 11 }, 3, 20, 38);
    expect(below).toBeCloseTo(above, 7);
  });

  it('expected purchases of a new customer: the closed form at s = 1 is its limit', () => {
    expect(paretoNbdExpectedUpTo({ r: 1, alpha: 2, s: 1 + 1e-9, beta: 3 }, 5)).toBeCloseTo(paretoNbdExpectedUpTo({ r: 1, alpha: 2, s: 1, beta: 3 }, 5), 6);
    expect(paretoNbdExpectedUpTo({ r: 1, alpha: 2, s: 1, beta: 3 }, 5)).toBeCloseTo(0.5 * 3 * Math.log(8 / 3), 12);
    expect(paretoNbdExpectedUpTo(p, 0)).toBe(0);
  });
});

describe('MBG/NBD', () => {
  it('fits CDNOW to the reference maximum likelihood (lifetimes ModifiedBetaGeoFitter likelihood)', () => {
    const fit = fitMbgNbd(cdnow);
    expectClose(fit.params, { r: 0.5248, alpha: 6.183, a: 0.8914, b: 1.614 }, 0.005);
    expect(Math.abs(fit.logLikelihood - -9582.13)).toBeLessThan(0.05);
    expect(fit.converged).toBe(true);
  });

  const p = { r: 0.5248, alpha: 6.183, a: 0.8914, b: 1.614 };
  // Integration over lambda ~ Gamma(r, alpha), p ~ Beta(a, b); a customer may die after any purchase, the first included.
  const brute = [
    [0.7061177324453508, 1.2626285628348821, -9.485909195654852],
    [0.3897227916541638, 0.15394477343136012, -0.5395684357681196],
    [0.8614184968004858, 1.8944138904215737, -27.150141514696983],
  ];
  it('P(alive), conditional expected purchases and the likelihood match brute-force integration', () => {
    CUSTOMERS.forEach(([x, tx, T, t], i) => {
      expect(mbgNbdProbabilityAlive(p, x, tx, T)).toBeCloseTo(brute[i][0], DIGITS[i]);
      expect(mbgNbdConditionalExpected(p, t, x, tx, T)).toBeCloseTo(brute[i][1], DIGITS[i]);
      expect(mbgNbdCustomerLogLikelihood(p, x, tx, T)).toBeCloseTo(brute[i][2], DIGITS[i]);
    });
    expect(mbgNbdProbabilityAlive(p, 10, 35, 38)).toBeCloseTo(0.8614190804198104, 10);
    expect(mbgNbdExpectedUpTo(p, 39)).toBeCloseTo(1.1821661637310263, 7);
    expect(mbgNbdExpectedUpTo(p, 1)).toBeCloseTo(0.05305577395531937, 8);
  });
});

describe('model choice, holdout tracking and conditional expectations on CDNOW transactions', () => {
  // Fader-Hardie's setting: CDNOW sample, calibration 1997-01-01..1997-09-30 (39 weeks), holdout to 1998-06-30.
  const tx = readCdnowTransactions(datasetPath('cdnow/CDNOW_sample.txt'));
  const summary = summarizeTransactions(tx, { customer: 'customer', date: 'date', unit: 'week', calibrationEnd: Date.UTC(1997, 8, 30) });
  const a = analyseClv(summary, { model: 'auto' });
  const choice = a.modelChoice!;
  const holdout = summary.holdout!;

  it('fits all three to the reference parameters and picks the lowest holdout MAE, computed per customer', () => {
    const row = (m: string) => choice.rows.find((r) => r.model === m)!;
    expectClose(row('bgnbd').params, { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 }, 0.005);
    expectClose(row('paretonbd').params, { r: 0.5533, alpha: 10.578, s: 0.6062, beta: 11.668 }, 0.005);
    expectClose(row('mbgnbd').params, { r: 0.5248, alpha: 6.183, a: 0.8914, b: 1.614 }, 0.005);
    expect(choice.rule).toBe('holdoutMae');
    for (const r of choice.rows) {
      const f = purchaseFunctions(r);
      let abs = 0;
      let expected = 0;
      for (let i = 0; i < summary.frequency.length; i++) {
        const e = f.conditionalExpected(holdout.duration, summary.frequency[i], summary.recency[i], summary.age[i]);
        abs += Math.abs(holdout.purchases[i] - e);
        expected += e;
      }
      expect(r.holdoutMae).toBeCloseTo(abs / summary.frequency.length, 10);
      expect(r.holdoutTotal!.expected).toBeCloseTo(expected, 6);
      expect(r.holdoutTotal!.actual).toBe(1882); // repeat purchase days in weeks 40-78
      expect(r.bic).toBeCloseTo(4 * Math.log(2357) - 2 * r.loglik, 8);
    }
    const best = choice.rows.reduce((b, r) => (r.holdoutMae! < b.holdoutMae! ? r : b));
    expect(choice.model).toBe(best.model);
    // The chosen model feeds the per-customer predictions.
    expect(a.purchaseModel.model).toBe(choice.model);
    const f = purchaseFunctions(a.purchaseModel);
    expect(a.perCustomer.pAlive[0]).toBeCloseTo(f.pAlive(summary.frequency[0], summary.recency[0], summary.age[0]), 12);
    expect(choiceCsvRows(choice)).toHaveLength(4);
  });

  it('tracks weekly repeat purchases: actuals add up to the summary, model curves to the per-customer sums', () => {
    const t = a.charts.holdoutTracking!;
    expect(t.periodEnd).toHaveLength(78);
    expect(t.calibrationEnd).toBe(39);
    let calibration = 0;
    for (const x of summary.frequency) calibration += x;
    expect(t.actual.cumulative[38]).toBe(calibration);
    expect(t.actual.cumulative[77]).toBe(calibration + 1882);
    expect(t.actual.incremental.reduce((x, y) => x + y, 0)).toBe(calibration + 1882);
    // Week 52 ends 364 days after 1997-01-01; a customer who first bought on day f has had (363 - f) / 7 weeks.
    for (const m of t.models) {
      const f = purchaseFunctions(choice.rows.find((r) => r.model === m.model)!);
      let sum = 0;
      for (let i = 0; i < summary.age.length; i++) sum += f.expectedUpTo(summary.age[i] + (363 - 272) / 7); // first day = 272 - 7 T
      expect(m.cumulative[51]).toBeCloseTo(sum, 6);
    }
    const groups = a.charts.conditionalExpectations!;
    expect(groups.map((g) => g.customers).reduce((x, y) => x + y, 0)).toBe(2357);
    expect(groups[0].customers).toBe(1411);
    expect(Object.keys(groups[3].predicted).sort()).toEqual(['bgnbd', 'mbgnbd', 'paretonbd']);
    // Chart lines as drawn: actual first (solid), then one dashed line per model, period numbers 1..78.
    const lines = trackingLines(t, 'incremental');
    // 1997-01-01..1998-06-30 is 78 whole weeks: no partial week.
    expect(t.partial).toBeNull();
    expect(lines.map((l) => l.name)).toEqual(['Actual', 'BG/NBD', 'Pareto/NBD', 'MBG/NBD']);
    expect(lines[0].x[0]).toBe(1);
    expect(lines[2].y[51]).toBeCloseTo(t.models[1].cumulative[51] - t.models[1].cumulative[50], 10);
    const cond = conditionalLines(groups);
    expect(cond.labels).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(cond.customers).toBe(2357);
    expect(cond.lines[1].y[0]).toBeCloseTo(groups[0].predicted.bgnbd!, 12);
  });

  it('keeps a partial last week, marked: the data cut 3 days early end in a 4-day week 78', () => {
    const date = tx.columns.find((c) => c.name === 'date') as { values: Float64Array };
    const keep = [...Array(tx.rows).keys()].filter((r) => date.values[r] < Date.UTC(1998, 5, 28));
    const cut = { rows: keep.length, columns: tx.columns.map((c) => ('values' in c ? { ...c, values: Float64Array.from(keep, (r) => c.values[r]) } : { ...c, codes: Int32Array.from(keep, (r) => c.codes[r]) })) } as typeof tx;
    const short = summarizeTransactions(cut, { customer: 'customer', date: 'date', unit: 'week', calibrationEnd: Date.UTC(1997, 8, 30) });
    const t = analyseClv(short, { model: 'bgnbd' }).charts.holdoutTracking!;
    expect(t.periodEnd.slice(-2)).toEqual([539, 543]);
    expect(t.partial).toEqual({ days: 4, of: 7 });
    // Its purchases are those of its 4 days, as in the full data's week 78 minus its last 3 days.
    const full = a.charts.holdoutTracking!;
    const dropped = tx.rows - keep.length;
    expect(t.actual.cumulative[77]).toBe(full.actual.cumulative[77] - dropped);
    const lines = trackingLines(t, 'incremental');
    expect(lines[0].x.slice(-2)).toEqual([77, 77 + 4 / 7]);
    expect(lines.at(-1)).toEqual({ name: 'Partial week (4 of 7 days)', x: [77 + 4 / 7], y: [t.actual.incremental[77]], markers: true });
  });

  it('the report section lists the three models, the rule and the tracking at the calibration end', () => {
    const part = clvModelsReportPart({ summary, analysis: a, seconds: 1 }, 0)!;
    expect(part.used).toBe(choice.model);
    const atCalibration = part.tracking!.find((t) => t.period === 39)!;
    expect(atCalibration.actual).toBe(2457);
    const html = clvModelsReportSection(part);
    expect(html).toContain(`best: <b>${PURCHASE_MODEL_LABELS[choice.model]}</b>, the lowest holdout error`);
    expect(html.match(/<tr><td>(BG|Pareto|MBG)\/NBD/g)).toHaveLength(3);
    expect(clvModelsReportSection(null)).toBe('');
  });

  it('without a holdout the choice falls back to BIC; a bad model name is refused', () => {
    const rows = choice.rows.map((r): ModelChoiceRow => ({ ...r, holdoutMae: null, holdoutTotal: null }));
    const byBic = chooseModel(rows);
    expect(byBic.rule).toBe('bic');
    expect(byBic.model).toBe(rows.reduce((b, r) => (r.bic < b.bic ? r : b)).model);
    expect(() => checkPurchaseModel('pareto')).toThrow('must be auto, bgnbd, paretonbd or mbgnbd, got "pareto"');
  });
});
