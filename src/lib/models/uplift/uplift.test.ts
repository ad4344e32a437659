import { describe, expect, it } from 'vitest';
import { createRng } from '../../random';
import { categoryBalance, flagged, incompleteBeta, numericBalance, tTwoSided } from './balance';
import { bootstrapUplift, quantile } from './bootstrap';
import { rankByScore, thinCurve, trueMetrics, upliftCurves, upliftMetrics } from './metrics';

// Six rows, worked by hand with scikit-uplift's definitions (sklift.metrics qini_curve / uplift_curve:
// one point per distinct score, Qini = Yt - Yc * Nt / Nc, Uplift = (Yt / Nt - Yc / Nc) * k):
//   row score t y    sorted: 0 | {1, 2} tied | 3 | 4 | 5
//   0   0.9   1 1    k=1: Nt 1 Yt 1 Nc 0 Yc 0 -> Qini 1,   Uplift 1
//   1   0.8   0 0    k=3: Nt 2 Yt 2 Nc 1 Yc 0 -> Qini 2,   Uplift 3
//   2   0.8   1 1    k=4: Nt 2 Yt 2 Nc 2 Yc 1 -> Qini 1,   Uplift 2
//   3   0.5   0 1    k=5: Nt 3 Yt 2 Nc 2 Yc 1 -> Qini 0.5, Uplift 5/6
//   4   0.3   1 0    k=6: Nt 3 Yt 2 Nc 3 Yc 1 -> Qini 1,   Uplift 2
//   5   0.1   0 0
// Trapezoids: Qini area 6.5, random line 6 * 1 / 2 = 3 -> (6.5 - 3) / (n Nt = 18) = 0.194444;
// uplift area 0.5 + 4 + 2.5 + 17/12 + 17/12 = 9.8333 -> / n^2 = 0.273148.
const score = [0.9, 0.8, 0.8, 0.5, 0.3, 0.1];
const d = { treated: Uint8Array.from([1, 0, 1, 0, 1, 0]), outcome: Uint8Array.from([1, 0, 1, 1, 0, 0]) };

describe('uplift metrics', () => {
  it('match the hand-worked sklift curves and areas', () => {
    const order = rankByScore(score);
    const c = upliftCurves(order, score, d);
    expect(c.x).toEqual([0, 1 / 6, 3 / 6, 4 / 6, 5 / 6, 1]);
    expect(c.qini.map((q) => q * 3)).toEqual([0, 1, 2, 1, 0.5, 1]);
    c.uplift.forEach((u, i) => expect(u * 6).toBeCloseTo([0, 1, 3, 2, 5 / 6, 2][i], 12));
    const m = upliftMetrics(order, score, d, null, 0.5);
    expect(m.qini).toBeCloseTo(3.5 / 18, 12);
    expect(m.auuc).toBeCloseTo(9.8333333333 / 36, 9);
    // top ceil(6 * 0.5) = 3 rows {0, 1, 2}: treated 2 of 2 retained, control 0 of 1
    expect(m.upliftAt10).toBe(1);
    // top 4: treated 1, control (0 + 1) / 2
    expect(upliftMetrics(order, score, d, null, 4 / 6).upliftAt10).toBe(0.5);
  });

  it('weights count as repeated rows (the bootstrap relies on it)', () => {
    const w = [2, 0, 1, 3, 1, 2];
    const rep = (a: ArrayLike<number>) => w.flatMap((k, i) => Array(k).fill(a[i]) as number[]);
    const s2 = rep(score);
    const d2 = { treated: Uint8Array.from(rep(d.treated)), outcome: Uint8Array.from(rep(d.outcome)) };
    const a = upliftMetrics(rankByScore(score), score, d, w, 0.6);
    const b = upliftMetrics(rankByScore(s2), s2, d2, null, 0.6);
    expect(Number.isFinite(a.upliftAt10)).toBe(true);
    expect(a.qini).toBeCloseTo(b.qini, 12);
    expect(a.auuc).toBeCloseTo(b.auuc, 12);
    expect(a.upliftAt10).toBeCloseTo(b.upliftAt10, 12);
  });

  it('a perfect ranking of a known effect scores its true Qini; a reversed one goes below random', () => {
    const order = rankByScore(score);
    const tau = [0.4, 0.1, 0.1, 0, -0.1, -0.2];
    const t = trueMetrics(order, score, tau, 0.5);
    // curve (1/6) * cumulative tau at 1, 3, 4, 5, 6 rows: 0.4, 0.6, 0.6, 0.5, 0.3
    const q = [0, 0.4, 0.6, 0.6, 0.5, 0.3].map((v) => v / 6);
    const x = [0, 1, 3, 4, 5, 6].map((v) => v / 6);
    let area = 0;
    for (let i = 1; i < 6; i++) area += ((x[i] - x[i - 1]) * (q[i] + q[i - 1])) / 2;
    expect(t.qini).toBeCloseTo(area - q[5] / 2, 12);
    expect(t.upliftAt10).toBeCloseTo(0.6 / 3, 12);
    expect(upliftMetrics(rankByScore(score.map((s) => -s)), score.map((s) => -s), d).qini).toBeLessThan(0);
  });

  it('thins a long curve to about 100 points, keeping both ends', () => {
    const n = 5000;
    const s = Float64Array.from({ length: n }, (_, i) => n - i);
    const dd = { treated: Uint8Array.from({ length: n }, (_, i) => i % 2), outcome: Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0)) };
    const full = upliftCurves(rankByScore(s), s, dd);
    const thin = thinCurve(full, 100);
    expect(thin.x.length).toBeGreaterThan(95);
    expect(thin.x.length).toBeLessThanOrEqual(102);
    expect(thin.x.at(-1)).toBe(1);
    expect(thin.qini.at(-1)).toBe(full.qini.at(-1));
  });
});

