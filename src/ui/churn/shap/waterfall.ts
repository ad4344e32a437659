// A customer's SHAP waterfall as plain marks (tested in Node): one row for the typical customer's expected
// log-odds, one bar per step (lib waterfallSteps: largest contributions first, the rest summed), one row for the
// customer's log-odds with the probability. Bars run along a log-odds axis: red raises the risk, blue lowers it.
import { scaleLinear } from 'd3';
import { LOWERS, RAISES, sigmoid, waterfallSteps, type WaterfallInput, type WaterfallSteps } from '../../../lib/actions/report-shap';
import { fitXTicks, linearTicks } from '../../charts/layout/axis';
import { checkSize } from '../../charts/layout/line';
import { textWidth, TICK_FONT, truncate } from '../../charts/layout/text';
import type { Rect, TextMark, Tick } from '../../charts/layout/types';

export interface WaterfallBar {
  label: string;
  shortLabel: string;
  x: number;
  y: number;
  width: number;
  height: number;
  color: string;
  valueText: TextMark;
  title: string;
}

export interface WaterfallLayout {
  width: number;
  height: number;
  plot: Rect;
  ticks: Tick[];
  xTitle: TextMark;
  /** The expected value's row and the customer's row: a marker line and a label each. */
  base: { x: number; y: number; label: string; valueText: TextMark };
  final: { x: number; y: number; label: string; valueText: TextMark };
  /** One line under the chart: the probability shown (calibrated) and the log-odds, when they differ. */
  note: string;
  bars: WaterfallBar[];
  /** Thin connectors from one bar's end to the next bar's start. */
  connectors: { x: number; y1: number; y2: number }[];
  rowHeight: number;
  steps: WaterfallSteps;
}

const ROW = 24;
const signed = (v: number): string => (v >= 0 ? '+' : '−') + Math.abs(v).toFixed(3);
const pct = (p: number): string => `${(p * 100).toFixed(1)}%`;

export function layoutWaterfall(w: WaterfallInput, options: { width: number; maxSteps?: number }): WaterfallLayout {
  const steps = waterfallSteps(w, options.maxSteps ?? 10);
  const { width } = options;
  const rows = steps.steps.length + 2;
  const top = 6;
  const height = top + rows * ROW + 40;
  checkSize(width, height);

  const baseLabel = 'Typical customer (expected)';
  const finalLabel = 'This customer';
  // The app's probability is calibrated; the log-odds are the model's own: say both when they differ.
  const calibrated = Math.abs(sigmoid(w.logit) - w.probability) > 5e-4;
  const note = `Churn probability ${pct(w.probability)}${calibrated ? ` after calibration (the model's log-odds ${signed(w.logit)} give ${pct(sigmoid(w.logit))})` : ` (log-odds ${signed(w.logit)})`}.`;
  // Labels take what they need, up to 45% of the width (truncated beyond), so the bars keep room on a phone.
  const labels = [baseLabel, finalLabel, ...steps.steps.map((s) => s.label)];
  const labelW = Math.min(width * 0.45, Math.max(...labels.map((l) => textWidth(l, TICK_FONT))) + 12);
  const left = labelW + 4;
  const right = 52; // room for the value printed after the rightmost bar
  const plot: Rect = { x: left, y: top, width: Math.max(10, width - left - right), height: rows * ROW };

  const xs = scaleLinear().domain(steps.extent).range([plot.x, plot.x + plot.width]).nice();
  const ticks = fitXTicks(plot.width, (k) => linearTicks(xs, k));

  const rowY = (i: number) => top + i * ROW;
  const text = (v: number, x: number, y: number): TextMark => ({ text: signed(v), x: x + 4, y: y + ROW / 2, anchor: 'start', rotate: 0 });
  const bars: WaterfallBar[] = steps.steps.map((s, i) => {
    const y = rowY(i + 1);
    const a = xs(Math.min(s.start, s.end));
    const b = xs(Math.max(s.start, s.end));
    const typical = s.column === null ? '' : ` (typical: ${s.typical})`;
    return {
      label: s.label,
      shortLabel: truncate(s.label, labelW - 8, TICK_FONT),
      x: a,
      y: y + 4,
      width: Math.max(1, b - a),
      height: ROW - 8,
      color: s.contribution >= 0 ? RAISES : LOWERS,
      valueText: text(s.contribution, b, y),
      title: `${s.label}${typical}: ${signed(s.contribution)} log-odds`,
    };
  });
  // A marker's text goes on the side with more room.
  const mid = plot.x + plot.width / 2;
  const marker = (t: string, x: number, y: number): TextMark => ({ text: t, x: x > mid ? x - 6 : x + 6, y: y + ROW / 2, anchor: x > mid ? 'end' : 'start', rotate: 0 });
  const connectors = steps.steps.slice(0, -1).map((s, i) => ({ x: xs(s.end), y1: rowY(i + 1) + ROW - 4, y2: rowY(i + 2) + 4 }));
  const yFinal = rowY(rows - 1);
  return {
    width,
    height,
    plot,
    ticks,
    xTitle: { text: 'Churn log-odds', x: plot.x + plot.width / 2, y: height - 4, anchor: 'middle', rotate: 0 },
    base: { x: xs(w.expected), y: rowY(0), label: truncate(baseLabel, labelW - 8, TICK_FONT), valueText: marker(signed(w.expected), xs(w.expected), rowY(0)) },
    final: { x: xs(w.logit), y: yFinal, label: finalLabel, valueText: marker(`${signed(w.logit)} = ${pct(w.probability)}`, xs(w.logit), yFinal) },
    note,
    bars,
    connectors,
    rowHeight: ROW,
    steps,
  };
}
