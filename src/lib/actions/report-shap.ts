// SHAP in the report and the shared arithmetic of its views: the steps of a customer's waterfall (the Churn
// page, the action list and the report draw the same steps), the method's one-line note, the global mean |SHAP|
// bars in order, and the report's section (inline SVG, no script, every text escaped).
import { barsSvg, escapeHtml as e } from './svg';

/** One customer's contributions, as part B's `customerWaterfall` gives them (ChurnWaterfall, structurally). */
export interface WaterfallInput {
  customer: string;
  /** E[f(x)], log-odds. */
  expected: number;
  /** The customer's log-odds (model margin, before calibration). */
  logit: number;
  /** The customer's churn probability as the app scores it (calibrated when a calibration was chosen). */
  probability: number;
  /** Sorted by |contribution|, largest first. */
  items: { column: string; value: string; typical: string; contribution: number }[];
}

export interface WaterfallStep {
  /** "column = value", or "N other columns". */
  label: string;
  /** The source column; null for the aggregated rest. */
  column: string | null;
  value: string;
  typical: string;
  contribution: number;
  /** Log-odds before and after this step: start + contribution = end. */
  start: number;
  end: number;
}

export interface WaterfallSteps {
  customer: string;
  expected: number;
  logit: number;
  probability: number;
  /** From `expected` (the first step's start) to `expected + sum of all contributions` (the last step's end). */
  steps: WaterfallStep[];
  /** |expected + sum of contributions - logit|: 0 up to rounding when the explanation is locally accurate. */
  gap: number;
  /** The log-odds span every marker and bar covers (the expected value, the customer's, each step's ends), at
   *  least 1 wide: the x axis of every drawing of the waterfall (page, action list, report). */
  extent: [number, number];
}

