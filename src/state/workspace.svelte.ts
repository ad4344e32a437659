// The datasets in this browser, as the UI sees them. Results are replaced whole, never mutated deep.
import type { ColumnRole } from '../contract';
import type { DatasetMeta } from '../storage/db';
import { sharedImport } from './worker-pool';
import { Links } from './links.svelte';
import { deleteDataset, findOrphans, listDatasets, purgeIncomplete, removeOrphan, updateDataset, type Orphan } from '../storage/datasets';
import { onDatasetsChanged, type ChangeKind } from '../storage/db';
import { loadResult, resultsOf } from '../storage/results';

/** Another tab's change shows here within this delay (a burst of writes gives one refresh). */
const REMOTE_REFRESH_MS = 200;

export class Workspace {
  datasets = $state.raw<DatasetMeta[]>([]);
  selectedId = $state<string | null>(null);
  loaded = $state(false);
  error = $state<string | null>(null);
  selected = $derived(this.datasets.find((d) => d.id === this.selectedId) ?? null);
  /** Keys shared between datasets; reloaded with the list, so a deleted dataset's links go with it. */
  readonly links = new Links(() => this.datasets);
  /** Stored records that belong to no dataset (from an older version or a lost import), with their size. */
  orphans = $state.raw<Orphan[]>([]);
  #unsubscribe: (() => void) | null = null;
  #remoteTimer: ReturnType<typeof setTimeout> | undefined;
  #cleared = false;
  #quiet = 0;

  /**
   * First load: clear imports whose importer is gone (one running in another tab is left alone), list
   * what is stored, then follow other tabs' and workers' changes.
   */
  async open(): Promise<void> {
    this.#unsubscribe ??= onDatasetsChanged((kind) => this.#remoteChange(kind));
    try {
      await purgeIncomplete();
      await this.refresh();
      void this.scanOrphans();
    } catch (e) {
      this.error = `Could not open the browser's storage: ${message(e)}`;
    } finally {
      this.loaded = true;
    }
  }

  /** Stops following other tabs (tests; the app keeps one Workspace for its lifetime). */
  close(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    clearTimeout(this.#remoteTimer);
  }

  /**
   * Runs work of this tab's own (the demo's four imports) whose datasets should appear together when it
   * ends, not one by one as its worker commits them; the caller refreshes afterwards.
   */
  async quietly<T>(work: () => Promise<T>): Promise<T> {
    this.#quiet++;
    try {
      return await work();
    } finally {
      this.#quiet--;
    }
  }

  #remoteChange(kind: ChangeKind): void {
    if (kind === 'cleared') this.#cleared = true;
    else if (this.#quiet > 0) return;
    clearTimeout(this.#remoteTimer);
    this.#remoteTimer = setTimeout(() => void this.#refreshAfterRemote(), REMOTE_REFRESH_MS);
  }

  async #refreshAfterRemote(): Promise<void> {
    const selected = this.selected;
    const cleared = this.#cleared;
    this.#cleared = false;
    try {
      await this.refresh();
    } catch (e) {
      this.error = `Could not read the browser's storage: ${message(e)}`;
      return;
    }
    if (cleared) {
      this.error = "This app's storage was deleted in another tab or window (or by the browser's site-data settings); the lists now show what is stored.";
      void this.scanOrphans();
    } else if (selected && !this.datasets.some((d) => d.id === selected.id)) {
      this.error = `“${selected.name}” is no longer in this browser's storage: it was deleted in another tab or window.`;
    }
  }

  async scanOrphans(): Promise<void> {
    try {
      this.orphans = await findOrphans();
    } catch (e) {
      console.warn('Could not look for leftover records', e);
    }
  }

  async removeOrphan(datasetId: string): Promise<void> {
    await this.#guard(() => removeOrphan(datasetId));
    await this.scanOrphans();
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
    await this.#guard(async () => {
      await sharedImport().run((api) => api.profileDataset(id));
    });
  }

  /**
   * What deleting a dataset takes with it, in words, for the delete dialog: the stored results derived
   * from it (src/storage/results.ts deletes them with it) and the links that join it to other datasets.
   */
  async removalOf(id: string): Promise<string[]> {
    const results = await resultsOf(id).catch(() => []);
    const goes: string[] = [];
    for (const r of results) {
      if (r.kind === 'churn-model') {
        const saved = await loadResult('churn-model', r.name).catch(() => undefined);
        goes.push(`${r.label} "${saved?.value.info.name ?? r.name}"`);
      } else {
        goes.push(r.label);
      }
    }
    // The monitor keeps several scorings of a dataset: one line with their count.
    const counted: Record<string, number> = {};
    for (const g of goes.splice(0)) counted[g] = (counted[g] ?? 0) + 1;
    for (const [g, n] of Object.entries(counted)) goes.push(n > 1 ? `${g} (${n})` : g);
    const nameOf = (datasetId: string) => this.datasets.find((d) => d.id === datasetId)?.name ?? datasetId;
    for (const l of this.links.current) {
      if (l.from.datasetId !== id && l.to.datasetId !== id) continue;
      const [here, there] = l.from.datasetId === id ? [l.from, l.to] : [l.to, l.from];
      goes.push(`the ${l.status === 'suggested' ? 'suggested ' : ''}link to "${nameOf(there.datasetId)}" (${here.column} = ${there.column})`);
    }
    return goes;
  }

  /** The delete dialog's question: the dataset and everything that goes with it. */
  async removalQuestion(id: string): Promise<string> {
    const name = this.datasets.find((d) => d.id === id)?.name ?? id;
    const goes = await this.removalOf(id);
    const question = `Delete dataset "${name}"? Its stored data is removed from this browser`;
    return goes.length === 0 ? `${question}.` : `${question}, and with it: ${goes.join('; ')}.`;
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
