// The compute engine as the UI sees it: which backend runs the models, and why.
import type { Remote } from 'comlink';
import type { ComputeApi, EngineStatus } from '../contract';
import type { WorkerBridge } from './bridge';
import { message } from './workspace.svelte';

export class Engine {
  status = $state.raw<EngineStatus | null>(null);
  starting = $state(false);
  error = $state<string | null>(null);
  #bridge: WorkerBridge<ComputeApi>;

  constructor(bridge: WorkerBridge<ComputeApi>) {
    this.#bridge = bridge;
  }

  async start(): Promise<void> {
    if (this.status || this.starting) return;
    await this.#run((api) => api.engine());
  }

  async remeasure(): Promise<void> {
    await this.#run((api) => api.remeasure());
  }

  async override(name: string | null): Promise<void> {
    await this.#run((api) => api.setBackendOverride(name));
  }

  async #run(call: (api: Remote<ComputeApi>) => Promise<EngineStatus>): Promise<void> {
    this.starting = true;
    this.error = null;
    try {
      this.status = await this.#bridge.run(call);
    } catch (e) {
      this.error = message(e);
    } finally {
      this.starting = false;
    }
  }
}
