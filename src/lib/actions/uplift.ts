// Campaign outcome: retention in treatment vs control and the uplift (treatment minus control) with
// a 95% confidence interval by Newcombe's hybrid score method (method 10 of Newcombe 1998), built
// from the two Wilson score intervals. It keeps sensible coverage for small groups and rates near
// 0 or 1, where the Wald interval (p1 - p2 +- z sqrt(p1 q1 / n1 + p2 q2 / n2)) fails.

const Z95 = 1.959963984540054;

/** Wilson score interval for x successes of n. */
export function wilson(x: number, n: number, z = Z95): { lower: number; upper: number } {
  if (n <= 0) return { lower: NaN, upper: NaN };
  const p = x / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

export interface Uplift {
  treatment: { customers: number; retained: number; rate: number };
  control: { customers: number; retained: number; rate: number };
  /** Treatment rate minus control rate. */
  uplift: number;
  lower: number;
  upper: number;
  method: string;
}

export function upliftInterval(retainedT: number, nT: number, retainedC: number, nC: number, z = Z95): Uplift {
  const p1 = nT > 0 ? retainedT / nT : NaN;
  const p2 = nC > 0 ? retainedC / nC : NaN;
  const a = wilson(retainedT, nT, z);
  const b = wilson(retainedC, nC, z);
  const d = p1 - p2;
  return {
    treatment: { customers: nT, retained: retainedT, rate: p1 },
    control: { customers: nC, retained: retainedC, rate: p2 },
    uplift: d,
    lower: d - Math.sqrt((p1 - a.lower) ** 2 + (b.upper - p2) ** 2),
    upper: d + Math.sqrt((a.upper - p1) ** 2 + (p2 - b.lower) ** 2),
    method: "Newcombe's hybrid score interval (from Wilson intervals), 95%",
  };
}

const YES = new Set(['1', 'yes', 'y', 'true', 't', 'retained', 'stayed', 'active']);
const NO = new Set(['0', 'no', 'n', 'false', 'f', 'churned', 'lost', 'left', 'inactive']);

/** 1 retained, 0 not, -1 unreadable. */
export function outcomeValue(text: string): number {
  const t = text.trim().toLowerCase();
  return YES.has(t) ? 1 : NO.has(t) ? 0 : -1;
}
