import { describe, expect, it } from 'vitest';
import { categorical, numeric, table } from '../features/churn/testdata';
import { logistic1d, meanEstimate, npsEstimate, runSatisfaction, satisfactionCsv, shareEstimate, summarise } from './index';

describe('NPS, CSAT and their intervals on hand examples', () => {
  it('NPS = % promoters - % detractors with the interval of a -1/0/+1 mean', () => {
    // 5 promoters, 3 passives, 2 detractors: 50% - 20% = 30 points; var = (0.5 + 0.2 - 0.3^2) / 10.
    const e = npsEstimate(5, 3, 2);
    expect(e.value).toBeCloseTo(30, 10);
    const half = 1.959963984540054 * Math.sqrt(0.61 / 10) * 100;
    expect(e.low).toBeCloseTo(30 - half, 8);
    expect(e.high).toBeCloseTo(30 + half, 8);
    expect(npsEstimate(4, 0, 0)).toEqual({ value: 100, low: 100, high: 100 });
  });

  it('summarises 0-10 answers into detractors 0-6, passives 7-8, promoters 9-10', () => {
    const s = summarise([0, 6, 7, 8, 9, 10, 10, 3], 'nps');
    expect(s.groupCounts).toEqual([3, 2, 3]);
    expect(s.nps!.value).toBeCloseTo(0, 10);
    expect(s.mean.value).toBeCloseTo(53 / 8, 10);
    expect(s.satisfied.value).toBeCloseTo(37.5, 10);
  });

  it('CSAT: mean with its interval and the share answering 4-5 of 5', () => {
    const s = summarise([1, 2, 3, 4, 4, 5, 5, 5], 'csat5');
    expect(s.nps).toBeNull();
    expect(s.mean.value).toBeCloseTo(29 / 8, 10);
    // sample sd of these 8 answers: sqrt((119 - 8 * 3.625^2) / 7)
    const sd = Math.sqrt((1 + 4 + 9 + 16 + 16 + 25 + 25 + 25 - 8 * 3.625 ** 2) / 7);
    expect(s.mean.high - s.mean.value).toBeCloseTo((1.959963984540054 * sd) / Math.sqrt(8), 10);
    expect(s.satisfied.value).toBeCloseTo(62.5, 10);
    expect(s.groupCounts).toEqual([2, 1, 5]);
    expect(meanEstimate(0, 0, 0).value).toBeNaN();
  });

  it('Wilson interval: 0 of 10 is 0 to 27.75%', () => {
    const e = shareEstimate(0, 10);
    expect(e.value).toBe(0);
    expect(e.low).toBe(0);
    expect(e.high).toBeCloseTo(27.75, 2);
  });

  it('logistic regression on a 0/1 predictor gives the 2x2 odds ratio and its textbook standard error', () => {
    // x = 0: 10 churn of 40; x = 1: 5 churn of 50. OR = (5/45) / (10/30) = 1/3.
    const x: number[] = [];
    const y: number[] = [];
    const add = (xv: number, yv: number, k: number) => { for (let i = 0; i < k; i++) { x.push(xv); y.push(yv); } };
    add(0, 1, 10); add(0, 0, 30); add(1, 1, 5); add(1, 0, 45);
    const e = logistic1d(x, y)!;
    expect(e.oddsRatio.value).toBeCloseTo(1 / 3, 8);
    expect(e.se).toBeCloseTo(Math.sqrt(1 / 10 + 1 / 30 + 1 / 5 + 1 / 45), 8);
    expect(e.oddsRatio.low).toBeCloseTo(Math.exp(Math.log(1 / 3) - 1.959963984540054 * e.se), 8);
    expect(e.p).toBeGreaterThan(0.03);
    expect(e.p).toBeLessThan(0.1);
    expect(logistic1d([1, 2, 3], [0, 0, 0])).toBeNull();
  });
});

describe('runSatisfaction', () => {
  // Four customers; C1 answered twice (latest 10), churners answer low.
  const survey = table(
    categorical('customer_id', ['C1', 'C1', 'C2', 'C3', 'C4', 'C5']),
    numeric('responded_at', [Date.UTC(2024, 0, 5), Date.UTC(2024, 1, 5), Date.UTC(2024, 0, 9), Date.UTC(2024, 1, 1), Date.UTC(2024, 1, 2), NaN], 'date'),
    numeric('nps', [3, 10, 2, 8, 9, NaN], 'integer'),
    categorical('channel', ['app', 'app', 'web', 'web', 'app', 'web']),
  );
  const customers = table(categorical('id', ['C1', 'C2', 'C3', 'C4']), categorical('churned', ['No', 'Yes', 'No', 'Yes']), categorical('plan', ['a', 'b', 'a', 'b']));
  const linked = { name: 'customers', table: customers, key: 'id', surveyKey: 'customer_id' };

  it('gives NPS overall, by month and by segment, and churn by group through the link (latest answer each)', () => {
    const r = runSatisfaction(survey, { score: 'nps', date: 'responded_at', by: 'plan', label: 'churned' }, linked);
    expect(r.scale).toBe('nps');
    expect(r.skipped).toBe(1);
    expect(r.overall.responses).toBe(5);
    expect(r.overall.groupCounts).toEqual([2, 1, 2]);
    expect(r.overall.nps!.value).toBeCloseTo(0, 10);
    expect(r.respondents).toBe(4);
    expect(r.byMonth!.map((m) => [m.month, m.responses])).toEqual([['2024-01', 2], ['2024-02', 3]]);
    expect(r.bySegment!.map((s) => [s.segment, s.responses])).toEqual([['a', 3], ['b', 2]]);
    const c = r.churn!;
    expect(c.source).toBe('customers');
    expect(c.customers).toBe(4);
    expect(c.byGroup.map((g) => [g.group, g.customers, g.churners])).toEqual([['detractor', 1, 1], ['passive', 1, 0], ['promoter', 2, 1]]);
    expect(c.byScore.map((s) => s.score)).toEqual([2, 8, 9, 10]);
    expect(satisfactionCsv(r, 'churn').split('\r\n')[1]).toBe('detractor,1,1,100,20.65,100');
    expect(satisfactionCsv(r, 'months').split('\r\n')[0]).toBe('month,responses,detractor,passive,promoter,nps,nps_low,nps_high,mean,mean_low,mean_high,satisfied_pct');
  });

  it('segments from the survey itself; refuses a column that is no score', () => {
    const r = runSatisfaction(survey, { score: 'nps', by: 'channel' });
    expect(r.bySegment!.map((s) => s.segment)).toEqual(['app', 'web']);
    expect(r.byMonth).toBeNull();
    expect(r.churn).toBeNull();
    expect(() => runSatisfaction(survey, { score: 'channel' })).toThrow('not a survey score');
    expect(() => runSatisfaction(survey, { score: 'nps', label: 'nope' })).toThrow('No column "nope"');
  });
});
