// The backtest's page data (CSV, stability chart series) and its place on the model card and in the report.
import { describe, expect, it } from 'vitest';
import { backtestCovers, backtestCsv, cardBacktest, stabilityDomain, stabilitySeries } from './backtest-view';
import type { BacktestCutoff } from './backtest';
import { buildReport } from '../actions/report';
import type { ReportData } from '../actions/report-types';
import { DEFAULT_RULES } from '../actions/rules';

const cut = (asOf: string, auc: number, baselineAuc: number): BacktestCutoff => ({
  asOf,
  labelEnd: '2025-12-31',
  trainedOn: ['2024-12-01', '2025-03-01'],
  trainRows: 500,
  customers: 200,
  positives: 50,
  model: 'logistic',
  auc,
  prAuc: 0.5,
  liftAt10: 2.25,
  brier: 0.125,
  calibration: [],
  baselineAuc,
  baselinePrAuc: 0.4,
  baselineLiftAt10: 1.5,
  baselineAliveAuc: 0.45,
});
const cutoffs = [cut('2025-06-01', 0.81, 0.78), cut('2025-08-30', 0.42, 0.77)];

describe('backtest view', () => {
  it('writes one CSV row per cut-off, full precision', () => {
    const lines = backtestCsv(cutoffs).trim().split(/\r?\n/);
    expect(lines[0]).toBe('cutoff,label_end,trained_on,model,customers,churned,auc,pr_auc,lift_at_10,brier,bgnbd_auc,bgnbd_pr_auc,bgnbd_lift_at_10,p_alive_auc');
    expect(lines[1]).toBe('2025-06-01,2025-12-31,2024-12-01 2025-03-01,logistic,200,50,0.81,0.5,2.25,0.125,0.78,0.4,1.5,0.45');
    expect(lines).toHaveLength(3);
  });

  it('charts the model and the baseline AUC by cut-off date, on a range that shows both and chance', () => {
    const [model, base] = stabilitySeries(cutoffs, 'logistic regression');
    expect(Array.from(model.x)).toEqual([Date.UTC(2025, 5, 1), Date.UTC(2025, 7, 30)]);
    expect(Array.from(model.y)).toEqual([0.81, 0.42]);
    expect(Array.from(base.y)).toEqual([0.78, 0.77]);
    expect(base.dashed).toBe(true);
    expect(stabilityDomain(cutoffs)).toEqual([0.4, 0.85]);
  });

  it('goes on the model card, and the report states the cut-offs, horizon and time-based AUC', () => {
    const bt = cardBacktest({ cutoffs, horizonDays: 90, chosen: 'gbdt', aucMean: 0.615, baselineAucMean: 0.775 });
    expect(bt).toEqual({ cutoffs: ['2025-06-01', '2025-08-30'], horizonDays: 90, model: 'gradient boosting', aucMean: 0.615, baselineAucMean: 0.775 });
    expect(backtestCovers({ datasetId: 'tx' }, 'tx')).toBe(true);
    expect(backtestCovers({ datasetId: 'tx', customers: { datasetId: 'cust' } }, 'cust')).toBe(true);
    expect(backtestCovers({ datasetId: 'tx' }, 'cust')).toBe(false);
    const data: ReportData = {
      title: 'r',
      createdAt: '2026-12-07T00:00:00Z',
      datasets: [],
      sources: { churn: 's', clv: 'c', segment: 's', items: 'i' },
      segments: null,
      churn: { source: 's', model: 'GBDT', target: 'churned = 1', rows: 100, baseRate: 0.2, features: [], metrics: null, calibration: [], importance: [], limits: [], backtest: bt, snapshot: { cutoff: '2025-06-30', horizonDays: 90 } },
      clv: null,
      cohorts: null,
      actions: { customers: 0, counts: [], bySegment: [], byBand: [], disagreements: 0, rules: DEFAULT_RULES },
      notes: [],
      table: null,
    };
    const html = buildReport(data);
    expect(html).toContain('Features up to 2025-06-30, label from the 90 days after.');
    expect(html).toContain('<h3>Backtest over time</h3><p>Time-based ROC AUC <b>0.615</b> (gradient boosting, mean over 2 cut-offs: 2025-06-01, 2025-08-30; 90-day horizon');
    expect(html).toContain('against <b>0.775</b> for the BG/NBD baseline');
  });
});
