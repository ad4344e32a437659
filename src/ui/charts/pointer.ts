// Pointer position in the svg's own coordinates (the svg may be scaled down by max-width: 100%).
export function pointerIn(svg: SVGSVGElement, e: PointerEvent, width: number, height: number): { x: number; y: number } {
  const r = svg.getBoundingClientRect();
  return {
    x: ((e.clientX - r.left) * width) / (r.width || width),
    y: ((e.clientY - r.top) * height) / (r.height || height),
  };
}

/** Width used before the container has been measured (and when it measures 0, e.g. while hidden). */
export const FALLBACK_WIDTH = 640;
