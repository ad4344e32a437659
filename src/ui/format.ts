// Number and size formatting for display; locale-aware where the user reads it.

const nf = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const intf = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

export function formatNumber(n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  if (digits === 2) return nf.format(n);
  return numberFormat(digits).format(n);
}

// One formatter per digit count: constructing an Intl.NumberFormat costs far more than formatting with it (a
// 50-row table page formatted hundreds of numbers).
const formats = new Map<number, Intl.NumberFormat>();
function numberFormat(digits: number): Intl.NumberFormat {
  let f = formats.get(digits);
  if (!f) formats.set(digits, (f = new Intl.NumberFormat(undefined, { maximumFractionDigits: digits })));
  return f;
}

export function formatInt(n: number): string {
  return intf.format(n);
}

// Sizes: one convention for the whole app (decimal units, MB = 10^6 bytes), shared with the workers.
export { formatByteRate, formatBytes } from '../lib/bytes';

export function formatPercent(fraction: number, digits = 1): string {
  if (Number.isNaN(fraction)) return '—';
  return `${(fraction * 100).toFixed(digits)}%`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - m * 60)} s`;
}

export function formatDate(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return '—';
  return new Date(epochMs).toISOString().slice(0, 10);
}
