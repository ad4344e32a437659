import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { datasetPath } from '../../../../tests/datasets';
import { basketsFromColumns, basketsFromLines, basketsFromTable, itemPairs } from './baskets';
import { fitItemKnn, alsoBought } from './itemknn';
import { smallTable } from './testdata';

describe('baskets', () => {
  it('reads ragged lines and the headerless table form alike', () => {
    const lines = [['milk', 'bread', ''], ['bread'], [], ['milk', 'milk', 'eggs']];
    const a = basketsFromLines(lines);
    expect(a.matrix.rows).toBe(3);
    expect(a.itemIds).toEqual(['milk', 'bread', 'eggs']);
    expect(Array.from(a.matrix.data)).toEqual([1, 1, 1, 1, 1]);
    const table = smallTable(['column_1', 'column_2', 'column_3'], [['milk', 'bread', ''], ['bread', '', ''], ['milk', 'milk', 'eggs']]);
    expect(basketsFromTable(table).matrix).toEqual(a.matrix);
  });

  it('finds the known Groceries rules (arules: other vegetables -> whole milk, support 0.0748, lift 1.51)', () => {
    const text = readFileSync(datasetPath('groceries/groceries.csv'), 'utf8');
    const lines = text.split(/\r?\n/).filter((l) => l !== '').map((l) => l.split(','));
    const baskets = basketsFromLines(lines);
    expect(baskets.matrix.rows).toBe(9835);
    expect(baskets.itemIds.length).toBe(169);
    const pairs = itemPairs(baskets, { minSupport: 0.05, top: 100 });
    const veg = baskets.itemIds.indexOf('other vegetables');
    const milk = baskets.itemIds.indexOf('whole milk');
    const rule = pairs.find((p) => p.a === veg && p.b === milk)!;
    expect(rule.support).toBeCloseTo(0.07483477, 6);
    expect(rule.confidence).toBeCloseTo(0.3867578, 5);
    expect(rule.lift).toBeCloseTo(1.513634, 4);
    for (const p of pairs) expect(p.support).toBeGreaterThanOrEqual(0.05);
    for (let i = 1; i < pairs.length; i++) expect(pairs[i].lift).toBeLessThanOrEqual(pairs[i - 1].lift);
    // The item-similarity model runs on baskets as users.
    const model = fitItemKnn(baskets.matrix);
    expect(alsoBought(model, milk, 5).items.length).toBe(5);
  });

  it('groups invoice line items by the basket column', () => {
    const table = smallTable(
      ['invoice', 'product', 'price'],
      [['A', 'milk', 1], ['B', 'bread', 2], ['A', 'bread', 2], ['A', 'milk', 1], ['', 'eggs', 3], ['C', '', 1], ['B', 'eggs', 3]],
    );
    const b = basketsFromColumns(table, 'invoice', 'product');
    expect(b.itemIds).toEqual(['milk', 'bread', 'eggs']);
    expect(b.matrix.rows).toBe(2);
    expect(Array.from(b.matrix.indptr)).toEqual([0, 2, 4]);
    expect(Array.from(b.matrix.indices)).toEqual([0, 1, 1, 2]);
    expect(Array.from(b.matrix.data)).toEqual([1, 1, 1, 1]);
    expect(() => basketsFromColumns(table, 'order', 'product')).toThrow(/No column "order"/);
  });

  it('rejects bad options by value', () => {
    const b = basketsFromLines([['a', 'b']]);
    expect(() => itemPairs(b, { minSupport: 0 })).toThrow(/minSupport.*0/);
    expect(() => itemPairs(b, { top: -3 })).toThrow(/-3/);
  });
});
