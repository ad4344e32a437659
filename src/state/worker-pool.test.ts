import { afterEach, describe, expect, it, vi } from 'vitest';

// workerIdleMs reads its knob once per page load: each case loads the module afresh.
async function idleMs(knob: unknown): Promise<number> {
  vi.resetModules();
  const g = globalThis as Record<string, unknown>;
  if (knob === undefined) delete g.retentionLabWorkerIdleMs;
  else g.retentionLabWorkerIdleMs = knob;
  return (await import('./worker-pool')).workerIdleMs();
}

describe('workerIdleMs', () => {
  afterEach(() => {
    delete (globalThis as Record<string, unknown>).retentionLabWorkerIdleMs;
    vi.unstubAllGlobals();
  });

  it('is a minute unless the global knob names a time, and never reads localStorage (a synchronous call to the browser on a first visit)', async () => {
    const read = vi.fn(() => '5');
    vi.stubGlobal('localStorage', { getItem: read, setItem: read });
    expect(await idleMs(undefined)).toBe(60_000);
    expect(await idleMs(500)).toBe(500);
    expect(await idleMs(0)).toBe(0);
    expect(await idleMs(-1)).toBe(60_000);
    expect(await idleMs('500')).toBe(60_000);
    expect(read).not.toHaveBeenCalled();
  });
});
