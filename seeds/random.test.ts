import { describe, expect, it } from 'vitest';
import { AliasTable, Rng, logGamma, seedOf } from './random';

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
