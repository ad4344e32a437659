import { area, curveLinear, curveStepAfter, line, scaleLinear, scaleUtc } from 'd3';
import { fitXTicks, linearTicks, maxLabelWidth, tickCount, timeTicks } from './axis';
import { formatValue, toFormatter } from './format';
import { layoutLegend, type LegendLayout } from './legend';
import { categoryColor } from './palette';
import { LABEL_FONT, textWidth, TICK_FONT } from './text';
import type { FormatSpec, Formatter, Rect, TextMark, Tick } from './types';

export interface LineSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Defaults to the series' position in Tableau 10. */
  color?: string;
  dashed?: boolean;
  /** Draw as a step function (Kaplan-Meier): the value holds until the next x. */
  step?: boolean;
  /** Dots at each point; defaults to the chart's `markers`. */
  markers?: boolean;
  /** A shaded confidence band, same length as x. */
  band?: { lower: ArrayLike<number>; upper: ArrayLike<number> };
}

export interface LineChartOptions {
  width: number;
  height: number;
  /** Default: the data's extent, rounded to nice numbers. */
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** `time`: x values are epoch ms (UTC). */
  xScale?: 'linear' | 'time';
  xFormat?: FormatSpec;
  yFormat?: FormatSpec;
  xLabel?: string;
  yLabel?: string;
  /** The y = x reference line (ROC, calibration). */
  diagonal?: boolean;
  /** A vertical marker, e.g. a threshold or the chosen K. */
  vline?: { x: number; label?: string };
  /** A horizontal reference, e.g. lift = 1 or silhouette = 0. */
  hline?: { y: number; label?: string };
  markers?: boolean;
  /** Default: shown when there are several series. */
  legend?: boolean;
}

export interface LineSeriesLayout {
  name: string;
  color: string;
  dashed: boolean;
  /** SVG path data of the line. */
  d: string;
  /** SVG path data of the confidence band, or null. */
  band: string | null;
  markers: { x: number; y: number }[];
  /** Pixel positions of every point (NaN where the point is missing), for hover lookups. */
  px: Float64Array;
  py: Float64Array;
}

export interface RuleLayout {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  label: TextMark | null;
}

export interface LineLayout {
  width: number;
  height: number;
  plot: Rect;
  xTicks: Tick[];
  yTicks: Tick[];
  xTitle: TextMark | null;
  yTitle: TextMark | null;
  series: LineSeriesLayout[];
  legend: LegendLayout | null;
  diagonal: RuleLayout | null;
  vline: RuleLayout | null;
  hline: RuleLayout | null;
  /** Formatters for the hover readout (the tick formats when given, else a compact default). */
  formatX: Formatter;
  formatY: Formatter;
}

export function checkSize(width: number, height: number): void {
  if (!(width > 0) || !Number.isFinite(width)) throw new Error(`Chart width must be a positive number, got ${width}`);
  if (!(height > 0) || !Number.isFinite(height)) throw new Error(`Chart height must be a positive number, got ${height}`);
}

export function checkDomain(name: string, d: [number, number] | undefined): void {
  if (d && !(Number.isFinite(d[0]) && Number.isFinite(d[1]) && d[0] < d[1])) {
    throw new Error(`${name} must be [min, max] with min < max, got [${d[0]}, ${d[1]}]`);
  }
}

/** Extent of finite values, widened when flat so a constant series still gets an axis. */
export function finiteExtent(arrays: ArrayLike<number>[], extra: number[] = []): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  const visit = (v: number) => {
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  };
  for (const a of arrays) for (let i = 0; i < a.length; i++) visit(a[i]);
  extra.forEach(visit);
  if (lo > hi) return [0, 1];
  if (lo === hi) {
    const pad = Math.abs(lo) * 0.1 || 1;
    return [lo - pad, hi + pad];
  }
  return [lo, hi];
}

const TICK_GAP = 8;
const X_TICK_BAND = 18;
const TITLE_BAND = 18;

