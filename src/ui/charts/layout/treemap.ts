import { hierarchy, treemap, treemapSquarify } from 'd3';
import { checkSize } from './line';
import { formatValue, toFormatter } from './format';
import { categoryColor, sequentialInterpolator, textColorOn, type SequentialScheme } from './palette';
import { LABEL_FONT, TICK_FONT, truncate } from './text';
import type { FormatSpec } from './types';

export interface TreemapItem {
  name: string;
  /** Tile area (e.g. customers in the segment). */
  size: number;
  /** A second quantity printed in the tile (e.g. revenue share), and the colour when colorBy is 'value'. */
  value?: number;
  /** Default: Tableau 10 by the item's position, so segment k keeps its colour. */
  color?: string;
}

export interface TreemapOptions {
  width: number;
  height: number;
  /** How sizes read, e.g. "customers". */
  sizeName?: string;
  /** How the second value reads, e.g. "revenue". */
  valueName?: string;
  sizeFormat?: FormatSpec;
  valueFormat?: FormatSpec;
  /** 'category' (default): each item its own colour; 'value': a sequential scale of `value`. */
  colorBy?: 'category' | 'value';
  scheme?: SequentialScheme;
}

export interface TreemapTile {
  index: number;
  name: string;
  size: number;
  value: number | null;
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
  textColor: string;
  /** The lines that fit inside the tile, top to bottom (first is the name, bold). */
  lines: { text: string; x: number; y: number }[];
  title: string;
}

export interface TreemapLayout {
  width: number;
  height: number;
  tiles: TreemapTile[];
}

const LINE = 15;

export function layoutTreemap(items: TreemapItem[], options: TreemapOptions): TreemapLayout {
  const { width, height, sizeName = 'size', valueName = 'value', colorBy = 'category', scheme = 'blues' } = options;
  checkSize(width, height);
  if (colorBy !== 'category' && colorBy !== 'value') throw new Error(`colorBy must be "category" or "value", got "${colorBy}"`);
  items.forEach((it) => {
    if (!(it.size >= 0)) throw new Error(`Item "${it.name}": size must be >= 0, got ${it.size}`);
  });
  const fmtSize = toFormatter(options.sizeFormat, (v) => formatValue(v));
  const fmtValue = toFormatter(options.valueFormat, formatValue);
  const total = items.reduce((s, it) => s + it.size, 0);
  const share = (v: number) => (total > 0 ? `${Math.round((100 * v) / total)}%` : '—');

  const values = items.map((it) => it.value).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const vLo = Math.min(...values);
  const vHi = Math.max(...values);
  const interp = sequentialInterpolator(scheme);
  const fillOf = (it: TreemapItem, i: number) => {
    if (colorBy === 'value' && typeof it.value === 'number' && Number.isFinite(it.value)) {
      return interp(vHi > vLo ? (it.value - vLo) / (vHi - vLo) : 0.5);
    }
    return it.color ?? categoryColor(i);
  };

  type Node = { index: number; children?: Node[] };
  const root = hierarchy<Node>({ index: -1, children: items.map((_, index) => ({ index })) })
    .sum((d) => (d.index >= 0 ? items[d.index].size : 0))
    .sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
  const laid = treemap<Node>().tile(treemapSquarify).size([width, height]).paddingInner(2).round(true)(root);

  const tiles = laid.leaves().flatMap((leaf): TreemapTile[] => {
    const i = leaf.data.index;
    if (i < 0) return [];
    const it = items[i];
    const w = leaf.x1 - leaf.x0;
    const h = leaf.y1 - leaf.y0;
    if (w <= 0 || h <= 0) return [];
    const fill = fillOf(it, i);
    const value = typeof it.value === 'number' && Number.isFinite(it.value) ? it.value : null;
    const candidates = [it.name, `${fmtSize(it.size)} ${sizeName} · ${share(it.size)}`];
    if (value !== null) candidates.push(`${valueName}: ${fmtValue(value)}`);
    // Lines are added while the tile has room; a line too wide is shortened, never spills out.
    const lines: TreemapTile['lines'] = [];
    const room = w - 10;
    if (room >= 24) {
      candidates.forEach((text, k) => {
        const y = leaf.y0 + 6 + (k + 1) * LINE - 3;
        if (y + 4 > leaf.y1 || lines.length < k) return;
        const size = k === 0 ? LABEL_FONT : TICK_FONT;
        lines.push({ text: truncate(text, room, size, k === 0), x: leaf.x0 + 6, y });
      });
    }
    return [
      {
        index: i,
        name: it.name,
        size: it.size,
        value,
        x: leaf.x0,
        y: leaf.y0,
        width: w,
        height: h,
        fill,
        textColor: textColorOn(fill),
        lines,
        title: candidates.join('\n'),
      },
    ];
  });
  return { width, height, tiles };
}
