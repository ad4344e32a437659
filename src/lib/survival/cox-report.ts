// The report's Cox regression section (src/lib/actions/report.ts renders it when a Cox run is stored): the
// hazard ratios with intervals and the proportional-hazards check, concordance, and the expected remaining
// lifetime of the customers still active.
import { extrapolatedPart, phFailingColumns, phRemainingCaveat, timeUnits } from './cox-notes';
import type { CoxView } from './cox-view';

export interface CoxReportPart {
  source: string;
  createdAt: number;
  rows: number;
  events: number;
  concordance: number;
  loglik: number;
  phGlobalP: number;
  covariates: { name: string; hazardRatio: number; lower: number; upper: number; p: number; phP: number }[];
  references: { column: string; reference: string }[];
  active: number;
  meanRemaining: number | null;
  horizon: number;
  /** The constant hazard assumed past the horizon (null/absent: the mean stops at the horizon). */
  tail?: { hazard: number; from: number; to: number } | null;
  meanRestricted?: number | null;
  /** Numeric covariates: their standard deviation and hazard ratio per SD (the table's ratio is per 1 unit). */
  perSd?: { name: string; sd: number; hazardRatio: number }[];
  /** The time column, whose units the lifetimes are in (absent in parts stored before it). */
  timeName?: string;
  /** Attribute columns whose PH test fails (absent in parts stored before it: then the failing covariates). */
  phColumns?: string[];
}

export function coxReportPart(view: CoxView, createdAt: number): CoxReportPart {
  const f = view.fit;
  return {
    source: view.datasetName,
    createdAt,
    rows: f.rows,
    events: f.events,
    concordance: f.concordance,
    loglik: f.loglik,
    phGlobalP: f.phGlobal.p,
    covariates: f.covariates.map((c) => ({ name: c.name, hazardRatio: c.hazardRatio, lower: c.lower, upper: c.upper, p: c.p, phP: c.phP })),
    references: view.encodings.filter((e) => e.reference).map((e) => ({ column: e.column, reference: e.reference! })),
    active: view.active,
    meanRemaining: view.meanRemaining,
    horizon: f.maxTime,
    tail: view.tail ?? null,
    meanRestricted: view.meanRestricted ?? null,
    timeName: view.timeName,
    phColumns: phFailingColumns(f.covariates, view.encodings),
    perSd: view.encodings
      .filter((e) => e.kind === 'numeric' && e.sd !== undefined)
      .map((e) => ({ name: e.column, sd: e.sd!, hazardRatio: Math.exp((f.covariates.find((c) => c.name === e.names[0])?.coef ?? NaN) * e.sd!) })),
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const hr = (x: number) => (!Number.isFinite(x) ? '–' : x >= 100 || x < 0.01 ? x.toExponential(2) : x.toFixed(x < 1 ? 3 : 2));
const pv = (p: number) => (p < 0.001 ? '&lt; 0.001' : p.toFixed(3));

/** The HTML section ('' without a run). */
export function coxReportSection(p: CoxReportPart | null | undefined): string {
  if (!p) return '';
  const rows = p.covariates
    .map((c) => `<tr><td>${esc(c.name)}</td><td class="n">${hr(c.hazardRatio)}</td><td class="n">${hr(c.lower)}–${hr(c.upper)}</td><td class="n">${pv(c.p)}</td><td class="n">${pv(c.phP)}${c.phP < 0.05 ? ' (changes over time)' : ''}</td></tr>`)
    .join('');
  const refs = p.references.map((r) => `${esc(r.column)} against ${esc(r.reference)}`).join('; ');
  const units = p.perSd?.length
    ? ` Numeric attributes: the ratio is per 1 unit; per standard deviation ${p.perSd.map((u) => `${esc(u.name)} (${u.sd.toFixed(2)}) ${hr(u.hazardRatio)}`).join(', ')}.`
    : '';
  const inUnits = p.timeName ? ` ${esc(timeUnits(p.timeName))}` : '';
  const extra = p.tail ? extrapolatedPart(p.meanRemaining, p.meanRestricted) : null;
  const caveat = p.meanRemaining === null ? null : phRemainingCaveat(p.phColumns ?? phFailingColumns(p.covariates, []));
  const remaining =
    p.meanRemaining === null
      ? ''
      : (p.tail
          ? ` The ${p.active.toLocaleString('en')} customers still active can expect on average <b>${p.meanRemaining.toFixed(1)}</b> more${inUnits}${p.meanRestricted != null ? `, ${p.meanRestricted.toFixed(1)} of it before ${p.horizon}, the last observed time` : ''}${extra ? ` and ${extra.amount.toFixed(1)} (${Math.round(100 * extra.share)}%) extrapolated past it` : ''}; past ${p.horizon} extrapolated at the constant hazard of ${+p.tail.from.toFixed(1)}–${+p.tail.to.toFixed(1)} (an assumption).`
          : ` The ${p.active.toLocaleString('en')} customers still active can expect on average <b>${p.meanRemaining.toFixed(1)}</b> more${inUnits} (restricted to the last observed time, ${p.horizon}).`) + (caveat ? ` ${esc(caveat)}` : '');
  return `<section><h2>What drives churn (Cox regression)</h2><p>${esc(p.source)}: ${p.rows.toLocaleString('en')} customers, ${p.events.toLocaleString('en')} churned. Concordance ${p.concordance.toFixed(3)}; partial log-likelihood ${p.loglik.toFixed(2)} (Efron ties).${remaining}</p><table><tr><th>Attribute</th><th>Hazard ratio</th><th>95% interval</th><th>p</th><th>PH test p</th></tr>${rows}</table><p class="muted">A hazard ratio below 1: that attribute lowers the risk of leaving at any moment, the others held equal.${refs ? ` Levels: ${refs}.` : ''}${units} PH test: scaled Schoenfeld residuals against time (global p ${pv(p.phGlobalP)}); where it fails, the ratio is an average over time.</p></section>`;
}
