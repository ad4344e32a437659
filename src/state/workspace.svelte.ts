// The datasets in this browser, as the UI sees them. Results are replaced whole, never mutated deep.
import type { ColumnRole } from '../contract';
import type { DatasetMeta } from '../storage/db';
import { createImportBridge } from './workers';
import { Links } from './links.svelte';
import { deleteDataset, listDatasets, purgeIncomplete, updateDataset } from '../storage/datasets';

export class Workspace {
  datasets = $state.raw<DatasetMeta[]>([]);
  selectedId = $state<string | null>(null);
  loaded = $state(false);
  error = $state<string | null>(null);
  selected = $derived(this.datasets.find((d) => d.id === this.selectedId) ?? null);
  /** Keys shared between datasets; reloaded with the list, so a deleted dataset's links go with it. */
  readonly links = new Links(() => this.datasets);

  /** First load: clear any import that never finished, then list what is stored. */
  async open(): Promise<void> {
    try {
      await purgeIncomplete();
      await this.refresh();
    } catch (e) {
      this.error = `Could not open the browser's storage: ${message(e)}`;
    } finally {
      this.loaded = true;
    }
  }

  async refresh(): Promise<void> {
    this.datasets = await listDatasets();
    await this.links.load();
    if (this.selectedId && !this.datasets.some((d) => d.id === this.selectedId)) this.selectedId = null;
  }

  select(id: string | null): void {
    this.selectedId = id;
  }

  async rename(id: string, name: string): Promise<void> {
    await this.#guard(() => updateDataset(id, { name: name.trim() }));
  }

  async setRole(id: string, role: ColumnRole, column: string | null): Promise<void> {
    const ds = this.datasets.find((d) => d.id === id);
    if (!ds) return;
    const roles = { ...ds.roles };
    if (column) roles[role] = column;
    else delete roles[role];
    await this.#guard(() => updateDataset(id, { roles }));
  }

  /** Profiles a dataset stored before profiles existed, or whose profile was lost. */
  async profile(id: string): Promise<void> {
    const bridge = createImportBridge();
    await this.#guard(async () => {
      await bridge.run((api) => api.profileDataset(id));
    });
    bridge.cancel();
  }

  async remove(id: string): Promise<void> {
    await this.#guard(() => deleteDataset(id));
  }

  async #guard(action: () => Promise<void>): Promise<void> {
    try {
      this.error = null;
      await action();
    } catch (e) {
      this.error = message(e);
    }
    await this.refresh();
  }
}

export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
