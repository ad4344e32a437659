// Links between datasets with the real import worker and IndexedDB: an import suggests the shared key,
// decisions survive detection, and deleting a dataset removes its links.
import { afterAll, describe, expect, it } from 'vitest';
import type { DatasetLink } from '../../src/contract';
import { createImportBridge } from '../../src/state/worker-pool';
import { deleteDataset } from '../../src/storage/datasets';
import { getLinks, updateLinks } from '../../src/storage/links';
import { importForTest, textFile } from './files';

const made: string[] = [];
afterAll(async () => {
  for (const id of made) await deleteDataset(id).catch(() => {});
});

const customers = ['cust_no,plan,age', 'K1001,basic,34', 'K1002,pro,41', 'K1003,basic,29', 'K1004,team,55', 'K1005,pro,38', 'K1006,basic,47'].join('\n');
const orders = [
  'order,CustNo,day,total',
  'O1,K1001,2024-01-02,10.5',
  'O2,K1001,2024-01-05,3.0',
  'O3,K1002,2024-01-07,8.25',
  'O4,K1004,2024-02-01,12.0',
  'O5,K1005,2024-02-03,7.5',
  'O6,K1005,2024-02-09,1.0',
  'O7,K9999,2024-03-01,4.0',
].join('\n');

const mine = (links: DatasetLink[] | undefined) => (links ?? []).filter((l) => made.includes(l.from.datasetId) && made.includes(l.to.datasetId));

describe('links between datasets', () => {
  it('an import suggests the key its values share with another dataset, with counts', async () => {
    const c = await importForTest(textFile(customers, 'my-customers.csv'));
    made.push(c.id);
    const o = await importForTest(textFile(orders, 'my-orders.csv'));
    made.push(o.id);
    const links = mine(await getLinks());
    expect(links).toHaveLength(1);
    // 4 of the 5 distinct order customers are in the customers file (K9999 is not); a user's file is only suggested.
    expect(links[0]).toMatchObject({
      from: { datasetId: o.id, column: 'CustNo' },
      to: { datasetId: c.id, column: 'cust_no' },
      fromDistinct: 5,
      matched: 4,
      coverage: 0.8,
      status: 'suggested',
      origin: 'detected',
    });
  });

  it('keeps confirmed and removed decisions through a new detection; measures a column pair', async () => {
    const [link] = mine(await getLinks());
    await updateLinks((all) => all.map((l) => (l.id === link.id ? { ...l, status: 'confirmed' } : l)));
    const bridge = createImportBridge();
    try {
      const again = mine(await bridge.run((api) => api.detectLinks()));
      expect(again.map((l) => [l.id, l.status])).toEqual([[link.id, 'confirmed']]);
      await updateLinks((all) => all.map((l) => (l.id === link.id ? { ...l, status: 'rejected' } : l)));
      expect(mine(await bridge.run((api) => api.detectLinks())).map((l) => l.status)).toEqual(['rejected']);
      await expect(bridge.run((api) => api.measureLink(link.from, link.to))).resolves.toEqual({ fromDistinct: 5, toDistinct: 6, matched: 4, coverage: 0.8 });
      await expect(bridge.run((api) => api.measureLink({ datasetId: link.from.datasetId, column: 'total' }, link.to))).rejects.toThrow(/only id, category and integer/);
    } finally {
      bridge.cancel();
    }
  });

  it('deleting a dataset removes every link that touches it', async () => {
    expect(mine(await getLinks())).toHaveLength(1);
    await deleteDataset(made[0]);
    expect((await getLinks())?.some((l) => l.from.datasetId === made[0] || l.to.datasetId === made[0])).toBe(false);
  });
});
