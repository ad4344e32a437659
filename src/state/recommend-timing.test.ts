import { describe, expect, it } from 'vitest';
import { clockText, timingText } from './recommend.svelte';

describe('recommend progress timing', () => {
  it('shows elapsed and the estimate left, and nothing before the run reports times', () => {
    expect(clockText(7.4)).toBe('0:07');
    expect(clockText(750)).toBe('12:30');
    expect(timingText({ elapsedSeconds: 12, remainingSeconds: 100 })).toBe('0:12 elapsed, about 1:40 left');
    expect(timingText({ elapsedSeconds: 3 })).toBe('0:03 elapsed');
    expect(timingText({})).toBe('');
    expect(timingText(null)).toBe('');
  });
});
