// Drawing many marks on a chart's canvas (PlotCanvas), shared by the charts that use one.

/**
 * Fills a dot of `radius` at (px[i] - ox, py[i] - oy) for every index in `ids` (NaN positions skipped), all in
 * one path of the context's current fill style: one path per colour is how 50k points fill in a few milliseconds.
 */
export function fillDots(ctx: CanvasRenderingContext2D, px: ArrayLike<number>, py: ArrayLike<number>, ids: ArrayLike<number>, radius: number, ox: number, oy: number): void {
  const tau = Math.PI * 2;
  ctx.beginPath();
  for (let k = 0; k < ids.length; k++) {
    const i = ids[k];
    const x = px[i] - ox;
    const y = py[i] - oy;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    ctx.moveTo(x + radius, y);
    ctx.arc(x, y, radius, 0, tau);
  }
  ctx.fill();
}

/**
 * Runs `step(0)`, `step(1)`, ... `step(count - 1)` in tasks of about `budgetMs` each (a timer turn between, the
 * first one too: the task that asks stays short), then `done()`. Returns a function that stops what is left.
 * For a chart whose marks would take one long main-thread task at once (issue 15: none over 50 ms).
 */
export function inParts(count: number, step: (k: number) => void, done?: () => void, budgetMs = 12): () => void {
  let k = 0;
  let timer: ReturnType<typeof setTimeout> | undefined = setTimeout(run, 0);
  function run() {
    const t0 = performance.now();
    while (k < count) {
      step(k++);
      if (performance.now() - t0 >= budgetMs) break;
    }
    if (k < count) timer = setTimeout(run, 0);
    else {
      timer = undefined;
      done?.();
    }
  }
  return () => clearTimeout(timer);
}
