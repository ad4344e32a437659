import { describe, expect, it } from 'vitest';
import { formatBytes, formatDate, formatDuration, formatPercent } from './format';

describe('format', () => {
  it('sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 kB');
    expect(formatBytes(138e6)).toBe('138 MB');
  });
  it('durations', () => {
    expect(formatDuration(0.25)).toBe('250 ms');
    expect(formatDuration(3.21)).toBe('3.2 s');
    expect(formatDuration(125)).toBe('2 min 5 s');
    expect(formatDuration(Infinity)).toBe('—');
  });
  it('percent and dates', () => {
    expect(formatPercent(0.1234)).toBe('12.3%');
    expect(formatDate(Date.UTC(2024, 1, 29))).toBe('2024-02-29');
  });
});
