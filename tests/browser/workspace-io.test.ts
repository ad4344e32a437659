// Workspace files and pseudonymisation in real Chromium. Round trips run in a throwaway database (other
// test files share the app's), in this thread through src/storage/workspace.ts; one export/import and the
// pseudonymising import go through the real import worker.
import { proxy } from 'comlink';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ImportRequest, WorkspaceProgress } from '../../src/contract';
import { importPseudonymKey, pseudonymise } from '../../src/lib/crypto/pseudonym';
import { generateDemo } from '../../src/lib/demo';
import { createImportBridge } from '../../src/state/workers';
import { beginDataset, commitDataset, deleteDataset, getSetting, loadTable, putChunk, putRejected, setSetting } from '../../src/storage/datasets';
import { getDb, RetentionDb, useDb } from '../../src/storage/db';
import { exportWorkspace, importWorkspace, PSEUDONYM_KEY_SETTING } from '../../src/storage/workspace';
import { textFile } from './files';

async function snapshot(db = getDb()) {
  const [datasets, chunks, dictionaries, rejected, settings] = await Promise.all([
    db.datasets.orderBy('id').toArray(),
    db.chunks.orderBy('[datasetId+column+chunk]').toArray(),
    db.dictionaries.orderBy('[datasetId+column]').toArray(),
    db.rejected.orderBy('[datasetId+line]').toArray(),
    db.settings.orderBy('key').toArray(),
  ]);
  return { datasets, chunks, dictionaries, rejected, settings };
}

async function fill(): Promise<void> {
  const columns = [
    { name: 'amount', type: 'number' as const, invalid: 1, invalidSample: [{ line: 3, text: 'n/a' }] },
    { name: 'count', type: 'integer' as const, invalid: 0, invalidSample: [] },
    { name: 'city', type: 'category' as const, invalid: 0, invalidSample: [] },
  ];
  for (const [id, n] of [['ds-a', 3], ['ds-b', 70_000]] as const) {
    await beginDataset({ id, name: `Dataset ${id}`, columns, chunkRows: 2, roles: { amount: 'amount' }, source: { fileName: `${id}.csv`, fileBytes: 99, encoding: 'utf-8', delimiter: ',', header: true }, notes: ['a note'] });
    const big = n > 100;
    // Float64, Int8, Int16 and Int32 chunks, NaN included.
    await putChunk(id, 0, [Float64Array.from({ length: n - 1 }, (_, i) => (i % 7 === 0 ? NaN : i / 3)), Float64Array.from({ length: n - 1 }, (_, i) => (big ? i % 30_000 : i % 100)), Int32Array.from({ length: n - 1 }, (_, i) => (big ? i % 40_000 : i % 3) - (i === 1 ? 1 + (i % 3) : 0))]);
    await putChunk(id, 1, [Float64Array.of(-0), Float64Array.of(NaN), Int32Array.of(-1)]);
    await putRejected(id, [{ line: 4, reason: 'too many fields', text: 'x,y,z,w' }]);
    const dict = Array.from({ length: big ? 40_000 : 3 }, (_, i) => `city ${i} ✓`);
    await commitDataset(id, { rows: n, chunks: 2, columns, rejected: 1, blankLines: 0, paddedRows: 0, notes: [], storedBytes: 1234 }, [null, null, dict]);
  }
  await setSetting('churnModels', [{ id: 'm1', name: 'model one' }]);
  await setSetting('churnModel:m1', { weights: Float32Array.of(0.5, -1.25, NaN), meta: { when: new Date(0), tags: new Set(['a']) } });
  await setSetting(PSEUDONYM_KEY_SETTING, 'ab'.repeat(32));
  await setSetting('engineCalibration', { device: 'this one' });
}

async function fileOf(passphrase?: string): Promise<Blob> {
  return (await exportWorkspace({ passphrase })).blob;
}

async function flip(blob: Blob, at: number): Promise<Blob> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  bytes[at] ^= 0x01;
  return new Blob([bytes]);
}

