import { scaleLinear, type ScaleLinear } from 'd3';
import { linearTicks, maxLabelWidth } from './axis';
import { formatValue, toFormatter } from './format';
import { checkDomain } from './line';
import { sequentialInterpolator, textColorOn, type SequentialScheme } from './palette';
import { LABEL_FONT, textWidth, TICK_FONT, truncate } from './text';
import type { FormatSpec, Rect, TextMark, Tick } from './types';

export interface HeatmapOptions {
  width: number;
  rowLabels: string[];
  colLabels: string[];
  /**
   * values[row][col]. Rows may be shorter than colLabels (a cohort triangle); null, undefined and NaN
   * cells are left blank.
   */
  values: ReadonlyArray<ArrayLike<number | null | undefined>>;
  /** Colour domain; default: extent of the finite values. */
  domain?: [number, number];
  /** Default 'blues'. */
  scheme?: SequentialScheme;
  /** Format of cell text, tooltips and legend ticks (e.g. '.0%' for retention, ',' for counts). */
  format?: FormatSpec;
  /** Print values in cells when they fit (default true). */
  cellText?: boolean;
  /** Title above the columns / left of the rows. */
  xLabel?: string;
  yLabel?: string;
  /** Title of the colour legend. */
  legendLabel?: string;
  /** Default: 60% of the cell width, within 16-44 px. */
  cellHeight?: number;
  /** Cells never get wider than this (a 2x2 confusion matrix stays compact); default 140. */
  maxCellWidth?: number;
}

export interface HeatCell {
  row: number;
  col: number;
  value: number;
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
  text: string | null;
  textColor: string;
  title: string;
}

export interface ColorLegend {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Gradient stops, offset in [0, 1]. */
  stops: { offset: number; color: string }[];
  ticks: Tick[];
  title: TextMark | null;
}

export interface HeatmapLayout {
  width: number;
  height: number;
  grid: Rect;
  cells: HeatCell[];
  rowMarks: TextMark[];
  colMarks: TextMark[];
  xTitle: TextMark | null;
  yTitle: TextMark | null;
  legend: ColorLegend;
}

function valueExtent(values: HeatmapOptions['values']): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const row of values) {
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v === 'number' && Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  if (lo > hi) return [0, 1];
  return lo === hi ? [lo - (Math.abs(lo) || 1), hi] : [lo, hi];
}

/** Scale ticks, or the two ends of the domain when a narrow ramp gets fewer than two nice ticks. */
function legendTicks(scale: ScaleLinear<number, number>, count: number, fmt: (v: number) => string, spec?: FormatSpec): Tick[] {
  const ticks = linearTicks(scale, count, spec);
  if (ticks.length >= 2) return ticks;
  return scale.domain().map((value) => ({ value, pos: scale(value), label: fmt(value) }));
}

