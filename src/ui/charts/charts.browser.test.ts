// The chart components in real Chromium: DOM structure, responsive width, hover readouts, and exports
// (standalone SVG that parses, PNG that decodes, the scatter's canvas composed under its axes).
import { flushSync, mount, unmount, type Component } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import '../app.css';
import BarChart from './BarChart.svelte';
import Heatmap from './Heatmap.svelte';
import Histogram from './Histogram.svelte';
import LineChart from './LineChart.svelte';
import ScatterCanvas from './ScatterCanvas.svelte';
import Treemap from './Treemap.svelte';
import FramedLine from './test/FramedLine.svelte';
import { layoutHeatmap } from './layout/heatmap';
import { layoutScatter } from './layout/scatter';
import { canvasToPngBlob, slugify, svgToPngBlob, svgToString } from './export';

const mounted: { app: Record<string, unknown>; host: HTMLElement }[] = [];

afterEach(() => {
  for (const { app, host } of mounted.splice(0)) {
    unmount(app);
    host.remove();
  }
  vi.restoreAllMocks();
});

/** Mounts into a box of the given width, then waits for bind:clientWidth (a ResizeObserver) to settle. */
async function show<P extends object>(component: Component<P>, props: NoInfer<P>, width = 600) {
  const host = document.createElement('div');
  host.style.width = `${width}px`;
  host.style.background = 'var(--panel)';
  document.body.append(host);
  const app = mount(component as Component<Record<string, unknown>>, { target: host, props: props as Record<string, unknown> });
  mounted.push({ app, host });
  await frames(2);
  flushSync();
  return host;
}

function frames(n: number): Promise<void> {
  return new Promise((resolve) => {
    const step = (k: number) => (k === 0 ? resolve() : requestAnimationFrame(() => step(k - 1)));
    step(n);
  });
}

function hoverAt(svg: SVGSVGElement, x: number, y: number) {
  const r = svg.getBoundingClientRect();
  svg.dispatchEvent(new PointerEvent('pointermove', { clientX: r.left + x, clientY: r.top + y, bubbles: true }));
  flushSync();
}

function parseSvg(text: string): Document {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  expect(doc.querySelector('parsererror')).toBeNull();
  return doc;
}

async function decode(blob: Blob): Promise<ImageBitmap> {
  expect(blob.type).toBe('image/png');
  expect(blob.size).toBeGreaterThan(500);
  return createImageBitmap(blob);
}

const roc = { name: 'Logistic', x: [0, 0.1, 0.3, 0.6, 1], y: [0, 0.5, 0.8, 0.93, 1] };
const km = {
  name: 'Month-to-month',
  x: [0, 6, 12, 24, 36],
  y: [1, 0.8, 0.7, 0.55, 0.5],
  step: true,
  band: { lower: [1, 0.76, 0.65, 0.5, 0.44], upper: [1, 0.84, 0.75, 0.6, 0.56] },
};

