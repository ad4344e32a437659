// The report's purchase-model section (src/lib/actions/report.ts renders it when the Lifetime value tab has a
// stored run that compared the models): the choice table, the rule, and a few points of the holdout tracking.
import { PURCHASE_MODEL_LABELS, type ModelChoice, type PurchaseModelName } from '../models/clv/purchase-models';
import type { ClvFit } from './types';

export interface ClvModelsReportPart {
  createdAt: number;
  customers: number;
  /** The model the stored predictions and CLV use. */
  used: PurchaseModelName;
  choice: ModelChoice;
  /** Cumulative repeat purchases at a few periods: actual and per model (null without transactions). */
  tracking: { period: number; actual: number; models: Partial<Record<PurchaseModelName, number>> }[] | null;
  calibrationEnd: number | null;
}

export function clvModelsReportPart(fit: ClvFit, createdAt: number): ClvModelsReportPart | null {
  const a = fit.analysis;
  if (!a.modelChoice || !a.purchaseModel) return null;
  const t = a.charts.holdoutTracking ?? null;
  let tracking: ClvModelsReportPart['tracking'] = null;
  if (t) {
    const n = t.periodEnd.length;
    const picks = [...new Set([0.25, 0.5, 0.75, 1].map((f) => Math.max(0, Math.round(f * n) - 1)).concat(Math.max(0, Math.min(n - 1, Math.round(t.calibrationEnd) - 1))))].sort((x, y) => x - y);
    tracking = picks.map((k) => ({ period: k + 1, actual: t.actual.cumulative[k], models: Object.fromEntries(t.models.map((m) => [m.model, m.cumulative[k]])) }));
  }
  return { createdAt, customers: a.customers, used: a.purchaseModel.model, choice: a.modelChoice, tracking, calibrationEnd: t ? t.calibrationEnd : null };
}

const num = (v: number | null, d = 2) => (v !== null && Number.isFinite(v) ? v.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d }) : '–');

/** The HTML section ('' without a comparison). */
export function clvModelsReportSection(p: ClvModelsReportPart | null | undefined): string {
  if (!p) return '';
  const c = p.choice;
  const rule = c.rule === 'holdoutMae' ? 'the lowest holdout error (mean absolute error of holdout purchases per customer)' : 'the lowest BIC (no holdout period)';
  const rows = c.rows
    .map((r) => {
      const params = Object.entries(r.params).map(([k, v]) => `${k} ${num(v, 4)}`).join(', ');
      const total = r.holdoutTotal ? `${num(r.holdoutTotal.expected, 0)} / ${num(r.holdoutTotal.actual, 0)}` : '–';
      return `<tr><td>${PURCHASE_MODEL_LABELS[r.model]}${r.model === c.model ? ' ★' : ''}${r.model === p.used ? ' (used)' : ''}</td><td>${params}</td><td class="n">${num(r.loglik)}</td><td class="n">${num(r.bic)}</td><td class="n">${num(r.holdoutMae, 4)}</td><td class="n">${total}</td></tr>`;
    })
    .join('');
  const models = c.rows.map((r) => r.model);
  const tracking = p.tracking
    ? `<h3>Cumulative repeat purchases (calibration ends after period ${num(p.calibrationEnd, 1)})</h3><table><tr><th>Period</th><th>Actual</th>${models.map((m) => `<th>${PURCHASE_MODEL_LABELS[m]}</th>`).join('')}</tr>${p.tracking
        .map((t) => `<tr><td class="n">${t.period}</td><td class="n">${num(t.actual, 0)}</td>${models.map((m) => `<td class="n">${num(t.models[m] ?? null, 0)}</td>`).join('')}</tr>`)
        .join('')}</table>`
    : '';
  return `<section><h2>Purchase models</h2><p>${p.customers.toLocaleString('en')} customers. BG/NBD, Pareto/NBD and MBG/NBD compared; best: <b>${PURCHASE_MODEL_LABELS[c.model]}</b>, ${rule}. Lifetime value uses ${PURCHASE_MODEL_LABELS[p.used]}.</p><table><tr><th>Model</th><th>Parameters</th><th>Log-likelihood</th><th>BIC</th><th>Holdout MAE</th><th>Holdout total: predicted / actual</th></tr>${rows}</table>${tracking}</section>`;
}
