// The report's Lifecycle section (src/lib/actions/report.ts renders it when the action list had transactions):
// monthly new/returning/resurrecting/dormant (a stacked bar chart, dormant below zero), stickiness, and the
// pooled bounded retention, NRR and GRR by months since the first purchase.
import { escapeHtml as e } from '../actions/svg';
import { getColumn, type Table } from '../data/table';
import { customerIndex, dateValues, spendValues } from '../models/clv/summary';
import { lifecycle, type LifecycleResult } from '../models/lifecycle/lifecycle';

/** How many of the latest periods and first offsets the report shows. */
const LAST = 12;

export interface LifecycleReportPart {
  period: string;
  rows: { period: string; new: number; returning: number; resurrecting: number; dormant: number }[];
  meanRatio: number;
  bounded: number[];
  nrr: number[] | null;
  grr: number[] | null;
}

export function lifecycleReportPart(r: LifecycleResult): LifecycleReportPart {
  return {
    period: r.period,
    rows: r.periods.slice(-LAST).map((p) => ({ period: p.period, new: p.new, returning: p.returning, resurrecting: p.resurrecting, dormant: p.dormant })),
    meanRatio: r.stickiness.meanRatio,
    bounded: r.retention.bounded.slice(0, LAST + 1),
    nrr: r.revenue ? r.revenue.nrr.slice(0, LAST + 1) : null,
    grr: r.revenue ? r.revenue.grr.slice(0, LAST + 1) : null,
  };
}

export const LIFECYCLE_COLORS = { new: '#4e79a7', returning: '#59a14f', resurrecting: '#f28e2b', dormant: '#e15759' } as const;

/** Stacked bars, new/returning/resurrecting up from zero and dormant down: a plain SVG string. */
export function lifecycleSvg(rows: LifecycleReportPart['rows'], width = 640, height = 240): string {
  if (rows.length === 0) return '';
  const pad = { l: 44, r: 8, t: 10, b: 40 };
  const up = Math.max(1, ...rows.map((r) => r.new + r.returning + r.resurrecting));
  const down = Math.max(0, ...rows.map((r) => r.dormant));
  const plotH = height - pad.t - pad.b;
  const y = (v: number) => pad.t + (plotH * (up - v)) / (up + down);
  const band = (width - pad.l - pad.r) / rows.length;
  const bars = rows
    .map((r, i) => {
      const x = pad.l + i * band + band * 0.1;
      const w = band * 0.8;
      let base = 0;
      const parts = (['new', 'returning', 'resurrecting'] as const).map((k) => {
        const rect = `<rect x="${x.toFixed(1)}" y="${y(base + r[k]).toFixed(1)}" width="${w.toFixed(1)}" height="${(y(base) - y(base + r[k])).toFixed(1)}" fill="${LIFECYCLE_COLORS[k]}"><title>${e(`${r.period} ${k}: ${r[k]}`)}</title></rect>`;
        base += r[k];
        return rect;
      });
      parts.push(`<rect x="${x.toFixed(1)}" y="${y(0).toFixed(1)}" width="${w.toFixed(1)}" height="${(y(-r.dormant) - y(0)).toFixed(1)}" fill="${LIFECYCLE_COLORS.dormant}"><title>${e(`${r.period} dormant: ${r.dormant}`)}</title></rect>`);
      const label = `<text x="${(x + w / 2).toFixed(1)}" y="${height - pad.b + 14}" font-size="10" text-anchor="middle">${e(r.period)}</text>`;
      return parts.join('') + label;
    })
    .join('');
  const axis = `<line x1="${pad.l}" x2="${width - pad.r}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}" stroke="#1d2430"/><text x="${pad.l - 4}" y="${y(up) + 4}" font-size="10" text-anchor="end">${up}</text><text x="${pad.l - 4}" y="${y(0) + 4}" font-size="10" text-anchor="end">0</text>${down > 0 ? `<text x="${pad.l - 4}" y="${y(-down)}" font-size="10" text-anchor="end">-${down}</text>` : ''}`;
  return `<svg role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui,sans-serif">${axis}${bars}</svg>`;
}

const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '–');

export function lifecycleReportSection(p: LifecycleReportPart | null | undefined): string {
  if (!p || p.rows.length === 0) return '';
  const head = `<tr><th>${e(p.period)}</th><th>New</th><th>Returning</th><th>Resurrecting</th><th>Dormant</th></tr>`;
  const body = p.rows.map((r) => `<tr><td>${e(r.period)}</td><td class="n">${r.new}</td><td class="n">${r.returning}</td><td class="n">${r.resurrecting}</td><td class="n">-${r.dormant}</td></tr>`).join('');
  const offsets = p.bounded.map((_, k) => `<th>${k}</th>`).join('');
  const line = (name: string, v: number[] | null) => (v ? `<tr><td>${e(name)}</td>${v.map((x) => `<td class="n">${pct(x)}</td>`).join('')}</tr>` : '');
  const legend = Object.entries(LIFECYCLE_COLORS).map(([k, c]) => `<span style="color:${c}">■</span> ${k}`).join(' ');
  return `<section><h2>Lifecycle</h2><p class="muted">Per ${e(p.period)}: new (first purchase), returning (bought in the ${e(p.period)} before too), resurrecting (bought before, but not in the ${e(p.period)} before), dormant (bought in the ${e(p.period)} before, not in this one; drawn below zero). ${legend}</p>${lifecycleSvg(p.rows)}<table>${head}${body}</table><p>Stickiness (mean daily active customers / ${e(p.period)}ly active customers): <b>${pct(p.meanRatio)}</b></p><h3>Retention by ${e(p.period)}s since the first purchase (all cohorts pooled)</h3><div class="scroll"><table><tr><th></th>${offsets}</tr>${line('Bought in that exact ' + p.period, p.bounded)}${line('Net revenue retention', p.nrr)}${line('Gross revenue retention', p.grr)}</table></div><p class="muted">Net revenue retention: the cohort's revenue k ${e(p.period)}s later over its first-${e(p.period)} revenue (expansion counts); gross: each customer's revenue capped at its first-${e(p.period)} revenue.</p></section>`;
}

/** The report's part from the action list's transactions, monthly; null when they hold no purchase. */
export function lifecycleReportFromTable(table: Table, columns: { customer: string; date: string; amount?: string }): LifecycleReportPart | null {
  const dates = dateValues(table, columns.date);
  const amounts = columns.amount ? spendValues(table, columns.amount) : null;
  const { index, labels } = customerIndex(getColumn(table, columns.customer));
  const r = lifecycle(index, dates, amounts, labels.length, 'month');
  return r.customers > 0 ? lifecycleReportPart(r) : null;
}