describe('LineChart', () => {
  it('draws series, band, legend, diagonal and marker at the container width', async () => {
    const host = await show(LineChart, {
      series: [roc, { ...km, name: 'Two year', dashed: true }],
      diagonal: true,
      vline: { x: 0.3, label: 'threshold' },
      xLabel: 'False positive rate',
      yLabel: 'True positive rate',
      yFormat: '.0%',
    }, 520);
    const svg = host.querySelector<SVGSVGElement>('svg[data-chart]')!;
    expect(svg.getAttribute('width')).toBe('520');
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toContain('Logistic');
    expect(svg.querySelectorAll('path.series')).toHaveLength(2);
    expect(svg.querySelectorAll('path.band')).toHaveLength(1);
    expect(svg.querySelectorAll('.legend-entry')).toHaveLength(2);
    expect(svg.querySelectorAll('line.ref')).toHaveLength(1);
    expect(svg.querySelector('.rule-label')?.textContent).toBe('threshold');
    expect([...svg.querySelectorAll('.tick')].some((t) => t.textContent === '100%')).toBe(true);
    // The series stroke resolves from inline style, not black.
    expect(getComputedStyle(svg.querySelector('path.series')!).stroke).not.toBe('rgb(0, 0, 0)');
  });

  it('shows a readout of the nearest point on hover and hides it on leave', async () => {
    const host = await show(LineChart, { series: [km], xLabel: 'Months', yLabel: 'Survival', markers: true });
    const svg = host.querySelector<SVGSVGElement>('svg[data-chart]')!;
    expect(svg.querySelectorAll('circle.marker')).toHaveLength(5);
    const m = svg.querySelectorAll<SVGCircleElement>('circle.marker')[2];
    hoverAt(svg, Number(m.getAttribute('cx')) + 3, Number(m.getAttribute('cy')) - 3);
    const text = [...svg.querySelectorAll('.readout text')].map((t) => t.textContent);
    expect(text).toEqual(['Month-to-month', 'Months: 12', 'Survival: 0.7', 'band: 0.65 – 0.75']);
    svg.dispatchEvent(new PointerEvent('pointerleave'));
    flushSync();
    expect(svg.querySelector('.readout')).toBeNull();
  });

  it('re-lays out when the container is resized (320 px still readable)', async () => {
    const host = await show(LineChart, { series: [roc], xLabel: 'x', yLabel: 'y' }, 900);
    host.style.width = '320px';
    await frames(3);
    flushSync();
    const svg = host.querySelector<SVGSVGElement>('svg[data-chart]')!;
    expect(svg.getAttribute('width')).toBe('320');
    expect(svg.querySelectorAll('.axes text.tick').length).toBeGreaterThan(3);
  });

  it('exports a standalone SVG and a PNG', async () => {
    const host = await show(LineChart, { series: [roc, km], diagonal: true, xLabel: 'x', yLabel: 'y' });
    const svg = host.querySelector<SVGSVGElement>('svg[data-chart]')!;
    hoverAt(svg, 300, 100);
    const text = svgToString(svg, { title: 'ROC curve', caption: 'holdout' });
    expect(text).toContain('xmlns="http://www.w3.org/2000/svg"');
    const doc = parseSvg(text);
    const root = doc.documentElement;
    expect(root.querySelectorAll('path')).toHaveLength(svg.querySelectorAll('path').length);
    expect(root.querySelector('.readout, [data-export]')).toBeNull();
    expect(root.textContent).toContain('ROC curve');
    expect(Number(root.getAttribute('height'))).toBeGreaterThan(280);
    // Styles are inlined: the series colour and the muted tick colour survive outside the app.
    const path = root.querySelector('path.series')!;
    expect(path.getAttribute('style')).toMatch(/stroke:rgb\(/);
    expect(root.querySelector('text.tick')!.getAttribute('style')).toMatch(/fill:rgb\(93, 107, 126\)/);
    expect(text).not.toMatch(/var\(--|https?:\/\/(?!www\.w3\.org)/);
    expect(text).not.toContain('<!--');
    expect(root.getAttribute('style')).toMatch(/font-family:/);

    const bmp = await decode(await svgToPngBlob(svg, 2, { title: 'ROC curve' }));
    expect(bmp.width).toBe(2 * 600);
    expect(bmp.height).toBe(2 * (280 + 32));
  });
});

describe('BarChart and Histogram', () => {
  it('draws sorted horizontal bars with error bars and value labels', async () => {
    const host = await show(BarChart, {
      bars: [
        { label: 'tenure', value: 0.12, error: 0.01 },
        { label: 'Contract_Month-to-month', value: 0.2, error: 0.02 },
        { label: 'MonthlyCharges', value: 0.05, error: 0.005 },
      ],
      sort: 'desc',
      format: '.2f',
      valueLabel: 'Permutation importance (AUC drop)',
    });
    const svg = host.querySelector<SVGSVGElement>('svg[data-chart]')!;
    expect(svg.querySelectorAll('.bar rect')).toHaveLength(3);
    expect([...svg.querySelectorAll('text.category')].map((t) => t.textContent)).toEqual(['Contract_Month-to-month', 'tenure', 'MonthlyCharges']);
    expect([...svg.querySelectorAll('text.value')].map((t) => t.textContent)).toEqual(['0.20', '0.12', '0.05']);
    expect(svg.querySelectorAll('line.whisker')).toHaveLength(9);
    expect(svg.querySelector('.bar rect title')?.textContent).toBe('Contract_Month-to-month: 0.20 ± 0.02');
  });

  it('draws vertical bars with per-bar colours', async () => {
    const host = await show(BarChart, {
      bars: [
        { label: 'A', value: 10, color: '#4e79a7' },
        { label: 'B', value: 30, color: '#f28e2b' },
      ],
      orientation: 'vertical',
    });
    const rects = host.querySelectorAll<SVGRectElement>('.bar rect');
    expect(getComputedStyle(rects[1]).fill).toBe('rgb(242, 142, 43)');
    expect(Number(rects[1].getAttribute('height'))).toBeGreaterThan(Number(rects[0].getAttribute('height')));
  });

  it('draws its marks at the measured width only, and keeps them while its page is hidden', async () => {
    const bars = [
      { label: 'A', value: 10 },
      { label: 'B', value: 30 },
    ];
    const host = await show(BarChart, { bars }, 500);
    const svg = host.querySelector<SVGSVGElement>('svg[data-chart]')!;
    expect(svg.getAttribute('width')).toBe('500');
    const first = svg.querySelector('.bar rect');
    expect(first).not.toBeNull();
    // Pages stay mounted while hidden (display: none, width 0): the chart neither redraws at a fallback width nor again when shown.
    host.hidden = true;
    await frames(2);
    flushSync();
    expect(svg.getAttribute('width')).toBe('500');
    host.hidden = false;
    await frames(2);
    flushSync();
    expect(svg.getAttribute('width')).toBe('500');
    expect(svg.querySelector('.bar rect')).toBe(first);
    // Mounted hidden: no marks until it has a width, then drawn at that width.
    const later = document.createElement('div');
    later.hidden = true;
    later.style.width = '420px';
    document.body.append(later);
    mounted.push({ app: mount(BarChart as unknown as Component<Record<string, unknown>>, { target: later, props: { bars } }), host: later });
    await frames(2);
    flushSync();
    expect(later.querySelectorAll('.bar rect')).toHaveLength(0);
    later.hidden = false;
    await frames(3);
    flushSync();
    expect(later.querySelector('svg[data-chart]')?.getAttribute('width')).toBe('420');
    expect(later.querySelectorAll('.bar rect')).toHaveLength(2);
  });

  it('draws one rect per bin', async () => {
    const bins = Array.from({ length: 20 }, (_, i) => ({ x0: i * 50, x1: (i + 1) * 50, count: Math.round(1000 * Math.exp(-i / 3)) }));
    const host = await show(Histogram, { bins, xLabel: 'Predicted CLV', xFormat: '$,' });
    const svg = host.querySelector<SVGSVGElement>('svg[data-chart]')!;
    expect(svg.querySelectorAll(':scope > rect')).toHaveLength(20);
    expect(svg.querySelector(':scope > rect title')?.textContent).toBe('$0 – $50: 1,000');
  });
});

describe('Heatmap', () => {
  it('draws the non-blank cells, a colour legend and a hover value', async () => {
    const host = await show(Heatmap, {
      rowLabels: ['1997-01', '1997-02', '1997-03'],
      colLabels: ['0', '1', '2'],
      values: [[1, 0.4, 0.3], [1, 0.35], [1, null]],
      domain: [0, 1],
      format: '.0%',
      xLabel: 'Months since first purchase',
      yLabel: 'Cohort',
      legendLabel: 'Retained',
    });
    const svg = host.querySelector<SVGSVGElement>('svg[data-chart]')!;
    const cells = svg.querySelectorAll<SVGRectElement>('rect.cell');
    expect(cells).toHaveLength(6);
    expect([...svg.querySelectorAll('.cell-text')].map((t) => t.textContent)).toEqual(['100%', '40%', '30%', '100%', '35%', '100%']);
    expect(svg.querySelectorAll('linearGradient stop')).toHaveLength(11);
    const c = cells[1];
    hoverAt(svg, Number(c.getAttribute('x')) + 5, Number(c.getAttribute('y')) + 5);
    expect(svg.querySelector('.readout text')?.textContent).toBe('1997-01 · 1: 40%');
    const doc = parseSvg(svgToString(svg));
    expect(doc.querySelectorAll('rect.cell')).toHaveLength(6);
    expect(doc.querySelector('linearGradient')).not.toBeNull();
  });

  it('fills a large grid of cells with text in over several tasks, ending with every cell', async () => {
    const n = 24;
    const values = Array.from({ length: n }, (_, r) => Array.from({ length: n - r }, (_, c) => 1 - c / n));
    const host = await show(Heatmap, { rowLabels: values.map((_, r) => `c${r}`), colLabels: values.map((_, c) => String(c)), values, format: '.0%' }, 900);
    const cells = n * (n + 1) / 2;
    // 300 cells: the first part is drawn with the chart, the rest a part per task.
    for (let i = 0; i < 20 && host.querySelectorAll('rect.cell').length < cells; i++) await frames(1);
    flushSync();
    expect(host.querySelectorAll('rect.cell')).toHaveLength(cells);
    expect(host.querySelectorAll('.cell-text')).toHaveLength(cells);
  });

  it('draws a dense grid without cell text on a canvas, in the layout\'s colours, with the same hover', async () => {
    const rows = 60;
    const cols = 51;
    const values = Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => ((r + c) % 10) / 10));
    const rowLabels = values.map((_, r) => String(r));
    const colLabels = Array.from({ length: cols }, (_, c) => String(c));
    const host = await show(Heatmap, { rowLabels, colLabels, values, domain: [0, 1], format: '.0%', cellText: false, cellHeight: 6 });
    const svg = host.querySelector<SVGSVGElement>('svg[data-chart]')!;
    expect(svg.querySelectorAll('rect.cell')).toHaveLength(0);
    const canvas = host.querySelector<HTMLCanvasElement>('canvas[data-chart-canvas]')!;
    const l = layoutHeatmap({ width: 600, rowLabels, colLabels, values, domain: [0, 1], format: '.0%', cellText: false, cellHeight: 6 });
    expect(canvas.getBoundingClientRect().width).toBeCloseTo(l.grid.width, 0);
    // The middle of cell (row 7, col 20) carries that cell's fill.
    const cell = l.cells.find((c) => c.row === 7 && c.col === 20)!;
    const dpr = devicePixelRatio;
    const [r, g, b] = canvas.getContext('2d')!.getImageData(Math.round((cell.x - l.grid.x + cell.width / 2) * dpr), Math.round((cell.y - l.grid.y + cell.height / 2) * dpr), 1, 1).data;
    const want = cell.fill.match(/\d+/g)!.map(Number);
    expect([r, g, b]).toEqual(want);
    hoverAt(svg, cell.x + cell.width / 2, cell.y + cell.height / 2);
    expect(svg.querySelector('.readout text')?.textContent).toBe('7 · 20: 70%');
  });
});