/** The largest `maxSteps - 1` contributions in order, the rest summed into one step, cumulated from E[f(x)]. */
export function waterfallSteps(w: WaterfallInput, maxSteps = 10): WaterfallSteps {
  if (maxSteps < 2) throw new Error(`maxSteps must be at least 2, got ${maxSteps}`);
  const items = [...w.items].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  const shown = items.length > maxSteps ? items.slice(0, maxSteps - 1) : items;
  const rest = items.slice(shown.length);
  const steps: WaterfallStep[] = [];
  let at = w.expected;
  for (const it of shown) {
    steps.push({ label: `${it.column} = ${it.value}`, column: it.column, value: it.value, typical: it.typical, contribution: it.contribution, start: at, end: at + it.contribution });
    at += it.contribution;
  }
  if (rest.length) {
    let sum = 0;
    for (const it of rest) sum += it.contribution;
    steps.push({ label: `${rest.length} other column${rest.length === 1 ? '' : 's'}`, column: null, value: '', typical: '', contribution: sum, start: at, end: at + sum });
    at += sum;
  }
  let lo = Math.min(w.expected, w.logit);
  let hi = Math.max(w.expected, w.logit);
  for (const s of steps) {
    lo = Math.min(lo, s.start, s.end);
    hi = Math.max(hi, s.start, s.end);
  }
  if (hi - lo < 1e-9) {
    lo -= 0.5;
    hi += 0.5;
  }
  return { customer: w.customer, expected: w.expected, logit: w.logit, probability: w.probability, steps, gap: Math.abs(at - w.logit), extent: [lo, hi] };
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** How the contributions were computed, in one line. */
export function shapMethodNote(s: { method: string; samples?: number; stdErr?: number }): string {
  switch (s.method) {
    case 'tree':
      return 'Exact TreeSHAP (path algorithm) on the model’s log-odds';
    case 'tree-rescaled':
      return 'Exact TreeSHAP on the forest’s mean probability, rescaled to log-odds so contributions add up to the prediction';
    case 'linear':
      return 'Exact linear SHAP: coefficient × (value − mean) per encoded feature, summed per column';
    case 'permutation': {
      const n = s.samples ?? 0;
      const err = s.stdErr !== undefined && Number.isFinite(s.stdErr) ? `, max std error ${s.stdErr.toPrecision(2)}` : '';
      return `Sampled SHAP: ${n.toLocaleString('en')} permutation${n === 1 ? '' : 's'} per customer${err} (log-odds)`;
    }
    default:
      return `SHAP (${s.method})`;
  }
}

/** Columns by mean |SHAP|, largest first (ties: column order), at most `top`. */
export function meanAbsOrder(columns: string[], meanAbs: ArrayLike<number>, top = columns.length): { column: string; index: number; value: number }[] {
  if (meanAbs.length !== columns.length) throw new Error(`meanAbs has ${meanAbs.length} values for ${columns.length} columns`);
  return columns
    .map((column, index) => ({ column, index, value: meanAbs[index] }))
    .sort((a, b) => b.value - a.value || a.index - b.index)
    .slice(0, Math.max(0, top));
}

/** What the report shows of SHAP: the global bar and the waterfalls of the riskiest customers. */
export interface ShapReportPart {
  method: string;
  samples?: number;
  stdErr?: number;
  /** Customers in the beeswarm sample (the mean |SHAP| is over them and the explained riskiest ones). */
  customers: number;
  bars: { column: string; value: number }[];
  waterfalls: WaterfallInput[];
}

/** The report's part from a run's SHAP summary and the waterfalls of its riskiest customers (riskiest first). */
export function shapReportPart(summary: { method: string; samples?: number; stdErr?: number; columns: string[]; meanAbs: ArrayLike<number>; customers: ArrayLike<string> }, waterfalls: WaterfallInput[], top = 12): ShapReportPart {
  return {
    method: summary.method,
    ...(summary.samples !== undefined ? { samples: summary.samples } : {}),
    ...(summary.stdErr !== undefined ? { stdErr: summary.stdErr } : {}),
    customers: summary.customers.length,
    bars: meanAbsOrder(summary.columns, summary.meanAbs, top).map((b) => ({ column: b.column, value: b.value })),
    // Plain copies: the card is stored and cloned, and a waterfall may carry fields the report does not show.
    waterfalls: waterfalls.slice(0, 5).map((w) => ({ customer: w.customer, expected: w.expected, logit: w.logit, probability: w.probability, items: w.items.map((i) => ({ ...i })) })),
  };
}

const r1 = (v: number): string => (Math.round(v * 10) / 10).toString();
const lo = (v: number): string => (v >= 0 ? '+' : '−') + Math.abs(v).toFixed(3);
export const RAISES = '#c0392b';
export const LOWERS = '#2e6fb0';

/** A waterfall as an inline SVG string (the report's; the page draws the same steps with its own layout). */
export function waterfallSvg(w: WaterfallInput, width = 640, maxSteps = 10): string {
  const s = waterfallSteps(w, maxSteps);
  const labelW = 250;
  const valueW = 64;
  const rowH = 22;
  const top = 8;
  const rows = s.steps.length;
  const height = top + (rows + 2) * rowH + 10;
  const [min, max] = s.extent;
  const x0 = labelW;
  const span = width - labelW - valueW - 8;
  const x = (v: number) => x0 + ((v - min) / (max - min)) * span;
  const parts: string[] = [];
  const label = (y: number, text: string) => `<text x="${labelW - 8}" y="${r1(y + rowH * 0.68)}" text-anchor="end">${e(text.length > 38 ? `${text.slice(0, 37)}…` : text)}</text>`;
  parts.push(label(top, 'Typical customer (expected log-odds)'));
  parts.push(`<line x1="${r1(x(s.expected))}" x2="${r1(x(s.expected))}" y1="${top + 3}" y2="${top + rowH - 3}" stroke="#1d2430" stroke-width="2"/><text x="${r1(x(s.expected) + 6)}" y="${r1(top + rowH * 0.68)}">${lo(s.expected)}</text>`);
  s.steps.forEach((st, i) => {
    const y = top + (i + 1) * rowH;
    const a = x(Math.min(st.start, st.end));
    const b = x(Math.max(st.start, st.end));
    const fill = st.contribution >= 0 ? RAISES : LOWERS;
    parts.push(label(y, st.label));
    parts.push(`<rect x="${r1(a)}" y="${y + 3}" width="${r1(Math.max(1, b - a))}" height="${rowH - 6}" fill="${fill}"><title>${e(`${st.label}${st.typical ? ` (typical: ${st.typical})` : ''}: ${lo(st.contribution)} log-odds`)}</title></rect>`);
    parts.push(`<text x="${r1(b + 4)}" y="${r1(y + rowH * 0.68)}">${lo(st.contribution)}</text>`);
  });
  const yEnd = top + (rows + 1) * rowH;
  parts.push(label(yEnd, `This customer: P(churn) ${(s.probability * 100).toFixed(1)}%`));
  parts.push(`<line x1="${r1(x(s.logit))}" x2="${r1(x(s.logit))}" y1="${yEnd + 3}" y2="${yEnd + rowH - 3}" stroke="#1d2430" stroke-width="2"/><text x="${r1(x(s.logit) + 6)}" y="${r1(yEnd + rowH * 0.68)}">${lo(s.logit)}</text>`);
  parts.push(`<line x1="${r1(x(s.expected))}" x2="${r1(x(s.expected))}" y1="${top}" y2="${yEnd + rowH}" stroke="#888" stroke-dasharray="3 3"/>`);
  return `<svg role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-size="12" font-family="sans-serif"><title>${e(`Contributions to customer ${s.customer}'s churn log-odds`)}</title>${parts.join('')}</svg>`;
}

/** The report's section ('' without SHAP values). */
export function shapReportSection(p: ShapReportPart | null | undefined): string {
  if (!p || !p.bars.length) return '';
  const bars = `<h3>Mean |SHAP| by column (log-odds; the explained riskiest customers and a sample of ${p.customers.toLocaleString('en')})</h3>${barsSvg(p.bars.map((b) => ({ label: b.column, value: b.value })), { width: 560, format: (v) => v.toFixed(3) })}`;
  const falls = p.waterfalls.length
    ? `<h3>The ${p.waterfalls.length} riskiest customers</h3>${p.waterfalls
        .map((w) => `<h4>${e(w.customer)}: P(churn) ${(w.probability * 100).toFixed(1)}%</h4>${waterfallSvg(w)}`)
        .join('')}<p class="muted">Red raises the customer's churn log-odds, blue lowers it; from the typical customer's expected log-odds to this customer's.</p>`
    : '';
  return `<section><h2>Why the model predicts what it does (SHAP)</h2><p class="muted">${e(shapMethodNote(p))}.</p>${bars}${falls}</section>`;
}
