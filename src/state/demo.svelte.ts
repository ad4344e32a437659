// The seeded demo workspace: loaded once on a first visit so the app is never empty in a demo.
import { proxy } from 'comlink';
import type { ImportProgress } from '../contract';
import { isDemo } from '../lib/data/suitability';
import { deleteDataset, getSetting, setSetting } from '../storage/datasets';
import { sharedImport } from './worker-pool';
import { message, type Workspace } from './workspace.svelte';

const DEMO_KEY = 'demoLoaded';
const DEMO_LOCK = 'retention-lab:demo';

export class DemoLoad {
  running = $state(false);
  progress = $state.raw<ImportProgress | null>(null);
  error = $state<string | null>(null);
  #workspace: Workspace;
  #firstVisit: Promise<void> | null = null;

  constructor(workspace: Workspace) {
    this.#workspace = workspace;
  }

  /**
   * Resolves once the first-visit check, and the demo load it started, are over (failed ones included): App starts
   * the compute worker's work after it, so that on a first visit the demo's import and first rendering do not share
   * the machine's cores with the engine's calibration.
   */
  async settled(): Promise<void> {
    await this.#firstVisit?.catch(() => {});
  }

  /** First visit only: a user who deleted the demo does not get it back unasked. */
  loadIfFirstVisit(): Promise<void> {
    return (this.#firstVisit ??= this.#loadIfFirstVisit());
  }

  async #loadIfFirstVisit(): Promise<void> {
    if (this.#workspace.datasets.length > 0 || (await getSetting<boolean>(DEMO_KEY))) return;
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    if (!locks) return this.load();
    // A second tab opened while the first loads the demo must not load it again: the first holds this lock,
    // and its datasets reach the second through the change channel.
    await locks.request(DEMO_LOCK, { ifAvailable: true }, async (lock) => {
      if (lock && !(await getSetting<boolean>(DEMO_KEY))) await this.load();
    });
  }

  async load(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.error = null;
    const bridge = sharedImport();
    // A dataset the user opened (or imported) while the demo loaded stays open: the demo does not take over.
    const before = this.#workspace.selectedId;
    try {
      const ids = await this.#workspace.quietly(() => bridge.run((api) => api.importDemo(proxy((p: ImportProgress) => (this.progress = p)))));
      await setSetting(DEMO_KEY, true);
      await this.#workspace.refresh();
      // The new list, the opened dataset and the loader's removal render in tasks of their own: all three in one
      // task made the longest main-thread task of a first visit (issue 15).
      await nextTask();
      if (ids.length && this.#workspace.selectedId === before) this.#workspace.select(ids[0]);
      await nextTask();
    } catch (e) {
      this.error = `The demo data could not be loaded: ${message(e)}`;
    } finally {
      this.running = false;
    }
  }
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** "Remove demo data": deletes every demo dataset, and the first-visit loader does not bring them back. */
export async function removeDemoData(workspace: Workspace): Promise<void> {
  const ids = workspace.datasets.filter(isDemo).map((d) => d.id);
  try {
    workspace.error = null;
    await setSetting(DEMO_KEY, true);
    for (const id of ids) await deleteDataset(id);
  } catch (e) {
    workspace.error = `The demo data could not be removed: ${message(e)}`;
  }
  await workspace.refresh();
}
