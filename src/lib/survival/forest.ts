// Layout of the forest plot of hazard ratios (log scale), as plain data: one row per covariate with its
// point and 95% interval in pixels, the line at HR = 1, and ticks at 1-2-5 steps that fall in range.

export interface ForestInput {
  name: string;
  hazardRatio: number;
  lower: number;
  upper: number;
}

export interface ForestRow extends ForestInput {
  y: number;
  x: number;
  x0: number;
  x1: number;
  /** The interval excludes 1. */
  significant: boolean;
}

export interface ForestLayout {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  rows: ForestRow[];
  one: number;
  ticks: { value: number; pos: number; label: string }[];
}

const ROW = 26;

export function layoutForest(items: ForestInput[], width: number, labelWidth = 170): ForestLayout {
  const finite = (v: number) => Number.isFinite(v) && v > 0;
  let lo = 1, hi = 1;
  for (const it of items) {
    if (finite(it.lower)) lo = Math.min(lo, it.lower);
    if (finite(it.upper)) hi = Math.max(hi, it.upper);
  }
  // Half a decade of margin either side, in log space.
  const a = Math.log10(lo) - 0.1, b = Math.log10(hi) + 0.1;
  const plot = { left: labelWidth, right: Math.max(labelWidth + 60, width - 16), top: 8, bottom: 8 + ROW * Math.max(1, items.length) };
  const pos = (v: number) => plot.left + ((Math.log10(Math.min(Math.max(v, 10 ** a), 10 ** b)) - a) / (b - a)) * (plot.right - plot.left);
  const ticks: ForestLayout['ticks'] = [];
  for (let e = Math.floor(a); e <= Math.ceil(b); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      const l = Math.log10(v);
      if (l < a || l > b) continue;
      ticks.push({ value: v, pos: pos(v), label: v >= 1 ? String(v) : v.toPrecision(1) });
    }
  }
  // Fewer ticks on a narrow plot: 1-2-5 steps thinned to decades (keeping 1) when they would crowd.
  const perTick = (plot.right - plot.left) / Math.max(1, ticks.length);
  const shown = perTick < 36 ? ticks.filter((t) => Math.abs(Math.log10(t.value) % 1) < 1e-9) : ticks;
  const rows = items.map((it, k) => ({
    ...it,
    y: plot.top + ROW * k + ROW / 2,
    x: pos(it.hazardRatio),
    x0: pos(finite(it.lower) ? it.lower : 10 ** a),
    x1: pos(finite(it.upper) ? it.upper : 10 ** b),
    significant: it.lower > 1 || it.upper < 1,
  }));
  return { width, height: plot.bottom + 28, plot, rows, one: pos(1), ticks: shown };
}
