import { describe, expect, it } from 'vitest';
import { timingText, withTiming } from './timing';

describe('withTiming', () => {
  it('estimates the time left from the pace so far, once there is enough to go on', () => {
    const p = withTiming({ stage: 'Fold 2 of 5', done: 1, total: 4 }, 1_000, 11_000);
    expect(p.elapsedSeconds).toBe(10);
    expect(p.remainingSeconds).toBe(30);
    expect(timingText(p)).toBe('0:10 elapsed, about 0:30 left');
    // Too early: under 5% done, or under 2 s.
    expect(withTiming({ stage: 's', done: 1, total: 100 }, 0, 60_000).remainingSeconds).toBeUndefined();
    expect(withTiming({ stage: 's', done: 1, total: 2 }, 0, 1_000).remainingSeconds).toBeUndefined();
    expect(timingText(withTiming({ stage: 's', done: 0, total: 2 }, 0, 65_000))).toBe('1:05 elapsed');
  });

  it("keeps a run's own figures", () => {
    const p = withTiming({ stage: 's', done: 1, total: 4, elapsedSeconds: 3, remainingSeconds: 100 }, 0, 50_000);
    expect([p.elapsedSeconds, p.remainingSeconds]).toEqual([3, 100]);
  });
});
