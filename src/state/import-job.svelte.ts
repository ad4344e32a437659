// One file's way in: preview (nothing stored yet), the user's confirmed plan, the import with progress,
// and cancel (terminate the worker, then delete the staging record so no half dataset remains).
import { proxy } from 'comlink';
import type { FilePreview, ImportOutcome, ImportRequest, ImportProgress, PreviewOptions } from '../contract';
import { deleteDataset } from '../storage/datasets';
import { CancelledError } from './bridge';
import { createImportBridge } from './worker-pool';
import { message } from './workspace.svelte';

export type JobStatus = 'previewing' | 'ready' | 'importing' | 'profiling' | 'done' | 'failed' | 'cancelled';

export class ImportJob {
  readonly file: File;
  readonly key = crypto.randomUUID();
  status = $state<JobStatus>('previewing');
  preview = $state.raw<FilePreview | null>(null);
  plan = $state<ImportRequest | null>(null);
  progress = $state.raw<ImportProgress | null>(null);
  outcome = $state.raw<ImportOutcome | null>(null);
  error = $state<string | null>(null);
  #bridge = createImportBridge();
  #onDone: (job: ImportJob) => void;

  constructor(file: File, onDone: (job: ImportJob) => void) {
    this.file = file;
    this.#onDone = onDone;
  }

  async loadPreview(options: PreviewOptions = {}): Promise<void> {
    this.status = 'previewing';
    this.error = null;
    try {
      const preview = await this.#bridge.run((api) => api.preview(this.file, options));
      this.preview = preview;
      this.plan = {
        datasetId: crypto.randomUUID(),
        name: this.file.name.replace(/\.[^.]+$/, ''),
        encoding: preview.encoding,
        delimiter: preview.delimiter,
        header: preview.header,
        columns: preview.columns.map((c) => ({ name: c.name, type: c.type })),
        roles: { ...preview.roles },
      };
      this.status = 'ready';
    } catch (e) {
      this.#fail(e);
    }
  }

  async start(): Promise<void> {
    // The preview already said why this file cannot be imported; there is nothing to store.
    if (!this.plan || this.preview?.problem) return;
    const plan = $state.snapshot(this.plan);
    this.status = 'importing';
    this.error = null;
    try {
      this.outcome = await this.#bridge.run((api) =>
        api.importFile(this.file, plan, proxy((p: ImportProgress) => (this.progress = p))),
      );
      this.status = 'profiling';
      await this.#bridge.run((api) => api.profileDataset(this.outcome!.datasetId));
      this.status = 'done';
      this.#onDone(this);
    } catch (e) {
      // A failed or cancelled import must not leave its staging record behind. A failed profile
      // keeps the dataset: the profile can be computed again from the Data page.
      if (this.status === 'profiling') {
        this.status = 'done';
        this.#onDone(this);
        return;
      }
      await deleteDataset(plan.datasetId).catch(() => {});
      this.#fail(e);
    }
  }

  cancel(): void {
    this.#bridge.cancel();
  }

  #fail(e: unknown): void {
    if (e instanceof CancelledError) {
      this.status = 'cancelled';
    } else {
      this.status = 'failed';
      this.error = message(e);
    }
  }
}
