import { describe, expect, it } from 'vitest';
import { confirmedJoin, findLinks, keyColumn, mergeLinks, nameAffinity, withoutDatasets, withUserLink, type DatasetLink, type KeyColumn, type LinkEnd } from './links';
import type { Column, Table } from './table';

function ids(name: string, values: (string | null)[]): Column {
  const dictionary = [...new Set(values.filter((v): v is string => v !== null))];
  return { name, type: 'id', dictionary, codes: Int32Array.from(values.map((v) => (v === null ? -1 : dictionary.indexOf(v)))) };
}
const cat = (name: string, values: string[]): Column => ({ ...(ids(name, values) as Extract<Column, { codes: Int32Array }>), type: 'category' });
const num = (name: string, type: 'integer' | 'number' | 'date' | 'boolean', values: number[]): Column => ({ name, type, values: Float64Array.from(values) });

function keys(datasetId: string, dataset: string, table: Table): KeyColumn[] {
  return table.columns.map((c) => keyColumn(c, datasetId, dataset)).filter((c): c is KeyColumn => c !== null);
}
const table = (...columns: Column[]): Table => ({ rows: 'values' in columns[0] ? columns[0].values.length : columns[0].codes.length, columns });
const short = (l: { from: LinkEnd; to: LinkEnd }) => `${l.from.datasetId}.${l.from.column} -> ${l.to.datasetId}.${l.to.column}`;

const customers = table(
  ids('customer_id', ['C1', 'C2', 'C3', 'C4', 'C5']),
  cat('plan', ['a', 'b', 'a', 'c', 'b']),
  num('age', 'integer', [30, 41, 30, 52, 23]),
  num('fee', 'number', [1.5, 2.5, 3.5, 4.5, 5.5]),
);
const transactions = table(
  ids('CustomerID', ['C1', 'C1', 'C2', 'C3', 'C3', 'C4', 'C9', null]),
  ids('product', ['P1', 'P2', 'P2', 'P3', 'P1', 'P1', 'P3', 'P2']),
  num('day', 'date', [0, 1, 2, 3, 4, 5, 6, 7]),
  num('quantity', 'integer', [1, 2, 3, 1, 2, 3, 1, 2]),
);
const products = table(ids('product_id', ['P1', 'P2', 'P3', 'P4']), cat('name', ['Pan', 'Pot', 'Cup', 'Mug']));
const events = table(ids('customer_id', ['C2', 'C2', 'C5', 'C5', 'C1', 'C3']), cat('event', ['login', 'view', 'login', 'view', 'login', 'buy']));

describe('keyColumn', () => {
  it('collects distinct values and filled rows; dates, floats and booleans never link', () => {
    const c = keyColumn(transactions.columns[0], 't', 'T')!;
    expect([...c.values]).toEqual(['C1', 'C2', 'C3', 'C4', 'C9']);
    expect(c.filled).toBe(7);
    expect(keyColumn(num('n', 'integer', [3, 3, NaN, 4]), 'd', 'D')).toMatchObject({ values: new Set(['3', '4']), filled: 3 });
    for (const type of ['date', 'number', 'boolean'] as const) expect(keyColumn(num('x', type, [1, 2, 3]), 'd', 'D')).toBeNull();
  });
});

describe('findLinks', () => {
  const all = [...keys('cust', 'Customers', customers), ...keys('tx', 'Transactions', transactions), ...keys('prod', 'Products', products), ...keys('ev', 'Events', events)];

  it('finds customers - transactions - products - events from value overlap, with counts', () => {
    const links = findLinks(all);
    expect(links.map(short).sort()).toEqual(['ev.customer_id -> cust.customer_id', 'tx.CustomerID -> cust.customer_id', 'tx.product -> prod.product_id']);
    const tx = links.find((l) => l.from.datasetId === 'tx' && l.to.datasetId === 'cust')!;
    // C1..C4 found, C9 not: 4 of 5 distinct transaction customers.
    expect(tx).toMatchObject({ fromDistinct: 5, toDistinct: 5, matched: 4, coverage: 0.8 });
    expect(links.find((l) => l.from.datasetId === 'ev')).toMatchObject({ matched: 4, coverage: 1 });
  });

  it('never links to a column that is not a key, nor within one dataset', () => {
    // events.customer_id and transactions.CustomerID share values, but neither is unique per row.
    const links = findLinks(all);
    expect(links.some((l) => l.to.datasetId === 'tx' || l.to.datasetId === 'ev')).toBe(false);
    expect(links.some((l) => l.from.datasetId === l.to.datasetId)).toBe(false);
  });

  it('needs enough overlap and at least three shared values; two-valued columns never link', () => {
    const few = table(ids('customer_id', ['C1', 'X2', 'X3', 'X4', 'X5']));
    expect(findLinks([...keys('cust', 'Customers', customers), ...keys('f', 'F', few)])).toEqual([]);
    const flags = table(cat('flag', ['C1', 'C2', 'C1', 'C2']));
    expect(findLinks([...keys('cust', 'Customers', customers), ...keys('f', 'F', flags)])).toEqual([]);
  });

  it('links integer columns only when their names agree: 1..n overlaps by accident', () => {
    const people = table(num('person_id', 'integer', [1, 2, 3, 4, 5, 6]));
    const orders = table(num('quantity', 'integer', [1, 2, 3, 1, 2, 3]), num('PersonId', 'integer', [1, 1, 2, 5, 6, 6]));
    expect(findLinks([...keys('p', 'People', people), ...keys('o', 'Orders', orders)]).map(short)).toEqual(['o.PersonId -> p.person_id']);
    // The same holds for integer-looking ids stored as text.
    const itemIds = table(ids('item', ['1', '2', '3', '4']));
    const rows = table(ids('row', ['1', '2', '3', '4', '5']));
    expect(findLinks([...keys('a', 'A', itemIds), ...keys('b', 'B', rows)])).toEqual([]);
  });

  it('keeps one direction between two keys of one-to-one tables, and one key per column', () => {
    const a = table(ids('id', ['1x', '2x', '3x', '4x']));
    const b = table(ids('id', ['1x', '2x', '3x', '4x', '5x', '6x']));
    expect(findLinks([...keys('a', 'A', a), ...keys('b', 'B', b)]).map(short)).toEqual(['a.id -> b.id']);
    // Two keys hold every value: the one with the better name wins.
    const c = table(ids('code', ['1x', '2x', '3x', '4x']));
    const links = findLinks([...keys('a', 'A', a), ...keys('b', 'B', b), ...keys('c', 'C', c)]);
    expect(links.filter((l) => l.from.datasetId === 'a').map(short)).toEqual(['a.id -> b.id']);
  });
});