describe('workspace files (throwaway database)', () => {
  const db = new RetentionDb(`workspace-io-${crypto.randomUUID()}`);
  beforeAll(() => useDb(db));
  afterAll(async () => {
    useDb(new RetentionDb());
    db.close();
    await db.delete();
  });

  it('export -> wipe -> import gives back every table, typed arrays included (encrypted and not)', async () => {
    await fill();
    const before = await snapshot(db);
    for (const passphrase of [undefined, 'correct horse battery staple']) {
      const file = await fileOf(passphrase);
      expect(file.size).toBeGreaterThan(100);
      await Promise.all(db.tables.map((t) => t.clear()));
      await setSetting('engineCalibration', { device: 'this one' });
      const result = await importWorkspace(file, { passphrase });
      expect(result.datasets.map((d) => [d.id, d.copy])).toEqual([['ds-a', false], ['ds-b', false]]);
      const after = await snapshot(db);
      expect(after).toEqual(before);
      const w = after.settings.find((s) => s.key === 'churnModel:m1')!.value as { weights: Float32Array };
      expect(w.weights).toBeInstanceOf(Float32Array);
      expect(after.chunks.map((c) => c.data.constructor.name)).toContain('Int16Array');
      expect(after.chunks.map((c) => c.data.constructor.name)).toContain('Int8Array');
    }
    const table = await loadTable('ds-b');
    expect(table.rows).toBe(70_000);
  });

  it('a wrong passphrase, a changed byte or a cut-off file gives a clear error and changes nothing', async () => {
    const before = await snapshot(db);
    const file = await fileOf('s3cret passphrase');
    await expect(importWorkspace(file, { passphrase: 'wrong passphrase', replace: true })).rejects.toThrow(/Wrong passphrase/);
    await expect(importWorkspace(file, { replace: true })).rejects.toThrow(/encrypted: enter its passphrase/);
    for (const at of [200, Math.floor(file.size / 2), file.size - 3]) {
      await expect(importWorkspace(await flip(file, at), { passphrase: 's3cret passphrase', replace: true })).rejects.toThrow(/damaged/);
    }
    await expect(importWorkspace(file.slice(0, file.size - 100), { passphrase: 's3cret passphrase', replace: true })).rejects.toThrow(/incomplete/);
    const plain = await fileOf();
    await expect(importWorkspace(await flip(plain, Math.floor(plain.size / 2)), { replace: true })).rejects.toThrow(/damaged/);
    await expect(importWorkspace(textFile('id,name\n1,a\n'), { replace: true })).rejects.toThrow(/not a Retention Lab workspace/);
    expect(await snapshot(db)).toEqual(before);
  });

  it('adds a file to a workspace that has data: clashing datasets become copies, settings here are kept', async () => {
    const file = await fileOf();
    await setSetting(PSEUDONYM_KEY_SETTING, 'cd'.repeat(32));
    await setSetting('churnModels', [{ id: 'm0', name: 'here' }]);
    const result = await importWorkspace(file, {});
    expect(result.datasets.every((d) => d.copy && d.name.endsWith('(imported copy)'))).toBe(true);
    expect(result.settingsKept).toContain(PSEUDONYM_KEY_SETTING);
    expect(result.notes.join(' ')).toMatch(/pseudonymisation key/);
    expect(await getSetting<{ id: string }[]>('churnModels')).toEqual([{ id: 'm0', name: 'here' }, { id: 'm1', name: 'model one' }]);
    expect(await getSetting(PSEUDONYM_KEY_SETTING)).toBe('cd'.repeat(32));
    const copy = result.datasets.find((d) => d.name.startsWith('Dataset ds-a'))!;
    expect(await loadTable(copy.id)).toEqual(await loadTable('ds-a'));
    // Device settings never travel.
    expect(await getSetting('engineCalibration')).toEqual({ device: 'this one' });
    const replaced = await importWorkspace(file, { replace: true });
    expect(replaced.datasets.map((d) => d.copy)).toEqual([false, false]);
    expect((await snapshot(db)).datasets.length).toBe(2);
  });
});

