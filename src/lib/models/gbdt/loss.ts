// Binary log-loss at margins F: gradients and hessians for boosting, and the weighted mean loss that
// is reported every round. The loss of row i is w_i * (log(1 + e_i) + max(±F_i, 0)) with
// e_i = exp(-|F_i|); a log per row cost as much as the rest of a round's bookkeeping, so when weights
// are constant within each class (always, unless rows carry their own weights) the logs are summed as
// the log of a running product: 1 + e_i is in (1, 2], so 512 factors stay far below overflow.

const CHUNK = 512;

/** [neg, pos] when every row's weight is its class's weight; null when rows carry their own weights. */
export function classWeights(y: Float32Array, w: Float64Array): Float64Array | null {
  const cw = Float64Array.from([NaN, NaN]);
  for (let i = 0; i < y.length; i++) {
    const c = y[i];
    if (cw[c] !== cw[c]) cw[c] = w[i];
    else if (cw[c] !== w[i]) return null;
  }
  // a class without rows never multiplies its product
  if (cw[0] !== cw[0]) cw[0] = 0;
  if (cw[1] !== cw[1]) cw[1] = 0;
  return cw;
}

/**
 * Writes gh[2i] = gradient, gh[2i + 1] = hessian of the weighted log-loss at F (hessians floored at
 * 1e-16 so no leaf divides by zero) and returns the weighted mean loss. `cw` from classWeights, or null.
 * `sums` gets the absolute sums of the gradients and of the hessians (for roundGradients).
 * With E = exp(-F) kept by the caller (the boosting loop multiplies it by exp(-leaf value) as it adds
 * trees: Math.exp per row and round was a tenth of a training), no exp is taken here.
 */
export function logLossGradients(
  F: Float64Array,
  y: Float32Array,
  w: Float64Array,
  cw: Float64Array | null,
  gh: Float64Array,
  E?: Float64Array,
  sums?: Float64Array,
): number {
  // without E, from exp(-F) taken here (the boosting loop keeps E: train.ts)
  return gradientsFromExp(F, y, w, cw, gh, E ?? F.map((f) => Math.exp(-f)), sums);
}

/**
 * logLossGradients from E = exp(-F), without branches on the label or the sign of F (each is a coin flip
 * per row): p = 1 / (1 + E) on both sides of 0, exp(-|F|) = min(E, 1 / E), and the label picks terms by
 * multiplying with 0 or 1 (exact).
 */
const pick = new Float64Array(2);

function gradientsFromExp(F: Float64Array, y: Float32Array, w: Float64Array, cw: Float64Array | null, gh: Float64Array, E: Float64Array, sums?: Float64Array): number {
  // max(v, 0) as (v + |v|) / 2: V8's Math.max branches, and on the sign of a margin it mispredicted half the time
  // (with Math.min below, this loop took 3x as long). Equal to Math.max for every finite |v| < 2^1023; otherwise (an infinite margin)
  // the sum is not finite and is taken again with Math.max.
  let sg = 0;
  let sh = 0;
  let wSum = 0;
  let linear = 0;
  let logs = 0;
  let prod0 = 1;
  let prod1 = 1;
  for (let i = 0; i < F.length; i++) {
    const f = F[i];
    const x = E[i];
    const r = 1 / x;
    // min(x, 1 / x) picked by index: Math.min branches too (same value for every x, NaN and infinities included)
    pick[0] = x;
    pick[1] = r;
    const e = pick[+(x > r)];
    const p = 1 / (1 + x);
    const yi = y[i];
    const wi = w[i];
    const g = (p - yi) * wi;
    const h = Math.max(p * (1 - p), 1e-16) * wi;
    gh[2 * i] = g;
    gh[2 * i + 1] = h;
    sg += Math.abs(g);
    sh += h;
    wSum += wi;
    const v = f * (1 - 2 * yi);
    linear += wi * ((v + Math.abs(v)) * 0.5);
    if (cw) {
      prod1 *= 1 + yi * e;
      prod0 *= 1 + (1 - yi) * e;
      if ((i & (CHUNK - 1)) === CHUNK - 1) {
        logs += cw[0] * Math.log(prod0) + cw[1] * Math.log(prod1);
        prod0 = 1;
        prod1 = 1;
      }
    } else logs += wi * Math.log1p(e);
  }
  if (!(Math.abs(linear) < Infinity)) {
    linear = 0;
    for (let i = 0; i < F.length; i++) linear += w[i] * Math.max(F[i] * (1 - 2 * y[i]), 0);
  }
  if (cw) logs += cw[0] * Math.log(prod0) + cw[1] * Math.log(prod1);
  if (sums) sums.set([sg, sh]);
  return wSum > 0 ? (logs + linear) / wSum : 0;
}

