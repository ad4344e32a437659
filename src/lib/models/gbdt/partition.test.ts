import { describe, expect, it } from 'vitest';
import { buildHistogram } from './histogram';
import { partitionRows } from './partition';

// 6 rows x 2 features; feature 0 has 3 value bins + missing bin 3, feature 1 has 1 value bin + missing bin 1
const bins = Uint8Array.from([0, 0, 2, 0, 3, 1, 1, 0, 0, 1, 2, 0]);
const offsets = Int32Array.from([0, 4, 6]);
const feats = Int32Array.from([0, 1]);
const g = Float64Array.from([1, 2, 3, 4, 5, 6]);
const h = Float64Array.from([1, 1, 1, 1, 1, 1]);

describe('partitionRows', () => {
  it('keeps row order on both sides and routes missing values as told', () => {
    const idx = Uint32Array.from([0, 1, 2, 3, 4, 5]);
    const mid = partitionRows(idx, new Uint32Array(6), 0, 6, bins, 2, { feature: 0, bin: 1, missingBin: 3, missingLeft: true }, null, true, offsets, feats, g, h);
    // bins of feature 0: [0, 2, 3(missing), 1, 0, 2] -> left: rows 0, 2, 3, 4
    expect(mid).toBe(4);
    expect(Array.from(idx)).toEqual([0, 2, 3, 4, 1, 5]);
  });
  it('builds the chosen child histogram on the way, equal to a separate build', () => {
    const idx = Uint32Array.from([5, 4, 3, 2, 1, 0]);
    const hist = new Float64Array(18).fill(9);
    const mid = partitionRows(idx, new Uint32Array(6), 1, 6, bins, 2, { feature: 0, bin: 1, missingBin: 3, missingLeft: false }, hist, false, offsets, feats, g, h);
    expect(Array.from(idx.slice(1, mid))).toEqual([4, 3, 0]);
    expect(Array.from(idx.slice(mid))).toEqual([2, 1]);
    expect(idx[0]).toBe(5);
    const expected = new Float64Array(18);
    buildHistogram(expected, bins, 2, offsets, feats, idx, mid, 6, g, h);
    expect(hist).toEqual(expected);
  });
});
