import { describe, expect, it } from 'vitest';
import { outcomeValue, upliftInterval, wilson } from './uplift';

describe('uplift', () => {
  it('matches a hand computation of the Wilson interval', () => {
    // 56/70 (Newcombe 1998: 0.6918 to 0.8770): p = 0.8, z = 1.96; centre = (0.8 + 1.96^2/140) / (1 + 1.96^2/70)
    const z = 1.959963984540054;
    const n = 70;
    const p = 0.8;
    const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
    const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
    const w = wilson(56, 70);
    expect(w.lower).toBeCloseTo(centre - half, 12);
    expect(w.upper).toBeCloseTo(centre + half, 12);
    expect(w.lower).toBeCloseTo(0.6918, 4);
    expect(w.upper).toBeCloseTo(0.877, 3);
  });

  it("gives Newcombe's published example (56/70 vs 48/80: 0.2000, 95% CI 0.0524 to 0.3339)", () => {
    const u = upliftInterval(56, 70, 48, 80);
    expect(u.uplift).toBeCloseTo(0.2, 10);
    expect(u.lower).toBeCloseTo(0.0524, 4);
    expect(u.upper).toBeCloseTo(0.3339, 4);
    expect(u.treatment).toEqual({ customers: 70, retained: 56, rate: 0.8 });
  });

  it('reads yes/no and 1/0 outcomes', () => {
    expect(['1', 'Yes', ' true', 'retained'].map(outcomeValue)).toEqual([1, 1, 1, 1]);
    expect(['0', 'no', 'FALSE'].map(outcomeValue)).toEqual([0, 0, 0]);
    expect(outcomeValue('maybe')).toBe(-1);
  });
});
