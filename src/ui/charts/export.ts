// Chart export: SVG and PNG files that stand alone (computed styles inlined, no external resources: the
// app's CSP forbids them and a downloaded file must look the same anywhere).
import { downloadBlob } from '../download';

const SVG_NS = 'http://www.w3.org/2000/svg';

export interface ExportOptions {
  /** Printed above the chart in the file (the on-screen title lives outside the svg). */
  title?: string;
  /** A muted line under the title. */
  caption?: string;
  /** Background colour; null for transparent. Default white, since viewers show transparency as black or checkers. */
  background?: string | null;
  /** A canvas drawn under the svg (ScatterCanvas's points), positioned as on screen. */
  underlay?: HTMLCanvasElement | null;
}

// Only what the charts' CSS sets; values equal to the SVG default are skipped to keep files small.
const STYLE_PROPS: Record<string, string | null> = {
  fill: 'rgb(0, 0, 0)',
  'fill-opacity': '1',
  stroke: 'none',
  'stroke-width': '1px',
  'stroke-opacity': '1',
  'stroke-dasharray': 'none',
  'stroke-linecap': 'butt',
  'stroke-linejoin': 'miter',
  opacity: '1',
  'font-family': null,
  'font-size': null,
  'font-weight': '400',
  'font-variant-numeric': 'normal',
  'text-anchor': 'start',
  visibility: 'visible',
};
const TEXT_ONLY = new Set(['font-family', 'font-size', 'font-weight', 'font-variant-numeric', 'text-anchor']);
const NO_STYLE = new Set(['g', 'defs', 'clipPath', 'title', 'linearGradient', 'stop', 'svg']);

function inlineStyles(source: Element, target: Element, rootFont: string): void {
  if (!NO_STYLE.has(source.localName)) {
    const cs = getComputedStyle(source);
    const isText = source.localName === 'text' || source.localName === 'tspan';
    const decl: string[] = [];
    for (const [prop, dflt] of Object.entries(STYLE_PROPS)) {
      if (TEXT_ONLY.has(prop) && !isText) continue;
      const v = cs.getPropertyValue(prop);
      // The font family is set once on the root; repeating it on every label would triple the file.
      if (v && v !== dflt && !(prop === 'font-family' && v === rootFont)) decl.push(`${prop}:${v}`);
    }
    if (decl.length) target.setAttribute('style', decl.join(';'));
    else target.removeAttribute('style');
  }
  const s = source.children;
  const t = target.children;
  for (let i = 0; i < s.length && i < t.length; i++) inlineStyles(s[i], t[i], rootFont);
}

/** The svg's drawing size (its viewBox, else its laid-out size). */
export function svgSize(svg: SVGSVGElement): { width: number; height: number } {
  const vb = svg.viewBox?.baseVal;
  if (vb && vb.width > 0 && vb.height > 0) return { width: vb.width, height: vb.height };
  const r = svg.getBoundingClientRect();
  return { width: r.width || 300, height: r.height || 150 };
}

/** Where `canvas` sits inside `svg`, in the svg's own units. */
function underlayBox(svg: SVGSVGElement, canvas: HTMLCanvasElement): { x: number; y: number; width: number; height: number } {
  const { width } = svgSize(svg);
  const rs = svg.getBoundingClientRect();
  const rc = canvas.getBoundingClientRect();
  const k = rs.width > 0 ? width / rs.width : 1;
  return { x: (rc.left - rs.left) * k, y: (rc.top - rs.top) * k, width: rc.width * k, height: rc.height * k };
}

function headerHeight(opts: ExportOptions): number {
  return (opts.title ? 28 : 0) + (opts.caption ? 18 : 0) + (opts.title || opts.caption ? 4 : 0);
}

