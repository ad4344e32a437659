// Storage-full handling: refused before an import that would not fit, and a quota error mid-import
// becomes a message a user can act on.
import { describe, expect, it } from 'vitest';
import { explainStorageError, isQuotaError, roomProblem } from '../../src/lib/import/room';
import { describeStorageError, quotaMessage } from '../../src/storage/quota';

describe('storage limits', () => {
  it('refuses a file that would not fit, naming the sizes', () => {
    expect(roomProblem('big.csv', 150e6, { usage: 900e6, quota: 1000e6 })).toBe(
      "big.csv (150 MB) would not fit in this browser's storage: 100 MB free of 1 GB. Delete datasets or free disk space, then try again.",
    );
    expect(roomProblem('small.csv', 1e6, { usage: 900e6, quota: 1000e6 })).toBeNull();
  });

  it('turns an IndexedDB quota error into plain words', () => {
    const quota = new DOMException('The serialized value is too large', 'QuotaExceededError');
    expect(explainStorageError(quota).message).toMatch(/storage is full.*nothing was kept/);
    const dexieWrapped = Object.assign(new Error('AbortError'), { name: 'AbortError', inner: { name: 'QuotaExceededError' } });
    expect(explainStorageError(dexieWrapped).message).toMatch(/storage is full/);
    expect(explainStorageError(new Error('other')).message).toBe('other');
  });

  it('recognises the quota error as Dexie really reports it, and words it: needed, free, what to delete', async () => {
    // What a chunk write rejected with under a 20 MB quota in Chromium (CDP Storage.overrideQuotaForOrigin):
    // an AbortError whose message is the inner error's name, and the same once prefixed with the file name.
    const real = Object.assign(new Error('QuotaExceededError'), { name: 'AbortError', inner: new DOMException('', 'QuotaExceededError') });
    expect(isQuotaError(real)).toBe(true);
    expect(isQuotaError(new Error('big80.csv: QuotaExceededError'))).toBe(true);
    expect(isQuotaError(new Error('line 6: quotation mark never closed'))).toBe(false);
    const file = Object.assign(new Blob([new Uint8Array(2_000_000)]), { name: 'big80.csv' });
    const text = await quotaMessage(file, 0);
    expect(text).toMatch(/^The browser's storage is full: importing big80\.csv needs about 2\.5 MB, so the import was stopped and nothing was kept\. /);
    expect(text).toMatch(/ free/);
    expect(text).toMatch(/Delete datasets you no longer need \(Workspace page, Storage\) or free disk space, then try again\.$/);
  });

  it('a change of type or a workspace import that hits the quota says so with the figures too', async () => {
    const real = Object.assign(new Error('QuotaExceededError'), { name: 'AbortError', inner: new DOMException('', 'QuotaExceededError') });
    const text = (await describeStorageError(real, 'the change of type')).message;
    expect(text).toMatch(/^The browser's storage is full, so the change of type was stopped and nothing was changed\. .*free.*Delete datasets you no longer need/);
    const other = new Error('Column "x" not found');
    expect(await describeStorageError(other, 'the change of type')).toBe(other);
  });

  it('reports the real quota of this browser', async () => {
    const est = await navigator.storage.estimate();
    expect(est.quota).toBeGreaterThan(0);
  });
});
