// Market baskets without customer ids: each basket acts as a "user". Baskets come from basket lines
// (one per row) or from invoice line items (a basket column and an item column). Gives item pairs with
// support, confidence and lift, and the matrix the item-similarity model needs.
import { cellText, getColumn, type Table } from '../../data/table';
import { csrFromTriples, transpose, type Csr } from './csr';

export interface Baskets {
  itemIds: string[];
  /** Basket x item, binary (an item listed twice in a basket counts once). */
  matrix: Csr;
}

/** From one string[] per basket (e.g. the lines of groceries.csv); blank cells and empty baskets are skipped. */
export function basketsFromLines(lines: readonly (readonly string[])[]): Baskets {
  const codes = new Map<string, number>();
  const itemIds: string[] = [];
  const r: number[] = [];
  const c: number[] = [];
  let basket = 0;
  for (const line of lines) {
    let any = false;
    for (const raw of line) {
      const name = raw.trim();
      if (name === '') continue;
      let code = codes.get(name);
      if (code === undefined) {
        code = itemIds.length;
        codes.set(name, code);
        itemIds.push(name);
      }
      r.push(basket);
      c.push(code);
      any = true;
    }
    if (any) basket++;
  }
  const m = csrFromTriples(basket, itemIds.length, r, c);
  m.data.fill(1);
  return { itemIds, matrix: m };
}

/** The parser's headerless ragged table (column_1..column_N, missing cells past a basket's end). */
export function basketsFromTable(table: Table): Baskets {
  const lines: string[][] = [];
  for (let row = 0; row < table.rows; row++) lines.push(table.columns.map((col) => cellText(col, row)));
  return basketsFromLines(lines);
}

/**
 * Invoice line items: rows sharing a basket value form one basket of their item values. Rows missing
 * either value are skipped; baskets are numbered in order of first appearance.
 */
export function basketsFromColumns(table: Table, basket: string, item: string): Baskets {
  const b = getColumn(table, basket);
  const it = getColumn(table, item);
  const basketCode = new Map<string, number>();
  const itemCode = new Map<string, number>();
  const itemIds: string[] = [];
  const r: number[] = [];
  const c: number[] = [];
  for (let row = 0; row < table.rows; row++) {
    const bk = cellText(b, row).trim();
    const name = cellText(it, row).trim();
    if (bk === '' || name === '') continue;
    let bc = basketCode.get(bk);
    if (bc === undefined) basketCode.set(bk, (bc = basketCode.size));
    let ic = itemCode.get(name);
    if (ic === undefined) {
      itemCode.set(name, (ic = itemIds.length));
      itemIds.push(name);
    }
    r.push(bc);
    c.push(ic);
  }
  const m = csrFromTriples(basketCode.size, itemIds.length, r, c);
  m.data.fill(1);
  return { itemIds, matrix: m };
}

export interface ItemPair {
  a: number;
  b: number;
  /** Share of baskets holding both. */
  support: number;
  /** P(b | a). */
  confidence: number;
  /** confidence / P(b): above 1 means bought together more often than by chance. */
  lift: number;
}

export interface PairOptions {
  /** Minimum support of a pair (share of baskets). */
  minSupport: number;
  /** Pairs returned, best lift first (ties: higher support). */
  top: number;
}

export const defaultPairOptions: PairOptions = { minSupport: 0.001, top: 50 };

/** Both directions of a frequent pair are reported (a -> b and b -> a), as association rules. */
export function itemPairs(baskets: Baskets, options: Partial<PairOptions> = {}): ItemPair[] {
  const { minSupport, top } = { ...defaultPairOptions, ...options };
  if (!(minSupport > 0 && minSupport <= 1)) throw new Error(`minSupport must be in (0, 1], got ${minSupport}`);
  if (!(Number.isInteger(top) && top > 0)) throw new Error(`top must be a positive integer, got ${top}`);
  const m = baskets.matrix;
  const n = m.cols;
  const total = m.rows;
  if (total === 0) return [];
  const itemCount = new Float64Array(n);
  for (let p = 0; p < m.indices.length; p++) itemCount[m.indices[p]]++;
  const minCount = minSupport * total;
  const byItem = transpose(m);
  const pairs: ItemPair[] = [];
  const co = new Float64Array(n);
  for (let a = 0; a < n; a++) {
    if (itemCount[a] < minCount) continue;
    co.fill(0);
    for (let p = byItem.indptr[a]; p < byItem.indptr[a + 1]; p++) {
      const basket = byItem.indices[p];
      for (let q = m.indptr[basket]; q < m.indptr[basket + 1]; q++) co[m.indices[q]]++;
    }
    for (let b = 0; b < n; b++) {
      if (b === a || co[b] < minCount || co[b] === 0) continue;
      const confidence = co[b] / itemCount[a];
      pairs.push({ a, b, support: co[b] / total, confidence, lift: confidence / (itemCount[b] / total) });
    }
  }
  pairs.sort((x, y) => y.lift - x.lift || y.support - x.support || x.a - y.a || x.b - y.b);
  return pairs.slice(0, top);
}
