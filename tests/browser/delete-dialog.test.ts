// The delete dialog's question (Data page, DatasetList.svelte asks `workspace.removalQuestion`): it lists
// what goes with a dataset, the results derived from it and its links, and deleting takes exactly those.
// Real IndexedDB, in a throwaway database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../src/state/workspace.svelte';
import { beginDataset, commitDataset, getSetting, setSetting } from '../../src/storage/datasets';
import { RetentionDb, useDb } from '../../src/storage/db';
import { loadResult, resultsOf, saveResult } from '../../src/storage/results';
import type { DatasetLink } from '../../src/contract';

async function datasetWith(name: string, columns: string[]): Promise<string> {
  const id = crypto.randomUUID();
  const cols = columns.map((c) => ({ name: c, type: 'id' as const, invalid: 0, invalidSample: [] }));
  await beginDataset({ id, name, columns: cols, chunkRows: 2, roles: {}, source: { fileName: `${name}.csv`, fileBytes: 1, encoding: 'utf-8', delimiter: ',', header: true }, notes: [] });
  await commitDataset(id, { rows: 0, chunks: 0, columns: cols, rejected: 0, blankLines: 0, paddedRows: 0, notes: [], storedBytes: 0 }, []);
  return id;
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('the delete dialog (throwaway database)', () => {
  const db = new RetentionDb(`delete-dialog-${crypto.randomUUID()}`);
  beforeAll(() => useDb(db));
  afterAll(async () => {
    useDb(new RetentionDb());
    db.close();
    await db.delete();
  });

  it('lists the results derived from the dataset and its links; deleting it takes them, and only them', async () => {
    const customers = await datasetWith('customers', ['customer_id', 'churned']);
    const orders = await datasetWith('orders', ['customer', 'product']);
    const products = await datasetWith('products', ['product_id']);
    // Shapes are the capabilities'; the dialog reads the kind, and a saved model's name.
    await saveResult('churn', {} as never, { datasets: [customers] });
    await tick();
    await saveResult('churn-model', { info: { id: 'm-june', name: 'June' } } as never, { datasets: [customers], name: 'm-june' });
    await tick();
    await saveResult('actions', {} as never, { datasets: [customers, orders] });
    await tick();
    await saveResult('segment', {} as never, { datasets: [orders] });
    const links = [
      { id: 'l1', from: { datasetId: orders, column: 'customer' }, to: { datasetId: customers, column: 'customer_id' }, status: 'confirmed', origin: 'user' },
      { id: 'l2', from: { datasetId: orders, column: 'product' }, to: { datasetId: products, column: 'product_id' }, status: 'suggested', origin: 'detected' },
      { id: 'l3', from: { datasetId: customers, column: 'churned' }, to: { datasetId: products, column: 'product_id' }, status: 'rejected', origin: 'detected' },
    ] as unknown as DatasetLink[];
    await setSetting('links', links);

    const ws = new Workspace();
    try {
      await ws.open();
      expect(await ws.removalQuestion(customers)).toBe(
        'Delete dataset "customers"? Its stored data is removed from this browser, and with it: churn model, scores and reasons (Churn page); saved churn model "June"; action list (Actions page); the link to "orders" (customer_id = customer).',
      );
      expect(await ws.removalQuestion(orders)).toBe(
        'Delete dataset "orders"? Its stored data is removed from this browser, and with it: action list (Actions page); segmentation (Segments page); the link to "customers" (customer = customer_id); the suggested link to "products" (product = product_id).',
      );
      expect(await ws.removalQuestion(products)).toBe('Delete dataset "products"? Its stored data is removed from this browser, and with it: the suggested link to "orders" (product_id = product).');

      await ws.remove(customers);
      expect(ws.error).toBeNull();
      expect(await resultsOf(customers)).toEqual([]);
      expect(await loadResult('churn')).toBeUndefined();
      expect(await loadResult('churn-model', 'm-june')).toBeUndefined();
      expect(await loadResult('actions')).toBeUndefined();
      expect((await loadResult('segment'))?.datasetIds).toEqual([orders]);
      expect((await getSetting<DatasetLink[]>('links'))!.map((l) => l.id)).toEqual(['l2']);
      await ws.refresh();
      expect(await ws.removalQuestion(orders)).toBe(
        'Delete dataset "orders"? Its stored data is removed from this browser, and with it: segmentation (Segments page); the suggested link to "products" (product = product_id).',
      );
    } finally {
      ws.close();
    }
  });
});
