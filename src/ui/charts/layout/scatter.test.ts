import { describe, expect, it } from 'vitest';
import { NEUTRAL } from './palette';
import { layoutScatter, pointIndex } from './scatter';

describe('layoutScatter', () => {
  const x = Float64Array.from([-2, -1, 0, 1, 2, NaN]);
  const y = Float64Array.from([0, 1, 2, 3, 4, 1]);
  const category = Int32Array.from([0, 0, 1, 1, -1, 2]);

  it('projects points into the plot and groups them by category', () => {
    const l = layoutScatter({ width: 500, height: 300, x, y, category, categories: ['Loyal', 'At risk', 'Lost'], xLabel: 'PC1', yLabel: 'PC2' });
    const { plot, px, py } = l;
    for (let i = 0; i < 5; i++) {
      expect(px[i]).toBeGreaterThanOrEqual(plot.x);
      expect(px[i]).toBeLessThanOrEqual(plot.x + plot.width);
      expect(py[i]).toBeGreaterThanOrEqual(plot.y);
      expect(py[i]).toBeLessThanOrEqual(plot.y + plot.height);
    }
    expect(px[1]).toBeLessThan(px[2]);
    expect(py[1]).toBeGreaterThan(py[2]); // larger y is higher up
    expect(Number.isNaN(px[5])).toBe(true);
    expect(l.counts).toEqual([2, 2, 1]);
    expect(l.legend?.entries.map((e) => e.name)).toEqual(['Loyal (2)', 'At risk (2)', 'Lost (1)']);
    expect(l.groups.map((g) => g.color)).toEqual([NEUTRAL, l.palette[0], l.palette[1], l.palette[2]]);
    expect(Array.from(l.groups[0].indices)).toEqual([4]);
    expect(l.radius).toBe(3);
    expect(l.xTitle?.text).toBe('PC1');
  });

  it('finds the nearest drawn point', () => {
    const l = layoutScatter({ width: 500, height: 300, x, y });
    const tree = pointIndex(l);
    expect(tree.find(l.px[3] + 2, l.py[3] - 1, 10)).toBe(3);
    expect(tree.size()).toBe(5);
    expect(l.legend).toBeNull();
  });

  it('handles 50k points quickly and shrinks the dots', () => {
    const n = 50_000;
    const bx = new Float64Array(n).map((_, i) => Math.sin(i));
    const by = new Float64Array(n).map((_, i) => Math.cos(i * 1.3));
    const cat = new Int32Array(n).map((_, i) => i % 4);
    const t0 = performance.now();
    const l = layoutScatter({ width: 800, height: 500, x: bx, y: by, category: cat });
    expect(performance.now() - t0).toBeLessThan(500);
    expect(l.radius).toBeLessThan(2);
    expect(l.groups.reduce((s, g) => s + g.indices.length, 0)).toBe(n);
  });

  it('rejects mismatched lengths naming them', () => {
    expect(() => layoutScatter({ width: 300, height: 200, x: [1, 2], y: [1] })).toThrow(/2 values.*1/);
    expect(() => layoutScatter({ width: 300, height: 200, x: [1], y: [1], category: [0, 1] })).toThrow(/category has 2/);
  });
});
