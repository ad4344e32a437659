// The report's churn model card: the leakage audit's findings and the calibration (method, Brier and
// ECE before/after, reliability before and after), issue #16 item 7.
import { describe, expect, it } from 'vitest';
import { buildReport } from './report';
import type { ReportData } from './report-types';
import { DEFAULT_RULES } from './rules';

type Card = NonNullable<ReportData['churn']>;

function report(card: Partial<Card>): string {
  const churn: Card = { source: 's', model: 'GBDT', target: 'Churn = Yes', rows: 100, baseRate: 0.2, features: ['tenure'], metrics: null, calibration: [{ predicted: 0.1, observed: 0.2, count: 50 }, { predicted: 0.6, observed: 0.4, count: 50 }], importance: [], limits: [], ...card };
  const data: ReportData = {
    title: 'r',
    createdAt: '2026-12-07T00:00:00Z',
    datasets: [],
    sources: { churn: 's', clv: 'c', segment: 's', items: 'i' },
    segments: null,
    churn,
    clv: null,
    cohorts: null,
    actions: { customers: 0, counts: [], bySegment: [], byBand: [], disagreements: 0, rules: DEFAULT_RULES },
    notes: [],
    table: null,
  };
  return buildReport(data);
}

describe('churn model card in the report', () => {
  it('lists the leakage findings with their reasons, or says nothing was flagged', () => {
    const flagged = report({ leakage: [{ column: 'cancel_reason', reason: '"cancel_reason" only exists for churned customers <b>' }] });
    expect(flagged).toContain('<h3>Leakage audit</h3><ul><li><b>cancel_reason</b>: &quot;cancel_reason&quot; only exists for churned customers &lt;b&gt;</li></ul>');
    expect(report({ leakage: [] })).toContain('<h3>Leakage audit</h3><p class="muted">Nothing flagged');
    // A card made before the audit existed shows no audit section.
    expect(report({})).not.toContain('Leakage audit');
  });

  it('states the calibration with Brier and ECE before and after, and draws both reliability lines', () => {
    const html = report({
      calibrationFit: { method: 'platt', brierBefore: 0.1611, brierAfter: 0.1348, eceBefore: 0.1412, eceAfter: 0.0117, note: '' },
      calibrationAfter: [{ predicted: 0.15, observed: 0.2, count: 50 }, { predicted: 0.45, observed: 0.4, count: 50 }],
    });
    expect(html).toContain('Calibrated by Platt scaling on out-of-fold predictions (grey: before): Brier 0.1611 → 0.1348, ECE 0.1412 → 0.0117.');
    expect(html).toContain('stroke="#9aa5b4"');
    const none = report({ calibrationFit: { method: 'none', brierBefore: 0.1346, brierAfter: 0.1346, eceBefore: 0.0127, eceAfter: 0.0127, note: '' } });
    expect(none).toContain('Probabilities as the model gives them (no calibration beat them out of sample): Brier 0.1346 → 0.1346');
    expect(none).not.toContain('stroke="#9aa5b4"');
  });
});
