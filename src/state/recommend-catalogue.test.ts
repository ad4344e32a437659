// The recommendations catalogue default keeps demo data apart from the user's own.
import { describe, expect, it } from 'vitest';
import type { DatasetMeta } from '../storage/db';
import { catalogueDefault } from './recommend.svelte';

function dataset(id: string, columns: [string, DatasetMeta['columns'][number]['type']][], roles: DatasetMeta['roles'], demo: boolean, createdAt: number): DatasetMeta {
  return { id, name: id, createdAt, demo, rows: 10, columns: columns.map(([name, type]) => ({ name, type, invalid: 0, invalidSample: [] })), roles } as unknown as DatasetMeta;
}

const demoTx = dataset('demo-tx', [['customer_id', 'id'], ['product_id', 'id'], ['date', 'date']], { customer: 'customer_id', item: 'product_id', date: 'date' }, true, 1);
const demoProducts = dataset('demo-products', [['product_id', 'id'], ['name', 'text']], { item: 'product_id' }, true, 2);
const myTx = dataset('my-tx', [['client', 'id'], ['product_id', 'id'], ['day', 'date']], { customer: 'client', item: 'product_id', date: 'day' }, false, 3);

describe('catalogueDefault', () => {
  it('names demo items from the demo catalogue', () => {
    expect(catalogueDefault([demoTx, demoProducts, myTx], demoTx, 'product_id')).toEqual({ datasetId: 'demo-products', key: 'product_id', name: 'name' });
  });

  it("never takes the demo catalogue for the user's own interactions, even when the column names match", () => {
    expect(catalogueDefault([demoTx, demoProducts, myTx], myTx, 'product_id')).toBeNull();
    const myProducts = dataset('my-products', [['product_id', 'id'], ['title', 'text']], { item: 'product_id' }, false, 4);
    expect(catalogueDefault([demoTx, demoProducts, myTx, myProducts], myTx, 'product_id')).toEqual({ datasetId: 'my-products', key: 'product_id', name: 'title' });
  });
});
