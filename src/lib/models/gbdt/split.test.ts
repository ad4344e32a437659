import { describe, expect, it } from 'vitest';
import { findBestSplit, leafScore, type SplitParams } from './split';

const params: SplitParams = { l2: 0, minSamplesLeaf: 1, minChildHessian: 0, minGainToSplit: 0 };

/** One feature's histogram from [g, h, n] per bin (value bins then the missing bin). */
function hist1(bins: number[][]) {
  return {
    hist: Float64Array.from(bins.flatMap(([g, h]) => [g, h])),
    counts: Float64Array.from(bins.map((b) => b[2])),
    offsets: Int32Array.from([0, bins.length]),
    valueBins: Int32Array.from([bins.length - 1]),
    G: bins.reduce((s, b) => s + b[0], 0),
    H: bins.reduce((s, b) => s + b[1], 0),
    N: bins.reduce((s, b) => s + b[2], 0),
  };
}
const f0 = Int32Array.from([0]);

describe('findBestSplit', () => {
  it('cuts where the gradient changes sign', () => {
    const t = hist1([[-2, 1, 2], [-2, 1, 2], [2, 1, 2], [2, 1, 2], [0, 0, 0]]);
    const s = findBestSplit(t.hist, t.counts, f0, t.offsets, t.valueBins, t.G, t.H, t.N, params)!;
    expect(s.bin).toBe(1);
    // gain = 16/2 + 16/2 - 0
    expect(s.gain).toBe(16);
    expect(s).toMatchObject({ gLeft: -4, hLeft: 2, nLeft: 4, gRight: 4, nRight: 4 });
  });
  it('sends missing values to the side they resemble', () => {
    // missing rows have negative gradients like bin 0
    const t = hist1([[-2, 1, 2], [2, 1, 2], [-3, 1, 3]]);
    const s = findBestSplit(t.hist, t.counts, f0, t.offsets, t.valueBins, t.G, t.H, t.N, params)!;
    expect(s).toMatchObject({ bin: 0, missingLeft: true, nLeft: 5, gLeft: -5 });
  });
  it('can split present from missing alone', () => {
    const t = hist1([[1, 1, 2], [1, 1, 2], [-4, 1, 4]]);
    const s = findBestSplit(t.hist, t.counts, f0, t.offsets, t.valueBins, t.G, t.H, t.N, params)!;
    expect(s).toMatchObject({ bin: 1, missingLeft: false, nLeft: 4, nRight: 4 });
  });
  it('respects minimum leaf size, minimum hessian and l2', () => {
    // 7 rows; unconstrained best cut is after bin 0 (3 rows left, 1 hessian)
    const t = hist1([[-2, 1, 3], [2, 1, 2], [2, 2, 2], [0, 0, 0]]);
    const at = (q: Partial<SplitParams>) =>
      findBestSplit(t.hist, t.counts, f0, t.offsets, t.valueBins, t.G, t.H, t.N, { ...params, ...q });
    expect(at({})!.bin).toBe(0);
    expect(at({ minSamplesLeaf: 3 })!.bin).toBe(0);
    expect(at({ minSamplesLeaf: 4 })).toBeNull();
    expect(at({ minChildHessian: 1.5 })!.bin).toBe(1);
    expect(at({ l2: 1 })!.gain).toBeCloseTo(leafScore(-2, 1, 1) + leafScore(4, 3, 1) - leafScore(2, 4, 1), 12);
  });
  it('returns null when nothing gains', () => {
    const t = hist1([[1, 1, 2], [1, 1, 2], [0, 0, 0]]);
    expect(findBestSplit(t.hist, t.counts, f0, t.offsets, t.valueBins, t.G, t.H, t.N, params)).toBeNull();
  });
  it('picks the better of several features', () => {
    // feature 0 useless, feature 1 separates
    const hist = Float64Array.from([1, 1, 1, 1, 0, 0, -2, 1, 4, 1, 0, 0]);
    const counts = Float64Array.from([2, 2, 0, 2, 2, 0]);
    const s = findBestSplit(hist, counts, Int32Array.from([0, 1]), Int32Array.from([0, 3, 6]), Int32Array.from([2, 2]), 2, 2, 4, params)!;
    expect(s.feature).toBe(1);
  });
  it('screens without counts: same split when no child is too small, an upper bound of the gain otherwise', () => {
    const t = hist1([[-2, 1, 3], [2, 1, 2], [2, 2, 2], [0, 0, 0]]);
    const exact = findBestSplit(t.hist, t.counts, f0, t.offsets, t.valueBins, t.G, t.H, t.N, params)!;
    const screened = findBestSplit(t.hist, null, f0, t.offsets, t.valueBins, t.G, t.H, t.N, params)!;
    expect(screened).toMatchObject({ bin: exact.bin, gain: exact.gain, gLeft: exact.gLeft, hLeft: exact.hLeft });
    expect(screened.nLeft).toBeNaN();
    const strict = { ...params, minSamplesLeaf: 3 };
    const tight = findBestSplit(t.hist, t.counts, f0, t.offsets, t.valueBins, t.G, t.H, t.N, { ...params, minSamplesLeaf: 4 });
    expect(tight).toBeNull();
    expect(findBestSplit(t.hist, null, f0, t.offsets, t.valueBins, t.G, t.H, t.N, strict)!.gain).toBeGreaterThanOrEqual(exact.gain);
  });
});
