// What the Cox panel is sent and what the store keeps: the fit without per-customer arrays (those stay in
// the worker and are paged), curves thinned to a chart's worth of points.
import type { CoxFit } from '../models/survival/cox';
import { CoxRows, REMAINING_GRID, type CoxEncoding, type CoxProfile, type CoxRequest, type CoxRowsPage, type CoxRowsQuery, type CoxRun } from './cox';
export type { CoxRequest, CoxRowsPage, CoxRowsQuery };

export interface CoxView {
  datasetName: string;
  fit: Omit<CoxFit, 'baseline' | 'covariance'>;
  encodings: CoxEncoding[];
  dropped: CoxRun['dropped'];
  profiles: CoxProfile[];
  profileBy: string | null;
  /** Customers still at risk (no event) and their mean expected remaining lifetime (with the tail past fit.maxTime). */
  active: number;
  meanRemaining: number | null;
  /** Their mean remaining lifetime up to fit.maxTime alone (absent in views stored before it). */
  meanRestricted?: number | null;
  /** The constant baseline hazard assumed past fit.maxTime (absent in views stored before it; null: none). */
  tail?: CoxRun['tail'];
  /** The time column: the lifetimes are in its units (absent in views stored before it). */
  timeName?: string;
  /** Set when the remaining lifetimes used a grid of this many event times (more distinct ones than that). */
  remainingGrid: number | null;
  seconds: number;
  first: CoxRowsPage;
}

export const COX_PAGE_SIZE = 20;
const MAX_CURVE_POINTS = 400;

/** At most `max` points of a step curve (evenly spaced indices, always the last). */
export function thinCurve(c: CoxProfile, max = MAX_CURVE_POINTS): CoxProfile {
  if (c.time.length <= max) return c;
  const step = (c.time.length - 1) / (max - 1);
  const idx = Array.from({ length: max }, (_, k) => Math.round(k * step));
  return { name: c.name, time: idx.map((i) => c.time[i]), survival: idx.map((i) => c.survival[i]) };
}

export function coxView(run: CoxRun, datasetName: string, rows = new CoxRows(run)): CoxView {
  const { baseline: _b, covariance: _c, ...fit } = run.fit;
  let active = 0, sum = 0, sumRestricted = 0;
  const restricted = run.perCustomer.restricted;
  run.perCustomer.remaining.forEach((r, i) => {
    if (Number.isNaN(r)) return;
    active++;
    sum += r;
    sumRestricted += restricted?.[i] ?? 0;
  });
  return {
    datasetName,
    fit,
    encodings: run.encodings,
    dropped: run.dropped,
    profiles: run.profiles.map((p) => thinCurve(p)),
    profileBy: run.profileBy,
    active,
    meanRemaining: active ? sum / active : null,
    meanRestricted: active && restricted ? sumRestricted / active : null,
    tail: run.tail ?? null,
    timeName: run.timeName,
    remainingGrid: run.fit.baseline.time.length > REMAINING_GRID ? REMAINING_GRID : null,
    seconds: run.seconds,
    first: rows.page({ sort: 'remaining', descending: false, offset: 0, limit: COX_PAGE_SIZE }),
  };
}
