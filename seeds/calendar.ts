// The simulated calendar: day-level seasonality of purchases and signups, sale days, and the
// text of every day (formatted once, written millions of times).
import { AliasTable, type Rng } from '../src/lib/random';

export const DAY_MS = 86_400_000;
/** Average month (365.25 / 12 days), for tenure in months. */
export const MONTH_MS = 30.4375 * DAY_MS;

// Retail year: quiet after the holidays, busy in autumn, December the peak.
const PURCHASE_MONTH = [0.85, 0.8, 0.9, 0.92, 0.95, 0.92, 0.9, 0.92, 1.0, 1.05, 1.3, 1.6];
// Sunday first (Date.getUTCDay); weekends are busier for a consumer shop.
const PURCHASE_WEEKDAY = [1.15, 0.95, 0.92, 0.95, 1.0, 1.05, 1.12];
// Subscriptions start with New Year resolutions and before the holidays.
const SIGNUP_MONTH = [1.35, 1.1, 1.0, 0.95, 0.9, 0.85, 0.85, 0.9, 1.05, 1.0, 1.15, 1.1];
const SIGNUP_WEEKDAY = [0.9, 1.1, 1.05, 1.0, 1.0, 0.95, 0.85];
/** Growth of the customer base: the last day gets this many times the signups of the first. */
const SIGNUP_GROWTH = 1.6;
// Shopping by hour of day (UTC): lunch and evening peaks, quiet nights.
const HOURS = [
  0.3, 0.15, 0.1, 0.08, 0.08, 0.15, 0.35, 0.7, 1.0, 1.1, 1.2, 1.3, 1.5, 1.4, 1.2, 1.2, 1.3, 1.5, 1.8, 2.1, 2.2, 1.9,
  1.3, 0.7,
];
const hourTable = new AliasTable(HOURS);

export interface Calendar {
  startMs: number;
  endMs: number;
  days: number;
  /** `YYYY-MM-DD` of each day index. */
  dayText: string[];
  /** Relative purchase intensity per day, mean 1 over the window. */
  purchaseWeight: Float64Array;
  maxPurchaseWeight: number;
  /** Cumulative signup share at the end of each day (last = 1). */
  signupCdf: Float64Array;
  /** 1 on sale days (Black Friday to Cyber Monday, January sale): prices are discounted. */
  sale: Uint8Array;
  /**
   * Every seventh day from the start, then endMs: the chunks that output is simulated and sorted
   * in. A week of ten million rows a year is about 100k rows, whatever the size of the run.
   */
  chunkBounds: number[];
}

/** Day after the fourth Thursday of November. */
function blackFriday(year: number): number {
  const nov1 = new Date(Date.UTC(year, 10, 1)).getUTCDay();
  const firstThursday = 1 + ((4 - nov1 + 7) % 7);
  return Date.UTC(year, 10, firstThursday + 21 + 1);
}

export function buildCalendar(startMs: number, endMs: number): Calendar {
  const days = Math.round((endMs - startMs) / DAY_MS);
  const dayText: string[] = new Array(days);
  const purchaseWeight = new Float64Array(days);
  const signupCdf = new Float64Array(days);
  const sale = new Uint8Array(days);
  const chunkBounds: number[] = [startMs];
  let purchaseSum = 0;
  let signupSum = 0;
  for (let d = 0; d < days; d++) {
    const ms = startMs + d * DAY_MS;
    const date = new Date(ms);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth();
    const dom = date.getUTCDate();
    const weekday = date.getUTCDay();
    dayText[d] = date.toISOString().slice(0, 10);
    if (d % 7 === 0 && d > 0) chunkBounds.push(ms);

    let w = PURCHASE_MONTH[month] * PURCHASE_WEEKDAY[weekday];
    const bf = blackFriday(year);
    if (ms >= bf && ms <= bf + 3 * DAY_MS) {
      w *= 2.2;
      sale[d] = 1;
    }
    if (month === 0 && dom >= 2 && dom <= 10) {
      w *= 1.1;
      sale[d] = 1;
    }
    if (month === 11 && dom >= 24 && dom <= 26) w *= [0.6, 0.25, 0.5][dom - 24];
    purchaseWeight[d] = w;
    purchaseSum += w;

    const growth = 1 + ((SIGNUP_GROWTH - 1) * d) / Math.max(1, days - 1);
    signupSum += growth * SIGNUP_MONTH[month] * SIGNUP_WEEKDAY[weekday];
    signupCdf[d] = signupSum;
  }
  chunkBounds.push(endMs);
  let maxPurchaseWeight = 0;
  for (let d = 0; d < days; d++) {
    purchaseWeight[d] *= days / purchaseSum;
    maxPurchaseWeight = Math.max(maxPurchaseWeight, purchaseWeight[d]);
    signupCdf[d] /= signupSum;
  }
  signupCdf[days - 1] = 1;
  return { startMs, endMs, days, dayText, purchaseWeight, maxPurchaseWeight, signupCdf, sale, chunkBounds };
}

export function dayIndex(cal: Calendar, ms: number): number {
  return Math.floor((ms - cal.startMs) / DAY_MS);
}

/** Signup instant at quantile u in [0, 1) of the signup distribution (day by inverse CDF, time within it linear). */
export function signupAt(cal: Calendar, u: number): number {
  const cdf = cal.signupCdf;
  let lo = 0;
  let hi = cal.days - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  const below = lo === 0 ? 0 : cdf[lo - 1];
  const within = (u - below) / (cdf[lo] - below);
  return cal.startMs + (lo + Math.min(Math.max(within, 0), 0.999999)) * DAY_MS;
}

/** Seconds after midnight, following the hour-of-day shopping profile. */
export function sampleSecondOfDay(rng: Rng): number {
  return hourTable.sample(rng) * 3600 + rng.int(3600);
}

export function dateText(cal: Calendar, ms: number): string {
  return cal.dayText[Math.floor((ms - cal.startMs) / DAY_MS)];
}
