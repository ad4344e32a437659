import { scaleLinear } from 'd3';
import { fitXTicks, linearTicks, maxLabelWidth, tickCount } from './axis';
import { formatValue, toFormatter } from './format';
import { checkSize } from './line';
import { LABEL_FONT } from './text';
import type { FormatSpec, Rect, TextMark, Tick } from './types';

export interface Bin {
  x0: number;
  x1: number;
  count: number;
}

export interface HistogramOptions {
  width: number;
  height: number;
  xLabel?: string;
  /** Default "Count". */
  yLabel?: string;
  xFormat?: FormatSpec;
  yFormat?: FormatSpec;
}

export interface HistogramLayout {
  width: number;
  height: number;
  plot: Rect;
  rects: { x: number; y: number; width: number; height: number; title: string }[];
  xTicks: Tick[];
  yTicks: Tick[];
  xTitle: TextMark | null;
  yTitle: TextMark | null;
}

export function layoutHistogram(bins: Bin[], options: HistogramOptions): HistogramLayout {
  const { width, height, xLabel, yLabel = 'Count' } = options;
  checkSize(width, height);
  bins.forEach((b, i) => {
    if (!(b.x1 > b.x0)) throw new Error(`Bin ${i} must have x0 < x1, got [${b.x0}, ${b.x1}]`);
    if (!(b.count >= 0)) throw new Error(`Bin ${i} count must be >= 0, got ${b.count}`);
  });
  const top = 10;
  const bottom = 22 + (xLabel ? 18 : 0);
  const plotH = Math.max(10, height - top - bottom);
  const yCount = tickCount(plotH, 45);
  const maxCount = Math.max(1, ...bins.map((b) => b.count));
  const y = scaleLinear().domain([0, maxCount]).nice(yCount).range([top + plotH, top]);
  // Counts are whole numbers: a tick at 2.5 customers is noise.
  const yTicks = linearTicks(y, yCount, options.yFormat ?? ',~r').filter((t) => options.yFormat !== undefined || Number.isInteger(t.value));
  const left = (yLabel ? 18 : 0) + maxLabelWidth(yTicks) + 12;
  const plotW = Math.max(10, width - left - 16);
  const lo = bins.length ? bins[0].x0 : 0;
  const hi = bins.length ? bins[bins.length - 1].x1 : 1;
  const x = scaleLinear().domain([lo, hi]).range([left, left + plotW]);
  const fx = toFormatter(options.xFormat, formatValue);
  const fy = toFormatter(options.yFormat, (v) => formatValue(v));
  // A 1 px gap between bins reads as separate bars; skipped when bins are thinner than 3 px.
  const rects = bins.map((b) => {
    const x0 = x(b.x0);
    const w = x(b.x1) - x0;
    const gap = w >= 3 ? 1 : 0;
    return {
      x: x0 + gap / 2,
      y: y(b.count),
      width: Math.max(0.5, w - gap),
      height: top + plotH - y(b.count),
      title: `${fx(b.x0)} – ${fx(b.x1)}: ${fy(b.count)}`,
    };
  });
  return {
    width,
    height,
    plot: { x: left, y: top, width: plotW, height: plotH },
    rects,
    xTicks: fitXTicks(plotW, (n) => linearTicks(x, n, options.xFormat)),
    yTicks,
    xTitle: xLabel ? { text: xLabel, x: left + plotW / 2, y: height - 6, anchor: 'middle', rotate: 0 } : null,
    yTitle: yLabel ? { text: yLabel, x: LABEL_FONT + 1, y: top + plotH / 2, anchor: 'middle', rotate: -90 } : null,
  };
}
