import { LABEL_FONT, textWidth, truncate } from './text';

export interface LegendItem {
  name: string;
  color: string;
  dashed?: boolean;
}

export interface LegendEntry extends LegendItem {
  /** Top-left of the swatch; the label starts at x + SWATCH + 6. */
  x: number;
  y: number;
  label: string;
}

export interface LegendLayout {
  entries: LegendEntry[];
  height: number;
}

export const SWATCH = 14;
const ROW = 18;
const GAP = 16;

/** Lays entries left to right from `x0`, wrapping to a new row when `width` runs out. */
export function layoutLegend(items: LegendItem[], width: number, x0 = 0, y0 = 0): LegendLayout {
  const entries: LegendEntry[] = [];
  let x = x0;
  let row = 0;
  const maxLabel = Math.max(40, width - x0 - SWATCH - 6);
  for (const item of items) {
    const label = truncate(item.name, maxLabel, LABEL_FONT);
    const w = SWATCH + 6 + textWidth(label, LABEL_FONT);
    if (x > x0 && x + w > width) {
      row++;
      x = x0;
    }
    entries.push({ ...item, label, x, y: y0 + row * ROW });
    x += w + GAP;
  }
  return { entries, height: items.length ? (row + 1) * ROW : 0 };
}
