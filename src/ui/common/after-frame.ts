// One waiting piece of content shown per rendered frame, in the order asked: each one's layout and paint then fall
// in a frame of their own instead of adding up in one rendering task (issue 15). Used by Later (perFrame) and by
// the import preview's sample rows.
const waiting: (() => void)[] = [];
let pumping = false;

function pump(): void {
  pumping = true;
  // The timer after the frame: the content shows once the previous one is laid out and painted.
  const next = () =>
    setTimeout(() => {
      waiting.shift()?.();
      if (waiting.length) pump();
      else pumping = false;
    }, 0);
  // A hidden page draws no frames: it goes by timer turns alone.
  if (typeof requestAnimationFrame === 'function' && !document.hidden) requestAnimationFrame(next);
  else next();
}

/** Calls `show` after the next frame (after those asked before it); returns a function that cancels it. */
export function afterFrame(show: () => void): () => void {
  waiting.push(show);
  if (!pumping) pump();
  return () => {
    const i = waiting.indexOf(show);
    if (i >= 0) waiting.splice(i, 1);
  };
}
