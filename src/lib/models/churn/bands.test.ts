import { describe, expect, it } from 'vitest';
import { assignBands, riskThresholds } from './bands';

describe('risk bands', () => {
  const p = Float64Array.from({ length: 101 }, (_, i) => i / 100);

  it('cuts at quantiles of the training probabilities: top 20% high, next 30% medium', () => {
    const t = riskThresholds(p);
    expect(t.high).toBeCloseTo(0.8, 12);
    expect(t.medium).toBeCloseTo(0.5, 12);
    const bands = assignBands(p, t);
    const count = (b: number) => bands.filter((v) => v === b).length;
    expect([count(0), count(1), count(2)]).toEqual([50, 30, 21]);
    expect(Array.from(assignBands([0.95, 0.6, 0.1], t))).toEqual([2, 1, 0]);
  });

  it('takes other shares and rejects impossible ones', () => {
    expect(riskThresholds(p, { highShare: 0.1, mediumShare: 0.1 })).toEqual({ high: 0.9, medium: 0.8 });
    expect(() => riskThresholds(p, { highShare: 0 })).toThrow('highShare must be in (0, 1), got 0');
    expect(() => riskThresholds(p, { highShare: 0.6, mediumShare: 0.5 })).toThrow('mediumShare must be >= 0 with highShare + mediumShare < 1, got 0.5');
  });
});
