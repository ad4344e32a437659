import { describe, expect, it } from 'vitest';
import { buildCatalog, centsText } from './catalog';
import { CATEGORIES } from './words';

describe('buildCatalog', () => {
  const cat = buildCatalog(300, 42);

  it('makes unique, readable products in every category with shop prices', () => {
    expect(cat.size).toBe(300);
    expect(new Set(cat.id).size).toBe(300);
    expect(new Set(cat.name).size).toBe(300);
    expect(cat.id[0]).toBe('P0001');
    expect(cat.name.every((n) => / — /.test(n))).toBe(true);
    expect(cat.byCategory.length).toBe(CATEGORIES.length);
    expect(cat.byCategory.every((items) => items.length >= 10)).toBe(true);
    expect(Array.from(cat.priceCents).every((c) => c >= 99 && c % 10 === 9)).toBe(true);
  });

  it('has Zipf-like popularity and complements from the paired category', () => {
    const pop = Array.from(cat.popularity).sort((a, b) => b - a);
    const top10 = pop.slice(0, 10).reduce((a, b) => a + b, 0);
    const total = pop.reduce((a, b) => a + b, 0);
    expect(top10 / total).toBeGreaterThan(0.15);
    for (let p = 0; p < cat.size; p++) {
      expect(cat.category[cat.complement[p]]).toBe(CATEGORIES[cat.category[p]].pairsWith);
    }
  });

  it('is deterministic per seed and still unique when large', () => {
    expect(buildCatalog(300, 42).name).toEqual(cat.name);
    expect(buildCatalog(300, 43).name).not.toEqual(cat.name);
    const big = buildCatalog(4000, 1);
    expect(new Set(big.name).size).toBe(4000);
  });
});

describe('centsText', () => {
  it('writes cents as euros with two decimals', () => {
    expect(centsText(1999)).toBe('19.99');
    expect(centsText(5)).toBe('0.05');
    expect(centsText(-1050)).toBe('-10.50');
    expect(centsText(0)).toBe('0.00');
  });
});
