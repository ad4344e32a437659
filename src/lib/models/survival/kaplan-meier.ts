// Kaplan-Meier survival curve with Greenwood variance and log-log ("exponential Greenwood",
// Kalbfleisch & Prentice) 95% bands, as lifelines' KaplanMeierFitter: the band is
// S(t)^exp(+-z se), se = sqrt(sum d / (n (n - d))) / |log S(t)|, which stays inside [0, 1].

export interface KaplanMeierCurve {
  /** 0, then every distinct observed duration (event or censored), ascending. */
  time: number[];
  /** At risk just before each time. */
  atRisk: number[];
  events: number[];
  censored: number[];
  survival: number[];
  /** Log-log Greenwood band; NaN where undefined (S = 1 before any event gives [1, 1]; S = 0 gives NaN). */
  lower: number[];
  upper: number[];
  /** First time with S(t) <= 0.5; null when the curve never gets there. */
  median: number | null;
  subjects: number;
  totalEvents: number;
}

export interface KaplanMeierOptions {
  /** Confidence level of the band. */
  confidence?: number;
}

/** Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normal quantile needs p in (0, 1), got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  let x: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - 0.02425) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  return x;
}

export function checkSurvivalData(durations: ArrayLike<number>, events: ArrayLike<number>): void {
  if (durations.length !== events.length) {
    throw new Error(`durations and events must have equal lengths, got ${durations.length} and ${events.length}`);
  }
  for (let i = 0; i < durations.length; i++) {
    if (!(durations[i] >= 0)) throw new Error(`durations must be >= 0, got ${durations[i]} at index ${i}`);
    if (events[i] !== 0 && events[i] !== 1) throw new Error(`events must be 0 or 1, got ${events[i]} at index ${i}`);
  }
}

/** Kaplan-Meier estimate over the subjects where `include(i)` holds (all by default). */
export function kaplanMeier(
  durations: ArrayLike<number>,
  events: ArrayLike<number>,
  options: KaplanMeierOptions = {},
  include?: (i: number) => boolean,
): KaplanMeierCurve {
  checkSurvivalData(durations, events);
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) throw new Error(`confidence must be in (0, 1), got ${confidence}`);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const idx: number[] = [];
  for (let i = 0; i < durations.length; i++) if (!include || include(i)) idx.push(i);
  idx.sort((p, q) => durations[p] - durations[q]);

  const curve: KaplanMeierCurve = {
    time: [0],
    atRisk: [idx.length],
    events: [0],
    censored: [0],
    survival: [1],
    lower: [1],
    upper: [1],
    median: null,
    subjects: idx.length,
    totalEvents: 0,
  };
  let atRisk = idx.length;
  let s = 1;
  let greenwood = 0;
  for (let k = 0; k < idx.length; ) {
    const t = durations[idx[k]];
    let d = 0;
    let c = 0;
    for (; k < idx.length && durations[idx[k]] === t; k++) {
      if (events[idx[k]] === 1) d++;
      else c++;
    }
    if (d > 0) {
      s *= 1 - d / atRisk;
      greenwood += d < atRisk ? d / (atRisk * (atRisk - d)) : Infinity;
    }
    let lower = 1;
    let upper = 1;
    if (s <= 0) {
      lower = upper = NaN;
    } else if (s < 1) {
      const logS = Math.log(s);
      const se = Math.sqrt(greenwood) / logS; // negative, as lifelines writes it
      upper = Math.exp(-Math.exp(Math.log(-logS) + z * se));
      lower = Math.exp(-Math.exp(Math.log(-logS) - z * se));
    }
    if (t === 0) {
      // Events at time 0 belong to the first row rather than a duplicate time.
      curve.events[0] = d;
      curve.censored[0] = c;
      curve.survival[0] = s;
      curve.lower[0] = lower;
      curve.upper[0] = upper;
    } else {
      curve.time.push(t);
      curve.atRisk.push(atRisk);
      curve.events.push(d);
      curve.censored.push(c);
      curve.survival.push(s);
      curve.lower.push(lower);
      curve.upper.push(upper);
    }
    if (curve.median === null && s <= 0.5) curve.median = t;
    curve.totalEvents += d;
    atRisk -= d + c;
  }
  return curve;
}

/** S(t) from a fitted curve (right-continuous step function). */
export function survivalAt(curve: KaplanMeierCurve, t: number): number {
  let lo = 0;
  let hi = curve.time.length - 1;
  if (t < curve.time[0]) return 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (curve.time[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return curve.survival[lo];
}