/** Serialises a chart's svg as a standalone SVG document (xmlns, inlined styles, no hover readouts). */
export function svgToString(svg: SVGSVGElement, opts: ExportOptions = {}): string {
  const { background = '#ffffff', underlay = null } = opts;
  const { width, height } = svgSize(svg);
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const fontFamily = getComputedStyle(svg).fontFamily;
  inlineStyles(svg, clone, fontFamily);
  clone.querySelectorAll('[data-export="skip"]').forEach((e) => e.remove());
  removeComments(clone);

  const head = headerHeight(opts);
  const body = document.createElementNS(SVG_NS, 'g');
  if (head) body.setAttribute('transform', `translate(0,${head})`);
  if (underlay) {
    const box = underlayBox(svg, underlay);
    const img = document.createElementNS(SVG_NS, 'image');
    img.setAttribute('x', String(box.x));
    img.setAttribute('y', String(box.y));
    img.setAttribute('width', String(box.width));
    img.setAttribute('height', String(box.height));
    img.setAttribute('href', underlay.toDataURL('image/png'));
    body.append(img);
  }
  for (const child of [...clone.childNodes]) {
    if (child.nodeName === 'defs' || child.nodeName === 'title') continue;
    body.append(child);
  }
  clone.append(body);

  if (opts.title || opts.caption) {
    const header = document.createElementNS(SVG_NS, 'g');
    if (opts.title) header.append(svgText(opts.title, 8, 20, 'font-size:15px;font-weight:600;fill:#1c2430'));
    if (opts.caption) header.append(svgText(opts.caption, 8, opts.title ? 42 : 16, 'font-size:12px;fill:#5d6b7e'));
    clone.insertBefore(header, body);
  }
  if (background) {
    const bg = document.createElementNS(SVG_NS, 'rect');
    bg.setAttribute('width', '100%');
    bg.setAttribute('height', '100%');
    bg.setAttribute('fill', background);
    const defs = clone.querySelector(':scope > defs');
    clone.insertBefore(bg, defs ? defs.nextSibling : clone.firstChild);
  }

  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height + head));
  clone.setAttribute('viewBox', `0 0 ${width} ${height + head}`);
  clone.setAttribute('style', `font-family:${fontFamily}`);
  for (const attr of ['class', 'role', 'data-chart']) clone.removeAttribute(attr);
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(clone);
}

// Svelte leaves empty comment anchors (<!---->) in the DOM; they mean nothing in a file.
function removeComments(root: Node): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_COMMENT);
  const found: Node[] = [];
  while (walker.nextNode()) found.push(walker.currentNode);
  for (const c of found) c.parentNode?.removeChild(c);
}

function svgText(text: string, x: number, y: number, style: string): SVGTextElement {
  const t = document.createElementNS(SVG_NS, 'text');
  t.setAttribute('x', String(x));
  t.setAttribute('y', String(y));
  t.setAttribute('style', style);
  t.textContent = text;
  return t;
}

/** Renders the chart to a PNG at `scale` x its size (via an Image of a blob: URL; no network). */
export async function svgToPngBlob(svg: SVGSVGElement, scale = 2, opts: ExportOptions = {}): Promise<Blob> {
  if (!(scale > 0 && scale <= 8)) throw new Error(`PNG scale must be in (0, 8], got ${scale}`);
  const { background = '#ffffff', underlay = null } = opts;
  const { width, height } = svgSize(svg);
  const head = headerHeight(opts);
  // The underlay is drawn on the canvas directly rather than embedded: a data: image inside an svg image
  // is fine for a file but needlessly re-encodes thousands of points here.
  const text = svgToString(svg, { ...opts, background: null, underlay: null });
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round((height + head) * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw on a canvas, so PNG export is unavailable');
  ctx.scale(scale, scale);
  if (background) {
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, width, height + head);
  }
  if (underlay) {
    const box = underlayBox(svg, underlay);
    ctx.drawImage(underlay, box.x, box.y + head, box.width, box.height);
  }
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    ctx.drawImage(img, 0, 0, width, height + head);
  } finally {
    URL.revokeObjectURL(url);
  }
  return canvasToPngBlob(canvas);
}

export function canvasToPngBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The chart could not be encoded as PNG'))), 'image/png'),
  );
}

/** A safe file name from a chart title: "ROC curve (holdout)" -> "roc-curve-holdout". */
export function slugify(title: string): string {
  const s = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return s || 'chart';
}

function withExt(name: string, ext: string): string {
  return name.toLowerCase().endsWith(ext) ? name : `${name}${ext}`;
}

export function downloadSvg(svg: SVGSVGElement, name: string, opts: ExportOptions = {}): void {
  downloadBlob(new Blob([svgToString(svg, opts)], { type: 'image/svg+xml;charset=utf-8' }), withExt(name, '.svg'));
}

export async function downloadPng(svg: SVGSVGElement, name: string, scale = 2, opts: ExportOptions = {}): Promise<void> {
  downloadBlob(await svgToPngBlob(svg, scale, opts), withExt(name, '.png'));
}

/** The points of a ScatterCanvas alone (no axes), at the canvas's device resolution. */
export async function downloadCanvasPng(canvas: HTMLCanvasElement, name: string): Promise<void> {
  downloadBlob(await canvasToPngBlob(canvas), withExt(name, '.png'));
}
