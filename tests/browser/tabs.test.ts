// Several tabs on one store (issue #12, items 2 and 8): real IndexedDB, real import workers, real Web Locks.
// A worker is a separate context with its own connection and lock holder, as another tab's would be.
import { proxy } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../src/contract';
import { CancelledError } from '../../src/state/bridge';
import { createImportBridge } from '../../src/state/worker-pool';
import { Workspace } from '../../src/state/workspace.svelte';
import { DemoLoad } from '../../src/state/demo.svelte';
import { CHANGES_CHANNEL, DATASETS_CHANGED, getDb, RetentionDb, useDb } from '../../src/storage/db';
import {
  beginDataset,
  commitDataset,
  deleteDataset,
  deleteSetting,
  findOrphans,
  getSetting,
  listDatasets,
  purgeIncomplete,
  putChunk,
  removeOrphan,
  setSetting,
  STAGING_TIMEOUT_MS,
  updateDataset,
} from '../../src/storage/datasets';
import { textFile, requestFromPreview, emptyDataset } from './files';

const made: string[] = [];
const bridges: { cancel(): void }[] = [];
const workspaces: Workspace[] = [];

afterEach(async () => {
  for (const b of bridges.splice(0)) b.cancel();
  for (const w of workspaces.splice(0)) w.close();
  for (const id of made.splice(0)) await deleteDataset(id).catch(() => {});
});

/** A CSV of random amounts: ~`mb` MB, slow enough to import that another tab can start meanwhile. */
function bigFile(mb: number, name = 'big.csv'): File {
  const line = (i: number) => `${i},${(Math.random() * 1000).toFixed(6)},c${i % 50}\n`;
  const parts = ['id,amount,city\n'];
  let size = 0;
  for (let i = 0; size < mb * 1e6; i++) {
    const l = line(i);
    parts.push(l);
    size += l.length;
  }
  return textFile(parts.join(''), name);
}

async function startImport(file: File, onProgress: (p: ImportProgress) => void) {
  const bridge = createImportBridge();
  bridges.push(bridge);
  const preview = await bridge.run((api) => api.preview(file));
  const request = requestFromPreview(file, preview);
  made.push(request.datasetId);
  const done = bridge.run((api) => api.importFile(file, request, proxy(onProgress)));
  return { bridge, id: request.datasetId, done };
}

async function records(id: string): Promise<number> {
  const db = getDb();
  const counts = await Promise.all([
    db.chunks.where('datasetId').equals(id).count(),
    db.dictionaries.where('datasetId').equals(id).count(),
    db.rejected.where('datasetId').equals(id).count(),
    db.datasets.where('id').equals(id).count(),
  ]);
  return counts.reduce((a, b) => a + b, 0);
}

const until = async (check: () => boolean | Promise<boolean>, ms = 1000): Promise<number> => {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now() - start;
};

const staged = (id: string, extra: Partial<{ owner: string; heartbeat: number; createdAt: number; unlocked: boolean }> = {}) =>
  getDb().datasets.add({
    id,
    name: 'staged',
    status: 'importing',
    rows: 0,
    columns: [{ name: 'amount', type: 'number', invalid: 0, invalidSample: [] }],
    chunkRows: 2,
    chunks: 0,
    roles: {},
    source: { fileName: 's.csv', fileBytes: 1, encoding: 'utf-8', delimiter: ',', header: true },
    storedBytes: 0,
    createdAt: Date.now(),
    rejected: 0,
    blankLines: 0,
    paddedRows: 0,
    notes: [],
    ...extra,
  });

