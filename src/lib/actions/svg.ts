// Small SVG string builders for the self-contained report (no scripts, no external resources).
// Every text goes through escapeHtml: labels are user data, never markup.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const f = (v: number): string => (Math.round(v * 10) / 10).toString();

/** Horizontal bars, one per label. */
export function barsSvg(rows: { label: string; value: number }[], opts: { width?: number; format?: (v: number) => string; color?: string } = {}): string {
  const width = opts.width ?? 640;
  const fmt = opts.format ?? ((v: number) => v.toLocaleString('en'));
  const labelW = 220;
  const barH = 20;
  const gap = 6;
  const max = Math.max(0, ...rows.map((r) => r.value));
  const span = width - labelW - 90;
  const height = rows.length * (barH + gap) + gap;
  const bars = rows.map((r, i) => {
    const y = gap + i * (barH + gap);
    const w = max > 0 ? Math.max(0, (r.value / max) * span) : 0;
    return (
      `<text x="${labelW - 8}" y="${f(y + barH * 0.7)}" text-anchor="end">${escapeHtml(r.label)}</text>` +
      `<rect x="${labelW}" y="${y}" width="${f(w)}" height="${barH}" fill="${opts.color ?? '#3b6ea5'}"/>` +
      `<text x="${f(labelW + w + 6)}" y="${f(y + barH * 0.7)}">${escapeHtml(fmt(r.value))}</text>`
    );
  });
  return `<svg role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-size="12" font-family="sans-serif">${bars.join('')}</svg>`;
}

/** Vertical histogram bars from bin edges and counts. */
export function histogramSvg(edges: number[], counts: number[], opts: { width?: number; height?: number; format?: (v: number) => string } = {}): string {
  const width = opts.width ?? 640;
  const height = opts.height ?? 220;
  const fmt = opts.format ?? ((v: number) => v.toLocaleString('en', { maximumFractionDigits: 0 }));
  const pad = { l: 44, r: 10, t: 10, b: 30 };
  const max = Math.max(1, ...counts);
  const w = (width - pad.l - pad.r) / Math.max(1, counts.length);
  const h = height - pad.t - pad.b;
  const bars = counts.map((c, i) => {
    const bh = (c / max) * h;
    return `<rect x="${f(pad.l + i * w + 1)}" y="${f(pad.t + h - bh)}" width="${f(Math.max(0, w - 2))}" height="${f(bh)}" fill="#3b6ea5"><title>${escapeHtml(`${fmt(edges[i])} – ${fmt(edges[i + 1])}: ${c}`)}</title></rect>`;
  });
  const axis =
    `<line x1="${pad.l}" y1="${pad.t + h}" x2="${width - pad.r}" y2="${pad.t + h}" stroke="#888"/>` +
    `<text x="${pad.l}" y="${height - 8}">${escapeHtml(fmt(edges[0] ?? 0))}</text>` +
    `<text x="${width - pad.r}" y="${height - 8}" text-anchor="end">${escapeHtml(fmt(edges[edges.length - 1] ?? 0))}</text>` +
    `<text x="${pad.l - 6}" y="${pad.t + 10}" text-anchor="end">${max}</text><text x="${pad.l - 6}" y="${pad.t + h}" text-anchor="end">0</text>`;
  return `<svg role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-size="12" font-family="sans-serif">${bars.join('')}${axis}</svg>`;
}

