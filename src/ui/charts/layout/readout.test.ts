import { describe, expect, it } from 'vitest';
import { layoutReadout } from './readout';

const bounds = { x: 0, y: 0, width: 400, height: 300 };

describe('layoutReadout', () => {
  it('sits above and right of the point', () => {
    const r = layoutReadout(['Logistic', 'FPR: 0.1'], 100, 150, bounds);
    expect(r.box.x).toBeGreaterThan(100);
    expect(r.box.y + r.box.height).toBeLessThan(150);
    expect(r.lines).toHaveLength(2);
    expect(r.lines[1].y).toBeGreaterThan(r.lines[0].y);
  });

  it('flips to stay inside the chart at the edges', () => {
    const r = layoutReadout(['A long series name here'], 395, 5, bounds);
    expect(r.box.x + r.box.width).toBeLessThanOrEqual(395);
    expect(r.box.y).toBeGreaterThan(5);
    expect(r.box.x).toBeGreaterThanOrEqual(0);
  });
});
