import { describe, expect, it } from 'vitest';
import { createRng } from '../../random';
import { classWeights, logLossGradients, meanLogLoss, roundGradients } from './loss';

function reference(F: Float64Array, y: Float32Array, w: Float64Array) {
  let loss = 0;
  let wSum = 0;
  const gh = new Float64Array(2 * F.length);
  for (let i = 0; i < F.length; i++) {
    const p = 1 / (1 + Math.exp(-F[i]));
    gh[2 * i] = (p - y[i]) * w[i];
    gh[2 * i + 1] = Math.max(p * (1 - p), 1e-16) * w[i];
    loss += -w[i] * (y[i] === 1 ? Math.log(p) : Math.log(1 - p));
    wSum += w[i];
  }
  return { gh, loss: loss / wSum };
}

describe('log-loss', () => {
  const rng = createRng(5);
  const n = 3000; // several 512-row chunks of the product
  const F = Float64Array.from({ length: n }, () => (rng() - 0.5) * 12);
  const y = Float32Array.from({ length: n }, () => (rng() < 0.3 ? 1 : 0));
  const cases: [string, Float64Array][] = [
    ['unweighted', new Float64Array(n).fill(1)],
    ['class weights', Float64Array.from(y, (v) => (v === 1 ? 2.5 : 0.7))],
    ['row weights', Float64Array.from({ length: n }, () => rng() * 2)],
  ];
  for (const [name, w] of cases) {
    it(`matches the per-row formula (${name})`, () => {
      const cw = classWeights(y, w);
      expect(cw === null).toBe(name === 'row weights');
      const ref = reference(F, y, w);
      const gh = new Float64Array(2 * n);
      const loss = logLossGradients(F, y, w, cw, gh);
      expect(loss).toBeCloseTo(ref.loss, 12);
      expect(meanLogLoss(F, y, w, cw)).toBeCloseTo(ref.loss, 12);
      for (let i = 0; i < 2 * n; i++) expect(gh[i]).toBeCloseTo(ref.gh[i], 14);
      // the same from exp(-F), as the boosting loop keeps it
      const fromExp = new Float64Array(2 * n);
      expect(logLossGradients(F, y, w, cw, fromExp, F.map((f) => Math.exp(-f)))).toBeCloseTo(ref.loss, 12);
      let worst = 0;
      for (let i = 0; i < 2 * n; i++) worst = Math.max(worst, Math.abs(fromExp[i] - ref.gh[i]));
      expect(worst).toBeLessThan(5e-15);
    });
  }
  it('handles a class without rows and extreme margins', () => {
    const F1 = Float64Array.from([40, -40, 0]);
    const y1 = Float32Array.from([1, 1, 1]);
    const w1 = new Float64Array(3).fill(1);
    const cw = classWeights(y1, w1)!;
    expect(Array.from(cw)).toEqual([0, 1]);
    expect(meanLogLoss(F1, y1, w1, cw)).toBeCloseTo((40 + Math.log(2)) / 3, 12);
    // exp(-F) overflowing or underflowing (|F| > 710) still gives p = 0 or 1 and a finite loss
    const F2 = Float64Array.from([800, -800, 0]);
    const gh = new Float64Array(6);
    const loss = logLossGradients(F2, y1, w1, cw, gh, F2.map((f) => Math.exp(-f)));
    expect(loss).toBeCloseTo((800 + Math.log(2)) / 3, 9);
    expect(Array.from(gh)).toEqual([0, 1e-16, -1, 1e-16, -0.5, 0.25]);
    // margins whose max(±F, 0) the branch-free sum cannot take (over 2^1023, or -Infinity): the same loss as Math.max gives
    const F3 = Float64Array.from([1e308, -Infinity, 0.5]);
    const y3 = Float32Array.from([0, 0, 1]);
    const cw3 = classWeights(y3, w1);
    const loss3 = logLossGradients(F3, y3, w1, cw3, new Float64Array(6), F3.map((f) => Math.exp(-f)));
    expect(loss3).toBe(meanLogLoss(F3, y3, w1, cw3));
    expect(loss3).toBeCloseTo(1e308 / 3, -300);
  });
});

