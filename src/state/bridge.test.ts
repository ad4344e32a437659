// The worker pool's rules without a browser: a fake Worker stands in (the calls here never use the API).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CancelledError, PooledWorker, StoppedElsewhereError, WorkerBridge } from './bridge';

class FakeWorker {
  static started = 0;
  terminated = false;
  constructor() {
    FakeWorker.started++;
  }
  addEventListener(): void {}
  removeEventListener(): void {}
  postMessage(): void {}
  terminate(): void {
    this.terminated = true;
  }
}

let workers: FakeWorker[] = [];
const pool = () =>
  new PooledWorker<unknown>(
    () => {
      const w = new FakeWorker();
      workers.push(w);
      return w as unknown as Worker;
    },
    { label: 'compute', idleMs: 1000 },
  );
const never = () => new Promise<never>(() => {});

beforeEach(() => {
  vi.useFakeTimers();
  workers = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('PooledWorker and its handles', () => {
  it('starts one worker for every handle, on first use', async () => {
    const p = pool();
    const a = new WorkerBridge(p);
    const b = new WorkerBridge(p);
    expect(p.alive).toBe(false);
    await a.run(async () => 1);
    await b.run(async () => 2);
    expect(workers).toHaveLength(1);
    expect(p.alive).toBe(true);
  });

  it('names the calls in flight (what keeps a worker from its idle stop)', async () => {
    const p = pool();
    const a = new WorkerBridge<{ segment(): Promise<number> }>(p as unknown as PooledWorker<{ segment(): Promise<number> }>);
    const r = a.run((api) => api.segment());
    expect(p.pendingMethods()).toEqual(['segment']);
    a.cancel();
    await expect(r).rejects.toBeInstanceOf(CancelledError);
    expect(p.pendingMethods()).toEqual([]);
  });

  it('a cancel rejects the canceller with CancelledError and the others with StoppedElsewhereError; the next call restarts', async () => {
    const p = pool();
    const a = new WorkerBridge(p);
    const b = new WorkerBridge(p);
    const ra = a.run(never);
    const rb = b.run(never);
    expect(a.busy && b.busy).toBe(true);
    a.cancel();
    await expect(ra).rejects.toBeInstanceOf(CancelledError);
    await expect(rb).rejects.toBeInstanceOf(StoppedElsewhereError);
    await expect(rb).rejects.toThrow(/cancel elsewhere .* shared compute worker/);
    expect(workers[0].terminated).toBe(true);
    expect(p.alive).toBe(false);
    await b.run(async () => 3);
    expect(workers).toHaveLength(2);
  });

  it('cancel on a shared handle with nothing in flight stops nothing', async () => {
    const p = pool();
    const a = new WorkerBridge(p);
    const b = new WorkerBridge(p);
    const rb = b.run(never);
    a.cancel();
    expect(workers[0].terminated).toBe(false);
    b.cancel();
    await expect(rb).rejects.toBeInstanceOf(CancelledError);
  });

  it('stops after the idle time with no call in flight, never during a call', async () => {
    const p = pool();
    const a = new WorkerBridge(p);
    let finish!: () => void;
    const long = a.run(() => new Promise<void>((r) => (finish = r)));
    await vi.advanceTimersByTimeAsync(5000);
    expect(p.alive).toBe(true);
    finish();
    await long;
    await vi.advanceTimersByTimeAsync(999);
    expect(p.alive).toBe(true);
    await a.run(async () => 0); // a call restarts the idle clock
    await vi.advanceTimersByTimeAsync(999);
    expect(p.alive).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(p.alive).toBe(false);
    expect(workers[0].terminated).toBe(true);
  });

  it('a private bridge (own worker) terminates it on cancel even when idle', async () => {
    const own = new WorkerBridge<unknown>(() => new FakeWorker() as unknown as Worker);
    await own.run(async () => 0);
    const before = FakeWorker.started;
    own.cancel();
    await own.run(async () => 0);
    expect(FakeWorker.started).toBe(before + 1);
  });
});