describe('imports across tabs', () => {
  it("a running import survives another tab's start-up clean-up and its dataset appears", async () => {
    let progressed!: () => void;
    const firstProgress = new Promise<void>((r) => (progressed = r));
    let finished = false;
    const { id, done } = await startImport(bigFile(30), () => progressed());
    void done.then(() => (finished = true), () => (finished = true));
    await firstProgress;
    expect((await getDb().datasets.get(id))?.status).toBe('importing');
    // What a second tab does when it opens: the clean-up, then its list.
    const second = new Workspace();
    workspaces.push(second);
    await second.open();
    expect(finished).toBe(false);
    expect((await getDb().datasets.get(id))?.status).toBe('importing');

    const outcome = await done;
    const listed = (await listDatasets()).find((d) => d.id === id);
    expect(listed?.rows).toBe(outcome.rows);
    expect(listed?.status).toBe('ready');
    // The second tab hears of it without a refresh of its own.
    await until(() => second.datasets.some((d) => d.id === id));
    expect((await findOrphans()).some((o) => o.datasetId === id)).toBe(false);
  });

  it('two tabs opened together on a first visit load the demo once', async () => {
    const loaded = await getSetting<boolean>('demoLoaded');
    const earlier = new Set((await listDatasets()).map((d) => d.id));
    await deleteSetting('demoLoaded');
    const [a, b] = [new Workspace(), new Workspace()];
    workspaces.push(a, b);
    try {
      // Neither tab has listed anything yet: both see a first visit.
      const demos = [new DemoLoad(a), new DemoLoad(b)];
      const loads = demos.map((d) => d.loadIfFirstVisit());
      // settled() waits for the check and the load it started (App starts the engine's calibration after it).
      await Promise.all(demos.map((d) => d.settled()));
      const added = (await listDatasets()).filter((d) => !earlier.has(d.id));
      await Promise.all(loads);
      made.push(...added.map((d) => d.id));
      expect(added.map((d) => d.name).sort()).toEqual(['Demo customers', 'Demo events', 'Demo products', 'Demo surveys', 'Demo transactions']);
    } finally {
      if (loaded === undefined) await deleteSetting('demoLoaded');
      else await setSetting('demoLoaded', loaded);
    }
  });

  it("cleans the staging of an importer that died (its worker terminated), chunks and all", async () => {
    let progressed!: () => void;
    const firstProgress = new Promise<void>((r) => (progressed = r));
    const { bridge, id, done } = await startImport(bigFile(20), () => progressed());
    await firstProgress;
    await until(async () => (await getDb().chunks.where('datasetId').equals(id).count()) > 0, 10_000);
    bridge.cancel();
    await expect(done).rejects.toBeInstanceOf(CancelledError);
    expect(await records(id)).toBeGreaterThan(0);
    // The browser releases the dead worker's lock; the next clean-up removes everything it wrote.
    await until(async () => (await purgeIncomplete()) >= 1 || (await records(id)) === 0, 5000);
    expect(await records(id)).toBe(0);
  });

  it('keeps a staging record this tab is writing, removes one whose owner is gone', async () => {
    const mine = crypto.randomUUID();
    made.push(mine);
    await beginDataset({ id: mine, name: 'mine', columns: [], chunkRows: 2, roles: {}, source: { fileName: 'm.csv', fileBytes: 1, encoding: 'utf-8', delimiter: ',', header: true }, notes: [] });
    const gone = crypto.randomUUID();
    await staged(gone, { owner: 'a-tab-that-closed', heartbeat: Date.now() });
    await putChunk(gone, 0, [Float64Array.from([1, 2])]);
    expect(await purgeIncomplete()).toBeGreaterThanOrEqual(1);
    expect(await records(gone)).toBe(0);
    expect((await getDb().datasets.get(mine))?.status).toBe('importing');
    await commitDataset(mine, { rows: 0, chunks: 0, columns: [], rejected: 0, blankLines: 0, paddedRows: 0, notes: [], storedBytes: 0 }, []);
    const committed = await getDb().datasets.get(mine);
    expect(committed?.status).toBe('ready');
    expect(committed?.owner).toBeUndefined();
  });

  it('without an owner to ask (a record from before owners), only a silent one is removed', async () => {
    const fresh = crypto.randomUUID();
    const old = crypto.randomUUID();
    made.push(fresh, old);
    await staged(fresh);
    await staged(old, { createdAt: Date.now() - STAGING_TIMEOUT_MS - 1000 });
    await purgeIncomplete();
    expect(await records(old)).toBe(0);
    expect(await records(fresh)).toBe(1);
    expect(await purgeIncomplete(Date.now() + STAGING_TIMEOUT_MS + 1000)).toBeGreaterThanOrEqual(1);
    expect(await records(fresh)).toBe(0);
  });

  it('an owner that could not take its lock is judged by its heartbeat', async () => {
    const beating = crypto.randomUUID();
    const silent = crypto.randomUUID();
    made.push(beating, silent);
    await staged(beating, { owner: 'a-sandboxed-tab', unlocked: true, heartbeat: Date.now() });
    await staged(silent, { owner: 'a-sandboxed-tab', unlocked: true, heartbeat: Date.now() - STAGING_TIMEOUT_MS - 1000 });
    await purgeIncomplete();
    expect(await records(beating)).toBe(1);
    expect(await records(silent)).toBe(0);
  });

  it('a commit whose staging record was removed says so and leaves nothing behind', async () => {
    const id = crypto.randomUUID();
    made.push(id);
    await beginDataset({ id, name: 'lost', columns: [], chunkRows: 2, roles: {}, source: { fileName: 'l.csv', fileBytes: 1, encoding: 'utf-8', delimiter: ',', header: true }, notes: [] });
    await getDb().datasets.delete(id); // what an older version's clean-up in another tab did
    await expect(commitDataset(id, { rows: 0, chunks: 0, columns: [], rejected: 0, blankLines: 0, paddedRows: 0, notes: [], storedBytes: 0 }, [])).rejects.toThrow(/removed.*another tab.*nothing was kept/);
    expect((await listDatasets()).some((d) => d.id === id)).toBe(false);
  });
});

