// Storage-full handling: refused before an import that would not fit, and a quota error mid-import
// becomes a message a user can act on.
import { describe, expect, it } from 'vitest';
import { explainStorageError, roomProblem } from '../../src/workers/import-file';

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

  it('reports the real quota of this browser', async () => {
    const est = await navigator.storage.estimate();
    expect(est.quota).toBeGreaterThan(0);
  });
});
