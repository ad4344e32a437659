import { describe, expect, it } from 'vitest';
import { textWidth, truncate } from './text';

describe('textWidth / truncate', () => {
  it('grows with length and font size, narrow letters count less', () => {
    expect(textWidth('abcd', 11)).toBeGreaterThan(textWidth('ab', 11));
    expect(textWidth('abcd', 14)).toBeGreaterThan(textWidth('abcd', 11));
    expect(textWidth('iiii')).toBeLessThan(textWidth('MMMM'));
    expect(textWidth('')).toBe(0);
  });

  it('keeps text that fits and shortens text that does not', () => {
    expect(truncate('Tenure', 200)).toBe('Tenure');
    const t = truncate('Contract_Month-to-month_and_more', 60);
    expect(t.endsWith('…')).toBe(true);
    expect(textWidth(t)).toBeLessThanOrEqual(60);
    expect(truncate('abcdef', 1)).toBe('a…');
  });
});