describe('orphans', () => {
  it('finds records without a dataset, with their size, lists them in the workspace and removes them', async () => {
    const orphan = crypto.randomUUID();
    const db = getDb();
    await putChunk(orphan, 0, [Float64Array.from({ length: 1000 }, (_, i) => i + 0.5)]);
    await db.dictionaries.put({ datasetId: orphan, column: 1, values: ['a', 'b'] });
    await db.rejected.put({ datasetId: orphan, line: 3, reason: 'x', text: 'y' });
    const found = (await findOrphans()).find((o) => o.datasetId === orphan);
    expect(found).toMatchObject({ records: 3 });
    expect(found!.bytes).toBeGreaterThanOrEqual(8000);

    const ws = new Workspace();
    workspaces.push(ws);
    await ws.open();
    await until(() => ws.orphans.some((o) => o.datasetId === orphan));
    await ws.removeOrphan(orphan);
    expect(await records(orphan)).toBe(0);
    expect(ws.orphans.some((o) => o.datasetId === orphan)).toBe(false);
    expect(ws.error).toBeNull();
  });

  it('a dataset is never taken for an orphan', async () => {
    const id = crypto.randomUUID();
    made.push(id);
    await beginDataset({ id, name: 'real', columns: [{ name: 'a', type: 'number', invalid: 0, invalidSample: [] }], chunkRows: 2, roles: {}, source: { fileName: 'r.csv', fileBytes: 1, encoding: 'utf-8', delimiter: ',', header: true }, notes: [] });
    await putChunk(id, 0, [Float64Array.from([1])]);
    expect((await findOrphans()).some((o) => o.datasetId === id)).toBe(false);
    await expect(removeOrphan(id)).rejects.toThrow(/belongs to a dataset/);
    expect(await records(id)).toBe(2);
  });
});

/** Another tab: a separate channel object, as its page would have. */
function otherTab(): BroadcastChannel {
  const ch = new BroadcastChannel(CHANGES_CHANNEL);
  return ch;
}

async function readyDataset(name: string): Promise<string> {
  const id = await emptyDataset(name);
  made.push(id);
  return id;
}

