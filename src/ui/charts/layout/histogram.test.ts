import { describe, expect, it } from 'vitest';
import { layoutHistogram } from './histogram';

describe('layoutHistogram', () => {
  const bins = [
    { x0: 0, x1: 100, count: 40 },
    { x0: 100, x1: 200, count: 10 },
    { x0: 200, x1: 300, count: 0 },
    { x0: 300, x1: 400, count: 2 },
  ];

  it('places adjacent bins on a continuous x axis, heights proportional to counts', () => {
    const l = layoutHistogram(bins, { width: 400, height: 200, xLabel: 'CLV', xFormat: '$,' });
    const [a, b, c] = l.rects;
    const bottom = l.plot.y + l.plot.height;
    expect(a.y + a.height).toBeCloseTo(bottom);
    expect(a.height / b.height).toBeCloseTo(4, 5);
    expect(c.height).toBeCloseTo(0);
    expect(b.x).toBeGreaterThan(a.x + a.width);
    expect(b.x - (a.x + a.width)).toBeLessThan(2);
    expect(a.title).toBe('$0 – $100: 40');
    expect(l.xTicks[0].label).toBe('$0');
    expect(l.yTitle?.text).toBe('Count');
    expect(l.yTicks.every((t) => Number.isInteger(t.value))).toBe(true);
  });

  it('rejects inverted bins', () => {
    expect(() => layoutHistogram([{ x0: 2, x1: 1, count: 1 }], { width: 300, height: 200 })).toThrow(/\[2, 1\]/);
  });

  it('has integer count ticks even for tiny counts', () => {
    const l = layoutHistogram([{ x0: 0, x1: 1, count: 1 }], { width: 300, height: 200 });
    expect(l.yTicks.map((t) => t.value)).toEqual([0, 1]);
  });
});