describe('nameAffinity', () => {
  const k = (column: string, dataset = 'D'): KeyColumn => ({ datasetId: dataset, dataset, column, type: 'id', values: new Set(), filled: 0 });
  it('scores same names, shared stems and a column named after the key dataset', () => {
    expect(nameAffinity(k('CustomerID'), k('customer_id'))).toBe(1);
    expect(nameAffinity(k('cust_no'), k('cust_key'))).toBe(0.5);
    expect(nameAffinity(k('customer_ref'), k('id', 'Customers'))).toBe(0.5);
    expect(nameAffinity(k('quantity'), k('id', 'Customers'))).toBe(0);
  });
});

describe('mergeLinks', () => {
  const m = { fromDistinct: 5, toDistinct: 5, matched: 4, coverage: 0.8 };
  const link = (id: string, from: string, to: string, status: DatasetLink['status'], origin: DatasetLink['origin'] = 'detected'): DatasetLink => ({
    id,
    from: { datasetId: from, column: 'k' },
    to: { datasetId: to, column: 'k' },
    status,
    origin,
    ...m,
  });
  const cand = (from: string, to: string, matched = 4) => ({ from: { datasetId: from, column: 'k' }, to: { datasetId: to, column: 'k' }, fromDistinct: 5, toDistinct: 5, matched, coverage: matched / 5, score: 1 });
  let n = 0;
  const newId = () => `new${++n}`;
  const exists = (e: LinkEnd) => e.datasetId !== 'gone';

  it('keeps decisions, adds new suggestions, drops stale suggestions and links to deleted datasets', () => {
    const stored = [link('1', 'tx', 'cust', 'confirmed'), link('2', 'ev', 'cust', 'rejected'), link('3', 'old', 'cust', 'suggested'), link('4', 'gone', 'cust', 'confirmed'), link('5', 'a', 'b', 'confirmed', 'user')];
    const merged = mergeLinks(stored, [cand('tx', 'cust', 5), cand('cust', 'ev'), cand('tx', 'prod')], exists, newId);
    expect(merged.map((l) => [l.id, l.status])).toEqual([
      ['1', 'confirmed'],
      ['2', 'rejected'],
      ['5', 'confirmed'],
      ['new1', 'suggested'],
    ]);
    // A confirmed link's counts follow the data.
    expect(merged[0]).toMatchObject({ matched: 5, coverage: 1 });
    expect(merged[3]).toMatchObject({ from: { datasetId: 'tx' }, to: { datasetId: 'prod' }, origin: 'detected' });
  });

  it('confirms what the caller says (the demo workspace)', () => {
    const merged = mergeLinks([], [cand('tx', 'cust'), cand('x', 'y')], exists, newId, (c) => c.from.datasetId === 'tx');
    expect(merged.map((l) => l.status)).toEqual(['confirmed', 'suggested']);
  });

  it('a link the user sets replaces the same pair; an edited detected link stays rejected', () => {
    const detected = link('1', 'tx', 'cust', 'suggested');
    const mine = { ...link('2', 'tx', 'cust', 'confirmed', 'user'), to: { datasetId: 'cust', column: 'other' } };
    expect(withUserLink([detected, link('3', 'ev', 'cust', 'confirmed')], mine, '1').map((l) => [l.id, l.status])).toEqual([
      ['1', 'rejected'],
      ['3', 'confirmed'],
      ['2', 'confirmed'],
    ]);
    // The same two columns, whichever way round: the user's link takes the place of the suggestion.
    const same = { ...link('4', 'cust', 'tx', 'confirmed', 'user') };
    expect(withUserLink([detected], same).map((l) => l.id)).toEqual(['4']);
  });

  it('withoutDatasets and confirmedJoin', () => {
    const links = [link('1', 'tx', 'cust', 'suggested'), link('2', 'ev', 'cust', 'confirmed'), { ...link('3', 'tx', 'prod', 'confirmed'), from: { datasetId: 'tx', column: 'item' }, to: { datasetId: 'prod', column: 'sku' } }];
    expect(withoutDatasets(links, ['cust']).map((l) => l.id)).toEqual(['3']);
    // Only confirmed links join, whichever way round they were stored.
    expect(confirmedJoin(links, 'tx', 'cust')).toBeNull();
    expect(confirmedJoin(links, 'cust', 'ev')).toMatchObject({ a: 'k', b: 'k' });
    expect(confirmedJoin(links, 'prod', 'tx')).toMatchObject({ a: 'sku', b: 'item' });
    expect(confirmedJoin(links, 'tx', 'prod', 'sku')).toBeNull();
  });
});
