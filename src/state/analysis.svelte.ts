// Shared shape of a model run in the UI: progress, cancel (terminates the compute worker), error.
import { proxy, type Remote } from 'comlink';
import type { ComputeApi, ModelProgress } from '../contract';
import { CancelledError, type WorkerBridge } from './bridge';
import { withTiming } from './timing';
import { message } from './workspace.svelte';

export class Run {
  running = $state(false);
  progress = $state.raw<ModelProgress | null>(null);
  error = $state<string | null>(null);
  cancelled = $state(false);
  #bridge: WorkerBridge<ComputeApi>;

  constructor(bridge: WorkerBridge<ComputeApi>) {
    this.#bridge = bridge;
  }

  /** Runs one call in the compute worker; resolves to null when it failed or was cancelled. */
  async start<R>(call: (api: Remote<ComputeApi>, onProgress: (p: ModelProgress) => void) => Promise<R>): Promise<R | null> {
    this.running = true;
    this.error = null;
    this.cancelled = false;
    this.progress = null;
    const started = performance.now();
    try {
      return await this.#bridge.run((api) => call(api, proxy((p: ModelProgress) => (this.progress = withTiming(p, started, performance.now())))));
    } catch (e) {
      if (e instanceof CancelledError) this.cancelled = true;
      else this.error = message(e);
      return null;
    } finally {
      this.running = false;
    }
  }

  cancel(): void {
    this.#bridge.cancel();
  }
}
