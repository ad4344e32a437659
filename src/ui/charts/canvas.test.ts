import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fillDots, inParts } from './canvas';

describe('inParts', () => {
  // A clock the steps move: each step below takes 5 ms.
  let clock = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('runs every step in order in later tasks, as many per task as the budget allows, then done once', () => {
    const seen: number[] = [];
    const done = vi.fn();
    // A 12 ms budget fits three 5 ms steps (the third crosses it).
    inParts(7, (k) => {
      seen.push(k);
      clock += 5;
    }, done, 12);
    expect(seen).toEqual([]);
    vi.advanceTimersToNextTimer();
    expect(seen).toEqual([0, 1, 2]);
    vi.advanceTimersToNextTimer();
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
    expect(done).not.toHaveBeenCalled();
    vi.runAllTimers();
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('stops what is left when cancelled', () => {
    const seen: number[] = [];
    const done = vi.fn();
    const stop = inParts(5, (k) => seen.push(k), done, 0);
    vi.advanceTimersToNextTimer();
    stop();
    vi.runAllTimers();
    expect(seen).toEqual([0]);
    expect(done).not.toHaveBeenCalled();
  });
});

describe('fillDots', () => {
  it('puts one arc per drawable dot in one path, offset to the canvas, skipping NaN positions', () => {
    const calls: string[] = [];
    const ctx = {
      beginPath: () => calls.push('begin'),
      moveTo: (x: number, y: number) => calls.push(`move ${x} ${y}`),
      arc: (x: number, y: number, r: number) => calls.push(`arc ${x} ${y} ${r}`),
      fill: () => calls.push('fill'),
    } as unknown as CanvasRenderingContext2D;
    fillDots(ctx, [10, NaN, 30, 40], [5, 6, NaN, 8], [0, 1, 2, 3], 2, 10, 5);
    expect(calls).toEqual(['begin', 'move 2 0', 'arc 0 0 2', 'move 32 3', 'arc 30 3 2', 'fill']);
  });
});
