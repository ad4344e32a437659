import { format as d3format } from 'd3';
import type { FormatSpec, Formatter } from './types';

/** Turns a d3-format specifier or function into a function; an invalid specifier throws naming it. */
export function toFormatter(spec: FormatSpec | undefined, fallback: Formatter): Formatter {
  if (spec === undefined) return fallback;
  if (typeof spec === 'function') return spec;
  try {
    return d3format(spec);
  } catch {
    throw new Error(`Invalid number format "${spec}" (expected a d3-format specifier such as ".0%" or ",.2f")`);
  }
}

const big = d3format(',.0f');
const small = d3format('.3~r');
const tiny = d3format('.2~e');

/** A compact, precise-enough default for readouts and value labels (ticks use the scale's own format). */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a >= 1000) return big(v);
  if (a !== 0 && a < 1e-3) return tiny(v);
  return small(v);
}
