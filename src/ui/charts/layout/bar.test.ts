import { describe, expect, it } from 'vitest';
import { layoutBarChart, type Bar } from './bar';

const importance: Bar[] = [
  { label: 'tenure', value: 0.12, error: 0.01 },
  { label: 'Contract_Month-to-month', value: 0.2, error: 0.02 },
  { label: 'MonthlyCharges', value: 0.05, error: 0.005 },
];

describe('layoutBarChart (horizontal)', () => {
  it('sorts, sizes bars from zero and keeps labels on the left', () => {
    const l = layoutBarChart(importance, { width: 500, sort: 'desc', format: '.2f' });
    expect(l.bars.map((b) => b.label)).toEqual(['Contract_Month-to-month', 'tenure', 'MonthlyCharges']);
    const [a, b, c] = l.bars;
    expect(a.x).toBeCloseTo(l.zero);
    expect(a.width).toBeGreaterThan(b.width);
    expect(b.width).toBeGreaterThan(c.width);
    expect(a.width / b.width).toBeCloseTo(0.2 / 0.12, 5);
    expect(a.y).toBeLessThan(b.y);
    expect(a.labelMark).toMatchObject({ anchor: 'end' });
    expect(a.labelMark!.x).toBeLessThan(l.plot.x);
    expect(a.valueText).toMatchObject({ text: '0.20', anchor: 'start' });
    // The value label sits past the error whisker.
    expect(a.valueText!.x).toBeGreaterThan(a.whisker!.x2);
    expect(a.whisker!.x1).toBeLessThan(a.x + a.width);
    expect(a.title).toBe('Contract_Month-to-month: 0.20 ± 0.02');
    expect(l.height).toBeGreaterThan(3 * 20);
    expect(l.valueTicks[0].value).toBe(0);
  });

  it('truncates long labels at 320 px and keeps everything inside the svg', () => {
    const l = layoutBarChart([{ label: 'A very long feature name that will not fit', value: 5 }], { width: 320 });
    expect(l.bars[0].shortLabel.endsWith('…')).toBe(true);
    expect(l.plot.x).toBeLessThanOrEqual(320 * 0.4 + 10);
    expect(l.plot.x + l.plot.width).toBeLessThan(320);
  });

  it('draws negative values left of zero', () => {
    const l = layoutBarChart([{ label: 'up', value: 2 }, { label: 'down', value: -1 }], { width: 400 });
    const [up, down] = l.bars;
    expect(up.x).toBeCloseTo(l.zero);
    expect(down.x + down.width).toBeCloseTo(l.zero);
    expect(down.valueText?.anchor).toBe('end');
  });

  it('rejects bad options naming the value', () => {
    expect(() => layoutBarChart(importance, { width: 300, sort: 'up' as 'asc' })).toThrow(/"up"/);
    expect(() => layoutBarChart(importance, { width: 300, orientation: 'diagonal' as 'vertical' })).toThrow(/"diagonal"/);
    expect(() => layoutBarChart([{ label: 'x', value: 1, error: -1 }], { width: 300 })).toThrow(/"x".*-1/);
  });
});

describe('layoutBarChart (vertical)', () => {
  const sizes: Bar[] = ['Champions', 'Loyal', 'At risk', 'Lost'].map((label, i) => ({ label, value: [120, 300, 80, 500][i] }));

  it('stands bars on the zero line with labels below', () => {
    const l = layoutBarChart(sizes, { width: 600, height: 240, orientation: 'vertical', valueLabel: 'Customers' });
    const { plot } = l;
    for (const b of l.bars) expect(b.y + b.height).toBeCloseTo(l.zero);
    expect(l.zero).toBeCloseTo(plot.y + plot.height);
    expect(l.bars[3].height / l.bars[0].height).toBeCloseTo(500 / 120, 5);
    expect(l.bars.every((b) => b.labelMark && b.labelMark.y > plot.y + plot.height)).toBe(true);
    expect(l.bars[0].valueText?.text).toBe('120');
    expect(l.valueTitle?.rotate).toBe(-90);
  });

  it('thins category labels and drops value labels when bars are narrow', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ label: `bin ${i}`, value: 1000 + i }));
    const l = layoutBarChart(many, { width: 320, orientation: 'vertical' });
    expect(l.bars.filter((b) => b.labelMark).length).toBeLessThan(60);
    expect(l.bars.every((b) => b.valueText === null)).toBe(true);
  });
});

describe('geometry snapshot', () => {
  it('is stable for a small chart (review the diff when a layout change is intended)', () => {
    const l = layoutBarChart(
      [
        { label: 'A', value: 3 },
        { label: 'B', value: 1, error: 0.5 },
      ],
      { width: 300, format: 'd' },
    );
    expect(l.bars.map((b) => [b.x, b.y, b.width, b.height, b.valueText?.text].map((v) => (typeof v === 'number' ? +v.toFixed(1) : v)))).toMatchInlineSnapshot(`
      [
        [
          17.5,
          12,
          265.5,
          19.8,
          "3",
        ],
        [
          17.5,
          38.3,
          88.5,
          19.8,
          "1",
        ],
      ]
    `);
  });
});
