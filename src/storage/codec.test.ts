import { describe, expect, it } from 'vitest';
import { packCodes, packNumbers, unpackCodes, unpackNumbers } from './codec';

function roundNumbers(values: number[]): { type: string; back: number[] } {
  const stored = packNumbers(Float64Array.from(values));
  const out = new Float64Array(values.length + 2);
  unpackNumbers(stored, out, 1);
  return { type: stored.constructor.name, back: [...out.subarray(1, values.length + 1)] };
}

describe('storage codec', () => {
  it('stores small integers narrowly and reads NaN back as missing', () => {
    expect(roundNumbers([0, 1, NaN, 127])).toEqual({ type: 'Int8Array', back: [0, 1, NaN, 127] });
    expect(roundNumbers([-127, 300])).toEqual({ type: 'Int16Array', back: [-127, 300] });
    expect(roundNumbers([70000, NaN])).toEqual({ type: 'Int32Array', back: [70000, NaN] });
  });
  it('keeps the sentinel value itself out of the narrow type', () => {
    expect(roundNumbers([-128, 5])).toEqual({ type: 'Int16Array', back: [-128, 5] });
  });
  it('keeps decimals, huge values and -0 as Float64', () => {
    expect(roundNumbers([1.5, 2]).type).toBe('Float64Array');
    expect(roundNumbers([Date.UTC(2024, 0, 1)]).type).toBe('Float64Array');
    expect(Object.is(roundNumbers([-0]).back[0], -0)).toBe(true);
  });
  it('narrows category codes and widens them with -1 kept', () => {
    const small = packCodes(Int32Array.from([0, -1, 127]));
    expect(small).toBeInstanceOf(Int8Array);
    const mid = packCodes(Int32Array.from([0, 40000 - 8000]));
    expect(mid).toBeInstanceOf(Int16Array);
    expect(packCodes(Int32Array.from([70000]))).toBeInstanceOf(Int32Array);
    const out = new Int32Array(3);
    unpackCodes(small, out, 0);
    expect([...out]).toEqual([0, -1, 127]);
  });
});
