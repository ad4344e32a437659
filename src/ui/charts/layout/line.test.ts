import { describe, expect, it } from 'vitest';
import { layoutLineChart, nearestPoint, type LineSeries } from './line';

const roc: LineSeries = { name: 'Logistic', x: [0, 0.1, 0.3, 1], y: [0, 0.5, 0.8, 1] };
const base = { width: 400, height: 300 };

describe('layoutLineChart', () => {
  it('maps data into the plot area with the given domains', () => {
    const l = layoutLineChart([roc], { ...base, xDomain: [0, 1], yDomain: [0, 1], xLabel: 'FPR', yLabel: 'TPR', diagonal: true });
    const { plot } = l;
    expect(plot.x).toBeGreaterThan(20);
    expect(plot.x + plot.width).toBeLessThanOrEqual(400);
    expect(plot.y + plot.height).toBeLessThan(300 - 20);
    const s = l.series[0];
    expect(s.px[0]).toBeCloseTo(plot.x);
    expect(s.py[0]).toBeCloseTo(plot.y + plot.height);
    expect(s.px[3]).toBeCloseTo(plot.x + plot.width);
    expect(s.py[3]).toBeCloseTo(plot.y);
    expect(s.d.startsWith('M')).toBe(true);
    expect(s.d.match(/L/g)).toHaveLength(3);
    expect(l.diagonal).toEqual({ x1: plot.x, y1: plot.y + plot.height, x2: plot.x + plot.width, y2: plot.y, label: null });
    expect(l.xTicks[0]).toMatchObject({ value: 0, pos: plot.x });
    expect(l.yTicks.at(-1)).toMatchObject({ value: 1, pos: plot.y });
    expect(l.xTitle?.text).toBe('FPR');
    expect(l.yTitle).toMatchObject({ text: 'TPR', rotate: -90 });
    expect(l.legend).toBeNull();
  });

  it('draws step curves with bands, gaps at NaN, and a legend for several series', () => {
    const km: LineSeries = {
      name: 'Month-to-month',
      x: [0, 1, 2, 3],
      y: [1, 0.9, NaN, 0.7],
      step: true,
      band: { lower: [1, 0.85, 0.75, 0.6], upper: [1, 0.95, 0.85, 0.8] },
    };
    const l = layoutLineChart([km, { ...roc, dashed: true }], { ...base, yFormat: '.0%' });
    const s = l.series[0];
    // Two defined runs -> two subpaths; a step adds a horizontal then a vertical segment per point.
    expect(s.d.match(/M/g)).toHaveLength(2);
    expect(s.band).toMatch(/^M.*Z$/);
    expect(Number.isNaN(s.px[2])).toBe(true);
    expect(l.legend?.entries.map((e) => e.name)).toEqual(['Month-to-month', 'Logistic']);
    expect(l.legend?.entries[1].dashed).toBe(true);
    expect(l.series[0].color).not.toBe(l.series[1].color);
    expect(l.yTicks.every((t) => t.label.endsWith('%'))).toBe(true);
    expect(l.plot.y).toBeGreaterThan(l.legend!.height);
  });

  it('places markers, a vertical marker and a horizontal reference', () => {
    const elbow: LineSeries = { name: 'Inertia', x: [2, 3, 4, 5, 6], y: [900, 500, 300, 260, 240] };
    const l = layoutLineChart([elbow], { ...base, markers: true, vline: { x: 4, label: 'K = 4' }, hline: { y: 250, label: 'floor' } });
    expect(l.series[0].markers).toHaveLength(5);
    expect(l.vline?.x1).toBeCloseTo(l.series[0].px[2]);
    expect(l.vline?.label).toMatchObject({ text: 'K = 4', anchor: 'start' });
    expect(l.hline?.y1).toBeGreaterThan(l.plot.y);
    // Auto domains are nice numbers that contain the data.
    expect(l.yTicks[0].value).toBeLessThanOrEqual(240);
    expect(l.yTicks.at(-1)!.value).toBeGreaterThanOrEqual(900);
  });

  it('keeps x tick labels apart at 320 px and inside the svg', () => {
    const big: LineSeries = { name: 'Revenue', x: [0, 250_000, 1_000_000], y: [0, 1, 2] };
    const l = layoutLineChart([big], { width: 320, height: 200, xFormat: ',' });
    const labels = l.xTicks.map((t) => t.label);
    expect(labels.length).toBeGreaterThanOrEqual(2);
    expect(l.plot.x + l.plot.width).toBeLessThanOrEqual(320);
  });

  it('supports a UTC time axis', () => {
    const t = [Date.UTC(1997, 0, 1), Date.UTC(1997, 6, 1), Date.UTC(1998, 5, 30)];
    const l = layoutLineChart([{ name: 'Buyers', x: t, y: [10, 5, 3] }], { ...base, xScale: 'time' });
    expect(l.xTicks.some((tk) => /1998/.test(tk.label))).toBe(true);
    expect(l.formatX(t[0])).toBe('1997-01-01');
  });

  it('rejects bad input naming the value', () => {
    expect(() => layoutLineChart([{ name: 'A', x: [1, 2], y: [1] }], base)).toThrow(/"A".*2.*1/);
    expect(() => layoutLineChart([roc], { ...base, width: 0 })).toThrow(/width.*0/);
    expect(() => layoutLineChart([roc], { ...base, xDomain: [1, 0] })).toThrow(/xDomain.*\[1, 0\]/);
    expect(() => layoutLineChart([roc], { ...base, xScale: 'log' as 'linear' })).toThrow(/"log"/);
  });

  it('still lays out with no series or a constant series', () => {
    expect(layoutLineChart([], base).series).toEqual([]);
    const flat = layoutLineChart([{ name: 'flat', x: [1, 2], y: [5, 5] }], base);
    expect(flat.series[0].py[0]).toBeGreaterThan(flat.plot.y);
    expect(flat.series[0].py[0]).toBeLessThan(flat.plot.y + flat.plot.height);
  });
});

