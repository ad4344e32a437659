import { describe, expect, it } from 'vitest';
import { layoutSplit } from './split-layout';

describe('layoutSplit', () => {
  it('stacks the groups by share across the width; labels only where they fit', () => {
    const { rects } = layoutSplit([{ name: 'detractor', count: 30, color: 'r' }, { name: 'passive', count: 2, color: 'g' }, { name: 'promoter', count: 68, color: 'b' }], 600);
    expect(rects.map((r) => Math.round(r.width))).toEqual([180, 12, 408]);
    expect(rects.map((r) => Math.round(r.x))).toEqual([0, 180, 192]);
    expect(rects.map((r) => r.text)).toEqual(['detractor 30%', '', 'promoter 68%']);
    expect(layoutSplit([{ name: 'a', count: 0, color: 'r' }], 100).rects[0].width).toBe(0);
  });
});
