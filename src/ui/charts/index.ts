// The chart kit. Every chart takes plain arrays, sizes itself to its container's width (320-900 px and up),
// and renders a pure layout from ./layout (tested in Node) as SVG, inside ChartSvg (the one measured svg element:
// size, viewBox, accessible name, the data-chart mark the exports look for). Wrap a chart in ChartFrame for a title,
// caption and PNG/SVG downloads. Segment k is Tableau-10 colour k everywhere (categoryColor(k)).
//
//   ROC / PR / gains:   <LineChart series={[{ name, x: fpr, y: tpr }]} xDomain={[0, 1]} yDomain={[0, 1]} diagonal />
//   Calibration:        <LineChart series={[...]} diagonal markers xLabel="Predicted" yLabel="Observed" />
//   Elbow / silhouette: <LineChart series={[{ name: 'Inertia', x: ks, y }]} markers vline={{ x: k, label: `K = ${k}` }} />
//   Kaplan-Meier:       <LineChart series={[{ name, x: t, y: s, step: true, band: { lower, upper } }]} yDomain={[0, 1]} yFormat=".0%" />
//   Importance:         <BarChart bars={[{ label, value, error }]} sort="desc" />
//   Segment sizes:      <BarChart bars={...} orientation="vertical" /> or <Treemap items={[{ name, size, value }]} />
//   CLV distribution:   <Histogram bins={d3.bin()(clv).map((b) => ({ x0: b.x0!, x1: b.x1!, count: b.length }))} />
//   Cohorts / P(alive): <Heatmap rowLabels colLabels values domain={[0, 1]} format=".0%" />
//   Confusion matrix:   <Heatmap rowLabels={['Actual: stayed', ...]} colLabels={[...]} values={[[tn, fp], [fn, tp]]} format="," />
//   PCA of segments:    <ScatterCanvas x={pc1} y={pc2} category={labels} categories={names} />
export { default as BarChart } from './BarChart.svelte';
export { default as ChartFrame } from './ChartFrame.svelte';
export { default as Heatmap } from './Heatmap.svelte';
export { default as Histogram } from './Histogram.svelte';
export { default as LineChart } from './LineChart.svelte';
export { default as ScatterCanvas } from './ScatterCanvas.svelte';
export { default as Treemap } from './Treemap.svelte';
export { canvasToPngBlob, downloadCanvasPng, downloadPng, downloadSvg, slugify, svgToPngBlob, svgToString, type ExportOptions } from './export';
export { categoryColor, CATEGORY_COLORS, NEUTRAL, type SequentialScheme } from './layout/palette';
export type { Bar, BarChartOptions } from './layout/bar';
export type { Bin, HistogramOptions } from './layout/histogram';
export type { HeatmapOptions } from './layout/heatmap';
export type { LineChartOptions, LineSeries } from './layout/line';
export type { ScatterOptions } from './layout/scatter';
export type { TreemapItem, TreemapOptions } from './layout/treemap';
export type { FormatSpec } from './layout/types';