describe('tabs see each other', () => {
  it("every committed write to the list tells other tabs; staging writes do not", async () => {
    const tab = otherTab();
    const heard: unknown[] = [];
    tab.onmessage = (e) => heard.push(e.data);
    try {
      // Let what earlier tests' workers and clean-ups posted arrive first.
      await new Promise((r) => setTimeout(r, 300));
      heard.length = 0;
      const id = crypto.randomUUID();
      made.push(id);
      await beginDataset({ id, name: 'n', columns: [], chunkRows: 2, roles: {}, source: { fileName: 'x.csv', fileBytes: 1, encoding: 'utf-8', delimiter: ',', header: true }, notes: [] });
      await new Promise((r) => setTimeout(r, 100));
      expect(heard).toEqual([]);
      await commitDataset(id, { rows: 0, chunks: 0, columns: [], rejected: 0, blankLines: 0, paddedRows: 0, notes: [], storedBytes: 0 }, []);
      await until(() => heard.length === 1);
      await updateDataset(id, { name: 'renamed' });
      await until(() => heard.length === 2);
      await deleteDataset(id);
      await until(() => heard.length === 3);
      expect(heard.every((m) => (m as { type: string }).type === DATASETS_CHANGED)).toBe(true);
    } finally {
      tab.close();
    }
  });

  it("a rename or delete in another tab shows here within a second; a stale rename says why", async () => {
    const ws = new Workspace();
    workspaces.push(ws);
    await ws.open();
    const id = await readyDataset('before');
    await ws.refresh();
    ws.select(id);
    const tab = otherTab();
    try {
      // The other tab renames (its write, then its message).
      await getDb().datasets.update(id, { name: 'after' });
      tab.postMessage({ type: DATASETS_CHANGED });
      expect(await until(() => ws.datasets.find((d) => d.id === id)?.name === 'after')).toBeLessThan(1000);

      // The other tab deletes it: this tab's list drops it and says so.
      await getDb().transaction('rw', getDb().datasets, () => getDb().datasets.delete(id));
      tab.postMessage({ type: DATASETS_CHANGED });
      await until(() => !ws.datasets.some((d) => d.id === id));
      await until(() => ws.error !== null);
      expect(ws.error).toMatch(/“after” is no longer in this browser's storage: it was deleted in another tab/);
      expect(ws.selectedId).toBeNull();

      // A rename from a list that had not caught up yet: refused in words, not ignored.
      await ws.rename(id, 'again');
      expect(ws.error).toMatch(/not in this browser's storage any more.*another tab/);
      expect(await getDb().datasets.get(id)).toBeUndefined();
    } finally {
      tab.close();
    }
  });

  it('while this tab loads the demo, its datasets appear together at the end, not one by one', async () => {
    const ws = new Workspace();
    workspaces.push(ws);
    await ws.open();
    const tab = otherTab();
    try {
      await ws.quietly(async () => {
        await readyDataset('first of several');
        tab.postMessage({ type: DATASETS_CHANGED });
        await new Promise((r) => setTimeout(r, 500));
        expect(ws.datasets.some((d) => d.name === 'first of several')).toBe(false);
      });
      await ws.refresh();
      expect(ws.datasets.some((d) => d.name === 'first of several')).toBe(true);
    } finally {
      tab.close();
    }
  });

  it("the database deleted under this tab: the list empties and says why", async () => {
    const original = getDb();
    const name = `tabs-test-${crypto.randomUUID()}`;
    const db = new RetentionDb(name);
    useDb(db);
    const ws = new Workspace();
    workspaces.push(ws);
    try {
      await ws.open();
      await readyDataset('doomed');
      made.pop();
      await ws.refresh();
      expect(ws.datasets).toHaveLength(1);
      await new Promise<void>((resolve, reject) => {
        const req = indexedDB.deleteDatabase(name);
        req.onsuccess = () => resolve();
        req.onerror = () => reject(req.error);
      });
      // The list empties inside refresh(); the message is set just after it returns, so wait for both.
      await until(() => ws.datasets.length === 0 && ws.error !== null, 2000);
      expect(ws.error).toMatch(/storage was deleted in another tab/);
    } finally {
      useDb(original);
      db.close();
      await new Promise((r) => {
        const req = indexedDB.deleteDatabase(name);
        req.onsuccess = req.onerror = r;
      });
    }
  });
});
