import { describe, expect, it } from 'vitest';
import { confusionAt } from './confusion';

describe('confusionAt', () => {
  const y = [1, 1, 0, 1, 0, 0];
  const p = [0.9, 0.6, 0.6, 0.2, 0.1, 0.5];
  it('flags p >= threshold and derives the rates', () => {
    const c = confusionAt(y, p, 0.5);
    // flagged: 0.9(+) 0.6(+) 0.6(-) 0.5(-) -> tp 2, fp 2; not flagged: 0.2(+) 0.1(-) -> fn 1, tn 1
    expect(c).toMatchObject({ tp: 2, fp: 2, tn: 1, fn: 1, flagged: 4 });
    expect(c.precision).toBe(0.5);
    expect(c.recall).toBeCloseTo(2 / 3, 12);
    expect(c.f1).toBeCloseTo((2 * 0.5 * (2 / 3)) / (0.5 + 2 / 3), 12);
    expect(c.accuracy).toBe(0.5);
  });
  it('reports zero precision when nothing is flagged', () => {
    const c = confusionAt(y, p, 0.95);
    expect(c).toMatchObject({ tp: 0, fp: 0, flagged: 0, precision: 0, recall: 0, f1: 0 });
    expect(c.accuracy).toBe(0.5);
  });
  it('rejects a NaN threshold', () => {
    expect(() => confusionAt(y, p, NaN)).toThrow('threshold is NaN');
  });
});
