// The promoter / passive / detractor split as one stacked bar: each group's share as a rectangle, laid out
// as data (tested in Node) for ScoreSplit.svelte.

export interface SplitPart {
  name: string;
  count: number;
  color: string;
}

export interface SplitRect {
  name: string;
  count: number;
  share: number;
  x: number;
  width: number;
  color: string;
  /** The share in words, when the rectangle is wide enough to hold it; '' otherwise. */
  text: string;
}

export const SPLIT_HEIGHT = 64;
const BAR_Y = 8;
const BAR_H = 30;
/** A label needs about this many px per character. */
const CHAR_PX = 7;

export function layoutSplit(parts: SplitPart[], width: number): { rects: SplitRect[]; barY: number; barH: number; height: number } {
  const total = parts.reduce((s, p) => s + p.count, 0);
  let x = 0;
  const rects = parts.map((p) => {
    const share = total > 0 ? p.count / total : 0;
    const w = share * width;
    const text = `${p.name} ${Math.round(share * 100)}%`;
    const r = { name: p.name, count: p.count, share, x, width: w, color: p.color, text: w >= text.length * CHAR_PX + 8 ? text : '' };
    x += w;
    return r;
  });
  return { rects, barY: BAR_Y, barH: BAR_H, height: SPLIT_HEIGHT };
}
