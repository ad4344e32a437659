import { describe, expect, it } from 'vitest';
import { kaplanMeier, normalQuantile, survivalAt } from './kaplan-meier';

// Hand-computed: durations 1,2,2+,3,4+,5,5,6+ (+ = censored).
// S: t1 7/8; t2 7/8*6/7 = 3/4; t3 3/4*4/5 = 3/5; t4 3/5; t5 3/5*1/3 = 1/5; t6 1/5.
// Greenwood sums: 1/56; +1/42; +1/20; (t5) +2/3. Band = exp(-exp(log(-log S) -/+ z sqrt(V) / log S)),
// values checked against numpy with z = 1.959963984540054.
const durations = [5, 1, 2, 3, 2, 4, 6, 5];
const events = [1, 1, 0, 1, 1, 0, 0, 1];

describe('kaplanMeier', () => {
  it('equals the hand-computed example exactly', () => {
    const km = kaplanMeier(durations, events);
    expect(km.time).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(km.atRisk).toEqual([8, 8, 7, 5, 4, 3, 1]);
    expect(km.events).toEqual([0, 1, 1, 1, 0, 2, 0]);
    expect(km.censored).toEqual([0, 0, 1, 0, 1, 0, 1]);
    const exact = [1, 7 / 8, 3 / 4, 3 / 5, 3 / 5, 1 / 5, 1 / 5];
    km.survival.forEach((s, i) => expect(s).toBeCloseTo(exact[i], 15));
    expect(km.median).toBe(5);
    expect(km.subjects).toBe(8);
    expect(km.totalEvents).toBe(5);
    const lower = [1, 0.3870000140320251, 0.314807113705519, 0.19549586608499786, 0.19549586608499786, 0.00958379384876394, 0.00958379384876394];
    const upper = [1, 0.981392965878966, 0.9308983170906275, 0.8522543457622092, 0.8522543457622092, 0.5727364855515479, 0.5727364855515479];
    lower.forEach((v, i) => expect(km.lower[i]).toBeCloseTo(v, 8));
    upper.forEach((v, i) => expect(km.upper[i]).toBeCloseTo(v, 8));
  });

  it('puts events at time 0 in the first row, reaches 0 with NaN bands, and has no median above 0.5', () => {
    const km = kaplanMeier([0, 0, 1, 2], [1, 0, 1, 1]);
    expect(km.time).toEqual([0, 1, 2]);
    expect(km.survival).toEqual([0.75, 0.375, 0]);
    expect(km.lower[2]).toBeNaN();
    expect(kaplanMeier([1, 2, 3, 4], [0, 1, 0, 0]).median).toBeNull();
    expect(kaplanMeier([1, 2, 3], [0, 1, 0]).median).toBe(2); // S = 0.5 exactly counts
    expect(survivalAt(km, 1.5)).toBe(0.375);
    expect(survivalAt(km, -1)).toBe(1);
  });

  it('rejects bad data and options, naming the value', () => {
    expect(() => kaplanMeier([1, -2], [1, 1])).toThrow('got -2');
    expect(() => kaplanMeier([1, 2], [1, 2])).toThrow('got 2');
    expect(() => kaplanMeier([1], [1, 0])).toThrow('got 1 and 2');
    expect(() => kaplanMeier([1], [1], { confidence: 1.2 })).toThrow('got 1.2');
  });

  it('normalQuantile matches known quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 7);
  });
});
