import { describe, expect, it } from 'vitest';
import { findBins } from './binning';
import { buildHistogram, countBins, groupsOf, histLayout, subtractHistogram } from './histogram';
import { packBins } from './packed';
import { createRowStore, loadRows } from './partition';

// 4 rows x 2 features; feature 0 has values 1, 2 and a missing one, feature 1 one value and a missing one
const X = Float32Array.from([1, 5, 2, NaN, NaN, 5, 2, 5]);
const binning = findBins(X, 4, 2, 255);
const bins = packBins(X, 4, 2, binning);
const layout = histLayout(binning, bins);
const gh = Float64Array.from([1, 0.1, 2, 0.2, 3, 0.3, 4, 0.4]);
const all = Int32Array.from([0, 1]);

function store(idx: number[] | null) {
  const s = createRowStore(bins);
  loadRows(s, bins, idx ? Uint32Array.from(idx) : null, idx ? idx.length : 4, gh);
  return s;
}

describe('buildHistogram', () => {
  it('sums gradient and hessian per bin of the given rows', () => {
    expect(Array.from(binning.offsets)).toEqual([0, 3, 5]);
    const s = store(null);
    const hist = new Float64Array(layout.size).fill(99);
    buildHistogram(hist, bins, layout, groupsOf(all, bins.perWord), s.rec, s.stride, s.grad, 0, 4);
    // feature 0: bin0 row0; bin1 rows 1,3; missing bin row 2
    expect(Array.from(hist.slice(0, 6))).toEqual([1, 0.1, 6, 0.6000000000000001, 3, 0.3]);
    // feature 1: bin0 rows 0,2,3; missing row 1
    expect(Array.from(hist.slice(6, 10))).toEqual([8, 0.8, 2, 0.2]);
  });
  it('uses only records [start, end)', () => {
    const s = store([3, 2, 1, 0]);
    const hist = new Float64Array(layout.size);
    buildHistogram(hist, bins, layout, groupsOf(all, bins.perWord), s.rec, s.stride, s.grad, 1, 3); // rows 2, 1
    expect(hist[0]).toBe(0); // row 0 not counted
    expect(hist[2]).toBe(2); // row 1 in bin 1 of feature 0
    expect(hist[4]).toBe(3); // row 2 missing
    expect(hist[6]).toBe(3); // row 2 in feature 1's value bin
    expect(hist[8]).toBe(2); // row 1 missing in feature 1
  });
  it('handles 16-bit bins (more than 255 value bins)', () => {
    const Xw = Float32Array.from({ length: 600 }, (_, i) => i);
    const b = findBins(Xw, 600, 1, 1000);
    const p = packBins(Xw, 600, 1, b);
    expect(p.bits).toBe(16);
    const l = histLayout(b, p);
    const g = Float64Array.from({ length: 1200 }, (_, k) => (k % 2 ? 1 : k / 2));
    const s = createRowStore(p);
    loadRows(s, p, null, 600, g);
    const hist = new Float64Array(l.size);
    buildHistogram(hist, p, l, Int32Array.from([0]), s.rec, s.stride, s.grad, 0, 600);
    for (let bin = 0; bin < 600; bin++) expect([hist[bin * 2], hist[bin * 2 + 1]]).toEqual([bin, 1]);
  });
});

describe('subtractHistogram', () => {
  it('turns the parent into the sibling', () => {
    const s = store(null);
    const groups = groupsOf(all, bins.perWord);
    const parent = new Float64Array(layout.size);
    const left = new Float64Array(layout.size);
    const right = new Float64Array(layout.size);
    buildHistogram(parent, bins, layout, groups, s.rec, s.stride, s.grad, 0, 4);
    buildHistogram(left, bins, layout, groups, s.rec, s.stride, s.grad, 0, 1);
    buildHistogram(right, bins, layout, groups, s.rec, s.stride, s.grad, 1, 4);
    subtractHistogram(parent, left, binning.offsets, all);
    for (let b = 0; b < 10; b++) expect(parent[b]).toBeCloseTo(right[b], 12);
  });
});

describe('countBins', () => {
  it('counts the rows per bin of the listed features only, over records [start, end)', () => {
    const s = store([3, 2, 1, 0]);
    const counts = new Float64Array(binning.offsets[2]).fill(7);
    countBins(counts, bins, binning.offsets, Int32Array.from([0]), s.rec, s.stride, 0, 3); // rows 3, 2, 1
    expect(Array.from(counts)).toEqual([0, 2, 1, 7, 7]);
    countBins(counts, bins, binning.offsets, all, s.rec, s.stride, 0, 4);
    expect(Array.from(counts)).toEqual([1, 2, 1, 3, 1]);
  });
  it('reads 16-bit bins', () => {
    const Xw = Float32Array.from({ length: 600 }, (_, i) => (i < 599 ? i : NaN));
    const b = findBins(Xw, 600, 1, 1000);
    const p = packBins(Xw, 600, 1, b);
    const s = createRowStore(p);
    loadRows(s, p, null, 600, new Float64Array(1200));
    const counts = new Float64Array(b.offsets[1]);
    countBins(counts, p, b.offsets, Int32Array.from([0]), s.rec, s.stride, 0, 600);
    expect(counts.every((c) => c === 1)).toBe(true);
  });
});

describe('groupsOf', () => {
  it('lists the words holding the features', () => {
    expect(Array.from(groupsOf(Int32Array.from([0, 2, 5, 13]), 4))).toEqual([0, 1, 3]);
  });
});
