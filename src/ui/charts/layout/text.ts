// Text measured without a DOM: layouts must run in Node, so widths are estimates from the font size.
// Calibrated against Chromium's system-ui on Linux (DejaVu Sans, the widest common fallback): digits are
// tabular and wide, so numbers get 0.64 em each. Over-estimating a little is the safe side (a label gets
// truncated or a tick thinned rather than overlapping).

export const TICK_FONT = 11;
export const LABEL_FONT = 12;

function em(ch: string): number {
  if (/[0-9]/.test(ch)) return 0.64;
  if (/[il.,:;|'!()[\]\s·]/.test(ch)) return 0.32;
  if (ch === '-' || ch === '–') return 0.4;
  if (/[MWmw%@#]/.test(ch)) return 0.9;
  if (/[A-Z]/.test(ch)) return 0.68;
  return 0.58;
}

/** Estimated rendered width in px; `bold` text (font-weight 600) runs ~12% wider. */
export function textWidth(text: string, fontSize = TICK_FONT, bold = false): number {
  let w = 0;
  for (const ch of text) w += em(ch);
  return w * fontSize * (bold ? 1.12 : 1);
}

/** Shortens `text` with an ellipsis so that it fits in `maxWidth` pixels (never below one character). */
export function truncate(text: string, maxWidth: number, fontSize = TICK_FONT, bold = false): string {
  if (textWidth(text, fontSize, bold) <= maxWidth) return text;
  const chars = [...text];
  let n = chars.length - 1;
  while (n > 1 && textWidth(chars.slice(0, n).join('') + '…', fontSize, bold) > maxWidth) n--;
  return chars.slice(0, n).join('') + '…';
}
