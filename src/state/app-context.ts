// What every page may use: the workspace (datasets), the engine, and fresh compute workers.
import type { ComputeApi } from '../contract';
import type { WorkerBridge } from './bridge';
import type { Engine } from './engine.svelte';
import type { Workspace } from './workspace.svelte';

export interface AppContext {
  workspace: Workspace;
  engine: Engine;
  /** A compute worker of the page's own, so cancelling one page's model does not stop another's. */
  createCompute(): WorkerBridge<ComputeApi>;
  /** Switches to another section. */
  navigate(page: string): void;
}
