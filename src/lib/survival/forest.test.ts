import { describe, expect, it } from 'vitest';
import { layoutForest } from './forest';

describe('layoutForest', () => {
  it('places hazard ratios on a log scale around the line at 1, ticks in range', () => {
    const l = layoutForest(
      [
        { name: 'a', hazardRatio: 0.1, lower: 0.05, upper: 0.2 },
        { name: 'b', hazardRatio: 2, lower: 0.9, upper: 4 },
      ],
      600,
    );
    const [a, b] = l.rows;
    // Log scale: 0.1 -> 1 and 1 -> 10 are equal distances.
    const at = (v: number) => l.plot.left + ((Math.log10(v) - (Math.log10(0.05) - 0.1)) / (Math.log10(4) + 0.1 - (Math.log10(0.05) - 0.1))) * (l.plot.right - l.plot.left);
    expect(a.x).toBeCloseTo(at(0.1), 9);
    expect(l.one).toBeCloseTo(at(1), 9);
    expect(l.one - a.x).toBeCloseTo(at(10) - l.one, 9);
    expect(a.x0 < a.x && a.x < a.x1 && a.x1 < l.one).toBe(true);
    expect([a.significant, b.significant]).toEqual([true, false]);
    expect(b.y).toBeGreaterThan(a.y);
    expect(l.ticks.map((t) => t.label)).toEqual(['0.05', '0.1', '0.2', '0.5', '1', '2', '5']);
  });
});
