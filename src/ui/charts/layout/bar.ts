import { scaleBand, scaleLinear } from 'd3';
import { fitXTicks, linearTicks, maxLabelWidth, tickCount } from './axis';
import { formatValue, toFormatter } from './format';
import { checkDomain, checkSize } from './line';
import { LABEL_FONT, textWidth, TICK_FONT, truncate } from './text';
import type { FormatSpec, Rect, TextMark, Tick } from './types';

export interface Bar {
  label: string;
  value: number;
  /** Half-width of an error bar (e.g. one standard deviation), drawn as value ± error. */
  error?: number;
  /** Default: the app's accent colour. */
  color?: string;
}

export interface BarChartOptions {
  width: number;
  /** Default: fits the bars (horizontal) or 260 px (vertical). */
  height?: number;
  orientation?: 'horizontal' | 'vertical';
  sort?: 'none' | 'asc' | 'desc';
  /** Print each value at the end of its bar (default true; dropped when they cannot fit). */
  valueLabels?: boolean;
  format?: FormatSpec;
  /** Title of the value axis. */
  valueLabel?: string;
  /** Title of the category axis. */
  categoryLabel?: string;
  /** Value-axis domain; default includes 0 and every value ± error, rounded to nice numbers. */
  domain?: [number, number];
}

export interface BarMark {
  label: string;
  /** The label as drawn (truncated to fit). */
  shortLabel: string;
  value: number;
  error: number | null;
  color: string | null;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The whisker of the error bar (along the value axis) with its caps, or null. */
  whisker: { x1: number; y1: number; x2: number; y2: number; cap: number } | null;
  valueText: TextMark | null;
  /** Category label position (text-anchor end at the left for horizontal; middle below for vertical). */
  labelMark: TextMark | null;
  /** Plain-text tooltip. */
  title: string;
}

export interface BarLayout {
  width: number;
  height: number;
  orientation: 'horizontal' | 'vertical';
  plot: Rect;
  bars: BarMark[];
  /** Ticks of the value axis: x positions when horizontal, y positions when vertical. */
  valueTicks: Tick[];
  /** Pixel position of value 0 on the value axis. */
  zero: number;
  valueTitle: TextMark | null;
  categoryTitle: TextMark | null;
}

const STEP = 26;
const GAP = 6;

function sortBars(bars: Bar[], sort: BarChartOptions['sort']): Bar[] {
  if (sort === 'none' || sort === undefined) return bars;
  if (sort !== 'asc' && sort !== 'desc') throw new Error(`sort must be "none", "asc" or "desc", got "${sort}"`);
  const dir = sort === 'asc' ? 1 : -1;
  return [...bars].sort((a, b) => dir * (a.value - b.value));
}

function valueExtent(bars: Bar[]): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const b of bars) {
    const e = b.error ?? 0;
    if (Number.isFinite(b.value)) {
      lo = Math.min(lo, b.value - e);
      hi = Math.max(hi, b.value + e);
    }
  }
  return lo === hi ? [0, 1] : [lo, hi];
}

export function layoutBarChart(input: Bar[], options: BarChartOptions): BarLayout {
  const { width, orientation = 'horizontal', valueLabels = true, valueLabel, categoryLabel } = options;
  if (orientation !== 'horizontal' && orientation !== 'vertical') {
    throw new Error(`orientation must be "horizontal" or "vertical", got "${orientation}"`);
  }
  const bars = sortBars(input, options.sort);
  const height = options.height ?? (orientation === 'horizontal' ? 8 + bars.length * STEP + 24 + (valueLabel ? 18 : 0) : 260);
  checkSize(width, height);
  checkDomain('domain', options.domain);
  for (const b of bars) {
    if (b.error !== undefined && !(b.error >= 0)) throw new Error(`Bar "${b.label}": error must be >= 0, got ${b.error}`);
  }
  const fmt = toFormatter(options.format, formatValue);
  const texts = bars.map((b) => (Number.isFinite(b.value) ? fmt(b.value) : '—'));
  const titles = bars.map((b, i) => `${b.label}: ${texts[i]}${b.error !== undefined ? ` ± ${fmt(b.error)}` : ''}`);
  const domain = options.domain ?? valueExtent(bars);
  return orientation === 'horizontal'
    ? horizontal(bars, texts, titles, domain, { ...options, height, valueLabels, valueLabel, categoryLabel })
    : vertical(bars, texts, titles, domain, { ...options, height, valueLabels, valueLabel, categoryLabel });
}

type Resolved = BarChartOptions & { height: number; valueLabels: boolean };