describe('nearestPoint', () => {
  it('finds the closest point across series within a radius', () => {
    const other: LineSeries = { name: 'Other', x: [0, 0.5, 1], y: [0, 0.5, 1] };
    const l = layoutLineChart([roc, other], { ...base, xDomain: [0, 1], yDomain: [0, 1] });
    const p = nearestPoint(l, l.series[1].px[1] + 3, l.series[1].py[1] - 2);
    expect(p).toMatchObject({ series: 1, index: 1 });
    expect(nearestPoint(l, -500, -500)).toBeNull();
  });

  it('ignores points outside a given domain', () => {
    const l = layoutLineChart([{ name: 'A', x: [0, 2], y: [0, 0] }], { ...base, xDomain: [0, 1], yDomain: [0, 1] });
    const p = nearestPoint(l, l.plot.x + l.plot.width, l.plot.y + l.plot.height, 1000);
    expect(p?.index).toBe(0);
  });
});

describe('integer x', () => {
  it('gives whole-number ticks when every x is a whole number (K, months)', () => {
    const l = layoutLineChart([{ name: 'Inertia', x: [2, 3, 4, 5, 6, 7, 8], y: [9, 5, 3, 2.6, 2.4, 2.3, 2.2] }], { width: 900, height: 240 });
    expect(l.xTicks.map((t) => t.value)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(l.xTicks[0].label).toBe('2');
    const frac = layoutLineChart([roc], { width: 900, height: 240 });
    expect(frac.xTicks.some((t) => !Number.isInteger(t.value))).toBe(true);
  });
});

describe('geometry snapshot', () => {
  it('is stable for a small chart (review the diff when a layout change is intended)', () => {
    const l = layoutLineChart([{ name: 'Retention', x: [0, 1, 2], y: [1, 0.5, 0.25] }], {
      width: 300,
      height: 200,
      yDomain: [0, 1],
      yFormat: '.0%',
      xLabel: 'Period',
    });
    const r = (v: number) => Math.round(v * 10) / 10;
    expect({
      plot: [l.plot.x, l.plot.y, l.plot.width, l.plot.height].map(r),
      d: l.series[0].d,
      xTicks: l.xTicks.map((t) => `${t.label}@${r(t.pos)}`),
      yTicks: l.yTicks.map((t) => `${t.label}@${r(t.pos)}`),
      xTitle: [l.xTitle?.text, r(l.xTitle!.x), r(l.xTitle!.y)],
    }).toMatchInlineSnapshot(`
      {
        "d": "M43,12L164.5,85L286,121.5",
        "plot": [
          43,
          12,
          243,
          146,
        ],
        "xTicks": [
          "0@43",
          "1@164.5",
          "2@286",
        ],
        "xTitle": [
          "Period",
          164.5,
          194,
        ],
        "yTicks": [
          "0%@158",
          "50%@85",
          "100%@12",
        ],
      }
    `);
  });
});
