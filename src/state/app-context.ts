// What every page may use: the workspace (datasets), the engine, and the app's one compute worker.
import type { ComputeApi } from '../contract';
import type { WorkerBridge } from './bridge';
import type { Engine } from './engine.svelte';
import type { PageUrl } from './router.svelte';
import type { Workspace } from './workspace.svelte';

export interface AppContext {
  workspace: Workspace;
  engine: Engine;
  /**
   * A handle on the compute worker every page shares (src/state/worker-pool.ts). Its cancel() terminates
   * that worker: this handle's call gets CancelledError, another page's call in flight gets
   * StoppedElsewhereError; the next call starts a fresh worker.
   */
  createCompute(): WorkerBridge<ComputeApi>;
  /** Switches to another section. */
  navigate(page: string): void;
  /** This page's parameters in the URL (its dataset, its tab); see syncParam in src/state/router.svelte.ts. */
  url: PageUrl;
}
