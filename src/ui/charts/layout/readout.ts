import { LABEL_FONT, textWidth } from './text';
import type { Rect } from './types';

export interface ReadoutLayout {
  /** The box, kept inside `bounds`. */
  box: Rect;
  lines: { text: string; x: number; y: number }[];
}

const PAD = 6;
const LINE = 16;

/**
 * A hover box next to the point (px, py): right and above by default, flipped left/below when it would
 * leave `bounds` (the svg), so the readout stays readable at the chart's edges.
 */
export function layoutReadout(lines: string[], px: number, py: number, bounds: Rect): ReadoutLayout {
  const width = Math.max(...lines.map((l) => textWidth(l, LABEL_FONT)), 20) + 2 * PAD;
  const height = lines.length * LINE + PAD;
  let x = px + 10;
  if (x + width > bounds.x + bounds.width) x = px - 10 - width;
  x = Math.max(bounds.x, x);
  let y = py - height - 8;
  if (y < bounds.y) y = py + 10;
  y = Math.min(y, bounds.y + bounds.height - height);
  return {
    box: { x, y, width, height },
    lines: lines.map((text, i) => ({ text, x: x + PAD, y: y + PAD / 2 + (i + 1) * LINE - 4 })),
  };
}
