// How the workspace's datasets link (keys shared between them), as the Data page shows them and the
// pages that join datasets read them: only confirmed links join anything.
import type { Remote } from 'comlink';
import type { DatasetLink, ImportApi, LinkEnd } from '../contract';
import { confirmedJoin, withUserLink } from '../lib/data/links';
import type { DatasetMeta } from '../storage/db';
import { getLinks, updateLinks } from '../storage/links';
import { sharedImport } from './worker-pool';

export class Links {
  /** Every stored link, rejected suggestions included. */
  stored = $state.raw<DatasetLink[]>([]);
  busy = $state(false);
  error = $state<string | null>(null);
  /** What the last detection found that was not there before (null before any). */
  lastDetection = $state.raw<{ added: number } | null>(null);
  #datasets: () => DatasetMeta[];
  #detectedOnce = false;

  /** Links whose datasets and columns are all here, rejected suggestions left out. */
  readonly current = $derived.by(() => {
    const datasets = this.#datasets();
    const exists = (e: LinkEnd) => datasets.some((d) => d.id === e.datasetId && d.columns.some((c) => c.name === e.column));
    return this.stored.filter((l) => l.status !== 'rejected' && exists(l.from) && exists(l.to));
  });
  readonly confirmed = $derived(this.current.filter((l) => l.status === 'confirmed'));
  readonly suggested = $derived(this.current.filter((l) => l.status === 'suggested'));

  constructor(datasets: () => DatasetMeta[]) {
    this.#datasets = datasets;
  }

  /** Reads the stored links; a workspace whose links were never looked for gets them detected once. */
  async load(): Promise<void> {
    try {
      const links = await getLinks();
      this.stored = links ?? [];
      // Not awaited: the dataset list need not wait for a scan of every dataset.
      if (links === undefined && this.#datasets().length >= 2 && !this.#detectedOnce) void this.detect();
    } catch (e) {
      this.error = message(e);
    }
  }

  /** Looks for shared keys again across every dataset (decisions already taken stay). */
  async detect(): Promise<void> {
    this.#detectedOnce = true;
    await this.#worker(async (api) => {
      const before = this.stored.map((l) => l.id);
      this.stored = await api.detectLinks();
      this.lastDetection = { added: this.stored.filter((l) => l.status !== 'rejected' && !before.includes(l.id)).length };
    });
  }

  async confirm(id: string): Promise<void> {
    await this.#save((links) => links.map((l) => (l.id === id ? { ...l, status: 'confirmed' as const } : l)));
  }

  /** A detected link is remembered as rejected, so the next detection does not suggest it again. */
  async remove(id: string): Promise<void> {
    await this.#save((links) => links.flatMap((l) => (l.id !== id ? [l] : l.origin === 'detected' ? [{ ...l, status: 'rejected' as const }] : [])));
  }

  /** Adds a confirmed link between two columns (`id`: replaces that link), with how well their values match. */
  async set(from: LinkEnd, to: LinkEnd, id?: string): Promise<boolean> {
    if (from.datasetId === to.datasetId) {
      this.error = 'A link joins two different datasets.';
      return false;
    }
    let ok = false;
    await this.#worker(async (api) => {
      const m = await api.measureLink(from, to);
      const link: DatasetLink = { id: crypto.randomUUID(), from, to, ...m, status: 'confirmed', origin: 'user' };
      this.stored = await updateLinks((links) => withUserLink(links, link, id));
      ok = true;
    });
    return ok;
  }

  /** The confirmed join of dataset a with dataset b: a's column and b's column (optionally a given column of a). */
  join(a: string, b: string, aColumn?: string): { a: string; b: string } | null {
    const j = confirmedJoin(this.current, a, b, aColumn);
    return j ? { a: j.a, b: j.b } : null;
  }

  async #save(change: (links: DatasetLink[]) => DatasetLink[]): Promise<void> {
    try {
      this.error = null;
      this.stored = await updateLinks(change);
    } catch (e) {
      this.error = message(e);
    }
  }

  async #worker(action: (api: Remote<ImportApi>) => Promise<void>): Promise<void> {
    const bridge = sharedImport();
    this.busy = true;
    this.error = null;
    try {
      await bridge.run(action);
    } catch (e) {
      this.error = message(e);
    } finally {
      this.busy = false;
    }
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
