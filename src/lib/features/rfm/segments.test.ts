import { describe, expect, it } from 'vitest';
import { RFM_SEGMENTS, fmScore, segmentIndex, summarizeSegments } from './segments';

const name = (r: number, fm: number) => RFM_SEGMENTS[segmentIndex(r, fm)];

describe('RFM segment grid', () => {
  it('names the corners as the usual map does', () => {
    expect(name(5, 5)).toBe('Champions');
    expect(name(1, 1)).toBe('Lost');
    expect(name(1, 5)).toBe("Can't lose them");
    expect(name(5, 1)).toBe('New');
    expect(name(4, 1)).toBe('Promising');
    expect(name(3, 3)).toBe('Need attention');
    expect(name(2, 4)).toBe('At risk');
  });

  it('uses all 11 names on the 5 x 5 grid', () => {
    const seen = new Set<string>();
    for (let r = 1; r <= 5; r++) for (let fm = 1; fm <= 5; fm++) seen.add(name(r, fm));
    expect(seen.size).toBe(11);
  });

  it('rejects scores outside 1..5', () => {
    expect(() => segmentIndex(0, 3)).toThrow(/R = 0/);
  });

  it('averages F and M rounding half up', () => {
    expect(fmScore(1, 2)).toBe(2);
    expect(fmScore(4, 5)).toBe(5);
    expect(fmScore(3, 3)).toBe(3);
  });

  it('summarises sizes and revenue share', () => {
    const seg = Uint8Array.from([0, 0, 10]);
    const s = summarizeSegments(seg, Float64Array.from([30, 50, 20]));
    expect(s[0]).toMatchObject({ name: 'Champions', customers: 2, revenue: 80, revenueShare: 0.8 });
    expect(s[10]).toMatchObject({ name: 'Lost', customers: 1, revenueShare: 0.2 });
    expect(s.reduce((a, b) => a + b.customers, 0)).toBe(3);
  });
});
