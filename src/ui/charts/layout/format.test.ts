import { describe, expect, it } from 'vitest';
import { formatValue, toFormatter } from './format';

describe('toFormatter', () => {
  it('accepts d3-format specifiers and functions, falls back otherwise', () => {
    expect(toFormatter('.0%', String)(0.256)).toBe('26%');
    expect(toFormatter((v) => `${v}!`, String)(3)).toBe('3!');
    expect(toFormatter(undefined, () => 'x')(1)).toBe('x');
  });

  it('names a bad specifier', () => {
    expect(() => toFormatter('not a format', String)).toThrow(/"not a format"/);
  });
});

describe('formatValue', () => {
  it('is compact at every magnitude', () => {
    expect(formatValue(12345.6)).toBe('12,346');
    expect(formatValue(0.83456)).toBe('0.835');
    expect(formatValue(12)).toBe('12');
    expect(formatValue(0.00012)).toBe('1.2e-4');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(NaN)).toBe('—');
  });
});