export function layoutLineChart(series: LineSeries[], options: LineChartOptions): LineLayout {
  const { width, height, xScale: kind = 'linear', xLabel, yLabel, diagonal = false, vline, hline } = options;
  checkSize(width, height);
  checkDomain('xDomain', options.xDomain);
  checkDomain('yDomain', options.yDomain);
  if (kind !== 'linear' && kind !== 'time') throw new Error(`xScale must be "linear" or "time", got "${kind}"`);
  for (const s of series) {
    if (s.x.length !== s.y.length) throw new Error(`Series "${s.name}": x has ${s.x.length} values but y has ${s.y.length}`);
    if (s.band && (s.band.lower.length !== s.x.length || s.band.upper.length !== s.x.length)) {
      throw new Error(`Series "${s.name}": band lower/upper must have ${s.x.length} values like x`);
    }
  }

  const showLegend = options.legend ?? series.length > 1;
  const colors = series.map((s, i) => s.color ?? categoryColor(i));
  const legend = showLegend
    ? layoutLegend(series.map((s, i) => ({ name: s.name, color: colors[i], dashed: s.dashed })), width - 8, 8, 6)
    : null;
  const top = legend ? legend.height + 14 : 12;
  const bottom = X_TICK_BAND + (xLabel ? TITLE_BAND : 0) + 6;

  const yExtra = hline ? [hline.y] : [];
  const yArrays = series.flatMap((s) => (s.band ? [s.y, s.band.lower, s.band.upper] : [s.y]));
  const plotH = Math.max(10, height - top - bottom);
  const yCount = tickCount(plotH, 45);
  const y = scaleLinear().domain(options.yDomain ?? finiteExtent(yArrays, yExtra));
  if (!options.yDomain) y.nice(yCount);
  y.range([top + plotH, top]);
  const yTicks = linearTicks(y, yCount, options.yFormat);
  const left = (yLabel ? TITLE_BAND : 0) + maxLabelWidth(yTicks) + TICK_GAP + 4;

  const xDomain = options.xDomain ?? finiteExtent(series.map((s) => s.x), vline ? [vline.x] : []);
  // Whole-number x (K, months, periods) gets whole-number ticks: "2.5 clusters" means nothing.
  const integerX = kind === 'linear' && series.some((s) => s.x.length > 0) && series.every((s) => Array.prototype.every.call(s.x, (v: number) => !Number.isFinite(v) || Number.isInteger(v)));
  const keep = (ticks: Tick[]) => (integerX ? ticks.filter((t) => Number.isInteger(t.value)) : ticks);
  const makeX = (right: number) => {
    const plotW = Math.max(10, width - left - right);
    if (kind === 'time') {
      const x = scaleUtc().domain(xDomain).range([left, left + plotW]);
      if (!options.xDomain) x.nice();
      const toPx = (v: number) => x(v);
      return { plotW, toPx, ticks: fitXTicks(plotW, (n) => timeTicks(x, n, options.xFormat)) };
    }
    const x = scaleLinear().domain(xDomain).range([left, left + plotW]);
    if (!options.xDomain) x.nice(tickCount(plotW, 80));
    return { plotW, toPx: (v: number) => x(v), ticks: fitXTicks(plotW, (n) => keep(linearTicks(x, n, options.xFormat ?? (integerX ? ',' : undefined)))) };
  };
  let right = 14;
  let xs = makeX(right);
  // The last tick label is centred on the plot's edge; make room when it would be clipped.
  const last = xs.ticks[xs.ticks.length - 1];
  if (last) {
    const overhang = last.pos + textWidth(last.label, TICK_FONT) / 2 - (width - 2);
    if (overhang > 0) {
      right += overhang;
      xs = makeX(right);
    }
  }
  const { plotW, toPx, ticks: xTicks } = xs;
  const plot: Rect = { x: left, y: top, width: plotW, height: plotH };
  const toPy = (v: number) => y(v);

  const layoutSeries = series.map((s, k): LineSeriesLayout => {
    const n = s.x.length;
    const px = new Float64Array(n);
    const py = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const ok = Number.isFinite(s.x[i]) && Number.isFinite(s.y[i]);
      px[i] = ok ? toPx(s.x[i]) : NaN;
      py[i] = ok ? toPy(s.y[i]) : NaN;
    }
    const idx = Array.from({ length: n }, (_, i) => i);
    const curve = s.step ? curveStepAfter : curveLinear;
    const d =
      line<number>()
        .defined((i) => !Number.isNaN(px[i]))
        .x((i) => px[i])
        .y((i) => py[i])
        .curve(curve)
        .digits(1)(idx) ?? '';
    let band: string | null = null;
    if (s.band) {
      const { lower, upper } = s.band;
      band =
        area<number>()
          .defined((i) => !Number.isNaN(px[i]) && Number.isFinite(lower[i]) && Number.isFinite(upper[i]))
          .x((i) => px[i])
          .y0((i) => toPy(lower[i]))
          .y1((i) => toPy(upper[i]))
          .curve(curve)
          .digits(1)(idx) ?? null;
    }
    const markers: { x: number; y: number }[] = [];
    if (s.markers ?? options.markers ?? false) {
      for (let i = 0; i < n; i++) if (!Number.isNaN(px[i])) markers.push({ x: round1(px[i]), y: round1(py[i]) });
    }
    return { name: s.name, color: colors[k], dashed: s.dashed ?? false, d, band, markers, px, py };
  });

  const [x0, x1] = xDomain;
  const [y0, y1] = y.domain();
  let diag: RuleLayout | null = null;
  if (diagonal) {
    const lo = Math.max(x0, y0);
    const hi = Math.min(x1, y1);
    if (lo < hi) diag = { x1: toPx(lo), y1: toPy(lo), x2: toPx(hi), y2: toPy(hi), label: null };
  }
  let v: RuleLayout | null = null;
  if (vline) {
    const vx = toPx(vline.x);
    // The label sits right of the line unless that would run off the plot.
    const fitsRight = !vline.label || vx + 4 + textWidth(vline.label, TICK_FONT) <= plot.x + plot.width;
    const label: TextMark | null = vline.label
      ? { text: vline.label, x: fitsRight ? vx + 4 : vx - 4, y: top + 12, anchor: fitsRight ? 'start' : 'end', rotate: 0 }
      : null;
    v = { x1: vx, y1: top, x2: vx, y2: top + plotH, label };
  }
  let h: RuleLayout | null = null;
  if (hline) {
    const hy = toPy(hline.y);
    const label: TextMark | null = hline.label ? { text: hline.label, x: left + plotW - 4, y: hy - 4, anchor: 'end', rotate: 0 } : null;
    h = { x1: left, y1: hy, x2: left + plotW, y2: hy, label };
  }

  const xTitle: TextMark | null = xLabel ? { text: xLabel, x: left + plotW / 2, y: height - 6, anchor: 'middle', rotate: 0 } : null;
  const yTitle: TextMark | null = yLabel ? { text: yLabel, x: LABEL_FONT + 1, y: top + plotH / 2, anchor: 'middle', rotate: -90 } : null;

  return {
    width,
    height,
    plot,
    xTicks,
    yTicks,
    xTitle,
    yTitle,
    series: layoutSeries,
    legend,
    diagonal: diag,
    vline: v,
    hline: h,
    formatX: kind === 'time' ? toFormatter(options.xFormat, (ms) => new Date(ms).toISOString().slice(0, 10)) : toFormatter(options.xFormat, formatValue),
    formatY: toFormatter(options.yFormat, formatValue),
  };
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

export interface NearestPoint {
  series: number;
  index: number;
  px: number;
  py: number;
}

/** The data point nearest to the pointer (pixels), within `maxDist` and inside the plot; null if none. */
export function nearestPoint(layout: LineLayout, mx: number, my: number, maxDist = 40): NearestPoint | null {
  const { plot } = layout;
  let best: NearestPoint | null = null;
  let bestD = maxDist * maxDist;
  layout.series.forEach((s, k) => {
    for (let i = 0; i < s.px.length; i++) {
      const px = s.px[i];
      const py = s.py[i];
      if (Number.isNaN(px) || px < plot.x - 0.5 || px > plot.x + plot.width + 0.5 || py < plot.y - 0.5 || py > plot.y + plot.height + 0.5) continue;
      const d = (px - mx) ** 2 + (py - my) ** 2;
      if (d <= bestD) {
        bestD = d;
        best = { series: k, index: i, px, py };
      }
    }
  });
  return best;
}
