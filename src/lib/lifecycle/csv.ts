// The Lifecycle tab's CSV files, one per view, from the stored result (formula-safe: src/lib/export/csv).
import { toCsv } from '../export/csv';
import type { LifecycleResult } from '../models/lifecycle/lifecycle';
import type { LifecycleCsvKind } from './types';

export function lifecycleCsv(r: LifecycleResult, kind: LifecycleCsvKind): string {
  if (kind === 'lifecycle') {
    return toCsv(['period', 'new', 'returning', 'resurrecting', 'dormant', 'active'], r.periods.map((p) => [p.period, p.new, p.returning, p.resurrecting, p.dormant, p.active]));
  }
  if (kind === 'stickiness') {
    const days = Array.from({ length: r.stickiness.maxDays }, (_, d) => `days_${d + 1}`);
    return toCsv(
      ['period', 'days_in_period', 'active', 'mean_active_days', 'dau_over_active', ...days],
      r.stickiness.periods.map((p) => [p.period, p.days, p.active, p.meanDays, p.ratio, ...p.histogram]),
    );
  }
  if (kind === 'retention') {
    const rows: unknown[][] = [];
    for (const c of r.retention.cohorts) c.bounded.forEach((b, k) => rows.push([c.label, c.size, k, b, c.unbounded[k], b / c.size, c.unbounded[k] / c.size]));
    return toCsv(['cohort', 'size', 'offset', 'bounded', 'unbounded', 'bounded_share', 'unbounded_share'], rows);
  }
  if (!r.revenue) throw new Error('No revenue: choose an amount column');
  const rows: unknown[][] = [];
  for (const c of r.revenue.cohorts) c.revenue.forEach((v, k) => rows.push([c.label, c.size, k, v, c.nrr[k], c.grr[k]]));
  return toCsv(['cohort', 'size', 'offset', 'revenue', 'nrr', 'grr'], rows);
}
