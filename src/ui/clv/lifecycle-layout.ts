// Layout of the Lifecycle tab's stacked bar chart as plain data (tested in Node): per period, new, returning
// and resurrecting stacked up from zero and dormant hanging below it, PostHog's picture.
import { scaleBand, scaleLinear } from 'd3';
import { linearTicks, maxLabelWidth, tickCount } from '../charts/layout/axis';
import type { Rect, Tick } from '../charts/layout/types';
import { LIFECYCLE_COLORS } from '../../lib/lifecycle/report';

export { LIFECYCLE_COLORS };
export const LIFECYCLE_KEYS = ['new', 'returning', 'resurrecting', 'dormant'] as const;
export type LifecycleKey = (typeof LIFECYCLE_KEYS)[number];

export interface StackedRow {
  period: string;
  new: number;
  returning: number;
  resurrecting: number;
  dormant: number;
}

export interface StackedLayout {
  plot: Rect;
  height: number;
  zero: number;
  yTicks: Tick[];
  /** Period labels, thinned so that they do not overlap. */
  xTicks: Tick[];
  bars: { x: number; width: number; segments: { key: LifecycleKey; y: number; height: number; color: string; title: string }[] }[];
}

export function layoutLifecycle(rows: StackedRow[], width: number, height = 300): StackedLayout {
  const up = Math.max(1, ...rows.map((r) => r.new + r.returning + r.resurrecting));
  const down = Math.max(0, ...rows.map((r) => r.dormant));
  const y0 = scaleLinear().domain([-down, up]).nice();
  const ticksProbe = linearTicks(y0, 5, ',');
  const left = Math.max(40, maxLabelWidth(ticksProbe) + 26);
  const plot = { x: left, y: 10, width: Math.max(10, width - left - 10), height: height - 10 - 46 };
  const y = y0.range([plot.y + plot.height, plot.y]);
  const x = scaleBand<number>()
    .domain(rows.map((_, i) => i))
    .range([plot.x, plot.x + plot.width])
    .paddingInner(0.15);
  const bars = rows.map((r, i) => {
    let base = 0;
    const segments: StackedLayout['bars'][number]['segments'] = (['new', 'returning', 'resurrecting'] as const).map((key) => {
      const seg = { key, y: y(base + r[key]), height: y(base) - y(base + r[key]), color: LIFECYCLE_COLORS[key], title: `${r.period} · ${key}: ${r[key].toLocaleString('en')}` };
      base += r[key];
      return seg;
    });
    segments.push({ key: 'dormant', y: y(0), height: y(-r.dormant) - y(0), color: LIFECYCLE_COLORS.dormant, title: `${r.period} · dormant: -${r.dormant.toLocaleString('en')}` });
    return { x: x(i)!, width: x.bandwidth(), segments };
  });
  // Period labels: about one per 70 px.
  const every = Math.max(1, Math.ceil(rows.length / Math.max(1, tickCount(plot.width, 70))));
  const xTicks = rows.flatMap((r, i) => (i % every === 0 ? [{ value: i, pos: x(i)! + x.bandwidth() / 2, label: r.period }] : []));
  return { plot, height, zero: y(0), yTicks: linearTicks(y, tickCount(plot.height, 40), ','), xTicks, bars };
}
