import { describe, expect, it } from 'vitest';
import { blendScorers } from './blend';
import type { Scorer } from './scorer';

function fixed(rows: number[][]): Scorer {
  return {
    name: 'ease',
    nItems: rows[0].length,
    score(users, out) {
      users.forEach((u, b) => out.set(rows[u], b * rows[0].length));
      return Promise.resolve();
    },
    dispose() {},
  };
}

describe('blendScorers', () => {
  it('mixes per-customer standardised scores by the weight', async () => {
    const a = fixed([[0, 1, 2], [5, 5, 5]]);
    const b = fixed([[200, 100, 0], [0, 10, 20]]);
    const out = new Float32Array(6);
    await blendScorers(a, b, 1).score(Int32Array.from([0, 1]), out);
    // Weight 1: only the first model's order (z-scores of 0, 1, 2); a constant row stays constant.
    expect(out[2]).toBeGreaterThan(out[1]);
    expect(out[1]).toBeGreaterThan(out[0]);
    expect(out[3]).toBeCloseTo(out[4], 6);
    await blendScorers(a, b, 0.5).score(Int32Array.from([0]), out);
    // Opposite orders of equal spread cancel out whatever their scales.
    expect(out[0]).toBeCloseTo(0, 5);
    expect(out[2]).toBeCloseTo(0, 5);
  });

  it('rejects a weight outside [0, 1] by value', () => {
    expect(() => blendScorers(fixed([[1]]), fixed([[1]]), 1.5)).toThrow(/1.5/);
  });
});
