// Plain-data geometry shared by every chart layout: no DOM, no d3 objects, so layouts snapshot cleanly.

export type Formatter = (v: number) => string;
/** A d3-format specifier (e.g. `.0%`, `,.0f`, `$,.2f`) or a function. */
export type FormatSpec = string | Formatter;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Tick {
  value: number;
  /** Pixel position along the axis (x for a bottom axis, y for a left axis). */
  pos: number;
  label: string;
}

export interface TextMark {
  text: string;
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  /** Degrees; -90 for a vertical y-axis title. */
  rotate: number;
}
