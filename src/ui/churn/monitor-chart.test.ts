import { describe, expect, it } from 'vitest';
import { driftChart, READING_COLOR } from './monitor-chart';

describe('driftChart', () => {
  it('draws the columns in the given (ranked) order with the 0.1 and 0.25 guides on the value scale', () => {
    const c = driftChart(
      [
        { feature: 'contract', psi: 0.41, reading: 'major' },
        { feature: 'tenure', psi: 0.05, reading: 'stable' },
      ],
      600,
    );
    expect(c.layout.bars.map((b) => b.label)).toEqual(['contract', 'tenure']);
    expect(c.layout.bars[0].color).toBe(READING_COLOR.major);
    const [g1, g2] = c.guides;
    const zero = c.layout.zero;
    // Bars and guides share one scale: x(0.25) - x(0) = 2.5 (x(0.1) - x(0)), and 0.41's bar ends beyond 0.25's guide.
    expect((g2.x - zero) / (g1.x - zero)).toBeCloseTo(2.5, 6);
    expect(c.layout.bars[0].width / (g1.x - zero)).toBeCloseTo(4.1, 6);
    expect(c.layout.bars[1].width / (g1.x - zero)).toBeCloseTo(0.5, 6);
  });

  it('keeps both guides in view when nothing drifted', () => {
    const c = driftChart([{ feature: 'x', psi: 0, reading: 'stable' }], 400);
    expect(c.guides[1].x).toBeLessThan(c.layout.plot.x + c.layout.plot.width);
  });
});
