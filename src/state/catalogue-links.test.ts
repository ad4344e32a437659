// The recommendations catalogue default follows a confirmed link from the item column first.
import { describe, expect, it } from 'vitest';
import type { DatasetLink } from '../lib/data/links';
import type { DatasetMeta } from '../storage/db';
import { catalogueDefault } from './recommend.svelte';

function dataset(id: string, columns: [string, DatasetMeta['columns'][number]['type']][], roles: DatasetMeta['roles'] = {}): DatasetMeta {
  return { id, name: id, createdAt: 0, rows: 10, columns: columns.map(([name, type]) => ({ name, type, invalid: 0, invalidSample: [] })), roles } as unknown as DatasetMeta;
}

const orders = dataset('orders', [['client', 'id'], ['sku', 'id'], ['day', 'date']], { customer: 'client', item: 'sku', date: 'day' });
// Same column name as the item column, but not what the user linked.
const other = dataset('other', [['sku', 'id'], ['name', 'text']]);
const articles = dataset('articles', [['article_no', 'id'], ['title', 'text']]);
const link = (status: DatasetLink['status'], toColumn = 'article_no'): DatasetLink => ({
  id: 'l1',
  from: { datasetId: 'orders', column: 'sku' },
  to: { datasetId: 'articles', column: toColumn },
  status,
  origin: 'detected',
  fromDistinct: 5,
  toDistinct: 6,
  matched: 5,
  coverage: 1,
});

describe('catalogueDefault with links', () => {
  it('takes the dataset confirmed-linked to the item column, on the linked key', () => {
    expect(catalogueDefault([orders, other, articles], orders, 'sku', [link('confirmed')])).toEqual({ datasetId: 'articles', key: 'article_no', name: 'title' });
  });

  it('ignores suggestions and links of other columns', () => {
    const fallback = { datasetId: 'other', key: 'sku', name: 'name' };
    expect(catalogueDefault([orders, other, articles], orders, 'sku', [link('suggested')])).toEqual(fallback);
    expect(catalogueDefault([orders, other, articles], orders, 'client', [link('confirmed')])).toBeNull();
  });
});
