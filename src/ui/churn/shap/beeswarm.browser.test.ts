// The beeswarm in real Chromium: its dots are laid out and drawn a few rows per task (issue 15), and once they are
// all in, every row is on the canvas where the layout puts it and hover names the customer under the pointer.
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import '../../app.css';
import Beeswarm from './Beeswarm.svelte';
import { layoutBeeswarm, type ShapSample } from './beeswarm';

const hosts: { app: Record<string, unknown>; host: HTMLElement }[] = [];
afterEach(() => {
  for (const { app, host } of hosts.splice(0)) {
    unmount(app);
    host.remove();
  }
});

/** n customers x 12 columns: column k's contribution grows with the customer, scaled by k; column 3 a category. */
function sample(n: number): ShapSample {
  const c = 12;
  const values = new Float64Array(n * c);
  const feature = new Float64Array(n * c);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < c; k++) {
      values[i * c + k] = ((i / n - 0.5) * (k + 1)) / 4;
      feature[i * c + k] = k === 3 ? i % 3 : i;
    }
  return {
    columns: Array.from({ length: c }, (_, k) => `col${k}`),
    meanAbs: Array.from({ length: c }, (_, k) => (k + 1) / 16),
    customers: Array.from({ length: n }, (_, i) => `c${i}`),
    values,
    feature,
    levels: Array.from({ length: c }, (_, k) => (k === 3 ? ['a', 'b', 'c'] : null)),
  };
}

describe('Beeswarm', () => {
  it('draws every row of 2,000 customers where the layout puts the dots, then hovers a dot to its customer', async () => {
    const s = sample(2000);
    const host = document.createElement('div');
    host.style.width = '700px';
    document.body.append(host);
    hosts.push({ app: mount(Beeswarm, { target: host, props: { sample: s } }), host });
    // The canvas comes with the chart's measured width.
    const canvas = await vi.waitFor(() => {
      const c = host.querySelector<HTMLCanvasElement>('canvas[data-chart-canvas]');
      if (!c) throw new Error('no canvas yet');
      return c;
    });
    const l = layoutBeeswarm(s, { width: 700, top: 12 });
    expect(canvas.getBoundingClientRect().width).toBeCloseTo(l.plot.width, 0);
    const ctx = canvas.getContext('2d')!;
    const dpr = devicePixelRatio;
    const alphaAt = (k: number) => ctx.getImageData(Math.round((l.px[k] - l.plot.x) * dpr), Math.round((l.py[k] - l.plot.y) * dpr), 1, 1).data[3];
    const n = s.customers.length;
    // The last row is drawn last: once it is in, every row is.
    await vi.waitFor(() => expect(alphaAt((l.rows.length - 1) * n + 7)).toBeGreaterThan(0), { timeout: 5000 });
    for (let r = 0; r < l.rows.length; r++) expect(alphaAt(r * n + 1234), `row ${r}`).toBeGreaterThan(0);
    // Hover the dot of customer 1234 in the top row.
    const svg = host.querySelector<SVGSVGElement>('svg[data-chart]')!;
    const box = svg.getBoundingClientRect();
    svg.dispatchEvent(new PointerEvent('pointermove', { clientX: box.left + l.px[1234], clientY: box.top + l.py[1234], bubbles: true }));
    flushSync();
    const lines = [...svg.querySelectorAll('.readout text')].map((t) => t.textContent);
    expect(lines[0]).toMatch(/^Customer c\d+$/);
    // The nearest dot: customer 1234 or a neighbour drawn on top of it (dots in the same pixel bin are stacked).
    expect(Math.abs(Number(lines[0]!.slice('Customer c'.length)) - 1234)).toBeLessThan(20);
    expect(lines[1]).toMatch(/^col11 = /);
  });
});
