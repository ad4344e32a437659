import { describe, expect, it } from 'vitest';
import { cellAt, layoutHeatmap } from './heatmap';

describe('layoutHeatmap', () => {
  const cohorts = {
    rowLabels: ['1997-01', '1997-02', '1997-03'],
    colLabels: ['0', '1', '2'],
    values: [
      [1, 0.4, 0.3],
      [1, 0.35],
      [1, null],
    ],
  };

  it('lays out a ragged cohort triangle, skipping missing cells', () => {
    const l = layoutHeatmap({ ...cohorts, width: 500, domain: [0, 1], format: '.0%', xLabel: 'Months since first purchase', yLabel: 'Cohort' });
    expect(l.cells).toHaveLength(6);
    const at = (r: number, c: number) => l.cells.find((x) => x.row === r && x.col === c)!;
    expect(at(0, 0).x).toBe(l.grid.x);
    expect(at(1, 1).x - at(1, 0).x).toBeCloseTo(at(0, 0).width);
    expect(at(2, 0).y - at(0, 0).y).toBeCloseTo(2 * at(0, 0).height);
    expect(at(1, 2 as number)).toBeUndefined();
    expect(at(0, 1).text).toBe('40%');
    expect(at(0, 1).title).toBe('1997-01 · 1: 40%');
    // Higher values are darker, and text flips to white on dark cells.
    expect(at(0, 0).fill).not.toBe(at(0, 2).fill);
    expect(at(0, 0).textColor).toBe('#ffffff');
    expect(at(0, 2).textColor).toBe('#1c2430');
    expect(l.rowMarks.map((m) => m.text)).toEqual(cohorts.rowLabels);
    expect(l.colMarks.every((m) => m.y < l.grid.y)).toBe(true);
    expect(l.legend.ticks[0].label).toBe('0%');
    expect(l.legend.ticks.at(-1)!.label).toBe('100%');
    expect(l.legend.y).toBeGreaterThan(l.grid.y + l.grid.height);
    expect(l.height).toBeGreaterThan(l.legend.y + l.legend.height);
    const c = at(1, 1);
    expect(cellAt(l, c.x + 2, c.y + 2)).toBe(c);
    expect(cellAt(l, at(2, 0).x + at(2, 0).width + 2, at(2, 0).y + 2)).toBeNull(); // the blank (null) cell
    expect(cellAt(l, 0, 0)).toBeNull();
  });

  it('keeps a 2x2 confusion matrix compact with counts in cells', () => {
    const l = layoutHeatmap({
      width: 900,
      rowLabels: ['Actual: stayed', 'Actual: churned'],
      colLabels: ['Predicted: stayed', 'Predicted: churned'],
      values: [
        [1200, 150],
        [180, 300],
      ],
      format: ',',
    });
    expect(l.grid.width).toBeLessThanOrEqual(280);
    expect(l.cells.map((c) => c.text)).toEqual(['1,200', '150', '180', '300']);
    // At 320 px both column labels stay (shortened, not thinned) and the legend still has two ends.
    const narrow = layoutHeatmap({
      width: 320,
      rowLabels: ['Actual: stayed', 'Actual: churned'],
      colLabels: ['Predicted: stayed', 'Predicted: churned'],
      values: [
        [921, 114],
        [142, 232],
      ],
      format: ',',
    });
    expect(narrow.colMarks).toHaveLength(2);
    expect(narrow.colMarks[1].text.startsWith('Pred')).toBe(true);
    expect(narrow.legend.ticks.length).toBeGreaterThanOrEqual(2);
  });

  it('drops cell text and thins column labels when cells are tiny', () => {
    const n = 40;
    const l = layoutHeatmap({
      width: 320,
      rowLabels: Array.from({ length: n }, (_, i) => `cohort ${i}`),
      colLabels: Array.from({ length: n }, (_, i) => `${i}`),
      values: Array.from({ length: n }, (_, r) => Array.from({ length: n - r }, () => 0.123)),
      format: '.1%',
    });
    expect(l.cells.every((c) => c.text === null)).toBe(true);
    expect(l.colMarks.length).toBeLessThan(n);
    expect(l.grid.x + l.grid.width).toBeLessThanOrEqual(320);
  });

  it('rejects mismatched shapes naming the sizes', () => {
    expect(() => layoutHeatmap({ width: 300, rowLabels: ['a'], colLabels: ['x'], values: [] })).toThrow(/0 rows.*1/);
    expect(() => layoutHeatmap({ width: 300, rowLabels: ['a'], colLabels: ['x'], values: [[1, 2]] })).toThrow(/"a".*2 values.*1 columns/);
  });
});
