// A worker started on first use, stopped when idle and restarted on demand; callers reach it through
// handles (WorkerBridge). Cancelling terminates the worker (the only way to stop a busy one): the
// handle that cancelled gets CancelledError, the calls of other handles sharing that worker get
// StoppedElsewhereError, so none of them hangs or fails silently. A crash rejects every pending call.
import { wrap, type Remote } from 'comlink';

export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'CancelledError';
  }
}

/** A call that was running when another part of the app cancelled its own call on the same worker. */
export class StoppedElsewhereError extends Error {
  constructor(what: string) {
    super(`Stopped: a cancel elsewhere in the app stopped the shared ${what} worker while this was running. Run it again.`);
    this.name = 'StoppedElsewhereError';
  }
}

export interface PooledWorkerOptions {
  /** What the worker is, for messages ("compute", "import"). */
  label: string;
  /** Terminate the worker after this long with no call in flight; null: never. */
  idleMs: number | null;
}

interface Pending {
  owner: object;
  reject: (e: Error) => void;
  /** The first method the call reached for (for diagnostics: which call keeps a worker busy). */
  method?: string;
}

export class PooledWorker<T> {
  readonly label: string;
  #factory: () => Worker;
  #idleMs: number | null;
  #worker: Worker | null = null;
  #remote: Remote<T> | null = null;
  #pending = new Set<Pending>();
  #idle: ReturnType<typeof setTimeout> | null = null;

  constructor(factory: () => Worker, options: PooledWorkerOptions) {
    this.#factory = factory;
    this.label = options.label;
    this.#idleMs = options.idleMs;
  }

  /** Whether a worker is running now (started and not yet stopped). */
  get alive(): boolean {
    return this.#worker !== null;
  }

  /** The methods of the calls in flight, for diagnostics. */
  pendingMethods(): string[] {
    return [...this.#pending].map((p) => p.method ?? '?');
  }

  /** Whether a call of this owner (any owner when left out) is in flight. */
  busy(owner?: object): boolean {
    for (const p of this.#pending) if (owner === undefined || p.owner === owner) return true;
    return false;
  }

  async run<R>(owner: object, call: (api: Remote<T>) => Promise<R>): Promise<R> {
    this.#clearIdle();
    const api = this.#ensure();
    let entry!: Pending;
    const stopped = new Promise<never>((_, reject) => (entry = { owner, reject }));
    this.#pending.add(entry);
    // Note the method called, without changing what the call sees.
    const named = new Proxy(api as object, {
      get: (target, key, receiver) => {
        entry.method ??= String(key);
        return Reflect.get(target, key, receiver);
      },
    }) as Remote<T>;
    try {
      return await Promise.race([call(named), stopped]);
    } finally {
      this.#pending.delete(entry);
      this.#armIdle();
    }
  }

  /** Terminates the worker for `owner`: its calls get CancelledError, everyone else's StoppedElsewhereError. */
  cancel(owner: object): void {
    this.#stop((p) => (p.owner === owner ? new CancelledError() : new StoppedElsewhereError(this.label)));
  }

  #ensure(): Remote<T> {
    if (!this.#remote) {
      const worker = this.#factory();
      worker.addEventListener('error', (e) => {
        // A late error of a worker already replaced must not stop its successor.
        if (this.#worker !== worker) return;
        const crash = new Error(`The ${this.label} worker crashed: ${e.message || 'unknown error'}`);
        this.#stop(() => crash);
      });
      this.#worker = worker;
      this.#remote = wrap<T>(worker);
    }
    return this.#remote;
  }

  #armIdle(): void {
    if (this.#idleMs === null || this.#pending.size > 0 || !this.#worker) return;
    this.#clearIdle();
    this.#idle = setTimeout(() => {
      this.#idle = null;
      if (this.#pending.size === 0) this.#stop(() => new CancelledError());
    }, this.#idleMs);
  }

  #clearIdle(): void {
    if (this.#idle !== null) clearTimeout(this.#idle);
    this.#idle = null;
  }

  #stop(reason: (p: Pending) => Error): void {
    this.#clearIdle();
    // Nested workers (k-means kernel helpers, tfjs wasm threads) end with their parent.
    this.#worker?.terminate();
    this.#worker = null;
    this.#remote = null;
    const pending = [...this.#pending];
    this.#pending.clear();
    for (const p of pending) p.reject(reason(p));
  }
}

/** One caller's handle on a worker: `new WorkerBridge(factory)` has a worker of its own, `new WorkerBridge(pooled)` shares one. */
export class WorkerBridge<T> {
  #pool: PooledWorker<T>;
  #shared: boolean;

  constructor(worker: (() => Worker) | PooledWorker<T>, options: PooledWorkerOptions = { label: 'background', idleMs: null }) {
    this.#shared = worker instanceof PooledWorker;
    this.#pool = worker instanceof PooledWorker ? worker : new PooledWorker(worker, options);
  }

  /** Whether a call made through this handle is in flight. */
  get busy(): boolean {
    return this.#pool.busy(this);
  }

  run<R>(call: (api: Remote<T>) => Promise<R>): Promise<R> {
    return this.#pool.run(this, call);
  }

  /**
   * Stops the worker: this handle's calls reject with CancelledError. A handle on a shared worker
   * with nothing in flight does nothing (a page tidying up must not stop other pages' calls).
   */
  cancel(): void {
    if (this.#shared && !this.busy) return;
    this.#pool.cancel(this);
  }
}
