// Subscriptions end to end: lifetimes (typed counts, or a table's tenure/dates) -> sBG fit -> curves, what a
// customer of each tenure can expect, and each customer's DERL and residual value. The one wiring that the
// compute worker, the CLI and the bench call.
import type { Table } from '../data/table';
import {
  dataFromAlive,
  derl,
  expectedRemainingLifetime,
  fitSbg,
  medianRemainingLifetime,
  retentionRate,
  survivalCurve,
  type SbgData,
  type SbgParams,
} from '../models/sbg/sbg';
import { extrapolationNote } from './notes';
import { customersFromTable, groupCustomers } from './prepare';
import type { SbgByTenure, SbgCurvePoint, SbgRequest, SbgRun } from './types';

export const DEFAULT_HORIZON = 12;

/** Above this α + β the beta distribution is a spike: every customer renews with about the same probability. */
const FLAT = 1000;

/** Notes on a fit: no spread of renewal probabilities (α, β run off to infinity), or no convergence. */
export function fitNotes(fit: { alpha: number; beta: number; converged: boolean }): string[] {
  const notes: string[] = [];
  if (fit.alpha + fit.beta > FLAT) {
    const r = fit.beta / (fit.alpha + fit.beta);
    notes.push(
      `These lifetimes show no spread of renewal probabilities across customers: α and β grow without bound and every customer renews with about ${(100 * r).toFixed(1)}% a period (the plain geometric model). Their values say only that; the curves and DERL stand.`,
    );
  }
  if (!fit.converged) notes.push('The optimiser stopped before it converged: treat α and β with care.');
  return notes;
}

/** The fit's notes and, when a new customer's remaining lifetime lies far past the data, that warning. */
function runNotes(fit: { alpha: number; beta: number; converged: boolean }, byTenure: SbgByTenure[], lastPeriod: number): string[] {
  const far = extrapolationNote(byTenure, lastPeriod);
  return far ? [...fitNotes(fit), far] : fitNotes(fit);
}

/** Parses typed counts ("1000, 631, 468" or one per line). */
export function parseAlive(text: string): number[] {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
  return parts.map((p) => {
    const v = Number(p);
    if (!Number.isFinite(v)) throw new Error(`"${p}" is not a number: type the customers alive at each period, e.g. 1000, 631, 468.`);
    return v;
  });
}

/** Actual vs projected survival and retention for t = 0..last + horizon (discrete Kaplan-Meier for the actual). */
export function sbgCurve(data: SbgData, p: SbgParams, horizon: number, alive?: readonly number[]): SbgCurvePoint[] {
  const last = data.churned.length - 1;
  const projected = survivalCurve(p, last + horizon);
  // At risk in period t: lifetimes known to reach t (left at u ≥ t, or active after u ≥ t periods).
  const atRisk = new Float64Array(last + 2);
  for (let t = last; t >= 0; t--) atRisk[t] = atRisk[t + 1] + data.churned[t] + data.censored[t];
  const out: SbgCurvePoint[] = [];
  let km = 1;
  for (let t = 0; t <= last + horizon; t++) {
    let actualRetention: number | null = null;
    if (t >= 1 && t <= last && atRisk[t] > 0) {
      actualRetention = 1 - data.churned[t] / atRisk[t];
      km *= actualRetention;
    }
    const point: SbgCurvePoint = {
      t,
      actualSurvival: t <= last && (t === 0 || atRisk[t] > 0) ? km : null,
      projectedSurvival: projected[t],
      actualRetention,
      projectedRetention: t >= 1 ? retentionRate(p, t) : null,
      atRisk: t <= last ? atRisk[t] : 0,
    };
    if (alive) {
      point.actualAlive = t < alive.length ? alive[t] : null;
      point.projectedAlive = alive[0] * projected[t];
    }
    out.push(point);
  }
  return out;
}

