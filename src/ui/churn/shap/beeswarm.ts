// The SHAP beeswarm as plain data (tested in Node): one row per column (the top ones by mean |SHAP|), one dot per
// sampled customer at x = its contribution, packed vertically within the row so dots in the same pixel bin do not
// sit on each other, coloured by the customer's value of the column (numbers low -> high, categories by level).
import { interpolateRgb, scaleLinear } from 'd3';
import { meanAbsOrder } from '../../../lib/actions/report-shap';
import { fitXTicks, linearTicks } from '../../charts/layout/axis';
import { checkSize } from '../../charts/layout/line';
import { NEUTRAL } from '../../charts/layout/palette';
import { textWidth, TICK_FONT, truncate } from '../../charts/layout/text';
import type { Rect, TextMark, Tick } from '../../charts/layout/types';

/** What the beeswarm reads of ChurnRunResult.shap (ChurnShapSummary, structurally). */
export interface ShapSample {
  columns: string[];
  meanAbs: ArrayLike<number>;
  customers: ArrayLike<string>;
  /** customers x columns, row-major, log-odds. */
  values: ArrayLike<number>;
  /** customers x columns: numeric value (date: age in days; boolean 0/1), level index for categories, NaN missing. */
  feature: ArrayLike<number>;
  levels: (string[] | null)[];
}

export const GRADIENT_STEPS = 16;
export const LOW_COLOR = '#1e88e5';
export const HIGH_COLOR = '#e53935';
/**
 * Category levels: no blue and no red, so a level never reads as "low" or "high" on the numbers' scale (Tableau 10
 * had both; a new user took Contract's levels for low/high values). Named in a key under the chart.
 */
export const LEVEL_COLORS: readonly string[] = ['#1b9e77', '#e6ab02', '#7b3294', '#a6761d', '#bcbd22', '#c994c7', '#66a61e', '#3f3f3f'];
/** Palette: GRADIENT_STEPS low -> high colours, then the level colours, then grey (missing). */
export const BEESWARM_PALETTE: readonly string[] = [
  ...Array.from({ length: GRADIENT_STEPS }, (_, k) => interpolateRgb(LOW_COLOR, HIGH_COLOR)(k / (GRADIENT_STEPS - 1))),
  ...LEVEL_COLORS,
  NEUTRAL,
];
const MISSING = GRADIENT_STEPS + LEVEL_COLORS.length;
/** Levels named in a category column's key; more share colours and are counted. */
const KEY_LEVELS = LEVEL_COLORS.length;
const KEY_LINE = 16;

export interface BeeswarmRow {
  column: string;
  /** The column's index in the sample. */
  index: number;
  label: string;
  meanAbs: number;
  /** Centre line of the row. */
  y: number;
  categorical: boolean;
}

/** One key line under the chart for a category column: its name, then a dot and the name of each level. */
export interface CategoryKey {
  column: string;
  label: { text: string; x: number; y: number };
  items: { level: string; text: string; x: number; y: number; color: string }[];
}

export interface BeeswarmLayout {
  width: number;
  height: number;
  plot: Rect;
  rows: BeeswarmRow[];
  rowHeight: number;
  ticks: Tick[];
  xTitle: TextMark;
  zero: number;
  /** The x axis' domain (log-odds), after rounding. */
  domain: [number, number];
  /** The numbers' low -> high legend line (null: every row shown is a category column). */
  gradient: { y: number } | null;
  /** A key per category column shown (level -> colour), below the gradient legend. */
  keys: CategoryKey[];
  /** Dot k of row r is entry r * customers + k; NaN where a contribution is not finite. */
  px: Float32Array;
  py: Float32Array;
  /** Index into BEESWARM_PALETTE per dot. */
  color: Uint8Array;
  radius: number;
  customers: number;
}

/**
 * The whole layout at once (tests, small samples). The page lays it out in parts: `beeswarmFrame`, then
 * `layoutBeeswarmRow` for each row in a task of its own, drawing each row as it comes (Beeswarm.svelte).
 */
export function layoutBeeswarm(s: ShapSample, options: { width: number; top?: number; rowHeight?: number }): BeeswarmLayout {
  const layout = beeswarmFrame(s, options);
  for (let r = 0; r < layout.rows.length; r++) layoutBeeswarmRow(s, layout, r);
  return layout;
}