describe('ScatterCanvas', () => {
  const n = 50_000;
  const x = Float64Array.from({ length: n }, (_, i) => Math.cos(i) * (1 + (i % 4)));
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.3) * (1 + (i % 4)));
  const category = Int32Array.from({ length: n }, (_, i) => i % 4);

  it('draws 50k points on a DPR-aware canvas under SVG axes with a legend', async () => {
    // Speed is the bench's business (no timed assertions here); this checks what is drawn.
    const host = await show(ScatterCanvas, { x, y, category, categories: ['A', 'B', 'C', 'D'], xLabel: 'PC1', yLabel: 'PC2' }, 700);
    const canvas = host.querySelector<HTMLCanvasElement>('canvas[data-chart-canvas]')!;
    const css = canvas.getBoundingClientRect();
    expect(canvas.width).toBe(Math.round(css.width * devicePixelRatio));
    const ctx = canvas.getContext('2d')!;
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
    expect(painted / (data.length / 4)).toBeGreaterThan(0.05);
    const svg = host.querySelector<SVGSVGElement>('svg[data-chart]')!;
    expect([...svg.querySelectorAll('.legend-entry text')].map((t) => t.textContent)).toEqual(['A (12,500)', 'B (12,500)', 'C (12,500)', 'D (12,500)']);
  });

  it('hovers the nearest point and exports points under the axes', async () => {
    const host = await show(ScatterCanvas, { x: [0, 1], y: [0, 1], category: [0, 1], categories: ['Loyal', 'Lost'], pointLabel: (i: number) => `customer #${i}` }, 400);
    const svg = host.querySelector<SVGSVGElement>('svg[data-chart]')!;
    const canvas = host.querySelector<HTMLCanvasElement>('canvas[data-chart-canvas]')!;
    // Where the point is drawn comes from the same pure layout the component uses.
    const l = layoutScatter({ width: 400, height: 360, x: [0, 1], y: [0, 1], category: [0, 1], categories: ['Loyal', 'Lost'] });
    hoverAt(svg, l.px[1] - 4, l.py[1] + 3);
    expect([...svg.querySelectorAll('.readout text')].map((t) => t.textContent)).toEqual(['Lost', 'x: 1', 'y: 1', 'customer #1']);

    const doc = parseSvg(svgToString(svg, { underlay: canvas }));
    expect(doc.querySelector('image')?.getAttribute('href')).toMatch(/^data:image\/png;base64,/);

    const blob = await svgToPngBlob(svg, 1, { underlay: canvas });
    const bmp = await decode(blob);
    const c2 = new OffscreenCanvas(bmp.width, bmp.height).getContext('2d')!;
    c2.drawImage(bmp, 0, 0);
    // Tableau blue/orange dots survive in the composed PNG (the svg alone is white and grey there).
    const px = c2.getImageData(0, 0, bmp.width, bmp.height).data;
    let coloured = 0;
    for (let i = 0; i < px.length; i += 4) if (Math.max(px[i], px[i + 1], px[i + 2]) - Math.min(px[i], px[i + 1], px[i + 2]) > 60) coloured++;
    expect(coloured).toBeGreaterThan(20);
    expect((await canvasToPngBlob(canvas)).size).toBeGreaterThan(100);
  });
});

