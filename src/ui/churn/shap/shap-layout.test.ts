import { describe, expect, it } from 'vitest';
import type { ChurnShapSummary, ChurnWaterfall } from '../../../lib/churn/types';
import { BEESWARM_PALETTE, beeswarmFrame, categoryKeys, GRADIENT_STEPS, HIGH_COLOR, LEVEL_COLORS, LOW_COLOR, layoutBeeswarm, layoutBeeswarmRow, packRow } from './beeswarm';
import { dependenceData, stripJitter } from './dependence';
import { reveal, revealOptions } from './reveal';
import { layoutWaterfall } from './waterfall';

// A waterfall of the contract's shape: 12 columns, contributions summing exactly to logit - expected.
function waterfall(): ChurnWaterfall {
  const contributions = [0.9, -0.6, 0.45, 0.3, -0.2, 0.12, 0.1, -0.08, 0.05, 0.03, -0.02, 0.01];
  const expected = -1.2;
  const logit = expected + contributions.reduce((a, b) => a + b, 0);
  return {
    customer: 'C-17',
    expected,
    logit,
    probability: 1 / (1 + Math.exp(-logit)),
    method: 'tree',
    items: contributions.map((c, k) => ({ column: `col${k}`, value: `v${k}`, typical: `t${k}`, contribution: c })),
  };
}

// A summary of the contract's shape: 40 customers x 3 columns (numeric, category with 3 levels, numeric).
function summary(): ChurnShapSummary {
  const n = 40;
  const columns = ['tenure', 'Contract', 'noise'];
  const values = new Float64Array(n * 3);
  const feature = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    feature[i * 3] = i;
    values[i * 3] = (20 - i) / 10; // longer tenure lowers the risk
    feature[i * 3 + 1] = i % 3;
    values[i * 3 + 1] = [0.8, -0.3, -0.5][i % 3];
    feature[i * 3 + 2] = i === 5 ? NaN : 1;
    values[i * 3 + 2] = 0.001 * ((i % 2) - 0.5);
  }
  const meanAbs = columns.map((_, k) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(values[i * 3 + k]);
    return s / n;
  });
  return {
    method: 'tree',
    expected: -1,
    columns,
    meanAbs,
    customers: Array.from({ length: n }, (_, i) => `c${i}`),
    values,
    feature,
    levels: [null, ['Month-to-month', 'One year', 'Two year'], null],
    typical: ['20', 'Month-to-month', '1'],
  };
}