export function sbgByTenure(p: SbgParams, last: number, discountRate: number): SbgByTenure[] {
  return Array.from({ length: last + 1 }, (_, t) => ({
    tenure: t,
    retention: retentionRate(p, t + 1),
    expectedRemaining: expectedRemainingLifetime(p, t),
    medianRemaining: medianRemainingLifetime(p, t),
    derl: derl(p, t, discountRate),
  }));
}

/** The whole run: typed counts (`table` unused) or a customers/subscriptions table. */
export function runSbg(table: Table | null, request: SbgRequest, started = performance.now()): SbgRun {
  const s = request.source;
  const horizon = request.horizon ?? DEFAULT_HORIZON;
  if (!(Number.isInteger(horizon) && horizon >= 0 && horizon <= 1000)) throw new Error(`The horizon must be a whole number of periods from 0 to 1000; got ${horizon}.`);
  if (!(request.discountRate > 0 && request.discountRate < 10)) throw new Error(`The discount rate per period must be above 0 (e.g. 0.1 a year, 0.01 a month); got ${request.discountRate}.`);
  const amount = request.valuePerPeriod ?? 1;
  const value = request.valueColumn ? { column: request.valueColumn } : { amount };

  if (s.kind === 'alive') {
    const data = dataFromAlive(s.alive);
    const fit = fitSbg(data);
    const last = s.alive.length - 1;
    const byTenure = sbgByTenure(fit, last, request.discountRate);
    return {
      alpha: fit.alpha,
      beta: fit.beta,
      loglik: fit.loglik,
      converged: fit.converged,
      summary: {
        kind: 'alive',
        customers: s.alive[0],
        churned: s.alive[0] - s.alive[last],
        active: s.alive[last],
        lastPeriod: last,
        skipped: { rows: 0, reasons: [] },
        discountRate: request.discountRate,
        value,
        totalResidualValue: null,
        meanDerl: null,
        notes: runNotes(fit, byTenure, last),
      },
      curve: sbgCurve(data, fit, horizon, s.alive),
      byTenure,
      customers: null,
      seconds: (performance.now() - started) / 1000,
    };
  }

  if (!table) throw new Error('Lifetimes from tenure or dates need a table.');
  const c = customersFromTable(table, request);
  if (c.ids.length === 0) throw new Error(`No usable rows${c.skipped.reasons.length ? `: ${c.skipped.reasons.join('; ')}` : ''}.`);
  const data = groupCustomers(c);
  const fit = fitSbg(data);
  const last = data.churned.length - 1;
  const byTenure = sbgByTenure(fit, last, request.discountRate);
  const n = c.ids.length;
  const expectedRemaining = new Float64Array(n);
  const medianRemaining = new Float64Array(n);
  const derlOf = new Float64Array(n);
  const residualValue = new Float64Array(n);
  let active = 0;
  let derlSum = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!c.active[i]) continue; // left: nothing remains (the arrays hold 0)
    const b = byTenure[c.tenure[i]];
    active++;
    expectedRemaining[i] = b.expectedRemaining;
    medianRemaining[i] = b.medianRemaining ?? Infinity;
    derlOf[i] = b.derl;
    residualValue[i] = b.derl * (c.value ? c.value[i] : amount);
    derlSum += b.derl;
    if (!Number.isNaN(residualValue[i])) total += residualValue[i];
  }
  return {
    alpha: fit.alpha,
    beta: fit.beta,
    loglik: fit.loglik,
    converged: fit.converged,
    summary: {
      kind: s.kind,
      customers: n,
      churned: n - active,
      active,
      lastPeriod: last,
      skipped: c.skipped,
      discountRate: request.discountRate,
      value,
      totalResidualValue: total,
      meanDerl: active > 0 ? derlSum / active : null,
      notes: runNotes(fit, byTenure, last),
    },
    curve: sbgCurve(data, fit, horizon),
    byTenure,
    customers: { ...c, expectedRemaining, medianRemaining, derl: derlOf, residualValue },
    seconds: (performance.now() - started) / 1000,
  };
}