export function layoutHeatmap(options: HeatmapOptions): HeatmapLayout {
  const { width, rowLabels, colLabels, values, scheme = 'blues', cellText = true, xLabel, yLabel, legendLabel } = options;
  if (!(width > 0) || !Number.isFinite(width)) throw new Error(`Chart width must be a positive number, got ${width}`);
  checkDomain('domain', options.domain);
  if (values.length !== rowLabels.length) {
    throw new Error(`values has ${values.length} rows but rowLabels has ${rowLabels.length}`);
  }
  values.forEach((row, r) => {
    if (row.length > colLabels.length) throw new Error(`Row ${r} ("${rowLabels[r]}") has ${row.length} values but there are ${colLabels.length} columns`);
  });
  const interp = sequentialInterpolator(scheme);
  const fmt = toFormatter(options.format, formatValue);
  const [d0, d1] = options.domain ?? valueExtent(values);
  const t = (v: number) => Math.max(0, Math.min(1, (v - d0) / (d1 - d0)));

  const yTitleW = yLabel ? 18 : 0;
  const rowLabelW = Math.min(maxLabelWidth(rowLabels.map((label) => ({ label }))), width * 0.3);
  const left = yTitleW + rowLabelW + 8;
  const top = (xLabel ? 18 : 0) + 20;
  const ncol = Math.max(1, colLabels.length);
  const cellW = Math.max(2, Math.min(options.maxCellWidth ?? 140, (width - left - 8) / ncol));
  const cellH = options.cellHeight ?? Math.max(16, Math.min(44, cellW * 0.6));
  if (!(cellH > 0)) throw new Error(`cellHeight must be positive, got ${cellH}`);
  const grid: Rect = { x: left, y: top, width: cellW * colLabels.length, height: cellH * rowLabels.length };

  const raw: { r: number; c: number; v: number; text: string }[] = [];
  values.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v === 'number' && Number.isFinite(v)) raw.push({ r, c, v, text: fmt(v) });
    }
  });
  // All cell texts or none: a half-labelled grid reads as if some cells had no value.
  const showText = cellText && cellH >= 14 && raw.every((x) => textWidth(x.text, TICK_FONT) <= cellW - 4);
  // Colours from a 1,024-step ramp and text colours per ramp step: a 100 x 51 grid lays out in a few ms
  // (interpolating and parsing a colour per cell took ~100 ms, one long task on the main thread).
  const ramp: string[] = [];
  const inks: string[] = [];
  const STEPS = 1023;
  const rampAt = (v: number) => {
    const k = Math.round(t(v) * STEPS);
    if (ramp[k] === undefined) {
      ramp[k] = interp(k / STEPS);
      inks[k] = textColorOn(ramp[k]);
    }
    return k;
  };
  const cells = raw.map(({ r, c, v, text }): HeatCell => {
    const k = rampAt(v);
    const fill = ramp[k];
    return {
      row: r,
      col: c,
      value: v,
      x: left + c * cellW,
      y: top + r * cellH,
      width: cellW,
      height: cellH,
      fill,
      text: showText ? text : null,
      textColor: inks[k],
      title: `${rowLabels[r]} · ${colLabels[c]}: ${text}`,
    };
  });

  // Long labels are shortened first; columns are thinned only when even ~5 characters cannot fit.
  const colNeed = Math.min(maxLabelWidth(colLabels.map((label) => ({ label }))), 36) + 6;
  const colEvery = Math.max(1, Math.ceil(colNeed / cellW));
  const colMarks = colLabels.flatMap((text, c): TextMark[] =>
    c % colEvery === 0 ? [{ text: truncate(text, cellW * colEvery - 4), x: left + (c + 0.5) * cellW, y: top - 6, anchor: 'middle', rotate: 0 }] : [],
  );
  const rowEvery = Math.max(1, Math.ceil(12 / cellH));
  const rowMarks = rowLabels.flatMap((text, r): TextMark[] =>
    r % rowEvery === 0 ? [{ text: truncate(text, rowLabelW), x: left - 6, y: top + (r + 0.5) * cellH, anchor: 'end', rotate: 0 }] : [],
  );

  const lgTop = grid.y + grid.height + 12;
  const lgTitle: TextMark | null = legendLabel ? { text: legendLabel, x: left, y: lgTop + 10, anchor: 'start', rotate: 0 } : null;
  const barY = lgTop + (legendLabel ? 16 : 0);
  const lgW = Math.max(80, Math.min(260, Math.max(grid.width, 160), width - left - 16));
  const lgScale = scaleLinear().domain([d0, d1]).range([left, left + lgW]);
  const legend: ColorLegend = {
    x: left,
    y: barY,
    width: lgW,
    height: 10,
    stops: Array.from({ length: 11 }, (_, i) => ({ offset: i / 10, color: interp(i / 10) })),
    ticks: legendTicks(lgScale, Math.max(2, Math.floor(lgW / 60)), fmt, options.format),
    title: lgTitle,
  };
  const height = barY + 10 + 20;

  return {
    width,
    height,
    grid,
    cells,
    rowMarks,
    colMarks,
    xTitle: xLabel ? { text: xLabel, x: left + grid.width / 2, y: LABEL_FONT + 2, anchor: 'middle', rotate: 0 } : null,
    yTitle: yLabel ? { text: yLabel, x: LABEL_FONT + 1, y: top + grid.height / 2, anchor: 'middle', rotate: -90 } : null,
    legend,
  };
}

/** The cell under the pointer (svg pixels), or null over a blank or outside the grid. */
export function cellAt(layout: HeatmapLayout, x: number, y: number): HeatCell | null {
  const first = layout.cells[0];
  if (!first) return null;
  const c = Math.floor((x - layout.grid.x) / first.width);
  const r = Math.floor((y - layout.grid.y) / first.height);
  return layout.cells.find((cell) => cell.row === r && cell.col === c) ?? null;
}
