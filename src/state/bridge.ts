// Starts a worker on first use and cancels by terminating it (the only way to stop a busy worker);
// the next call starts a fresh one. A crash or a cancel rejects the pending call instead of hanging.
import { wrap, type Remote } from 'comlink';

export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'CancelledError';
  }
}

export class WorkerBridge<T> {
  #factory: () => Worker;
  #worker: Worker | null = null;
  #remote: Remote<T> | null = null;
  #reject = new Set<(e: Error) => void>();

  constructor(factory: () => Worker) {
    this.#factory = factory;
  }

  get busy(): boolean {
    return this.#reject.size > 0;
  }

  async run<R>(call: (api: Remote<T>) => Promise<R>): Promise<R> {
    const api = this.#ensure();
    let rejectFn!: (e: Error) => void;
    const stopped = new Promise<never>((_, reject) => (rejectFn = reject));
    this.#reject.add(rejectFn);
    try {
      return await Promise.race([call(api), stopped]);
    } finally {
      this.#reject.delete(rejectFn);
    }
  }

  cancel(): void {
    this.#stop(new CancelledError());
  }

  #ensure(): Remote<T> {
    if (!this.#remote) {
      const worker = this.#factory();
      worker.addEventListener('error', (e) => this.#stop(new Error(`The worker crashed: ${e.message || 'unknown error'}`)));
      this.#worker = worker;
      this.#remote = wrap<T>(worker);
    }
    return this.#remote;
  }

  #stop(reason: Error): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#remote = null;
    for (const reject of this.#reject) reject(reason);
    this.#reject.clear();
  }
}
