import { describe, expect, it } from 'vitest';
import { formatByteRate, formatBytes } from './bytes';

describe('formatBytes', () => {
  it('counts in decimal units: 1 kB = 1000 B, 1 MB = 10^6 B', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1 kB');
    expect(formatBytes(1536)).toBe('1.5 kB');
    expect(formatBytes(1e6)).toBe('1 MB');
    expect(formatBytes(138 * 1024 * 1024)).toBe('145 MB'); // 138 MiB
    expect(formatBytes(2.5e9)).toBe('2.5 GB');
    expect(formatBytes(3e12)).toBe('3 TB');
  });

  it('never prints 1000 of a unit, and handles odd inputs', () => {
    expect(formatBytes(999.6)).toBe('1 kB');
    expect(formatBytes(999_499)).toBe('999 kB');
    expect(formatBytes(999_500)).toBe('1 MB');
    expect(formatBytes(9_960)).toBe('10 kB');
    expect(formatBytes(-5e6)).toBe('-5 MB');
    expect(formatBytes(NaN)).toBe('—');
  });

  it('writes rates with the same units', () => {
    expect(formatByteRate(12.34e6)).toBe('12 MB/s');
    expect(formatByteRate(4.56e6)).toBe('4.6 MB/s');
    expect(formatByteRate(Infinity)).toBe('—');
  });
});
