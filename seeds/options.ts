// Options of the synthetic demo workspace, their defaults, and validation.

export interface DemoOptions {
  /** Number of customers (rows of customers.csv). Default 2000. */
  customers?: number;
  /** Any safe integer; the same seed gives byte-identical files. Default 42. */
  seed?: number;
  /** First day of the simulated history, `YYYY-MM-DD` (UTC). Default 2024-01-01. */
  start?: string;
  /** Last day of the simulated history, inclusive, and the date churn is observed at. Default 2025-12-31. */
  end?: string;
  /**
   * Mean purchase rate (invoices per year) of a customer while still buying. Individual rates are
   * gamma-distributed around it (BG/NBD). The dropout probability per purchase scales inversely, so
   * the expected buying lifetime in weeks stays the same and the row count grows about linearly.
   * Default 5.
   */
  purchasesPerYear?: number;
  /** Number of products in the catalogue. Default 300. */
  products?: number;
  /** Share of invoices that get a later partial return (a `C` invoice). Default 0.045 (about 2% of rows). */
  returnRate?: number;
  /** Mean number of app events (logins, page views) per active customer-month. Default 3. */
  eventsPerMonth?: number;
  /** Share of customers whose age is left blank, so imputation has something to do. Default 0.01. */
  missingAgeRate?: number;
}

export type ResolvedDemoOptions = Required<DemoOptions> & {
  /** Epoch milliseconds of 00:00 UTC on `start`. */
  startMs: number;
  /** Epoch milliseconds of the end of the day `end` (exclusive bound of all timestamps). */
  endMs: number;
};

export const DEMO_DEFAULTS: Required<DemoOptions> = {
  customers: 2000,
  seed: 42,
  start: '2024-01-01',
  end: '2025-12-31',
  purchasesPerYear: 5,
  products: 300,
  returnRate: 0.045,
  eventsPerMonth: 3,
  missingAgeRate: 0.01,
};

export const MAX_PRODUCTS = 4000;
const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` to epoch ms at 00:00 UTC; throws naming the option and the bad text. */
export function parseDay(text: string, option: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || new Date(ms).toISOString().slice(0, 10) !== text) {
    throw new Error(`${option} must be a date YYYY-MM-DD, got "${text}"`);
  }
  return ms;
}

function checkInteger(name: string, v: number, min: number, max: number): void {
  if (!Number.isSafeInteger(v) || v < min || v > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got ${v}`);
  }
}

function checkNumber(name: string, v: number, min: number, max: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw new Error(`${name} must be a number from ${min} to ${max}, got ${v}`);
  }
}

export function resolveDemoOptions(opts: DemoOptions = {}): ResolvedDemoOptions {
  const o: Required<DemoOptions> = { ...DEMO_DEFAULTS };
  for (const [k, v] of Object.entries(opts)) {
    if (!(k in DEMO_DEFAULTS)) throw new Error(`Unknown demo option "${k}"`);
    if (v !== undefined) (o as Record<string, unknown>)[k] = v;
  }
  checkInteger('customers', o.customers, 1, 50_000_000);
  checkInteger('seed', o.seed, 0, Number.MAX_SAFE_INTEGER);
  checkNumber('purchasesPerYear', o.purchasesPerYear, 0.1, 365);
  checkInteger('products', o.products, 20, MAX_PRODUCTS);
  checkNumber('returnRate', o.returnRate, 0, 0.5);
  checkNumber('eventsPerMonth', o.eventsPerMonth, 0, 1000);
  checkNumber('missingAgeRate', o.missingAgeRate, 0, 1);
  const startMs = parseDay(o.start, 'start');
  const endMs = parseDay(o.end, 'end') + DAY_MS;
  // At least two months, so every signup cohort has time to buy again and to churn.
  if (endMs - startMs < 60 * DAY_MS) {
    throw new Error(`end must be at least 60 days after start, got start ${o.start} and end ${o.end}`);
  }
  if (endMs - startMs > 30 * 366 * DAY_MS) {
    throw new Error(`end must be at most 30 years after start, got start ${o.start} and end ${o.end}`);
  }
  return { ...o, startMs, endMs };
}
