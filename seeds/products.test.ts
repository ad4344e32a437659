import { describe, expect, it } from 'vitest';
import { PRODUCT_HEADER, productLines } from './products';
import { readCsv } from './testing';
import { buildWorld } from './world';
import { CATEGORIES } from './words';

describe('products.csv', () => {
  it('lists every product with a readable name, category and price', () => {
    const csv = readCsv(Array.from(productLines(buildWorld({ products: 120 }))).join(''));
    expect(csv.header.join(',')).toBe(PRODUCT_HEADER);
    expect(csv.rows.length).toBe(120);
    expect(csv.rows[0][0]).toBe('P0001');
    expect(new Set(csv.col('category'))).toEqual(new Set(CATEGORIES.map((c) => c.name)));
    expect(csv.col('price').every((p) => /^\d+\.\d9$/.test(p))).toBe(true);
    expect(csv.col('name').every((n) => n.length > 5 && n.includes(' — '))).toBe(true);
  });
});
