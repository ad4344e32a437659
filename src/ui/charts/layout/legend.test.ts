import { describe, expect, it } from 'vitest';
import { layoutLegend } from './legend';

describe('layoutLegend', () => {
  const items = ['Logistic', 'Gradient boosting', 'Random', 'MLP'].map((name, i) => ({ name, color: `#00000${i}` }));

  it('puts everything on one row when wide', () => {
    const l = layoutLegend(items, 900);
    expect(l.height).toBe(18);
    expect(new Set(l.entries.map((e) => e.y)).size).toBe(1);
    const xs = l.entries.map((e) => e.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });

  it('wraps rows when narrow and keeps entries inside the width', () => {
    const l = layoutLegend(items, 200);
    expect(l.height).toBeGreaterThan(18);
    expect(l.entries.every((e) => e.x < 200)).toBe(true);
    expect(layoutLegend([], 200).height).toBe(0);
  });
});
