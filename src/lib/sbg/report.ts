// The report's Subscriptions section (src/lib/actions/report.ts renders it when an sBG fit exists): α, β, the
// projected survival beside the actual, and what a customer of a few tenures can still expect (DERL).
import { residualValueMeaning } from './notes';
import type { SbgRun } from './types';

/** What the report keeps of an sBG fit. */
export interface SbgReportPart {
  source: string;
  createdAt: number;
  alpha: number;
  beta: number;
  loglik: number;
  customers: number;
  churned: number;
  active: number;
  lastPeriod: number;
  discountRate: number;
  totalResidualValue: number | null;
  /** Per-period value (absent in parts stored before it): says what the residual value is in. */
  value?: SbgRun['summary']['value'];
  notes: string[];
  /** Survival at a few periods: actual (null past the data) and projected. */
  survival: { t: number; actual: number | null; projected: number }[];
  /** DERL and median remaining lifetime at a few tenures. */
  byTenure: { tenure: number; retention: number; medianRemaining: number | null; derl: number }[];
}

/** Up to `n` evenly spaced indices of 0..length-1, always the first and the last. */
function spaced(length: number, n: number): number[] {
  if (length <= n) return Array.from({ length }, (_, i) => i);
  return [...new Set(Array.from({ length: n }, (_, k) => Math.round((k * (length - 1)) / (n - 1))))];
}

export function sbgReportPart(run: SbgRun, datasetName: string | null, createdAt: number): SbgReportPart {
  const s = run.summary;
  return {
    source: s.kind === 'alive' ? 'typed counts of one cohort' : (datasetName ?? 'a dataset'),
    createdAt,
    alpha: run.alpha,
    beta: run.beta,
    loglik: run.loglik,
    customers: s.customers,
    churned: s.churned,
    active: s.active,
    lastPeriod: s.lastPeriod,
    discountRate: s.discountRate,
    totalResidualValue: s.totalResidualValue,
    value: s.value,
    notes: s.notes,
    survival: spaced(run.curve.length, 10).map((i) => ({ t: run.curve[i].t, actual: run.curve[i].actualSurvival, projected: run.curve[i].projectedSurvival })),
    byTenure: spaced(run.byTenure.length, 6).map((i) => {
      const b = run.byTenure[i];
      return { tenure: b.tenure, retention: b.retention, medianRemaining: b.medianRemaining, derl: b.derl };
    }),
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pct = (v: number | null) => (v === null || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(1)}%`);
const num = (v: number, d = 2) => (Number.isFinite(v) ? v.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d }) : '–');
const param = (v: number) => (v < 1000 ? v.toFixed(3) : v.toPrecision(4));

/** The HTML section ('' without a fit). */
export function sbgReportSection(p: SbgReportPart | null | undefined): string {
  if (!p) return '';
  const survival = p.survival.map((r) => `<tr><td class="n">${r.t}</td><td class="n">${pct(r.actual)}</td><td class="n">${pct(r.projected)}</td></tr>`).join('');
  const tenure = p.byTenure
    .map((b) => `<tr><td class="n">${b.tenure}</td><td class="n">${pct(b.retention)}</td><td class="n">${b.medianRemaining === null ? '&gt; 10,000' : b.medianRemaining}</td><td class="n">${num(b.derl)}</td></tr>`)
    .join('');
  const value =
    p.totalResidualValue === null
      ? ''
      : ` Residual value of the ${p.active.toLocaleString('en')} active customers: <b>${num(p.totalResidualValue, 0)}</b>${p.value ? ` (${esc(residualValueMeaning(p.value))})` : ''}.`;
  const notes = p.notes.map((n) => `<p class="muted">${esc(n)}</p>`).join('');
  return `<section><h2>Subscriptions (sBG retention)</h2><p>${esc(p.source)}: ${p.customers.toLocaleString('en')} customers, ${p.churned.toLocaleString('en')} left, ${p.lastPeriod} periods observed. Shifted-beta-geometric fit: α = ${param(p.alpha)}, β = ${param(p.beta)} (log-likelihood ${num(p.loglik)}).${value}</p>${notes}<div class="grid"><div><h3>Still active after t periods</h3><table><tr><th>t</th><th>Actual</th><th>sBG</th></tr>${survival}</table></div><div><h3>A customer active after t periods</h3><table><tr><th>t</th><th>Renews next</th><th>Median periods left</th><th>DERL</th></tr>${tenure}</table></div></div><p class="muted">DERL (Fader &amp; Hardie 2010): discounted expected further payments at ${pct(p.discountRate)} per period, the next one undiscounted; residual value = value per period × DERL.</p></section>`;
}