describe('SHAP waterfall layout', () => {
  it('runs from the expected log-odds to the customer log-odds, largest first, the rest summed', () => {
    const w = waterfall();
    const l = layoutWaterfall(w, { width: 640, maxSteps: 8 });
    const s = l.steps.steps;
    expect(s).toHaveLength(8);
    expect(s.slice(0, 7).map((x) => x.column)).toEqual(['col0', 'col1', 'col2', 'col3', 'col4', 'col5', 'col6']);
    expect(s[7]).toMatchObject({ column: null, label: '5 other columns' });
    expect(s[7].contribution).toBeCloseTo(-0.08 + 0.05 + 0.03 - 0.02 + 0.01, 12);
    expect(s[0].start).toBe(w.expected);
    for (let k = 1; k < s.length; k++) expect(s[k].start).toBe(s[k - 1].end);
    expect(s[7].end).toBeCloseTo(w.logit, 12);
    expect(l.steps.gap).toBeLessThan(1e-12);
    // Pixels: each bar spans its step on the axis; red raises, blue lowers; the final marker sits at the logit.
    const px = (v: number) => l.plot.x + ((v - l.ticks[0].value) / (l.ticks[1].value - l.ticks[0].value)) * (l.ticks[1].pos - l.ticks[0].pos);
    l.bars.forEach((b, k) => {
      expect(b.x).toBeCloseTo(px(Math.min(s[k].start, s[k].end)), 6);
      expect(b.x + b.width).toBeCloseTo(Math.max(px(Math.max(s[k].start, s[k].end)), b.x + 1), 6);
      expect(b.color).toBe(s[k].contribution >= 0 ? '#c0392b' : '#2e6fb0');
      expect(b.y).toBeGreaterThan(l.base.y);
      expect(b.y).toBeLessThan(l.final.y);
    });
    expect(l.final.x).toBeCloseTo(px(w.logit), 6);
    expect(l.base.x).toBeCloseTo(px(w.expected), 6);
    expect(l.final.valueText.text).toBe('−0.140 = 46.5%');
    expect(l.note).toBe('Churn probability 46.5% (log-odds −0.140).');
    expect(l.bars[0].title).toBe('col0 = v0 (typical: t0): +0.900 log-odds');
  });

  it('fits a phone width and names the calibrated probability apart from the model log-odds', () => {
    const w = { ...waterfall(), probability: 0.5 };
    const l = layoutWaterfall(w, { width: 320 });
    expect(l.plot.x + l.plot.width).toBeLessThanOrEqual(320);
    expect(l.plot.width).toBeGreaterThan(100);
    expect(l.note).toMatch(/^Churn probability 50\.0% after calibration \(the model's log-odds −0\.140 give 46\.5%\)/);
  });
});

describe('SHAP beeswarm layout', () => {
  it('orders rows by mean |SHAP|, keeps every dot in its row, and packs a bin in alternating layers', () => {
    const s = summary();
    const l = layoutBeeswarm(s, { width: 600, top: 12 });
    expect(l.rows.map((r) => r.column)).toEqual(['tenure', 'Contract', 'noise']);
    expect(l.rows[1].categorical).toBe(true);
    expect(l.rows[1].label).toBe('Contract ▪');
    const n = s.customers.length;
    for (let r = 0; r < l.rows.length; r++)
      for (let i = 0; i < n; i++) {
        const k = r * n + i;
        expect(Math.abs(l.py[k] - l.rows[r].y)).toBeLessThanOrEqual(l.rowHeight / 2);
        // x is the contribution on the axis (monotone)
        if (i > 0 && r === 0) expect(l.px[k]).toBeLessThan(l.px[k - 1]);
      }
    // Contract: three values only, so dots share bins: within a bin no two dots share a layer.
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const key = `${Math.round(l.px[n + i])}:${l.py[n + i].toFixed(3)}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
    // Colours: tenure grades low -> high with the value; categories by level; a missing value is grey.
    expect(l.color[0]).toBe(0);
    expect(l.color[n - 1]).toBe(GRADIENT_STEPS - 1);
    expect([l.color[n], l.color[n + 1], l.color[n + 2]]).toEqual([GRADIENT_STEPS, GRADIENT_STEPS + 1, GRADIENT_STEPS + 2]);
    expect(BEESWARM_PALETTE[l.color[2 * n + 5]]).toBe('#9aa5b1');
  });

  it('packRow: layers 0, +1, -1, +2 in a bin, in feature order; compressed to the row when full', () => {
    const off = packRow([10, 10, 10, 10, 50], [4, 1, 3, 2, 0], 4, 100);
    expect(Array.from(off)).toEqual([8, 0, -4, 4, 0]);
    const tight = packRow(new Array(21).fill(1), Array.from({ length: 21 }, (_, i) => i), 4, 10);
    expect(Math.max(...tight.map(Math.abs))).toBeCloseTo(10, 12);
  });

  it('colours levels apart from the low -> high scale and keys them under the chart', () => {
    // No level colour is a blue or red of the numbers' scale (hue within 30 degrees of either end).
    const hue = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16) / 255);
      const max = Math.max(r, g, b);
      const d = max - Math.min(r, g, b);
      if (d < 0.15) return null; // grey: no hue
      const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
      return (h * 60 + 360) % 360;
    };
    const near = (a: number, b: number) => Math.min(Math.abs(a - b), 360 - Math.abs(a - b)) < 30;
    for (const c of LEVEL_COLORS) {
      const h = hue(c);
      if (h !== null) expect(near(h, hue(LOW_COLOR)!) || near(h, hue(HIGH_COLOR)!), c).toBe(false);
    }
    const l = layoutBeeswarm(summary(), { width: 600 });
    expect(l.gradient).not.toBeNull();
    expect(l.keys.map((k) => k.column)).toEqual(['Contract']);
    const key = l.keys[0];
    expect(key.items.map((i) => [i.level, i.color])).toEqual([
      ['Month-to-month', LEVEL_COLORS[0]],
      ['One year', LEVEL_COLORS[1]],
      ['Two year', LEVEL_COLORS[2]],
    ]);
    // The key's dots match the chart's: customer 1 is One year.
    expect(BEESWARM_PALETTE[l.color[40 + 1]]).toBe(key.items[1].color);
    expect(key.label.y).toBeGreaterThan(l.gradient!.y);
    expect(l.height).toBeGreaterThanOrEqual(key.label.y + 10);
    // Many long levels wrap within the width and say how many share colours.
    const levels = Array.from({ length: 11 }, (_, k) => `Payment method number ${k}`);
    const [wide] = categoryKeys([{ column: 'PaymentMethod', levels }], 50, 400, 100);
    expect(wide.items).toHaveLength(LEVEL_COLORS.length + 1);
    expect(wide.items.at(-1)!.text).toBe('+3 more (colours repeat)');
    expect(new Set(wide.items.map((i) => i.y)).size).toBeGreaterThan(2);
    for (const i of wide.items) expect(i.x).toBeLessThan(400);
  });

  it('laid out row by row, in any order (the page does a few rows per task), is the whole layout', () => {
    const s = summary();
    const whole = layoutBeeswarm(s, { width: 600, top: 12 });
    const frame = beeswarmFrame(s, { width: 600, top: 12 });
    // Before its row is laid out a dot has no position (hover skips it).
    expect(Array.from(frame.px).every(Number.isNaN)).toBe(true);
    layoutBeeswarmRow(s, frame, 2);
    const n = s.customers.length;
    expect(Number.isNaN(frame.px[0])).toBe(true);
    expect(Array.from(frame.px.subarray(2 * n)).some(Number.isNaN)).toBe(false);
    layoutBeeswarmRow(s, frame, 0);
    layoutBeeswarmRow(s, frame, 1);
    expect(frame).toEqual(whole);
  });

  it('refuses arrays that do not match the columns', () => {
    expect(() => layoutBeeswarm({ ...summary(), values: new Float64Array(5) }, { width: 600 })).toThrow(/40 x 3/);
  });
});

describe('SHAP dependence data', () => {
  it('plots value against contribution; a category column as a jittered strip named by level', () => {
    const s = summary();
    const num = dependenceData(s, 0);
    expect(num.categorical).toBe(false);
    expect(num.x[7]).toBe(7);
    expect(num.y[7]).toBe(s.values[7 * 3]);
    const cat = dependenceData(s, 1);
    expect(cat.categorical).toBe(true);
    expect(Math.round(cat.x[4])).toBe(1);
    expect(cat.x[4] - 1).toBeCloseTo(stripJitter(4), 12);
    // Levels left to right by mean contribution: Two year (-0.5), One year (-0.3), Month-to-month (+0.8).
    expect(cat.order).toEqual(['Two year', 'One year', 'Month-to-month']);
    expect(Math.round(cat.x[0])).toBe(2);
    expect(Math.abs(Math.round(cat.x[2]))).toBe(0);
    expect(cat.xFormat!(2)).toBe('Month-to-month');
    expect(cat.xFormat!(0.5)).toBe('');
    expect(cat.xDomain).toEqual([-0.5, 2.5]);
    // A number's axis spans its data, not below the minimum (TotalCharges' axis once started at -2,000).
    expect(num.xDomain).toEqual([0, 39]);
    expect(num.order).toBeNull();
    const noise = dependenceData(s, 2);
    expect(noise.missing).toBe(1);
    expect(Number.isNaN(noise.x[5])).toBe(true);
    for (let i = 0; i < 100; i++) expect(Math.abs(stripJitter(i))).toBeLessThanOrEqual(0.3);
  });
});

describe('reveal (a picked customer brings its waterfall into view)', () => {
  it('scrolls to the nearest edge, smoothly unless reduced motion is asked, and never without an element', () => {
    const calls: unknown[] = [];
    expect(reveal({ scrollIntoView: (o?: boolean | ScrollIntoViewOptions) => void calls.push(o) }, false)).toBe(true);
    expect(calls).toEqual([{ behavior: 'smooth', block: 'nearest' }]);
    expect(revealOptions(true)).toEqual({ behavior: 'auto', block: 'nearest' });
    expect(reveal(undefined, false)).toBe(false);
  });
});
