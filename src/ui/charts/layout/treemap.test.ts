import { describe, expect, it } from 'vitest';
import { categoryColor } from './palette';
import { textWidth } from './text';
import { layoutTreemap, type TreemapItem } from './treemap';

const segments: TreemapItem[] = [
  { name: 'Champions', size: 500, value: 0.45 },
  { name: 'Loyal', size: 300, value: 0.3 },
  { name: 'At risk', size: 150, value: 0.2 },
  { name: 'Lost', size: 50, value: 0.05 },
];

describe('layoutTreemap', () => {
  it('gives each segment an area proportional to its size', () => {
    const l = layoutTreemap(segments, { width: 600, height: 300, sizeName: 'customers', valueName: 'revenue', valueFormat: '.0%' });
    expect(l.tiles).toHaveLength(4);
    const area = (name: string) => {
      const t = l.tiles.find((x) => x.name === name)!;
      return t.width * t.height;
    };
    expect(area('Champions') / area('Loyal')).toBeCloseTo(500 / 300, 0);
    expect(area('Champions')).toBeGreaterThan(area('At risk'));
    for (const t of l.tiles) {
      expect(t.x).toBeGreaterThanOrEqual(0);
      expect(t.y).toBeGreaterThanOrEqual(0);
      expect(t.x + t.width).toBeLessThanOrEqual(600);
      expect(t.y + t.height).toBeLessThanOrEqual(300);
    }
    const champ = l.tiles.find((t) => t.name === 'Champions')!;
    expect(champ.fill).toBe(categoryColor(0));
    expect(champ.lines.map((x) => x.text)).toEqual(['Champions', '500 customers · 50%', 'revenue: 45%']);
    expect(champ.title).toContain('revenue: 45%');
  });

  it('keeps text inside small tiles', () => {
    const l = layoutTreemap([...segments, { name: 'A tiny segment with a long name', size: 3 }], { width: 320, height: 200 });
    const tiny = l.tiles.find((t) => t.name.startsWith('A tiny'))!;
    for (const line of tiny.lines) expect(line.y).toBeLessThanOrEqual(tiny.y + tiny.height);
    expect(tiny.lines.length).toBeLessThanOrEqual(1);
  });

  it('colours by value on a sequential scale', () => {
    const l = layoutTreemap(segments, { width: 400, height: 300, colorBy: 'value' });
    const fills = new Set(l.tiles.map((t) => t.fill));
    expect(fills.size).toBe(4);
    expect(() => layoutTreemap(segments, { width: 400, height: 300, colorBy: 'size' as 'value' })).toThrow(/"size"/);
    expect(() => layoutTreemap([{ name: 'neg', size: -1 }], { width: 400, height: 300 })).toThrow(/"neg".*-1/);
  });
});

describe('layoutTreemap names', () => {
  it('shortens bold names by their bold width', () => {
    const l = layoutTreemap(
      [
        { name: 'Loyal', size: 1000 },
        { name: 'Champions', size: 250 },
      ],
      { width: 320, height: 200 },
    );
    const small = l.tiles.find((t) => t.index === 1)!;
    expect(small.width).toBeLessThan(80);
    expect(small.lines[0].text).toMatch(/…$/);
    expect(textWidth(small.lines[0].text, 12, true)).toBeLessThanOrEqual(small.width - 10);
  });
});