/** Weighted mean log-loss at margins F. */
export function meanLogLoss(F: Float64Array, y: Float32Array, w: Float64Array, cw: Float64Array | null): number {
  let wSum = 0;
  let linear = 0;
  let logs = 0;
  let prod0 = 1;
  let prod1 = 1;
  for (let i = 0; i < F.length; i++) {
    const f = F[i];
    const e = Math.exp(-Math.abs(f));
    const yi = y[i];
    const wi = w[i];
    wSum += wi;
    linear += wi * (yi === 1 ? Math.max(-f, 0) : Math.max(f, 0));
    if (!cw) logs += wi * Math.log1p(e);
    else if (yi === 1) prod1 *= 1 + e;
    else prod0 *= 1 + e;
    if ((i & (CHUNK - 1)) === CHUNK - 1 && cw) {
      logs += cw[0] * Math.log(prod0) + cw[1] * Math.log(prod1);
      prod0 = 1;
      prod1 = 1;
    }
  }
  if (cw) logs += cw[0] * Math.log(prod0) + cw[1] * Math.log(prod1);
  return wSum > 0 ? (logs + linear) / wSum : 0;
}

/**
 * Rounds the gradients and hessians gh[2i], gh[2i + 1] of rows [0, n) so that every sum of any of them, in any order,
 * is exact in doubles (XGBoost rounds its GPU histograms' gradients for the same reason): a histogram's bins then do
 * not depend on which thread added which rows or in what order, so row shards on helper threads (hist-wasm.ts) grow
 * the very trees one thread grows, and a larger child's histogram as its parent's minus its sibling's is exact.
 * Each column is rounded to a multiple of u = R 2^-53, R the power of two at least twice its absolute sum S: every
 * partial sum is then a multiple of u below 2^53 u in size (S plus n half-units), hence a double. The change per
 * value is at most u / 2 (about S 2^-52). A hessian that rounds to 0 is raised to u, so every hessian stays > 0.
 * `sums`: the columns' absolute sums where the caller has them (logLossGradients'), so one pass does.
 */
export function roundGradients(gh: Float64Array, n: number, sums?: Float64Array): GradientTotals {
  let sg = 0;
  let sh = 0;
  if (sums) {
    sg = sums[0];
    sh = sums[1];
  } else {
    for (let i = 0; i < n; i++) {
      sg += Math.abs(gh[2 * i]);
      sh += Math.abs(gh[2 * i + 1]);
    }
  }
  const rg = roundingBase(sg);
  const rh = roundingBase(sh);
  const unitH = rh * 2 ** -53;
  // two sums per column (exact, so their order is free): half the chain of dependent additions
  let G0 = 0;
  let G1 = 0;
  let H0 = 0;
  let H1 = 0;
  let lowH = Infinity;
  if (rh > 0) {
    // every hessian ends >= unitH (or NaN, which H then shows)
    for (let i = 0; i < n; i++) {
      const g = rg + gh[2 * i] - rg;
      const r = rh + gh[2 * i + 1] - rh;
      const h = r > 0 || r !== r ? r : unitH;
      gh[2 * i] = g;
      gh[2 * i + 1] = h;
      if (i & 1) {
        G1 += g;
        H1 += h;
      } else {
        G0 += g;
        H0 += h;
      }
    }
    lowH = unitH;
  } else {
    // nothing to round by (no finite positive sum): the values as they are
    for (let i = 0; i < n; i++) {
      const g = rg + gh[2 * i] - rg;
      const h = gh[2 * i + 1];
      gh[2 * i] = g;
      G0 += g;
      H0 += h;
      if (h < lowH || h !== h) lowH = h;
    }
  }
  const H = H0 + H1;
  return { G: G0 + G1, H, hMin: H === H ? lowH : NaN };
}

/** The sums of the gradients and hessians of every row, and a lower bound of the hessians (NaN if any is NaN). */
export interface GradientTotals {
  G: number;
  H: number;
  hMin: number;
}

/** The power of two R >= 2 s (with a margin for the rounding of s itself); 0 where s is 0 (nothing to round). */
function roundingBase(s: number): number {
  if (!(s > 0 && s < Infinity)) return 0;
  return 2 ** (Math.ceil(Math.log2(s * (1 + 2 ** -40))) + 1);
}