/** Everything but the dots: rows, axis, legends, and the dots' arrays, their positions NaN until their row is laid out. */
export function beeswarmFrame(s: ShapSample, options: { width: number; top?: number; rowHeight?: number }): BeeswarmLayout {
  const n = s.customers.length;
  const c = s.columns.length;
  if (s.values.length !== n * c || s.feature.length !== n * c) throw new Error(`values and feature need ${n} x ${c} entries, got ${s.values.length} and ${s.feature.length}`);
  const order = meanAbsOrder(s.columns, s.meanAbs, options.top ?? 12);
  const rowHeight = options.rowHeight ?? 28;
  const { width } = options;
  const top = 6;
  // A category column's label carries a ▪ (its dots are coloured by level, not low -> high).
  const named = order.map((o) => (s.levels[o.index] ? `${o.column} ▪` : o.column));
  const labelW = Math.min(width * 0.3, Math.max(40, ...named.map((t) => textWidth(t, TICK_FONT))) + 10);
  const plot: Rect = { x: labelW + 4, y: top, width: Math.max(10, width - labelW - 20), height: order.length * rowHeight };
  // Below the plot: the axis and its title, the numbers' legend, then one key per category column (wrapped).
  const below = top + plot.height + 48;
  const gradient = order.some((o) => !s.levels[o.index]) ? { y: below } : null;
  const keys = categoryKeys(
    order.filter((o) => s.levels[o.index]).map((o) => ({ column: o.column, levels: s.levels[o.index]! })),
    plot.x,
    width - 4,
    below + (gradient ? KEY_LINE : 0),
  );
  const lastKey = keys.length ? Math.max(...keys.map((k) => Math.max(k.label.y, ...k.items.map((i) => i.y)))) : below;
  const height = Math.max(top + plot.height + 60, lastKey + 12);
  checkSize(width, height);

  let lo = 0;
  let hi = 0;
  for (const o of order)
    for (let i = 0; i < n; i++) {
      const v = s.values[i * c + o.index];
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  if (hi - lo < 1e-12) {
    lo -= 1;
    hi += 1;
  }
  const xs = scaleLinear().domain([lo, hi]).range([plot.x, plot.x + plot.width]).nice();
  const radius = n * order.length > 12_000 ? 1.6 : 2.2;
  const rows: BeeswarmRow[] = order.map((o, r) => ({
    column: o.column,
    index: o.index,
    label: truncate(named[r], labelW - 6, TICK_FONT),
    meanAbs: o.value,
    y: top + r * rowHeight + rowHeight / 2,
    categorical: !!s.levels[o.index],
  }));

  return {
    width,
    height,
    plot,
    rows,
    rowHeight,
    ticks: fitXTicks(plot.width, (k) => linearTicks(xs, k)),
    xTitle: { text: 'SHAP value (contribution to churn log-odds)', x: plot.x + plot.width / 2, y: top + plot.height + 36, anchor: 'middle', rotate: 0 },
    zero: xs(0),
    domain: xs.domain() as [number, number],
    gradient,
    keys,
    px: new Float32Array(n * order.length).fill(NaN),
    py: new Float32Array(n * order.length).fill(NaN),
    color: new Uint8Array(n * order.length).fill(MISSING),
    radius,
    customers: n,
  };
}

/** Lays out row `r`'s dots (entries r * customers ... (r + 1) * customers - 1 of px, py and color) in place. */
export function layoutBeeswarmRow(s: ShapSample, layout: BeeswarmLayout, r: number): void {
  const n = s.customers.length;
  const c = s.columns.length;
  const { plot, radius, rowHeight, px, py, color } = layout;
  const { y, index } = layout.rows[r];
  const levels = s.levels[index];
  // The scale written out (a d3 scale call per dot costs more than the rest of a row's layout).
  const [d0, d1] = layout.domain;
  const scale = plot.width / (d1 - d0);
  const x = new Float64Array(n);
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = plot.x + scale * (s.values[i * c + index] - d0);
    f[i] = s.feature[i * c + index];
  }
  const offsets = packRow(x, f, radius * 2, rowHeight / 2 - radius - 1);
  const colors = levels ? levelColors(f) : gradientColors(f);
  for (let i = 0; i < n; i++) {
    const k = r * n + i;
    const ok = Number.isFinite(x[i]);
    px[k] = ok ? x[i] : NaN;
    py[k] = ok ? y + offsets[i] : NaN;
    color[k] = colors[i];
  }
}

