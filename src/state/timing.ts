// Time spent and time left on a progress line, for every model run (src/state/analysis.svelte.ts).
import type { ModelProgress } from '../contract';

/** "1:05" from seconds. */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The progress line's timing: "0:12 elapsed, about 1:40 left", or '' before the run reports times. */
export function timingText(p: { elapsedSeconds?: number; remainingSeconds?: number } | null | undefined): string {
  if (!p || p.elapsedSeconds === undefined) return '';
  const left = p.remainingSeconds === undefined ? '' : `, about ${clockText(p.remainingSeconds)} left`;
  return `${clockText(p.elapsedSeconds)} elapsed${left}`;
}

/**
 * Fills in the elapsed time, and the time left from the pace so far, where the worker sent none (a run that
 * measures its own steps, as auto recommendations do, keeps its figures). No estimate before 5% of the work or
 * 2 seconds: one short first step would mislead.
 */
export function withTiming(p: ModelProgress, startedMs: number, nowMs: number): ModelProgress {
  const elapsed = p.elapsedSeconds ?? Math.max(0, nowMs - startedMs) / 1000;
  if (p.remainingSeconds !== undefined) return { ...p, elapsedSeconds: elapsed };
  const f = p.total > 0 ? p.done / p.total : 0;
  const remaining = f >= 0.05 && f < 1 && elapsed >= 2 ? (elapsed * (1 - f)) / f : undefined;
  return { ...p, elapsedSeconds: elapsed, ...(remaining === undefined ? {} : { remainingSeconds: remaining }) };
}
