import { describe, expect, it } from 'vitest';
import { assignHoldout } from './holdout';

describe('assignHoldout', () => {
  const band = Int8Array.from({ length: 1000 }, (_, i) => (i < 100 ? 2 : i < 400 ? 1 : 0));
  const rows = Int32Array.from({ length: 1000 }, (_, i) => i);

  it('takes the control share within every risk band', () => {
    const a = assignHoldout(rows, band, 0.2, 7);
    expect(a.strata).toEqual([
      { band: 0, customers: 600, control: 120 },
      { band: 1, customers: 300, control: 60 },
      { band: 2, customers: 100, control: 20 },
    ]);
    const controlHigh = Array.from(a.control.subarray(0, 100)).reduce((s, v) => s + v, 0);
    expect(controlHigh).toBe(20);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = assignHoldout(rows, band, 0.2, 7);
    const b = assignHoldout(rows, band, 0.2, 7);
    const c = assignHoldout(rows, band, 0.2, 8);
    expect(Array.from(a.control)).toEqual(Array.from(b.control));
    expect(Array.from(a.control)).not.toEqual(Array.from(c.control));
  });

  it('rejects a bad share', () => {
    expect(() => assignHoldout(rows, band, 1, 1)).toThrow('control share');
  });
});