describe('roundGradients', () => {
  // gradients of mixed sizes and signs (weighted rows, rows near 0 and 1), hessians down to the 1e-16 floor
  const rng = createRng(5);
  const n = 20_000;
  const raw = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const w = rng() < 0.1 ? 40 * rng() : 1;
    const scale = 10 ** (-12 * rng());
    raw[2 * i] = (rng() - 0.5) * scale * w;
    raw[2 * i + 1] = Math.max(0.25 * rng() * scale, 1e-16) * w;
  }
  const sumOf = (gh: Float64Array, col: number, order: number[]) => order.reduce((s, i) => s + gh[2 * i + col], 0);

  it('makes every sum exact: any order, any split of the rows, and a parent minus a child give the same doubles', () => {
    const gh = raw.slice();
    const totals = roundGradients(gh, n);
    const forward = Array.from({ length: n }, (_, i) => i);
    const backward = [...forward].reverse();
    const shuffled = [...forward].sort(() => rng() - 0.5);
    for (const col of [0, 1]) {
      const want = sumOf(gh, col, forward);
      expect(sumOf(gh, col, backward)).toBe(want);
      expect(sumOf(gh, col, shuffled)).toBe(want);
      // two row shards summed apart, then added (what helper threads do)
      const cut = 7_777;
      expect(sumOf(gh, col, shuffled.slice(0, cut)) + sumOf(gh, col, shuffled.slice(cut))).toBe(want);
      // a larger child as the parent's minus the smaller one's
      const small = shuffled.slice(0, 3_000);
      expect(want - sumOf(gh, col, small)).toBe(sumOf(gh, col, shuffled.slice(3_000)));
      expect(col ? totals.H : totals.G).toBe(want);
    }
    // without rounding the orders disagree (else the test above proves nothing)
    expect(sumOf(raw, 0, backward)).not.toBe(sumOf(raw, 0, forward));
  });

  it('moves each value by at most half a unit of 2^-52 of its column\'s absolute sum, and keeps every hessian > 0', () => {
    const gh = raw.slice();
    const { hMin } = roundGradients(gh, n);
    let sg = 0;
    let sh = 0;
    for (let i = 0; i < n; i++) {
      sg += Math.abs(raw[2 * i]);
      sh += raw[2 * i + 1];
    }
    for (let i = 0; i < n; i++) {
      expect(Math.abs(gh[2 * i] - raw[2 * i])).toBeLessThanOrEqual(sg * 2 ** -51);
      expect(Math.abs(gh[2 * i + 1] - raw[2 * i + 1])).toBeLessThanOrEqual(sh * 2 ** -51);
      expect(gh[2 * i + 1]).toBeGreaterThan(0);
    }
    expect(hMin).toBeGreaterThan(0);
    // the tiny hessians were raised, not zeroed
    expect(raw.some((v, i) => i % 2 === 1 && v < sh * 2 ** -54)).toBe(true);
  });

  it('takes the absolute sums from logLossGradients (with and without exp(-F)), rounding as it would alone', () => {
    const F = Float64Array.from({ length: 500 }, () => 6 * rng() - 3);
    const y = Float32Array.from(F, () => (rng() < 0.4 ? 1 : 0));
    const w = Float64Array.from(F, () => 0.5 + rng());
    for (const E of [undefined, F.map((f) => Math.exp(-f))]) {
      const gh = new Float64Array(1000);
      const sums = new Float64Array(2);
      logLossGradients(F, y, w, null, gh, E, sums);
      let sg = 0;
      let sh = 0;
      for (let i = 0; i < 500; i++) {
        sg += Math.abs(gh[2 * i]);
        sh += gh[2 * i + 1];
      }
      expect(Array.from(sums)).toEqual([sg, sh]);
      const alone = gh.slice();
      expect(roundGradients(gh, 500, sums)).toEqual(roundGradients(alone, 500));
      expect(gh).toEqual(alone);
    }
  });

    it('leaves all-zero gradients alone and reports a NaN hessian', () => {
    const gh = Float64Array.from([0, 0.25, 0, 0.25, 0, NaN, 0, 0.1]);
    const t = roundGradients(gh, 4);
    expect(Array.from(gh.filter((_, i) => i % 2 === 0))).toEqual([0, 0, 0, 0]);
    expect(t.hMin).toBeNaN();
  });
});
