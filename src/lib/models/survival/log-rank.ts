// Log-rank test (Mantel-Cox) for k groups: at each distinct event time, observed minus expected events
// per group and their hypergeometric covariance; chi-square = U' V^-1 U over the first k - 1 groups,
// k - 1 degrees of freedom, p from the chi-square upper tail (regularised incomplete gamma).
import { chiSquareSurvival } from '../clv/special';
import { checkSurvivalData } from './kaplan-meier';

export interface LogRankResult {
  chiSquare: number;
  degreesOfFreedom: number;
  pValue: number;
  observed: number[];
  expected: number[];
}

/** Solves A x = b for a small symmetric positive (semi-)definite A by Gaussian elimination with pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    if (Math.abs(m[pivot][col]) < 1e-12) throw new Error('log-rank: singular covariance (a group has no subjects at risk at any event time)');
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = col + 1; r < n; r++) {
      const f = m[r][col] / m[col][col];
      for (let c = col; c <= n; c++) m[r][c] -= f * m[col][c];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let c = r + 1; c < n; c++) s -= m[r][c] * x[c];
    x[r] = s / m[r][r];
  }
  return x;
}

/** Groups are 0..k-1 (negative = left out). */
export function logRankTest(durations: ArrayLike<number>, events: ArrayLike<number>, groups: ArrayLike<number>, k: number): LogRankResult {
  checkSurvivalData(durations, events);
  if (groups.length !== durations.length) throw new Error(`groups must have one entry per subject, got ${groups.length} for ${durations.length}`);
  if (!(Number.isInteger(k) && k >= 2)) throw new Error(`log-rank needs at least 2 groups, got ${k}`);
  const idx: number[] = [];
  for (let i = 0; i < durations.length; i++) {
    const g = groups[i];
    if (g >= k) throw new Error(`group index ${g} is out of range for ${k} groups`);
    if (g >= 0) idx.push(i);
  }
  idx.sort((p, q) => durations[p] - durations[q]);
  const atRisk = new Array<number>(k).fill(0);
  for (const i of idx) atRisk[groups[i]]++;
  const observed = new Array<number>(k).fill(0);
  const expected = new Array<number>(k).fill(0);
  const v = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const dj = new Array<number>(k);
  const leaving = new Array<number>(k);
  for (let s = 0; s < idx.length; ) {
    const t = durations[idx[s]];
    dj.fill(0);
    leaving.fill(0);
    let d = 0;
    for (; s < idx.length && durations[idx[s]] === t; s++) {
      const g = groups[idx[s]];
      leaving[g]++;
      if (events[idx[s]] === 1) {
        dj[g]++;
        d++;
      }
    }
    const n = atRisk.reduce((a, b) => a + b, 0);
    if (d > 0) {
      for (let a = 0; a < k; a++) {
        observed[a] += dj[a];
        expected[a] += (atRisk[a] * d) / n;
        if (n > 1) {
          const f = (d * (n - d)) / (n - 1);
          for (let b = 0; b < k; b++) v[a][b] += (f * atRisk[a] * ((a === b ? 1 : 0) - atRisk[b] / n)) / n;
        }
      }
    }
    for (let a = 0; a < k; a++) atRisk[a] -= leaving[a];
  }
  const u = observed.slice(0, k - 1).map((o, a) => o - expected[a]);
  const reduced = v.slice(0, k - 1).map((row) => row.slice(0, k - 1));
  const x = solve(reduced, u);
  const chiSquare = u.reduce((acc, ua, a) => acc + ua * x[a], 0);
  return { chiSquare, degreesOfFreedom: k - 1, pValue: chiSquareSurvival(chiSquare, k - 1), observed, expected };
}
