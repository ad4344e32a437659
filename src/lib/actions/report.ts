// The shareable report: one self-contained HTML file (inline CSS and SVG, no scripts, no external
// resources) from plain result data. Every text is escaped: names and ids are data, never markup.
// Row-level data appears only when `data.table` is given (the user ticked "include customer table").
import type { ReportData } from './report-types';
import { barsSvg, calibrationSvg, escapeHtml as e, heatColor, histogramSvg, profitCurveSvg } from './svg';
import type { ActionRule } from './types';
import { upliftReportSection } from '../uplift/report';
import { lifecycleReportSection } from '../lifecycle/report';
import { sbgReportSection } from '../sbg/report';
import { coxReportSection } from '../survival/cox-report';
import { clvModelsReportSection } from '../clv/report';
import { shapReportSection } from './report-shap';

const int = (v: number): string => (Number.isFinite(v) ? Math.round(v).toLocaleString('en') : '–');
const num = (v: number | null | undefined, d = 2): string => (v !== null && v !== undefined && Number.isFinite(v) ? v.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d }) : '–');
const pct = (v: number | null | undefined, d = 1): string => (v !== null && v !== undefined && Number.isFinite(v) ? `${(v * 100).toFixed(d)}%` : '–');

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2430;margin:0;background:#f5f6f8}
main{max-width:980px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:0 0 10px}h3{font-size:15px;margin:14px 0 6px}
section{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:16px 20px;margin:16px 0}
table{border-collapse:collapse;font-size:13px;margin:6px 0}th,td{padding:4px 8px;border-bottom:1px solid #e5e8ee;text-align:left;vertical-align:top}
th{background:#f0f2f5}td.n{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#667085}.grid{display:flex;gap:24px;flex-wrap:wrap;align-items:flex-start}
.kpi{display:inline-block;margin:0 24px 8px 0}.kpi b{display:block;font-size:20px}
table.heat td{padding:2px 4px;font-size:11px;text-align:center;border:1px solid #fff;min-width:28px}
ul{margin:4px 0;padding-left:20px}.scroll{overflow-x:auto}
@media print{body{background:#fff}section{break-inside:avoid}}`;

function table(header: string[], rows: (string | number)[][], numeric: boolean[] = []): string {
  const head = `<tr>${header.map((h) => `<th>${e(h)}</th>`).join('')}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric[i] ? ' class="n"' : ''}>${e(c)}</td>`).join('')}</tr>`).join('');
  return `<table>${head}${body}</table>`;
}

export function describeRule(r: ActionRule): string {
  const parts: string[] = [];
  if (r.inList === true) parts.push('in the contact list');
  if (r.inList === false) parts.push('not in the contact list');
  if (r.bands?.length) parts.push(`risk ${r.bands.join(' or ')}`);
  if (r.tiers?.length) parts.push(`value ${r.tiers.join(' or ')}`);
  if (r.segments?.length) parts.push(`segment ${r.segments.join(' or ')}`);
  if (r.reason) parts.push(`a reason mentions "${r.reason}"`);
  if (r.pAliveBelow !== undefined && r.pAliveBelow !== null) parts.push(`P(alive) < ${r.pAliveBelow}`);
  if (r.pAliveAtLeast !== undefined && r.pAliveAtLeast !== null) parts.push(`P(alive) ≥ ${r.pAliveAtLeast}`);
  if (r.profitAbove !== undefined && r.profitAbove !== null) parts.push(`expected profit > ${r.profitAbove}`);
  return parts.length ? parts.join(' and ') : 'every customer';
}

function dataSection(d: ReportData): string {
  return `<section><h2>Data</h2>${table(
    ['Dataset', 'Rows', 'Columns', 'Roles'],
    d.datasets.map((x) => [x.name, int(x.rows), x.columns, x.roles]),
    [false, true, true, false],
  )}<p class="muted">Churn: ${e(d.sources.churn)}. Value: ${e(d.sources.clv)}. Segments: ${e(d.sources.segment)}. Items: ${e(d.sources.items)}.</p></section>`;
}

function segmentsSection(d: ReportData): string {
  if (!d.segments) return '';
  const rows = d.segments.filter((s) => s.customers > 0);
  return `<section><h2>Segments (RFM)</h2><div class="grid"><div>${table(
    ['Segment', 'Customers', 'Share', 'Revenue'],
    rows.map((s) => [s.name, int(s.customers), pct(s.share), num(s.revenue, 0)]),
    [false, true, true, true],
  )}</div><div>${barsSvg(rows.map((s) => ({ label: s.name, value: s.customers })), { width: 480 })}</div></div></section>`;
}

function churnSection(d: ReportData): string {
  const c = d.churn;
  if (!c) return `<section><h2>Churn model</h2><p class="muted">No churn model: ${e(d.sources.churn)}.</p></section>`;
  const m = c.metrics;
  const kpis = m
    ? `<div><span class="kpi">ROC AUC<b>${num(m.auc, 3)} ± ${num(m.aucStd, 3)}</b></span><span class="kpi">PR AUC<b>${num(m.prAuc, 3)}</b></span><span class="kpi">Log loss<b>${num(m.logloss, 3)}</b></span><span class="kpi">Base rate<b>${pct(c.baseRate)}</b></span></div><p class="muted">Cross-validated over ${m.folds} folds.</p>`
    : '';
  const importance = c.importance.length ? `<h3>Most important columns (drop in AUC when shuffled)</h3>${barsSvg(c.importance.map((i) => ({ label: i.feature, value: Math.max(0, i.value) })), { width: 560, format: (v) => v.toFixed(3) })}` : '';
  const fit = c.calibrationFit;
  const fitText = fit
    ? `<p class="muted">${fit.method === 'none' ? 'Probabilities as the model gives them (no calibration beat them out of sample)' : `Calibrated by ${fit.method === 'platt' ? 'Platt scaling' : 'isotonic regression'} on out-of-fold predictions (grey: before)`}: Brier ${num(fit.brierBefore, 4)} → ${num(fit.brierAfter, 4)}, ECE ${num(fit.eceBefore, 4)} → ${num(fit.eceAfter, 4)}.</p>`
    : '';
  const calibration = c.calibration.length ? `<div><h3>Calibration</h3>${c.calibrationAfter?.length ? calibrationSvg(c.calibrationAfter, 260, c.calibration) : calibrationSvg(c.calibration)}${fitText}</div>` : '';
  const audit = c.leakage
    ? `<h3>Leakage audit</h3>${c.leakage.length ? `<ul>${c.leakage.map((l) => `<li><b>${e(l.column)}</b>: ${e(l.reason)}</li>`).join('')}</ul>` : '<p class="muted">Nothing flagged: no column alone separated churners (AUC above 0.95), copied the label, existed only for churned customers or had dates after the cutoff.</p>'}`
    : '';
  const snap = c.snapshot ? `<p class="muted">Features up to ${e(c.snapshot.cutoff)}, label from the ${int(c.snapshot.horizonDays)} days after.</p>` : '';
  const bt = c.backtest;
  const overTime = bt
    ? `<h3>Backtest over time</h3><p>Time-based ROC AUC <b>${num(bt.aucMean, 3)}</b> (${e(bt.model)}, mean over ${bt.cutoffs.length} cut-offs: ${e(bt.cutoffs.join(', '))}; ${int(bt.horizonDays)}-day horizon; each trained on earlier snapshots) against <b>${num(bt.baselineAucMean, 3)}</b> for the BG/NBD baseline at the same cut-offs.</p>`
    : '';
  return `<section><h2>Churn model card</h2><p>${e(c.model)}${c.target ? ` predicting <b>${e(c.target)}</b>` : ''} on ${int(c.rows)} customers.</p>${snap}${kpis}${overTime}<div class="grid"><div>${importance}</div>${calibration}</div>${
    c.features.length ? `<h3>Features</h3><p>${e(c.features.join(', '))}</p>` : ''
  }${audit}<h3>Limits</h3><ul>${c.limits.map((l) => `<li>${e(l)}</li>`).join('')}</ul></section>`;
}

function clvSection(d: ReportData): string {
  const c = d.clv;
  if (!c) return '';
  const params = Object.entries(c.params ?? c.bgnbd).map(([k, v]) => `${k} = ${num(v, 3)}`).join(', ');
  const gg = c.gammaGamma ? Object.entries(c.gammaGamma).map(([k, v]) => `${k} = ${num(v, 3)}`).join(', ') : 'not fitted';
  const hist = c.histogram ? `<h3>CLV per customer</h3>${histogramSvg(c.histogram.edges, c.histogram.counts)}${c.histogram.above ? `<p class="muted">${int(c.histogram.above)} customers above the last bin are not drawn.</p>` : ''}` : '';
  return `<section><h2>Lifetime value</h2><div><span class="kpi">Customers<b>${int(c.customers)}</b></span><span class="kpi">Total CLV (${c.months} months)<b>${num(c.totalClv, 0)}</b></span><span class="kpi">Mean CLV<b>${num(c.meanClv, 2)}</b></span><span class="kpi">Expected purchases<b>${int(c.expectedPurchases)}</b></span></div><p class="muted">${e(c.model ?? 'BG/NBD')} (time unit: ${e(c.unit)}): ${e(params)}. Gamma-Gamma: ${e(gg)}.</p>${hist}</section>`;
}

function cohortSection(d: ReportData): string {
  const c = d.cohorts;
  if (!c || c.labels.length === 0) return '';
  const width = Math.max(...c.percent.map((r) => r.length));
  const head = `<tr><th>Cohort</th><th>Size</th>${Array.from({ length: width }, (_, k) => `<th>${k}</th>`).join('')}</tr>`;
  const rows = c.labels
    .map((label, i) => {
      const cells = Array.from({ length: width }, (_, k) => {
        const v = c.percent[i][k];
        if (v === undefined) return '<td></td>';
        const share = v / 100;
        return `<td style="background:${heatColor(share)};color:${share > 0.55 ? '#fff' : '#1d2430'}">${Math.round(v)}</td>`;
      });
      return `<tr><td>${e(label)}</td><td class="n">${int(c.sizes[i])}</td>${cells.join('')}</tr>`;
    })
    .join('');
  return `<section><h2>Cohort retention</h2><p class="muted">Share of each monthly cohort (first purchase month) buying again k months later, in %.</p><div class="scroll"><table class="heat">${head}${rows}</table></div></section>`;
}

function actionSection(d: ReportData): string {
  const a = d.actions;
  const counts = table(['Action', 'Customers', 'Value at risk'], a.counts.map((c) => [c.action, int(c.customers), num(c.valueAtRisk, 0)]), [false, true, true]);
  const seg = a.bySegment.length ? `<h3>Value at risk by segment</h3>${barsSvg(a.bySegment.map((s) => ({ label: s.segment || '(none)', value: s.valueAtRisk })), { width: 640, color: '#c0392b', format: (v) => num(v, 0) })}` : '';
  const rules = `<h3>Rules (first match wins)</h3><ol>${a.rules.map((r) => `<li>If ${e(describeRule(r))}: <b>${e(r.action)}</b></li>`).join('')}<li>Otherwise: <b>No action</b></li></ol>`;
  return `<section><h2>Action list</h2><div><span class="kpi">Customers<b>${int(a.customers)}</b></span>${a.byBand.map((b) => `<span class="kpi">${e(b.band)} risk<b>${int(b.customers)}</b></span>`).join('')}<span class="kpi">Model vs P(alive) disagree<b>${int(a.disagreements)}</b></span></div>${counts}${seg}${rules}</section>`;
}

function profitSection(d: ReportData): string {
  const p = d.profit;
  if (!p) return '';
  const s = p.settings;
  const money = (v: number) => num(v, 0);
  const costs = table(
    ['Setting', 'Value'],
    [
      ['Contact cost', num(s.contactCost, 2)],
      ['Offer cost', num(s.offerCost, 2)],
      ['Save chance', p.basis],
      ['Share of stayers taking the offer', pct(s.acceptShare, 0)],
      ['Budget (contact + offer per contacted customer)', s.budget === null || s.budget === undefined ? 'none' : `${money(s.budget)} (at most ${int(p.budgetCap ?? 0)} customers)`],
    ],
    [false, true],
  );
  const kpis = `<div><span class="kpi">Customers contacted<b>${int(p.chosen.customers)}</b></span><span class="kpi">Expected incremental profit<b>${money(p.chosen.profit)}</b></span><span class="kpi">Expected spend<b>${money(p.chosen.expectedSpend)}</b></span><span class="kpi">Value at risk covered<b>${money(p.chosen.valueAtRisk)}</b></span></div>`;
  const best =
    p.chosen.customers < p.best.customers
      ? `<p>Without the budget the best list would contact ${int(p.best.customers)} customers for an expected ${money(p.best.profit)}.</p>`
      : `<p>This is the curve's maximum: every customer whose contact is expected to pay (${int(p.positive)} of ${int(p.valued)} valued).</p>`;
  const left = [p.noClv ? `${int(p.noClv)} customers without a lifetime value are not in the list.` : '', p.noScore ? `${int(p.noScore)} customers without a score are not in the list.` : ''].filter(Boolean).join(' ');
  return `<section><h2>Contact list (expected profit)</h2>${kpis}${best}<p class="muted">${e(p.formula)}. ${e(left)}</p><div class="grid"><div>${costs}</div><div>${profitCurveSvg(p.curve.contacted, p.curve.profit, { mark: p.best.customers, chosen: p.chosen.customers })}</div></div></section>`;
}

function customerSection(d: ReportData): string {
  if (!d.table) return '';
  return `<section><h2>Customers (${int(d.table.length)})</h2>${table(
    ['Customer', 'Action', 'P(churn)', 'Risk', 'P(alive)', 'CLV', 'Value at risk', 'Expected profit', 'Segment', 'Reasons', 'Items'],
    d.table.map((r) => [r.customer, r.action, num(r.probability, 3), r.band ?? '', num(r.pAlive, 3), num(r.clv, 2), num(r.valueAtRisk, 2), num(r.profit, 2), r.segment, r.reasons.join('; '), r.items.join('; ')]),
    [false, false, true, false, true, true, true, true, false, false, false],
  )}</section>`;
}

export function buildReport(d: ReportData): string {
  const notes = d.notes.length ? `<section><h2>Notes</h2><ul>${d.notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul></section>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(d.title)}</title><style>${CSS}</style></head>
<body><main><h1>${e(d.title)}</h1><p class="muted">Created ${e(d.createdAt.slice(0, 16).replace('T', ' '))} UTC by Retention Lab, entirely in the browser.${d.table ? '' : ' No customer-level rows are included.'}</p>
${dataSection(d)}${segmentsSection(d)}${churnSection(d)}${shapReportSection(d.churn?.shap)}${clvSection(d)}${clvModelsReportSection(d.clvModels)}${cohortSection(d)}${lifecycleReportSection(d.lifecycle)}${actionSection(d)}${profitSection(d)}${upliftReportSection(d.uplift)}${sbgReportSection(d.sbg)}${coxReportSection(d.cox)}${customerSection(d)}${notes}
</main></body></html>
`;
}
