import { describe, expect, it } from 'vitest';
import { buildHistogram, subtractHistogram } from './histogram';

// 4 rows x 2 features; feature 0 has 2 value bins + missing (bins 0..2), feature 1 has 1 + missing (3..4)
const bins = Uint8Array.from([0, 0, 1, 1, 2, 0, 1, 0]);
const offsets = Int32Array.from([0, 3, 5]);
const g = Float64Array.from([1, 2, 3, 4]);
const h = Float64Array.from([0.1, 0.2, 0.3, 0.4]);
const all = Int32Array.from([0, 1]);

describe('buildHistogram', () => {
  it('sums gradient, hessian and count per bin of the given rows', () => {
    const hist = new Float64Array(5 * 3).fill(99);
    buildHistogram(hist, bins, 2, offsets, all, Uint32Array.from([0, 1, 2, 3]), 0, 4, g, h);
    // feature 0: bin0 row0; bin1 rows 1,3; missing bin row 2
    expect(Array.from(hist.slice(0, 9))).toEqual([1, 0.1, 1, 6, 0.6000000000000001, 2, 3, 0.3, 1]);
    // feature 1: bin0 rows 0,2,3; missing row 1
    expect(hist[9]).toBe(8);
    expect(hist[11]).toBe(3);
    expect(hist.slice(12)).toEqual(Float64Array.from([2, 0.2, 1]));
  });
  it('uses only rows idx[start, end) and only the listed features', () => {
    const hist = new Float64Array(15).fill(7);
    buildHistogram(hist, bins, 2, offsets, Int32Array.from([1]), Uint32Array.from([3, 2, 1, 0]), 1, 3, g, h);
    expect(Array.from(hist.slice(0, 9))).toEqual(new Array(9).fill(7));
    expect(hist[9]).toBe(3); // row 2
    expect(hist[12]).toBe(2); // row 1, missing
  });
});

describe('subtractHistogram', () => {
  it('turns the parent into the sibling', () => {
    const idx = Uint32Array.from([0, 1, 2, 3]);
    const parent = new Float64Array(15);
    const left = new Float64Array(15);
    const right = new Float64Array(15);
    buildHistogram(parent, bins, 2, offsets, all, idx, 0, 4, g, h);
    buildHistogram(left, bins, 2, offsets, all, idx, 0, 1, g, h);
    buildHistogram(right, bins, 2, offsets, all, idx, 1, 4, g, h);
    subtractHistogram(parent, left, offsets, all);
    for (let b = 0; b < 15; b++) expect(parent[b]).toBeCloseTo(right[b], 12);
  });
});