/** Predicted vs observed on the unit square, with the diagonal. */
/** `before`: the uncalibrated reliability, drawn in grey under `points`. */
export function calibrationSvg(points: { predicted: number; observed: number }[], size = 260, before?: { predicted: number; observed: number }[]): string {
  const pad = 34;
  const s = size - 2 * pad;
  const x = (v: number) => f(pad + v * s);
  const y = (v: number) => f(pad + (1 - v) * s);
  const line = points.map((p, i) => `${i ? 'L' : 'M'}${x(p.predicted)},${y(p.observed)}`).join('');
  const dots = points.map((p) => `<circle cx="${x(p.predicted)}" cy="${y(p.observed)}" r="3" fill="#c0392b"/>`).join('');
  const grey = before?.length ? `<path d="${before.map((p, i) => `${i ? 'L' : 'M'}${x(p.predicted)},${y(p.observed)}`).join('')}" fill="none" stroke="#9aa5b4"/>` : '';
  return (
    `<svg role="img" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" font-size="11" font-family="sans-serif">` +
    `<rect x="${pad}" y="${pad}" width="${s}" height="${s}" fill="none" stroke="#888"/>` +
    `<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#aaa" stroke-dasharray="4 3"/>` +
    grey +
    (line ? `<path d="${line}" fill="none" stroke="#c0392b"/>` : '') +
    dots +
    `<text x="${size / 2}" y="${size - 6}" text-anchor="middle">predicted</text>` +
    `<text x="10" y="${size / 2}" transform="rotate(-90 10 ${size / 2})" text-anchor="middle">observed</text>` +
    `<text x="${pad}" y="${pad + s + 12}" text-anchor="middle">0</text><text x="${pad + s}" y="${pad + s + 12}" text-anchor="middle">1</text>` +
    `</svg>`
  );
}

/** Cell colour for a share in [0, 1]: white to deep blue. */
export function heatColor(share: number): string {
  const t = Math.max(0, Math.min(1, Number.isFinite(share) ? share : 0));
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${mix(247, 33)},${mix(251, 102)},${mix(255, 172)})`;
}

/** The expected profit curve by number contacted, its maximum marked (and the budgeted list when it differs). */
export function profitCurveSvg(x: number[], y: number[], opts: { mark: number; chosen: number; width?: number; height?: number }): string {
  const width = opts.width ?? 420;
  const height = opts.height ?? 240;
  const pad = { l: 56, r: 12, t: 12, b: 34 };
  const xMax = Math.max(1, ...x);
  const yMin = Math.min(0, ...y);
  const yMax = Math.max(1e-9, ...y);
  const sx = (v: number) => f(pad.l + (v / xMax) * (width - pad.l - pad.r));
  const sy = (v: number) => f(pad.t + ((yMax - v) / (yMax - yMin)) * (height - pad.t - pad.b));
  const path = x.map((v, i) => `${i ? 'L' : 'M'}${sx(v)},${sy(y[i])}`).join('');
  const at = (k: number) => y[x.indexOf(k)] ?? 0;
  const marker = (k: number, color: string, label: string) =>
    `<line x1="${sx(k)}" y1="${pad.t}" x2="${sx(k)}" y2="${height - pad.b}" stroke="${color}" stroke-dasharray="4 3"/><circle cx="${sx(k)}" cy="${sy(at(k))}" r="4" fill="${color}"/>` +
    `<text x="${sx(k)}" y="${pad.t + 10}" dx="4" fill="${color}">${escapeHtml(label)}</text>`;
  const fmt = (v: number) => v.toLocaleString('en', { maximumFractionDigits: 0 });
  return (
    `<svg role="img" aria-label="Expected profit by number contacted" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-size="11" font-family="sans-serif">` +
    `<line x1="${pad.l}" y1="${sy(0)}" x2="${width - pad.r}" y2="${sy(0)}" stroke="#888"/>` +
    `<path d="${path}" fill="none" stroke="#3b6ea5" stroke-width="2"/>` +
    marker(opts.mark, '#1e8449', `max ${fmt(at(opts.mark))} at ${fmt(opts.mark)}`) +
    (opts.chosen !== opts.mark ? marker(opts.chosen, '#c0392b', `budget: ${fmt(opts.chosen)}`) : '') +
    `<text x="${pad.l - 6}" y="${sy(yMax)}" text-anchor="end">${escapeHtml(fmt(yMax))}</text><text x="${pad.l - 6}" y="${f(Number(sy(yMin)) + 4)}" text-anchor="end">${escapeHtml(fmt(yMin))}</text>` +
    `<text x="${(width + pad.l) / 2}" y="${height - 6}" text-anchor="middle">customers contacted (best first), 0 – ${escapeHtml(fmt(xMax))}</text>` +
    `</svg>`
  );
}
