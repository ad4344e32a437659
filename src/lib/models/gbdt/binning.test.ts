import { describe, expect, it } from 'vitest';
import { binIndex, binOf, binOfIndexed, findBins, greedyCuts, sortFloat32 } from './binning';
import { createRng } from '../../random';
import { binAt, packBins } from './packed';

describe('greedyCuts', () => {
  it('gives every distinct value its own bin when they fit', () => {
    expect(Array.from(greedyCuts(Float64Array.from([1, 1, 2, 4, 4]), 10))).toEqual([1.5, 3]);
  });
  it('makes roughly equal-count bins when values outnumber bins', () => {
    const v = Float64Array.from({ length: 1000 }, (_, i) => i);
    const cuts = greedyCuts(v, 10);
    expect(cuts.length).toBe(9);
    const sizes = new Array<number>(10).fill(0);
    for (const x of v) sizes[binOf(cuts, x)]++;
    for (const s of sizes) expect(Math.abs(s - 100)).toBeLessThanOrEqual(2);
  });
  it('keeps a frequent value in a bin of its own', () => {
    // 500 zeros then 500 distinct values: zero must not share a bin with its neighbours
    const v = Float64Array.from({ length: 1000 }, (_, i) => (i < 500 ? 0 : i));
    const cuts = greedyCuts(v, 8);
    expect(cuts.length).toBeLessThanOrEqual(7);
    expect(binOf(cuts, 0)).not.toBe(binOf(cuts, 500));
    expect(cuts[0]).toBeGreaterThan(0);
    expect(cuts[0]).toBeLessThan(500);
  });
  it('cuts before a frequent value once the bin so far holds half a bin of rows (LightGBM rule, worked by hand)', () => {
    // 12 rows, 3 bins: 5 holds 6 >= 12 / 3 rows (big); the other 6 rows share 2 bins (mean 3): after 1 and 2
    // (2 >= 3 / 2 rows) the next value is big, so cut at 3.5; 5 is big, cut at 5.5; no third cut
    const v = Float64Array.from([1, 2, 5, 5, 5, 5, 5, 5, 6, 7, 8, 9]);
    expect(Array.from(greedyCuts(v, 3))).toEqual([3.5, 5.5]);
    expect(Array.from(greedyCuts(v, 7))).toEqual([1.5, 3.5, 5.5, 6.5, 7.5, 8.5]);
  });
  it('returns no cut for a constant or empty feature', () => {
    expect(greedyCuts(Float64Array.from([3, 3, 3]), 255).length).toBe(0);
    expect(greedyCuts(new Float64Array(0), 255).length).toBe(0);
  });
});

describe('binOf and packBins', () => {
  it('bins v <= cut to the left and NaN to the missing bin', () => {
    const cuts = Float64Array.from([1.5, 3]);
    expect([0, 1.5, 1.6, 3, 9, Infinity, -Infinity].map((v) => binOf(cuts, v))).toEqual([0, 0, 1, 1, 2, 2, 0]);
    expect(binOf(cuts, NaN)).toBe(3);
  });
  it('bins a row-major matrix with per-feature offsets for the histogram', () => {
    const X = Float32Array.from([1, 10, 2, NaN, 3, 30, 4, 40]); // 4 rows x 2 features
    const b = findBins(X, 4, 2, 255);
    expect(Array.from(b.valueBins)).toEqual([4, 3]);
    expect(Array.from(b.offsets)).toEqual([0, 5, 9]);
    const m = packBins(X, 4, 2, b);
    expect(m.bits).toBe(8);
    expect(m.groups).toBe(1);
    const cells = Array.from({ length: 8 }, (_, j) => binAt(m, j >> 1, j & 1));
    expect(cells).toEqual([0, 0, 1, 3, 2, 1, 3, 2]);
    // row-major words, feature 0 in the low byte
    expect(m.words[1]).toBe(1 | (3 << 8));
  });
  it('switches to 16-bit bins above 255 value bins', () => {
    const X = Float32Array.from({ length: 1000 }, (_, i) => i);
    const b = findBins(X, 1000, 1, 1000);
    expect(b.valueBins[0]).toBe(1000);
    const m = packBins(X, 1000, 1, b);
    expect(m.bits).toBe(16);
    expect(binAt(m, 999, 0)).toBe(999);
  });
});

describe('sortFloat32', () => {
  it('sorts negatives, zeros, fractions and infinities like a numeric sort', () => {
    const v = [3.5, -2, 0, -0, 1e-30, -1e30, Infinity, -Infinity, 0.25, -0.25, 7];
    const a = Float32Array.from(v);
    expect(Array.from(sortFloat32(a))).toEqual(Array.from(Float32Array.from(v).sort()));
    expect(a[0]).toBe(-Infinity);
    expect(a[a.length - 1]).toBe(Infinity);
  });
  it('sorts a subarray in place without touching the rest', () => {
    const a = Float32Array.from([9, 3, 1, 2, -9]);
    sortFloat32(a.subarray(1, 4));
    expect(Array.from(a)).toEqual([9, 1, 2, 3, -9]);
  });
});

describe('binOfIndexed', () => {
  it('gives binOf\'s bin for every value, on skewed cuts, ties and infinities too', () => {
    const rng = createRng(4);
    const cutSets = [
      Float64Array.from({ length: 254 }, (_, i) => Math.exp(i / 10) - 1), // crowded at the low end
      Float64Array.from([1.5, 3]),
      Float64Array.from([2]),
      new Float64Array(0),
      Float64Array.from([-Infinity, 0, 1]),
      Float64Array.from([0, 1, Infinity]),
    ];
    for (const cuts of cutSets) {
      const values = [...cuts, ...Array.from(cuts, (c) => c + 1e-9), -Infinity, Infinity, NaN, -0, 0];
      for (let k = 0; k < 2000; k++) values.push((rng() - 0.3) * 2 * (cuts.length ? Math.min(1e12, Math.abs(cuts[cuts.length - 1]) + 1) : 1));
      // the default table, and packBins' finer one
      for (const perCut of [4, 16]) {
        const ix = binIndex(cuts, perCut);
        for (const v of values) expect(binOfIndexed(cuts, ix, v)).toBe(binOf(cuts, v));
      }
    }
  });
});

describe('sortFloat32 on long arrays (radix sort)', () => {
  it('matches a numeric sort', () => {
    const rng = createRng(5);
    const v = Float32Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? 0 : i % 11 === 0 ? -0 : (rng() - 0.5) * 10 ** Math.floor(rng() * 20 - 10)));
    const expected = Float32Array.from(v).sort();
    expect(Array.from(sortFloat32(v))).toEqual(Array.from(expected));
  });
});
