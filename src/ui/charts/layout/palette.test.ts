import { describe, expect, it } from 'vitest';
import { categoryColor, CATEGORY_COLORS, sequentialInterpolator, textColorOn } from './palette';

describe('palette', () => {
  it('cycles category colours so segment k keeps colour k', () => {
    expect(categoryColor(0)).toBe(CATEGORY_COLORS[0]);
    expect(categoryColor(10)).toBe(CATEGORY_COLORS[0]);
    expect(categoryColor(-1)).toBe(CATEGORY_COLORS[9]);
  });

  it('sequential schemes go light to dark and reject unknown names', () => {
    const f = sequentialInterpolator('blues');
    expect(textColorOn(f(0))).toBe('#1c2430');
    expect(textColorOn(f(1))).toBe('#ffffff');
    expect(() => sequentialInterpolator('rainbow' as 'blues')).toThrow(/"rainbow"/);
  });

  it('picks readable text colours', () => {
    expect(textColorOn('#ffffff')).toBe('#1c2430');
    expect(textColorOn('#000000')).toBe('#ffffff');
    expect(textColorOn('#fde725')).toBe('#1c2430'); // viridis yellow
    expect(textColorOn('#440154')).toBe('#ffffff'); // viridis purple
  });
});
