import { utcFormat, type ScaleLinear, type ScaleTime } from 'd3';
import { textWidth, TICK_FONT } from './text';
import { toFormatter } from './format';
import type { FormatSpec, Formatter, Tick } from './types';

/** Pixels between ticks: fewer ticks on a narrow chart, so labels never collide at 320 px. */
export function tickCount(lengthPx: number, spacing: number): number {
  return Math.max(2, Math.round(lengthPx / spacing));
}

export function linearTicks(scale: ScaleLinear<number, number>, count: number, spec?: FormatSpec): Tick[] {
  const fmt = toFormatter(spec, scale.tickFormat(count));
  return scale.ticks(count).map((value) => ({ value, pos: scale(value), label: fmt(value) }));
}

export function timeTicks(scale: ScaleTime<number, number>, count: number, spec?: FormatSpec): Tick[] {
  const fallback = scale.tickFormat(count);
  const fmt: Formatter =
    spec === undefined ? (v) => fallback(new Date(v)) : typeof spec === 'function' ? spec : (v) => utcFormat(spec)(new Date(v));
  return scale.ticks(count).map((d) => ({ value: d.getTime(), pos: scale(d), label: fmt(d.getTime()) }));
}

/** True when consecutive labels of a horizontal axis would overlap (with a small gap). */
export function ticksOverlap(ticks: Tick[], fontSize = TICK_FONT, gap = 6): boolean {
  for (let i = 1; i < ticks.length; i++) {
    const a = ticks[i - 1];
    const b = ticks[i];
    const half = (textWidth(a.label, fontSize) + textWidth(b.label, fontSize)) / 2;
    if (Math.abs(b.pos - a.pos) < half + gap) return true;
  }
  return false;
}

/**
 * Ticks for a horizontal axis: starts from ~1 tick per 80 px and asks for fewer until the labels fit.
 * `make` builds the ticks for a requested count (linearTicks or timeTicks bound to a scale).
 */
export function fitXTicks(lengthPx: number, make: (count: number) => Tick[]): Tick[] {
  let count = tickCount(lengthPx, 80);
  let ticks = make(count);
  while (count > 2 && ticksOverlap(ticks)) {
    count--;
    ticks = make(count);
  }
  // d3 may still return more ticks than asked; keep every other one until they fit.
  while (ticks.length > 2 && ticksOverlap(ticks)) ticks = ticks.filter((_, i) => i % 2 === 0);
  return ticks;
}

export function maxLabelWidth(ticks: { label: string }[], fontSize = TICK_FONT): number {
  let w = 0;
  for (const t of ticks) w = Math.max(w, textWidth(t.label, fontSize));
  return w;
}
