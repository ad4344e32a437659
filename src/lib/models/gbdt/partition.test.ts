import { describe, expect, it } from 'vitest';
import { findBins } from './binning';
import { packBins } from './packed';
import { createRowStore, loadRows, partitionRows, rowOf } from './partition';

// 6 rows x 5 features (two words); feature 0 takes values 0, 1, 2 or missing, feature 4 mirrors it
const f0 = [0, 2, NaN, 1, 0, 2];
const X = Float32Array.from(f0.flatMap((v, i) => [v, i, 0, 1, v]));
const binning = findBins(X, 6, 5, 255);
const bins = packBins(X, 6, 5, binning);
const gh = Float64Array.from({ length: 12 }, (_, i) => i);

function loaded(idx: number[] | null) {
  const s = createRowStore(bins);
  loadRows(s, bins, idx ? Uint32Array.from(idx) : null, idx ? idx.length : 6, gh);
  return s;
}
const ids = (s: ReturnType<typeof loaded>, a: number, b: number, side: 0 | 1 = 1) => Array.from({ length: b - a }, (_, k) => rowOf(s, a + k, side));

describe('partitionRows', () => {
  it('keeps row order on both sides and routes missing values as told', () => {
    for (const feature of [0, 4]) {
      const s = loaded(null);
      // bins of feature 0: [0, 2, 3(missing), 1, 0, 2] -> left: rows 0, 2, 3, 4
      expect(partitionRows(s, 0, 0, 6, bins, { feature, bin: 1, missingBin: 3, missingLeft: true }, 4)).toBe(4);
      expect(ids(s, 0, 6)).toEqual([0, 2, 3, 4, 1, 5]);
      // gradients travel with their rows; the source side is left as it was
      expect(Array.from(s.gradTmp.slice(0, 12))).toEqual([0, 1, 4, 5, 6, 7, 8, 9, 2, 3, 10, 11]);
      expect(ids(s, 0, 6, 0)).toEqual([0, 1, 2, 3, 4, 5]);
      // and back: right 3 of [0, 2, 3, 4] is [2] (missing goes right now), then from side 1 to side 0
      expect(partitionRows(s, 1, 0, 4, bins, { feature, bin: 1, missingBin: 3, missingLeft: false }, 3)).toBe(3);
      expect(ids(s, 0, 4, 0)).toEqual([0, 3, 4, 2]);
    }
  });
  it('touches only records [start, end) and sends missing right when told', () => {
    const s = loaded([5, 4, 3, 2, 1, 0]);
    s.recTmp.fill(7);
    // rows 4, 3, 2, 1, 0 have bins 0, 1, missing, 2, 0 -> left: 4, 3, 0
    expect(partitionRows(s, 0, 1, 6, bins, { feature: 0, bin: 1, missingBin: 3, missingLeft: false }, 3)).toBe(3);
    expect(ids(s, 1, 6)).toEqual([4, 3, 0, 2, 1]);
    expect(s.recTmp.subarray(0, s.stride).every((w) => w === 7)).toBe(true);
    // records keep every word of their row
    for (let k = 1; k < 6; k++) {
      const i = rowOf(s, k, 1);
      for (let g = 0; g < bins.groups; g++) expect(s.recTmp[k * s.stride + g]).toBe(bins.words[i * bins.groups + g]);
    }
  });
});
