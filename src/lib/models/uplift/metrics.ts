// Uplift evaluation: Qini and uplift curves, their areas and uplift at k, for scores ranked high to low.
// Definitions follow scikit-uplift (sklift.metrics qini_curve, uplift_curve, uplift_at_k 'first'):
//   rows sorted by score, one curve point per distinct score (ties enter together), after the k top rows
//   Qini(k)   = Yt(k) - Yc(k) * Nt(k) / Nc(k)              (0 for the control term while Nc(k) = 0)
//   Uplift(k) = (Yt(k) / Nt(k) - Yc(k) / Nc(k)) * k        (each ratio 0 while its count is 0)
// scaled here so that numbers compare across files: x = k / n, Qini / Nt (incremental outcomes per treated
// customer: tends to (1/n) * sum of the true uplift of the top k), Uplift / n. Then
//   qini = trapezoid area under the scaled Qini curve minus the random line's (scaled Qini(n) / 2),
//   auuc = trapezoid area under the scaled uplift curve (random targeting: ATE / 2),
// i.e. sklift's (auqc - baseline) / (n * Nt) and auuc / n^2. Rows may carry integer weights (bootstrap counts).

export interface UpliftData {
  /** 1 = treated, 0 = control. */
  treated: Uint8Array;
  /** 1 = the good outcome. */
  outcome: Uint8Array;
}

export interface UpliftMetrics {
  qini: number;
  auuc: number;
  upliftAt10: number;
}

/** Row indices by score, highest first (stable: ties keep row order, as sklift's mergesort). */
export function rankByScore(score: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: score.length }, (_, i) => i);
  // sklift sorts ascending with a stable sort and reverses, so ties come out in reverse row order.
  return order.sort((a, b) => score[b] - score[a] || b - a);
}

/** The three metrics of one ranking; `w` = per-row weights (default 1), `k` = share targeted for uplift at k. */
export function upliftMetrics(order: Int32Array, score: ArrayLike<number>, d: UpliftData, w: ArrayLike<number> | null = null, k = 0.1): UpliftMetrics {
  let n = 0;
  let nT = 0;
  for (let j = 0; j < order.length; j++) {
    const i = order[j];
    const wi = w ? w[i] : 1;
    n += wi;
    if (d.treated[i]) nT += wi;
  }
  const top = Math.ceil(n * k - 1e-9);
  let cnt = 0, ct = 0, yt = 0, yc = 0;
  let prevX = 0, prevQ = 0, prevU = 0, areaQ = 0, areaU = 0;
  let atK = NaN;
  let kT = 0, kYt = 0, kC = 0, kYc = 0;
  for (let j = 0; j < order.length; j++) {
    const i = order[j];
    const wi = w ? w[i] : 1;
    // uplift at k counts whole rows into the top until `top` is reached (a weighted row partly)
    if (cnt < top && wi > 0) {
      const take = Math.min(wi, top - cnt);
      if (d.treated[i]) {
        kT += take;
        kYt += take * d.outcome[i];
      } else {
        kC += take;
        kYc += take * d.outcome[i];
      }
    }
    cnt += wi;
    if (d.treated[i]) {
      ct += wi;
      yt += wi * d.outcome[i];
    } else yc += wi * d.outcome[i];
    if (j + 1 < order.length && score[order[j + 1]] === score[i]) continue;
    const cc = cnt - ct;
    const q = (yt - (cc > 0 ? (yc * ct) / cc : 0)) / nT;
    const u = ((ct > 0 ? yt / ct : 0) - (cc > 0 ? yc / cc : 0)) * (cnt / n);
    const x = cnt / n;
    areaQ += ((x - prevX) * (q + prevQ)) / 2;
    areaU += ((x - prevX) * (u + prevU)) / 2;
    prevX = x;
    prevQ = q;
    prevU = u;
  }
  atK = (kT > 0 ? kYt / kT : NaN) - (kC > 0 ? kYc / kC : NaN);
  return { qini: areaQ - prevQ / 2, auuc: areaU, upliftAt10: atK };
}

/** The scaled curves (x, qini, uplift), one point per distinct score, starting at (0, 0). */
export function upliftCurves(order: Int32Array, score: ArrayLike<number>, d: UpliftData): { x: number[]; qini: number[]; uplift: number[] } {
  const n = order.length;
  let nT = 0;
  for (let i = 0; i < n; i++) nT += d.treated[i];
  const x = [0];
  const qini = [0];
  const uplift = [0];
  let ct = 0, yt = 0, yc = 0;
  for (let j = 0; j < n; j++) {
    const i = order[j];
    if (d.treated[i]) {
      ct++;
      yt += d.outcome[i];
    } else yc += d.outcome[i];
    if (j + 1 < n && score[order[j + 1]] === score[i]) continue;
    const cnt = j + 1;
    const cc = cnt - ct;
    x.push(cnt / n);
    qini.push((yt - (cc > 0 ? (yc * ct) / cc : 0)) / nT);
    uplift.push(((ct > 0 ? yt / ct : 0) - (cc > 0 ? yc / cc : 0)) * (cnt / n));
  }
  return { x, qini, uplift };
}

/** At most about `points` + 1 points of a curve: the last point of each 1 / points step of x, and the ends. */
export function thinCurve(c: { x: number[]; qini: number[]; uplift: number[] }, points = 100): { x: number[]; qini: number[]; uplift: number[] } {
  if (c.x.length <= points + 1) return c;
  const out = { x: [0], qini: [0], uplift: [0] };
  const cell = (v: number) => Math.floor(v * points + 1e-9);
  for (let j = 1; j < c.x.length; j++) {
    if (j < c.x.length - 1 && cell(c.x[j + 1]) === cell(c.x[j])) continue;
    out.x.push(c.x[j]);
    out.qini.push(c.qini[j]);
    out.uplift.push(c.uplift[j]);
  }
  return out;
}

/**
 * What a ranking's metrics estimate when every row's true uplift `tau` is known (a simulated campaign): the
 * Qini area of the curve (1/n) * sum of tau over the top k (ties together) and the mean tau of the top
 * ceil(n k) rows. The bootstrap intervals' coverage is tested against these.
 */
export function trueMetrics(order: Int32Array, score: ArrayLike<number>, tau: ArrayLike<number>, k = 0.1): { qini: number; upliftAt10: number } {
  const n = order.length;
  const top = Math.ceil(n * k - 1e-9);
  let sum = 0, topSum = 0, prevX = 0, prevQ = 0, area = 0;
  for (let j = 0; j < n; j++) {
    const i = order[j];
    sum += tau[i];
    if (j < top) topSum += tau[i];
    if (j + 1 < n && score[order[j + 1]] === score[i]) continue;
    const x = (j + 1) / n;
    const q = sum / n;
    area += ((x - prevX) * (q + prevQ)) / 2;
    prevX = x;
    prevQ = q;
  }
  return { qini: area - prevQ / 2, upliftAt10: topSum / top };
}