describe('Treemap', () => {
  it('draws a tile per segment with its text', async () => {
    const host = await show(Treemap, {
      items: [
        { name: 'Champions', size: 500, value: 0.45 },
        { name: 'Loyal', size: 300, value: 0.3 },
        { name: 'Lost', size: 50, value: 0.05 },
      ],
      sizeName: 'customers',
      valueName: 'revenue',
      valueFormat: '.0%',
    });
    const svg = host.querySelector<SVGSVGElement>('svg[data-chart]')!;
    expect(svg.querySelectorAll('.tile rect')).toHaveLength(3);
    expect(svg.querySelector('text.name')?.textContent).toBe('Champions');
    expect(svg.textContent).toContain('revenue: 45%');
  });
});

describe('ChartFrame', () => {
  function captureDownloads() {
    const saved: { name: string; href: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ name: this.download, href: this.href });
    });
    return saved;
  }

  it('shows title and caption and downloads SVG and PNG files', async () => {
    const saved = captureDownloads();
    const host = await show(FramedLine, { kind: 'line' });
    expect(host.querySelector('h3')?.textContent).toBe('ROC curve (holdout)');
    expect(host.querySelector('figcaption')?.textContent).toBe('AUC 0.84 on 1,409 customers');
    const [png, svgButton] = host.querySelectorAll('button');
    svgButton.click();
    png.click();
    await vi.waitFor(() => expect(saved).toHaveLength(2), { timeout: 5000 });
    expect(saved.map((s) => s.name)).toEqual(['roc-curve-holdout.svg', 'roc-curve-holdout.png']);
    const svgText = await (await fetch(saved[0].href)).text();
    expect(parseSvg(svgText).documentElement.textContent).toContain('AUC 0.84');
    await decode(await (await fetch(saved[1].href)).blob());
  });

  it('exports the scatter with its canvas', async () => {
    const saved = captureDownloads();
    const host = await show(FramedLine, { kind: 'scatter' });
    // the marks and their canvas come once the frame's width is measured (a ResizeObserver turn): export what is shown
    await vi.waitFor(() => expect(host.querySelector('canvas[data-chart-canvas]')).not.toBeNull());
    host.querySelectorAll('button')[1].click();
    await vi.waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0].name).toBe('segments-pca.svg');
    const text = await (await fetch(saved[0].href)).text();
    expect(text).toContain('data:image/png;base64,');
  });

  it('slugifies titles into file names', () => {
    expect(slugify('Kaplan–Meier: Contract (été)')).toBe('kaplan-meier-contract-ete');
    expect(slugify('***')).toBe('chart');
  });
});
