// Changing a column's type from the dataset's profile: a dry run first (how many values would not
// convert), then, once the user confirms, the change itself in the import worker, with progress.
import { proxy } from 'comlink';
import type { ColumnType, RetypeOutcome, RetypeProgress } from '../contract';
import { createImportBridge } from './worker-pool';
import { message, type Workspace } from './workspace.svelte';

export class ColumnRetype {
  /** The change the user picked and its dry run, waiting for confirmation. */
  pending = $state.raw<{ datasetId: string; column: string; to: ColumnType; check: RetypeOutcome } | null>(null);
  /** The last change made. */
  done = $state.raw<{ datasetId: string; outcome: RetypeOutcome } | null>(null);
  /** The column being checked or converted. */
  busy = $state<string | null>(null);
  progress = $state.raw<RetypeProgress | null>(null);
  error = $state<{ column: string; text: string } | null>(null);
  #workspace: Workspace;
  #bridge = createImportBridge();

  constructor(workspace: Workspace) {
    this.#workspace = workspace;
  }

  /** Dry run: counts the values that would not convert; nothing changes until confirm(). */
  async check(datasetId: string, column: string, to: ColumnType): Promise<void> {
    this.pending = null;
    this.done = null;
    const check = await this.#call(column, () => this.#bridge.run((api) => api.retypeColumn({ datasetId, column, type: to, dryRun: true }, this.#onProgress())));
    if (check) this.pending = { datasetId, column, to, check };
  }

  async confirm(): Promise<void> {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    const outcome = await this.#call(p.column, () =>
      this.#bridge.run((api) => api.retypeColumn({ datasetId: p.datasetId, column: p.column, type: p.to }, this.#onProgress())),
    );
    if (outcome) this.done = { datasetId: p.datasetId, outcome };
    await this.#workspace.refresh();
  }

  /** Lets the worker go when the profile closes, unless a change is under way (stopping it would undo it). */
  close(): void {
    if (this.busy === null) this.#bridge.cancel();
  }

  dismiss(): void {
    this.pending = null;
    this.done = null;
    this.error = null;
  }

  #onProgress() {
    return proxy((p: RetypeProgress) => (this.progress = p));
  }

  async #call<R>(column: string, call: () => Promise<R>): Promise<R | null> {
    this.busy = column;
    this.error = null;
    this.progress = null;
    try {
      return await call();
    } catch (e) {
      this.error = { column, text: message(e) };
      return null;
    } finally {
      this.busy = null;
      this.progress = null;
    }
  }
}

/** "3 values did not convert: rows 4, 17, 90" (the first rows only when there are many). */
export function invalidSummary(o: Pick<RetypeOutcome, 'invalid' | 'invalidSample'>, verb = 'did not convert'): string {
  if (o.invalid === 0) return `every value ${verb === 'did not convert' ? 'converted' : 'converts'}`;
  const rows = o.invalidSample.slice(0, 10).map((x) => x.row);
  const more = o.invalid > rows.length ? ', …' : '';
  return `${o.invalid.toLocaleString('en-US')} value${o.invalid === 1 ? '' : 's'} ${verb}: row${rows.length === 1 ? '' : 's'} ${rows.join(', ')}${more}`;
}