describe('balance statistics', () => {
  it('match scipy: Welch t-test, SMD, chi-square of independence, incomplete beta', () => {
    // scipy 1.17: ttest_ind(a, b, equal_var=False) -> p 0.011618866969892372; SMD from sample variances
    const a = [3.1, 2.4, 5.6, 4.4, 3.9, 4.8, 5.1];
    const b = [2.2, 1.9, 3.5, 2.8, 3.0, 2.5];
    const r = numericBalance([...a, ...b, NaN], Uint8Array.from([...a.map(() => 1), ...b.map(() => 0), 1]));
    expect(r.treated).toBeCloseTo(4.185714285714285, 12);
    expect(r.control).toBeCloseTo(2.65, 12);
    expect(r.smd).toBeCloseTo(1.708585592329025, 10);
    expect(r.p).toBeCloseTo(0.011618866969892372, 9);
    // chi2_contingency([[30, 20, 10], [25, 35, 5]], correction=False) -> 6.021756, p 0.049248419124309724
    const codes: number[] = [];
    const arm: number[] = [];
    [[30, 20, 10], [25, 35, 5]].forEach((row, r2) => row.forEach((k, level) => {
      for (let j = 0; j < k; j++) {
        codes.push(level);
        arm.push(1 - r2);
      }
    }));
    const c = categoryBalance(codes, 3, Uint8Array.from(arm));
    expect(c.p).toBeCloseTo(0.049248419124309724, 9);
    expect(c.levels[0].treated).toBeCloseTo(0.5, 12);
    expect(c.levels[0].control).toBeCloseTo(25 / 65, 12);
    // a level only one arm has: infinite SMD (not 0), p ~ 0, flagged
    const arms = Uint8Array.from({ length: 200 }, (_, i) => i % 2);
    const split = categoryBalance(Array.from(arms, (t) => 1 - t), 2, arms);
    expect(split.levels.map((l) => l.smd)).toEqual([Infinity, -Infinity]);
    expect(split.p).toBeLessThan(1e-10);
    expect(flagged(split.levels[0].smd, split.p)).toBe(true);
    // stats.t.sf(2.5, 7) * 2 and stats.beta.cdf(0.3, 2.5, 1.5)
    expect(tTwoSided(2.5, 7)).toBeCloseTo(0.04099221858575289, 10);
    expect(incompleteBeta(0.3, 2.5, 1.5)).toBeCloseTo(0.08894372317066562, 10);
  });
});

describe('bootstrap intervals', () => {
  it('quantile interpolates like numpy', () => {
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    expect(quantile([5, NaN, 1], 0.5)).toBe(3);
  });

  // Coverage: 40 seeded campaigns of 1,000 rows with a known effect tau(x) = 0.3 x - 0.05 (base rate 0.4,
  // half treated), ranked by a fixed noisy score. Each run's 95% interval (150 stratified resamples) is
  // checked against what the metric estimates for that campaign: the true Qini of the ranking (the curve
  // (1/n) * sum of tau over the top k) and the true uplift at 10% (mean tau of the top 10%). With 95%
  // coverage, 34 or more of 40 happen with probability 0.986 (scipy binom); the intervals must also not
  // be far wider than the spread of the estimates around the truth (a too-wide interval covers always).
  it('covers the true Qini and true uplift at 10% at a rate consistent with 95%', () => {
    const repeats = 40;
    const n = 1000;
    let qCovered = 0, kCovered = 0;
    const qErr: number[] = [], qHalf: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const rng = createRng(1000 + r);
      const x = Float64Array.from({ length: n }, () => rng());
      const tau = x.map((v) => 0.3 * v - 0.05);
      const treated = Uint8Array.from({ length: n }, () => (rng() < 0.5 ? 1 : 0));
      const outcome = Uint8Array.from({ length: n }, (_, i) => (rng() < 0.4 + treated[i] * tau[i] ? 1 : 0));
      const s = x.map((v) => v + 0.3 * (rng() - 0.5));
      const truth = trueMetrics(rankByScore(s), s, tau);
      const b = bootstrapUplift([s], { treated, outcome }, 150, r).metrics[0];
      if (b.qini.lo <= truth.qini && truth.qini <= b.qini.hi) qCovered++;
      if (b.upliftAt10.lo <= truth.upliftAt10 && truth.upliftAt10 <= b.upliftAt10.hi) kCovered++;
      qErr.push(b.qini.value - truth.qini);
      qHalf.push((b.qini.hi - b.qini.lo) / 2);
    }
    expect(qCovered).toBeGreaterThanOrEqual(34);
    expect(kCovered).toBeGreaterThanOrEqual(34);
    const sd = Math.sqrt(qErr.reduce((s, e) => s + e * e, 0) / repeats);
    const meanHalf = qHalf.reduce((s, h) => s + h, 0) / repeats;
    expect(meanHalf / (1.96 * sd)).toBeGreaterThan(0.7);
    expect(meanHalf / (1.96 * sd)).toBeLessThan(1.5);
  });
});
