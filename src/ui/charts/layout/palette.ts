import { color as d3color, interpolateBlues, interpolateGreens, interpolateOranges, interpolateViridis, schemeTableau10 } from 'd3';

/** Category colours: Tableau 10 (distinct, colour-blind friendly). Segment k is always colour k on every page. */
export const CATEGORY_COLORS: readonly string[] = schemeTableau10;
/** For missing categories and reference lines. */
export const NEUTRAL = '#9aa5b1';

export function categoryColor(i: number): string {
  const n = CATEGORY_COLORS.length;
  return CATEGORY_COLORS[((i % n) + n) % n];
}

export type SequentialScheme = 'blues' | 'greens' | 'oranges' | 'viridis';

const SCHEMES: Record<SequentialScheme, (t: number) => string> = {
  blues: interpolateBlues,
  greens: interpolateGreens,
  oranges: interpolateOranges,
  viridis: interpolateViridis,
};

export function sequentialInterpolator(scheme: SequentialScheme): (t: number) => string {
  const f = SCHEMES[scheme];
  if (!f) throw new Error(`Unknown colour scheme "${scheme}" (expected one of ${Object.keys(SCHEMES).join(', ')})`);
  // The lightest ~8% of Blues/Greens is nearly white and vanishes on the panel; start a little in.
  return scheme === 'viridis' ? f : (t) => f(0.08 + 0.92 * t);
}

/** Dark or light text, whichever reads better on `fill` (WCAG relative luminance). */
export function textColorOn(fill: string): string {
  const c = d3color(fill)?.rgb();
  if (!c) return '#1c2430';
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const lum = 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
  // Contrast with white (1.05/(L+0.05)) vs with near-black (~L+0.05)/0.065: pick the larger.
  return 1.05 / (lum + 0.05) > (lum + 0.05) / 0.065 ? '#ffffff' : '#1c2430';
}