/**
 * Vertical offsets for one row: dots are put in bins `bin` pixels wide along x; within a bin (ordered by the
 * feature value, so colours grade smoothly) they take layers 0, +1, -1, +2, -2, ... one dot diameter apart,
 * scaled down when the fullest bin would leave the row (half-height `half`). Missing x: offset 0.
 */
export function packRow(x: ArrayLike<number>, feature: ArrayLike<number>, bin: number, half: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  // Keys computed once: the sort compares typed-array entries only (12 rows x 2,000 dots stay well under 50 ms).
  const key = new Float64Array(n);
  const fv = new Float64Array(n);
  let m = 0;
  const ids = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i])) continue;
    key[i] = Math.floor(x[i] / bin);
    fv[i] = Number.isNaN(feature[i]) ? -Infinity : feature[i];
    ids[m++] = i;
  }
  const order = ids.subarray(0, m).sort((a, b) => key[a] - key[b] || fv[a] - fv[b] || a - b);
  let maxLayer = 0;
  let layer = 0;
  for (let k = 0; k < m; k++) {
    if (k > 0 && key[order[k]] !== key[order[k - 1]]) layer = 0;
    const step = layer === 0 ? 0 : Math.ceil(layer / 2) * (layer % 2 === 0 ? -1 : 1);
    out[order[k]] = step;
    if (step > maxLayer) maxLayer = step;
    else if (-step > maxLayer) maxLayer = -step;
    layer++;
  }
  const gap = maxLayer * bin > half ? half / maxLayer : bin;
  for (let k = 0; k < m; k++) out[order[k]] *= gap;
  return out;
}

/** Numbers: low -> high between the 5th and 95th percentiles (as shap does, so outliers do not wash out the rest). */
function gradientColors(f: Float64Array): Uint8Array {
  const finite = f.filter(Number.isFinite).sort();
  const out = new Uint8Array(f.length).fill(MISSING);
  if (!finite.length) return out;
  let lo = finite[Math.floor(0.05 * (finite.length - 1))];
  let hi = finite[Math.ceil(0.95 * (finite.length - 1))];
  if (hi <= lo) {
    lo = finite[0];
    hi = finite[finite.length - 1];
  }
  for (let i = 0; i < f.length; i++) {
    if (!Number.isFinite(f[i])) continue;
    const t = hi > lo ? Math.min(1, Math.max(0, (f[i] - lo) / (hi - lo))) : 0.5;
    out[i] = Math.round(t * (GRADIENT_STEPS - 1));
  }
  return out;
}

/** Categories: level k in level colour k (mod LEVEL_COLORS), missing grey. */
function levelColors(f: Float64Array): Uint8Array {
  const out = new Uint8Array(f.length);
  for (let i = 0; i < f.length; i++) out[i] = Number.isFinite(f[i]) && f[i] >= 0 ? GRADIENT_STEPS + (Math.floor(f[i]) % LEVEL_COLORS.length) : MISSING;
  return out;
}

/**
 * Key lines "Contract: ● Month-to-month ● One year ● Two year" from x = left, wrapped before `right`; the first
 * line's centre at y. Past KEY_LEVELS levels, one item says how many more (their colours repeat).
 */
export function categoryKeys(columns: { column: string; levels: string[] }[], left: number, right: number, y: number): CategoryKey[] {
  const out: CategoryKey[] = [];
  for (const { column, levels } of columns) {
    const label = { text: `${column}:`, x: left, y };
    let x = left + textWidth(label.text, TICK_FONT) + 8;
    const items: CategoryKey['items'] = [];
    const shown = levels.slice(0, KEY_LEVELS);
    const texts = shown.map((l) => truncate(l, 140, TICK_FONT));
    if (levels.length > KEY_LEVELS) texts.push(`+${levels.length - KEY_LEVELS} more (colours repeat)`);
    texts.forEach((text, k) => {
      const w = 10 + textWidth(text, TICK_FONT) + 12;
      if (items.length && x + w > right) {
        x = left + 12;
        y += KEY_LINE;
      }
      items.push({ level: shown[k] ?? '', text, x, y, color: k < shown.length ? LEVEL_COLORS[k] : NEUTRAL });
      x += w;
    });
    out.push({ column, label, items });
    y += KEY_LINE;
  }
  return out;
}