describe('through the import worker (the app database)', () => {
  const made: string[] = [];
  afterEach(async () => {
    for (const id of made.splice(0)) await deleteDataset(id).catch(() => {});
  });

  async function importCsv(text: string, name: string, pii?: ImportRequest['pii']) {
    const bridge = createImportBridge();
    try {
      const file = textFile(text, name);
      const preview = await bridge.run((api) => api.preview(file));
      const request: ImportRequest = { datasetId: crypto.randomUUID(), name, encoding: preview.encoding, delimiter: preview.delimiter, header: preview.header, columns: preview.columns, roles: preview.roles, pii };
      made.push(request.datasetId);
      await bridge.run((api) => api.importFile(file, request, proxy(() => {})));
      return request.datasetId;
    } finally {
      bridge.cancel();
    }
  }

  it('pseudonymises the demo customers: email hashed per distinct value, full_name not stored, joins still match', async () => {
    const csv = generateDemo({ customers: 300 }).customers;
    const id = await importCsv(csv, 'customers', { email: 'hash', full_name: 'drop', customer_id: 'hash' });
    const table = await loadTable(id);
    const names = table.columns.map((c) => c.name);
    expect(names).not.toContain('full_name');
    expect(names).toContain('email');
    const email = table.columns.find((c) => c.name === 'email')!;
    if (!('codes' in email)) throw new Error('email should be dictionary-encoded');
    const raw = csv.trim().split('\n').slice(1).map((l) => l.split(',')[9]);
    expect(email.dictionary.length).toBe(new Set(raw).size);
    expect(email.dictionary.every((v) => /^[0-9a-f]{16}$/.test(v))).toBe(true);
    const key = await importPseudonymKey((await getSetting<string>(PSEUDONYM_KEY_SETTING))!);
    // Codes are unchanged: row i's pseudonym is the HMAC of row i's email.
    const expected = await pseudonymise(raw.slice(0, 20), key);
    expect(Array.from(email.codes.slice(0, 20), (c) => email.dictionary[c])).toEqual(expected);
    expect(JSON.stringify(table)).not.toContain('@example');
    // A second dataset hashed in this workspace joins on the same pseudonyms.
    const other = await importCsv(`customer_id,email\nC000001,${raw[0]}\n`, 'contacts', { email: 'hash', customer_id: 'hash' });
    const o = (await loadTable(other)).columns.find((c) => c.name === 'email')!;
    expect('dictionary' in o && o.dictionary[0]).toBe(expected[0]);
  });

  it('keeps rejected rows of a pseudonymised file without their text', async () => {
    const id = await importCsv('id,email\n1,a@x.org\n2,"b@x.org\n', 'bad', { email: 'hash' });
    const rejected = await getDb().rejected.where('datasetId').equals(id).toArray();
    expect(rejected.length).toBe(1);
    expect(rejected[0].text).not.toContain('b@x.org');
  });

  it('exports the app workspace and imports it back as copies', async () => {
    const id = await importCsv('customer,amount\nA,1.5\nB,2\nA,\n', 'small.csv');
    const bridge = createImportBridge();
    try {
      const file = await bridge.run((api) => api.exportWorkspace({ passphrase: 'pass phrase' }, proxy(() => {})));
      expect(file.fileName).toMatch(/\.rlws$/);
      await expect(bridge.run((api) => api.importWorkspace(file.blob, { passphrase: 'nope' }))).rejects.toThrow(/Wrong passphrase/);
      const progress: string[] = [];
      const result = await bridge.run((api) => api.importWorkspace(file.blob, { passphrase: 'pass phrase' }, proxy((p: WorkspaceProgress) => progress.push(p.stage))));
      made.push(...result.datasets.map((d) => d.id));
      expect(progress).toContain('done');
      const copy = result.datasets.find((d) => d.name === 'small.csv (imported copy)')!;
      expect(copy.copy).toBe(true);
      expect(await loadTable(copy.id)).toEqual(await loadTable(id));
    } finally {
      bridge.cancel();
    }
  });
});
