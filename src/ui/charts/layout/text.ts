// Text measured without a DOM: layouts must run in Node, so widths are estimates from the font size.
// System UI fonts average ~0.56 em per character for mixed text; over-estimating a little is the safe side
// (a label gets truncated or a tick thinned rather than overlapping).

export const TICK_FONT = 11;
export const LABEL_FONT = 12;

const NARROW = /[il.,:;|'!1()[\]\s]/;
const WIDE = /[MWmw%@#]/;

export function textWidth(text: string, fontSize = TICK_FONT): number {
  let em = 0;
  for (const ch of text) em += NARROW.test(ch) ? 0.3 : WIDE.test(ch) ? 0.85 : /[A-Z]/.test(ch) ? 0.66 : 0.56;
  return em * fontSize;
}

/** Shortens `text` with an ellipsis so that it fits in `maxWidth` pixels (never below one character). */
export function truncate(text: string, maxWidth: number, fontSize = TICK_FONT): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  const chars = [...text];
  let n = chars.length - 1;
  while (n > 1 && textWidth(chars.slice(0, n).join('') + '…', fontSize) > maxWidth) n--;
  return chars.slice(0, n).join('') + '…';
}
