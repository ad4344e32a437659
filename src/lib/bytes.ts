// The one way the app writes sizes and rates: decimal (SI) units, 1 kB = 1000 bytes, 1 MB = 10^6
// bytes, as disks and the import's MB/s figure count them. The UI and the workers both use it.

const UNITS = ['kB', 'MB', 'GB', 'TB', 'PB'];

/** One decimal below 10, whole numbers above; "1.0" is written "1". */
function rounded(v: number): number {
  return v < 10 ? Math.round(v * 10) / 10 : Math.round(v);
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  if (bytes < 0) return `-${formatBytes(-bytes)}`;
  const b = Math.round(bytes);
  if (b < 1000) return `${b} B`;
  let v = b / 1000;
  let u = 0;
  // Move up a unit when rounding would print 1000 of this one.
  while (rounded(v) >= 1000 && u < UNITS.length - 1) {
    v /= 1000;
    u++;
  }
  return `${rounded(v)} ${UNITS[u]}`;
}

/** Throughput, e.g. "12.5 MB/s". */
export function formatByteRate(bytesPerSecond: number): string {
  return Number.isFinite(bytesPerSecond) ? `${formatBytes(bytesPerSecond)}/s` : '—';
}
