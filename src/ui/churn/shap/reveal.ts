// Bringing a picked customer's waterfall into view (a click on a scores or action-list row, or a beeswarm dot):
// the panel sits below a long table, so without this a click seemed to do nothing. Plain data + one DOM call,
// tested in Node with a stand-in element.

/** 'nearest': a panel already on screen does not move; smooth unless the user asked for reduced motion. */
export function revealOptions(reducedMotion: boolean): ScrollIntoViewOptions {
  return { behavior: reducedMotion ? 'auto' : 'smooth', block: 'nearest' };
}

/** Scrolls `el` into view without moving focus (a click keeps focus where the click put it). */
export function reveal(el: Pick<Element, 'scrollIntoView'> | null | undefined, reducedMotion = prefersReducedMotion()): boolean {
  if (!el) return false;
  el.scrollIntoView(revealOptions(reducedMotion));
  return true;
}

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}
