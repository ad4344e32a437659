import { describe, expect, it } from 'vitest';
import { meanAbsOrder, shapMethodNote, shapReportPart, shapReportSection, waterfallSteps, waterfallSvg, type WaterfallInput } from './report-shap';

const fall = (customer: string, contributions: number[]): WaterfallInput => {
  const expected = -1.5;
  const logit = expected + contributions.reduce((a, b) => a + b, 0);
  return { customer, expected, logit, probability: 1 / (1 + Math.exp(-logit)), items: contributions.map((c, k) => ({ column: `c${k}`, value: `<v${k}>`, typical: `t${k}`, contribution: c })) };
};

describe('SHAP in the report', () => {
  it('orders columns by mean |SHAP| (ties by column order) and names the method', () => {
    expect(meanAbsOrder(['a', 'b', 'c', 'd'], [0.1, 0.3, 0.1, 0.2], 3).map((o) => o.column)).toEqual(['b', 'd', 'a']);
    expect(() => meanAbsOrder(['a'], [1, 2])).toThrow(/2 values for 1 columns/);
    expect(shapMethodNote({ method: 'tree' })).toMatch(/^Exact TreeSHAP/);
    expect(shapMethodNote({ method: 'linear' })).toMatch(/^Exact linear SHAP/);
    expect(shapMethodNote({ method: 'permutation', samples: 64, stdErr: 0.01234 })).toBe('Sampled SHAP: 64 permutations per customer, max std error 0.012 (log-odds)');
  });

  it('waterfall steps: items sorted by |contribution|; the rest summed only when more than fit', () => {
    const w = fall('x', [0.1, -0.7, 0.3]);
    const s = waterfallSteps(w, 2);
    expect(s.steps.map((t) => t.label)).toEqual(['c1 = <v1>', '2 other columns']);
    expect(waterfallSteps(fall('y', [0.5, 0.2, 0.1]), 3).steps.map((t) => t.column)).toEqual(['c0', 'c1', 'c2']);
    expect(s.steps[1].end).toBeCloseTo(w.logit, 12);
    // The axis every drawing shares: from the lowest point the steps reach (-1.5 - 0.7) to the highest (-1.5).
    expect(s.extent[0]).toBeCloseTo(-2.2, 12);
    expect(s.extent[1]).toBe(-1.5);
    // No contribution at all: a unit-wide span around the expected value.
    expect(waterfallSteps(fall('z', []), 2).extent).toEqual([-2, -1]);
  });

  it('renders the global bars and one inline SVG waterfall per riskiest customer, escaped, no address', () => {
    const summary = { method: 'tree', columns: ['tenure', 'Contract', 'noise'], meanAbs: [0.4, 0.9, 0], customers: ['a', 'b'] };
    const part = shapReportPart(summary, [fall('<b>1', [0.9, -0.2, 0.05]), fall('2', [0.4, 0.1, 0]), fall('3', [0.1]), fall('4', [0.1]), fall('5', [0.1]), fall('6', [0.1])]);
    expect(part.bars.map((b) => b.column)).toEqual(['Contract', 'tenure', 'noise']);
    expect(part.waterfalls).toHaveLength(5);
    const html = shapReportSection(part);
    expect(html).toContain('Exact TreeSHAP');
    expect(html).toContain('&lt;b&gt;1');
    expect(html).not.toContain('<b>1');
    expect(html).not.toMatch(/https?:/);
    expect(html.match(/<svg /g)).toHaveLength(6);
    // The first waterfall: 3 bars (red, blue, red), its steps in order.
    const svg = waterfallSvg(part.waterfalls[0]);
    expect(svg.match(/<rect [^>]*fill="([^"]+)"/g)!.map((r) => r.match(/fill="([^"]+)"/)![1])).toEqual(['#c0392b', '#2e6fb0', '#c0392b']);
    expect(svg).toContain('c0 = &lt;v0&gt; (typical: t0): +0.900 log-odds');
    expect(shapReportSection(null)).toBe('');
    expect(shapReportSection({ ...part, bars: [] })).toBe('');
  });
});
