import { describe, expect, it } from 'vitest';
import { AliasTable, Rng, createRng, logGamma, mulberry32, permutation, sampleIndices, seedOf, seededNormal, shuffleInPlace } from './random';

describe('mulberry32', () => {
  it('repeats for a seed, differs across seeds, and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
  });
});

describe('mulberry32 (k-means restarts and samples)', () => {
  it('is reproducible per seed and uniform-ish in [0, 1)', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, v) => s + v, 0) / xs.length).toBeCloseTo(0.5, 1);
    expect(mulberry32(8)()).not.toBe(mulberry32(7)());
  });
});

describe('sampleIndices', () => {
  it('draws distinct indices, all of them when asked for more', () => {
    const s = sampleIndices(100, 30, mulberry32(1));
    expect(new Set(s).size).toBe(30);
    expect(Math.max(...s)).toBeLessThan(100);
    expect(Array.from(sampleIndices(5, 10, mulberry32(1))).sort()).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('createRng, permutation, shuffleInPlace', () => {
  it('is reproducible from a seed and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(sa);
    expect(Array.from({ length: 5 }, c)).not.toEqual(sa);
    for (const v of sa) expect(v >= 0 && v < 1).toBe(true);
  });
  it('draws roughly uniform values', () => {
    const rng = createRng(1);
    let sum = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) sum += rng();
    expect(sum / n).toBeCloseTo(0.5, 1);
  });
  it('permutes every index exactly once', () => {
    const p = permutation(100, createRng(7));
    expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(p)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
  it('shuffles only the given range', () => {
    const a = [0, 1, 2, 3, 4, 5, 6, 7];
    shuffleInPlace(a, createRng(3), 2, 6);
    expect(a.slice(0, 2)).toEqual([0, 1]);
    expect(a.slice(6)).toEqual([6, 7]);
    expect(a.slice(2, 6).sort()).toEqual([2, 3, 4, 5]);
  });
});

function moments(draw: () => number, n = 40_000): { mean: number; variance: number } {
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sq / n - mean * mean };
}

describe('Rng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('can park and resume a stream through its one-number state', () => {
    const a = new Rng(3);
    a.next();
    const parked = a.state;
    const expected = a.next();
    const b = new Rng(0);
    b.state = parked;
    expect(b.next()).toBe(expected);
  });

  it('draws uniforms in [0, 1) with mean 1/2', () => {
    const rng = new Rng(1);
    let min = 1;
    let max = 0;
    const m = moments(() => {
      const u = rng.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
      return u;
    });
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(m.mean).toBeCloseTo(0.5, 2);
  });

  it('samples normal, gamma, beta, lognormal and poisson with the right moments', () => {
    const rng = new Rng(11);
    const normal = moments(() => rng.normal());
    expect(normal.mean).toBeCloseTo(0, 1);
    expect(normal.variance).toBeCloseTo(1, 1);

    for (const [shape, scale] of [
      [0.5, 2],
      [3, 1.5],
    ]) {
      const g = moments(() => rng.gamma(shape, scale));
      expect(g.mean / (shape * scale)).toBeCloseTo(1, 1);
      expect(g.variance / (shape * scale * scale)).toBeCloseTo(1, 0);
    }

    const beta = moments(() => rng.beta(2, 6));
    expect(beta.mean).toBeCloseTo(0.25, 2);

    const ln = moments(() => rng.lognormal(0, 0.5));
    expect(ln.mean).toBeCloseTo(Math.exp(0.125), 1);

    for (const mean of [0.7, 12, 250]) {
      const p = moments(() => rng.poisson(mean));
      expect(p.mean / mean).toBeCloseTo(1, 1);
      expect(p.variance / mean).toBeCloseTo(1, 0);
    }
    expect(rng.poisson(0)).toBe(0);
  });
});

describe('seedOf', () => {
  it('gives distinct seeds for neighbouring streams and for seeds beyond 32 bits', () => {
    const seeds = new Set<number>();
    for (let i = 0; i < 1000; i++) seeds.add(seedOf(42, 1, i));
    expect(seeds.size).toBe(1000);
    expect(seedOf(1)).not.toBe(seedOf(2 ** 32 + 1));
    expect(seedOf(42, 1, 2)).toBe(seedOf(42, 1, 2));
  });
});

describe('logGamma', () => {
  it('matches log factorials', () => {
    expect(logGamma(1)).toBeCloseTo(0, 10);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 10);
  });
});

describe('AliasTable', () => {
  it('samples in proportion to the weights', () => {
    const table = new AliasTable([1, 0, 3, 6]);
    const rng = new Rng(5);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 50_000; i++) counts[table.sample(rng)]++;
    expect(counts[1]).toBe(0);
    expect(counts[0] / 50_000).toBeCloseTo(0.1, 2);
    expect(counts[3] / 50_000).toBeCloseTo(0.6, 2);
  });

  it('rejects bad weights, naming them', () => {
    expect(() => new AliasTable([1, -2])).toThrow(/-2/);
    expect(() => new AliasTable([0, 0])).toThrow(/positive/);
  });
});

// The numbers every seeded model, split and the demo files were built from before the random modules
// were merged: any change here changes results.
describe('streams (pinned values)', () => {
  const take = (f: () => number, n = 3) => Array.from({ length: n }, f);
  it('mulberry32, createRng, seededNormal, sampleIndices and permutation draw the same numbers as before', () => {
    expect(take(mulberry32(42))).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
    expect(take(mulberry32(7))).toEqual([0.011704753153026104, 0.06195825757458806, 0.97690763277933]);
    expect(take(mulberry32(5))).toEqual([0.6897749109193683, 0.7727432732935995, 0.21976301027461886]);
    expect(take(createRng(42))).toEqual([0.4813160905614495, 0.9852536325342953, 0.7379171899519861]);
    expect(take(seededNormal(5))).toEqual([0.12273935033027801, -1.2449413209437818, -1.8577869161897862]);
    expect(Array.from(sampleIndices(20, 5, mulberry32(1)))).toEqual([12, 1, 11, 19, 3]);
    expect(Array.from(permutation(10, createRng(7)))).toEqual([4, 2, 6, 8, 7, 1, 0, 5, 3, 9]);
  });

  it('Rng, seedOf, AliasTable and logGamma give the same numbers as before', () => {
    expect([seedOf(42), seedOf(1, 2, 3, 4), seedOf(2 ** 32 + 1)]).toEqual([3081551043, 302520017, 876564142]);
    const r = new Rng(seedOf(42, 1, 2, 3));
    const at = new AliasTable([1, 2, 3, 4]);
    expect([r.next(), r.int(100), r.normal(), r.gamma(0.5), r.gamma(3, 2), r.beta(2, 3), r.poisson(4), r.poisson(50), r.exponential(2), r.lognormal(1, 0.5), at.sample(r), at.sample(r)]).toEqual([
      0.1906659547239542, 57, -0.06592385472386716, 0.16058135091753045, 5.891950528639109, 0.19134729547494025, 4, 52, 0.3746068671526893, 3.296709637899596, 3, 2,
    ]);
    expect([logGamma(0.3), logGamma(5), logGamma(100.5)]).toEqual([1.0957979948180756, 3.178053830347944, 361.4355404677775]);
  });

  it('new Rng(seed) is the mulberry32(seed) stream', () => {
    const a = mulberry32(123);
    const b = new Rng(123);
    for (let i = 0; i < 1000; i++) expect(b.next()).toBe(a());
  });
});
