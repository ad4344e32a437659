import { describe, expect, it } from 'vitest';
import { buildReport } from './report';
import type { ReportData } from './report-types';
import { DEFAULT_RULES } from './rules';

const evil = '<script>alert("x")</script>';

function data(table: boolean): ReportData {
  return {
    title: 'Report <b>',
    createdAt: '2026-01-02T03:04:05Z',
    datasets: [{ name: `Shop ${evil}`, rows: 10, columns: 3, roles: 'customer: id' }],
    sources: { churn: 'logistic', clv: 'BG/NBD', segment: 'RFM', items: 'none' },
    segments: [{ name: 'Champions', customers: 5, share: 0.5, revenue: 100 }],
    churn: { source: 's', model: 'Logistic', target: 'churned = Yes', rows: 10, baseRate: 0.2, features: ['age'], metrics: { auc: 0.8, aucStd: 0.01, prAuc: 0.5, logloss: 0.4, folds: 5 }, calibration: [{ predicted: 0.1, observed: 0.12, count: 5 }], importance: [{ feature: evil, value: 0.1 }], limits: ['x'] },
    clv: { unit: 'week', months: 12, customers: 10, bgnbd: { r: 1, alpha: 2, a: 0.5, b: 2 }, gammaGamma: null, totalClv: 1000, meanClv: 100, expectedPurchases: 30, histogram: { edges: [0, 1, 2], counts: [3, 4], above: 0 } },
    cohorts: { labels: ['2024-01'], sizes: [5], percent: [[100, 40]] },
    actions: { customers: 2, counts: [{ action: evil, customers: 2, valueAtRisk: 5 }], bySegment: [{ segment: 'Loyal', customers: 2, valueAtRisk: 5 }], byBand: [{ band: 'high', customers: 2 }], disagreements: 0, rules: DEFAULT_RULES },
    profit: {
      settings: { contactCost: 2, offerCost: 10, basis: 'save-rate', saveRate: 0.3, acceptShare: 1, budget: 1200 },
      formula: 'expected profit = P(churn) × save rate × (CLV − offer) − …',
      basis: 'save rate 30% of contacted would-be churners',
      valued: 10,
      positive: 4,
      noClv: 1,
      noScore: 0,
      best: { customers: 4, profit: 300, committed: 48, expectedSpend: 40, valueAtRisk: 900 },
      chosen: { customers: 4, profit: 300, committed: 48, expectedSpend: 40, valueAtRisk: 900 },
      budgetCap: 100,
      curve: { contacted: [0, 2, 4, 10], profit: [0, 250, 300, 120] },
    },
    notes: [],
    table: table
      ? [{ customer: evil, probability: 0.5, band: 'medium', pAlive: 0.5, clv: 10, valueAtRisk: 5, tier: 'low', segment: 'Loyal', reasons: [], items: [], disagreement: '', action: 'Call', profit: 12.5, inList: true }]
      : null,
  };
}

describe('buildReport', () => {
  it('escapes every text: a <script> in a customer id stays text', () => {
    const html = buildReport(data(true));
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('Report &lt;b&gt;');
  });

  it('has no http(s) URLs or external resources', () => {
    const html = buildReport(data(true));
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/<(link|img|iframe|object)\b/i);
    expect(html).toContain('<svg');
  });

  it('states the contact list: costs, save chance, list size, expected profit and the curve with its maximum', () => {
    const html = buildReport(data(false));
    expect(html).toContain('<h2>Contact list (expected profit)</h2>');
    expect(html).toContain('Customers contacted<b>4</b>');
    expect(html).toContain('Expected incremental profit<b>300</b>');
    expect(html).toContain('<td>Offer cost</td><td class="n">10.00</td>');
    expect(html).toContain('1,200 (at most 100 customers)');
    expect(html).toContain('save rate 30% of contacted would-be churners');
    expect(html).toContain('max 300 at 4');
    expect(html).toContain('1 customers without a lifetime value are not in the list.');
    expect(html).toContain('If in the contact list and value high');
  });

  it('leaves customer rows out unless asked', () => {
    const html = buildReport(data(false));
    expect(html).not.toContain('Customers (');
    expect(html).toContain('No customer-level rows');
  });
});
