// Platt scaling (Platt 1999, with the Newton method and safeguards of Lin, Lin & Weng 2007): a sigmoid
// P(churn | f) = 1 / (1 + exp(-(a f + b))) fitted by maximum likelihood on decision values f that the model
// did not train on. The 0/1 targets are smoothed to (N+ + 1) / (N+ + 2) and 1 / (N- + 2), as Platt and
// sklearn's CalibratedClassifierCV(method='sigmoid') do, so a separable fold does not drive a to infinity.

export interface PlattSigmoid {
  /** Log-odds = a * decision + b. */
  a: number;
  b: number;
}

export function fitPlatt(f: ArrayLike<number>, y: ArrayLike<number>, maxIterations = 100, tolerance = 1e-5): PlattSigmoid {
  const n = f.length;
  if (y.length !== n) throw new Error(`fitPlatt: ${n} decision values but ${y.length} labels`);
  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i] > 0.5 ? 1 : 0;
  const neg = n - pos;
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (neg + 2);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = y[i] > 0.5 ? hi : lo;
  // Cross-entropy at (a, b), computed without overflow for large |z|.
  const loss = (a: number, b: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const z = a * f[i] + b;
      s += z >= 0 ? (1 - t[i]) * z + Math.log1p(Math.exp(-z)) : -t[i] * z + Math.log1p(Math.exp(z));
    }
    return s;
  };
  let a = 0;
  let b = Math.log((pos + 1) / (neg + 1));
  let cur = loss(a, b);
  const sigma = 1e-12;
  for (let it = 0; it < maxIterations; it++) {
    let h11 = sigma;
    let h22 = sigma;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < n; i++) {
      const z = a * f[i] + b;
      const p = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
      const d2 = p * (1 - p);
      h11 += f[i] * f[i] * d2;
      h22 += d2;
      h21 += f[i] * d2;
      const d1 = p - t[i];
      g1 += f[i] * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < tolerance && Math.abs(g2) < tolerance) break;
    const det = h11 * h22 - h21 * h21;
    const da = -(h22 * g1 - h21 * g2) / det;
    const db = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * da + g2 * db;
    let step = 1;
    let moved = false;
    while (step >= 1e-10) {
      const na = a + step * da;
      const nb = b + step * db;
      const next = loss(na, nb);
      if (next < cur + 1e-4 * step * gd) {
        a = na;
        b = nb;
        cur = next;
        moved = true;
        break;
      }
      step /= 2;
    }
    if (!moved) break;
  }
  return { a, b };
}
