// The monitor's drift chart as data: PSI per model input column as horizontal bars coloured by their
// reading, on a value axis from 0 that always shows the 0.1 and 0.25 guides.
import { layoutBarChart, type BarLayout } from '../charts/layout/bar';
import type { DriftReading, DriftRow } from '../../contract';

export const READING_COLOR: Record<DriftReading, string> = { stable: '#4c8c6a', moderate: '#d49a2a', major: '#c8423b' };
export const GUIDES = [
  { value: 0.1, label: '0.1 moderate' },
  { value: 0.25, label: '0.25 major' },
];

export interface DriftChart {
  layout: BarLayout;
  guides: { x: number; label: string }[];
}

export function driftChart(drift: readonly DriftRow[], width: number): DriftChart {
  // Beyond the largest guide, and beyond every bar (PSI is unbounded above).
  const top = Math.max(0.3, ...drift.map((d) => d.psi)) * 1.08;
  const domain: [number, number] = [0, top];
  const bars = drift.map((d) => ({ label: d.feature, value: d.psi, color: READING_COLOR[d.reading] }));
  const layout = layoutBarChart(bars, { width, domain, format: '.2f', valueLabel: 'PSI (previous scoring → this one)', sort: 'none' });
  const { x, width: w } = layout.plot;
  return { layout, guides: GUIDES.map((g) => ({ x: x + (g.value / top) * w, label: g.label })) };
}
