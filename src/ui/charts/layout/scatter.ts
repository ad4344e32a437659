import { quadtree, scaleLinear, type Quadtree } from 'd3';
import { fitXTicks, linearTicks, maxLabelWidth, tickCount } from './axis';
import { formatValue, toFormatter } from './format';
import { layoutLegend, type LegendLayout } from './legend';
import { checkDomain, checkSize, finiteExtent } from './line';
import { categoryColor, NEUTRAL } from './palette';
import { LABEL_FONT, textWidth, TICK_FONT } from './text';
import type { FormatSpec, Formatter, Rect, TextMark, Tick } from './types';

export interface ScatterOptions {
  width: number;
  height: number;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Category code per point (e.g. the k-means segment); negative or NaN = none (grey). */
  category?: ArrayLike<number>;
  /** Names of the codes, for the legend and readout; default "Group k". */
  categories?: string[];
  /** Colours per code; default Tableau 10 by code, so segment k matches other charts. */
  colors?: string[];
  xDomain?: [number, number];
  yDomain?: [number, number];
  xLabel?: string;
  yLabel?: string;
  xFormat?: FormatSpec;
  yFormat?: FormatSpec;
  /** Default: shown when points have categories. */
  legend?: boolean;
}

export interface ScatterLayout {
  width: number;
  height: number;
  plot: Rect;
  xTicks: Tick[];
  yTicks: Tick[];
  xTitle: TextMark | null;
  yTitle: TextMark | null;
  legend: LegendLayout | null;
  /** Pixel positions in the svg's coordinates; NaN for points that cannot be drawn. */
  px: Float32Array;
  py: Float32Array;
  /** Colour of each code; points with no category use `NEUTRAL`. */
  palette: string[];
  names: string[];
  counts: number[];
  /** Point indices grouped by code (the uncategorised first), so a draw changes colour once per group. */
  groups: { color: string; indices: Uint32Array }[];
  formatX: Formatter;
  formatY: Formatter;
  radius: number;
}

export function layoutScatter(options: ScatterOptions): ScatterLayout {
  const { width, height, x, y, category, xLabel, yLabel } = options;
  checkSize(width, height);
  checkDomain('xDomain', options.xDomain);
  checkDomain('yDomain', options.yDomain);
  const n = x.length;
  if (y.length !== n) throw new Error(`x has ${n} values but y has ${y.length}`);
  if (category && category.length !== n) throw new Error(`category has ${category.length} values but x has ${n}`);

  let codes = 0;
  if (category) for (let i = 0; i < n; i++) if (category[i] >= 0) codes = Math.max(codes, Math.floor(category[i]) + 1);
  codes = Math.max(codes, options.categories?.length ?? 0);
  const names = Array.from({ length: codes }, (_, k) => options.categories?.[k] ?? `Group ${k + 1}`);
  const palette = Array.from({ length: codes }, (_, k) => options.colors?.[k] ?? categoryColor(k));
  const counts = new Array<number>(codes).fill(0);
  const buckets: number[][] = Array.from({ length: codes + 1 }, () => []);
  for (let i = 0; i < n; i++) {
    const c = category ? category[i] : -1;
    const k = c >= 0 ? Math.floor(c) : -1;
    if (k >= 0) counts[k]++;
    buckets[k + 1].push(i);
  }

  const showLegend = (options.legend ?? codes > 0) && codes > 0;
  const legend = showLegend
    ? layoutLegend(names.map((name, k) => ({ name: `${name} (${counts[k].toLocaleString('en-US')})`, color: palette[k] })), width - 8, 8, 6)
    : null;
  const top = legend ? legend.height + 14 : 12;
  const bottom = 22 + (xLabel ? 18 : 0);
  const plotH = Math.max(10, height - top - bottom);
  const yCount = tickCount(plotH, 45);
  const ys = scaleLinear().domain(options.yDomain ?? pad(finiteExtent([y]))).range([top + plotH, top]);
  if (!options.yDomain) ys.nice(yCount);
  const yTicks = linearTicks(ys, yCount, options.yFormat);
  const left = (yLabel ? 18 : 0) + maxLabelWidth(yTicks) + 12;
  let right = 14;
  const xDomain = options.xDomain ?? pad(finiteExtent([x]));
  const makeX = () => {
    const plotW = Math.max(10, width - left - right);
    const xs = scaleLinear().domain(xDomain).range([left, left + plotW]);
    if (!options.xDomain) xs.nice(tickCount(plotW, 80));
    return { plotW, xs, ticks: fitXTicks(plotW, (k) => linearTicks(xs, k, options.xFormat)) };
  };
  let X = makeX();
  const last = X.ticks[X.ticks.length - 1];
  if (last && last.pos + textWidth(last.label, TICK_FONT) / 2 > width - 2) {
    right += last.pos + textWidth(last.label, TICK_FONT) / 2 - (width - 2);
    X = makeX();
  }
  const { plotW, xs, ticks: xTicks } = X;

  const px = new Float32Array(n);
  const py = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const ok = Number.isFinite(x[i]) && Number.isFinite(y[i]);
    px[i] = ok ? xs(x[i]) : NaN;
    py[i] = ok ? ys(y[i]) : NaN;
  }

  return {
    width,
    height,
    plot: { x: left, y: top, width: plotW, height: plotH },
    xTicks,
    yTicks,
    xTitle: xLabel ? { text: xLabel, x: left + plotW / 2, y: height - 6, anchor: 'middle', rotate: 0 } : null,
    yTitle: yLabel ? { text: yLabel, x: LABEL_FONT + 1, y: top + plotH / 2, anchor: 'middle', rotate: -90 } : null,
    legend,
    px,
    py,
    palette,
    names,
    counts,
    groups: buckets
      .map((idx, b) => ({ color: b === 0 ? NEUTRAL : palette[b - 1], indices: Uint32Array.from(idx) }))
      .filter((g) => g.indices.length > 0),
    formatX: toFormatter(options.xFormat, formatValue),
    formatY: toFormatter(options.yFormat, formatValue),
    radius: n < 1000 ? 3 : n < 10_000 ? 2 : 1.4,
  };
}

function pad([lo, hi]: [number, number]): [number, number] {
  const p = (hi - lo) * 0.03;
  return [lo - p, hi + p];
}

/** A spatial index of the drawn points for hover lookups (built once per layout). */
export function pointIndex(layout: ScatterLayout): Quadtree<number> {
  const { px, py } = layout;
  const ids: number[] = [];
  for (let i = 0; i < px.length; i++) if (!Number.isNaN(px[i])) ids.push(i);
  return quadtree<number>()
    .x((i) => px[i])
    .y((i) => py[i])
    .addAll(ids);
}