function horizontal(bars: Bar[], texts: string[], titles: string[], domain: [number, number], o: Resolved): BarLayout {
  const { width, height } = o;
  const top = 8;
  const bottom = 22 + (o.valueLabel ? 18 : 0);
  const catTitle = o.categoryLabel ? 18 : 0;
  const labelW = Math.min(maxLabelWidth(bars.map((b) => ({ label: b.label }))), width * 0.4);
  const left = catTitle + labelW + GAP + 4;
  const valueW = o.valueLabels ? maxLabelWidth(texts.map((label) => ({ label }))) + GAP : 0;
  const right = Math.max(14, valueW + 4);
  const plotW = Math.max(10, width - left - right);
  const plotH = Math.max(10, height - top - bottom);
  const x = scaleLinear().domain(domain).range([left, left + plotW]);
  if (!o.domain) x.nice(tickCount(plotW, 80));
  const band = scaleBand<number>().domain(bars.map((_, i) => i)).range([top, top + plotH]).paddingInner(0.25).paddingOuter(0.15);
  const zero = x(Math.max(x.domain()[0], Math.min(x.domain()[1], 0)));
  const h = band.bandwidth();
  const marks = bars.map((b, i): BarMark => {
    const y = band(i) ?? 0;
    const v = Number.isFinite(b.value) ? b.value : 0;
    const xv = x(v);
    const err = b.error ?? null;
    const cy = y + h / 2;
    const whisker = err !== null ? { x1: x(v - err), y1: cy, x2: x(v + err), y2: cy, cap: Math.min(8, h * 0.6) } : null;
    const end = err !== null ? (v >= 0 ? x(v + err) : x(v - err)) : xv;
    const valueText: TextMark | null = o.valueLabels
      ? { text: texts[i], x: v >= 0 ? end + 4 : end - 4, y: cy, anchor: v >= 0 ? 'start' : 'end', rotate: 0 }
      : null;
    const shortLabel = truncate(b.label, labelW, TICK_FONT);
    return {
      label: b.label,
      shortLabel,
      value: b.value,
      error: err,
      color: b.color ?? null,
      x: Math.min(zero, xv),
      y,
      width: Math.abs(xv - zero),
      height: h,
      whisker,
      valueText,
      labelMark: { text: shortLabel, x: left - GAP, y: cy, anchor: 'end', rotate: 0 },
      title: titles[i],
    };
  });
  return {
    width,
    height,
    orientation: 'horizontal',
    plot: { x: left, y: top, width: plotW, height: plotH },
    bars: marks,
    valueTicks: fitXTicks(plotW, (n) => linearTicks(x, n, o.format)),
    zero,
    valueTitle: o.valueLabel ? { text: o.valueLabel, x: left + plotW / 2, y: height - 6, anchor: 'middle', rotate: 0 } : null,
    categoryTitle: o.categoryLabel
      ? { text: o.categoryLabel, x: LABEL_FONT + 1, y: top + plotH / 2, anchor: 'middle', rotate: -90 }
      : null,
  };
}

function vertical(bars: Bar[], texts: string[], titles: string[], domain: [number, number], o: Resolved): BarLayout {
  const { width, height } = o;
  const top = o.valueLabels ? 20 : 10;
  const bottom = 22 + (o.categoryLabel ? 18 : 0);
  const plotH = Math.max(10, height - top - bottom);
  const yCount = tickCount(plotH, 45);
  const y = scaleLinear().domain(domain).range([top + plotH, top]);
  if (!o.domain) y.nice(yCount);
  const valueTicks = linearTicks(y, yCount, o.format);
  const left = (o.valueLabel ? 18 : 0) + maxLabelWidth(valueTicks) + 12;
  const plotW = Math.max(10, width - left - 10);
  const band = scaleBand<number>().domain(bars.map((_, i) => i)).range([left, left + plotW]).paddingInner(0.2).paddingOuter(0.1);
  const step = band.step();
  const w = band.bandwidth();
  const zero = y(Math.max(y.domain()[0], Math.min(y.domain()[1], 0)));
  // All value labels or none: a chart where only some bars are labelled reads as if the rest were missing.
  const showValues = o.valueLabels && texts.every((t) => textWidth(t, TICK_FONT) <= step - 2);
  // Thin category labels when even a short label cannot fit under each bar.
  const every = Math.max(1, Math.ceil(28 / step));
  const marks = bars.map((b, i): BarMark => {
    const x = band(i) ?? 0;
    const v = Number.isFinite(b.value) ? b.value : 0;
    const yv = y(v);
    const err = b.error ?? null;
    const cx = x + w / 2;
    const whisker = err !== null ? { x1: cx, y1: y(v - err), x2: cx, y2: y(v + err), cap: Math.min(8, w * 0.6) } : null;
    const end = err !== null ? (v >= 0 ? y(v + err) : y(v - err)) : yv;
    const shortLabel = truncate(b.label, step * every - 4, TICK_FONT);
    return {
      label: b.label,
      shortLabel,
      value: b.value,
      error: err,
      color: b.color ?? null,
      x,
      y: Math.min(zero, yv),
      width: w,
      height: Math.abs(yv - zero),
      whisker,
      valueText: showValues ? { text: texts[i], x: cx, y: v >= 0 ? end - 5 : end + 13, anchor: 'middle', rotate: 0 } : null,
      labelMark: i % every === 0 ? { text: shortLabel, x: cx, y: top + plotH + 15, anchor: 'middle', rotate: 0 } : null,
      title: titles[i],
    };
  });
  return {
    width,
    height,
    orientation: 'vertical',
    plot: { x: left, y: top, width: plotW, height: plotH },
    bars: marks,
    valueTicks,
    zero,
    valueTitle: o.valueLabel ? { text: o.valueLabel, x: LABEL_FONT + 1, y: top + plotH / 2, anchor: 'middle', rotate: -90 } : null,
    categoryTitle: o.categoryLabel
      ? { text: o.categoryLabel, x: left + plotW / 2, y: height - 6, anchor: 'middle', rotate: 0 }
      : null,
  };
}
