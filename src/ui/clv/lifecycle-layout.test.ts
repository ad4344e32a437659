import { describe, expect, it } from 'vitest';
import { layoutLifecycle } from './lifecycle-layout';

describe('lifecycle stacked bar layout', () => {
  const rows = [
    { period: '2024-01', new: 2, returning: 0, resurrecting: 0, dormant: 0 },
    { period: '2024-02', new: 1, returning: 1, resurrecting: 0, dormant: 1 },
    { period: '2024-03', new: 0, returning: 1, resurrecting: 1, dormant: 2 },
  ];
  const l = layoutLifecycle(rows, 400, 300);

  it('stacks new, returning, resurrecting up from zero and hangs dormant below it, to scale', () => {
    const unit = l.bars[0].segments[0].height / 2; // 2 new customers
    expect(unit).toBeGreaterThan(0);
    const [nw, ret, res, dor] = l.bars[1].segments;
    expect([nw.key, ret.key, res.key, dor.key]).toEqual(['new', 'returning', 'resurrecting', 'dormant']);
    expect(nw.y + nw.height).toBeCloseTo(l.zero, 9);
    expect(ret.y + ret.height).toBeCloseTo(nw.y, 9); // returning sits on new
    expect(res.height).toBe(0);
    expect(dor.y).toBeCloseTo(l.zero, 9);
    expect(dor.height).toBeCloseTo(unit, 9);
    expect(l.bars[2].segments[3].height).toBeCloseTo(2 * unit, 9);
    expect(l.bars[2].segments[3].title).toBe('2024-03 · dormant: -2');
    // The zero line is inside the plot, with room below for the largest dormant count.
    expect(l.zero + 2 * unit).toBeLessThanOrEqual(l.plot.y + l.plot.height + 1e-9);
    expect(l.bars.every((b, i) => i === 0 || b.x > l.bars[i - 1].x)).toBe(true);
    expect(l.xTicks[0].label).toBe('2024-01');
  });
});
