// The unique-path primitives of TreeSHAP Algorithm 2 (EXTEND, UNWIND and the unwound sum), on parallel arrays
// holding several path slices (offset o): shared by the plain algorithm and the per-leaf tables of tree-fast.ts.

/** The unique path of Algorithm 2 as parallel arrays (index 0 is the dummy root element). */
export class Path {
  feature: Int32Array;
  zero: Float64Array;
  one: Float64Array;
  w: Float64Array;
  constructor(n: number) {
    this.feature = new Int32Array(n);
    this.zero = new Float64Array(n);
    this.one = new Float64Array(n);
    this.w = new Float64Array(n);
  }
}

/** EXTEND: appends element `d` and updates the permutation weights. */
export function extend(p: Path, o: number, d: number, zero: number, one: number, feature: number): void {
  const w = p.w;
  p.feature[o + d] = feature;
  p.zero[o + d] = zero;
  p.one[o + d] = one;
  w[o + d] = d === 0 ? 1 : 0;
  for (let i = d - 1; i >= 0; i--) {
    w[o + i + 1] += (one * w[o + i] * (i + 1)) / (d + 1);
    w[o + i] = (zero * w[o + i] * (d - i)) / (d + 1);
  }
}

/** UNWIND: removes element k from a path of d + 1 elements. */
export function unwind(p: Path, o: number, d: number, k: number): void {
  const w = p.w;
  const one = p.one[o + k];
  const zero = p.zero[o + k];
  let next = w[o + d];
  for (let i = d - 1; i >= 0; i--) {
    if (one !== 0) {
      const t = w[o + i];
      w[o + i] = (next * (d + 1)) / ((i + 1) * one);
      next = t - (w[o + i] * zero * (d - i)) / (d + 1);
    } else {
      w[o + i] = (w[o + i] * (d + 1)) / (zero * (d - i));
    }
  }
  for (let i = k; i < d; i++) {
    p.feature[o + i] = p.feature[o + i + 1];
    p.zero[o + i] = p.zero[o + i + 1];
    p.one[o + i] = p.one[o + i + 1];
  }
}

/** Sum of the weights the path would have with element k unwound (without changing it). */
export function unwoundSum(p: Path, o: number, d: number, k: number): number {
  const w = p.w;
  const one = p.one[o + k];
  const zero = p.zero[o + k];
  let next = w[o + d];
  let total = 0;
  for (let i = d - 1; i >= 0; i--) {
    if (one !== 0) {
      const t = (next * (d + 1)) / ((i + 1) * one);
      total += t;
      next = w[o + i] - (t * zero * (d - i)) / (d + 1);
    } else if (zero !== 0) {
      total += (w[o + i] / zero) * ((d + 1) / (d - i));
    }
  }
  return total;
}
