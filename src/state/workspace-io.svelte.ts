// The Workspace page: export the workspace as one file (optionally encrypted), import one, and the
// browser's storage (space per dataset, quota, persistence). The work runs in an import worker.
import { proxy } from 'comlink';
import type { WorkspaceExport, WorkspaceImportResult, WorkspaceProgress } from '../contract';
import { describeHeader } from '../lib/crypto/container';
import { storageEstimate, type StorageEstimate } from '../storage/datasets';
import { CancelledError, WorkerBridge } from './bridge';
import type { ImportApi } from '../contract';
import { createImportBridge } from './worker-pool';
import { message, type Workspace } from './workspace.svelte';

/** Shorter passphrases are accepted, with a warning. */
export const GOOD_PASSPHRASE = 12;

export type FileCheck = { kind: 'workspace'; encrypted: boolean } | { kind: 'other'; reason: string };

export class WorkspaceIo {
  #workspace: Workspace;
  #bridge: WorkerBridge<ImportApi> = createImportBridge();

  busy = $state<'export' | 'import' | null>(null);
  progress = $state.raw<WorkspaceProgress | null>(null);

  exportPassphrase = $state('');
  exportConfirm = $state('');
  exported = $state.raw<WorkspaceExport | null>(null);
  exportError = $state<string | null>(null);
  /** Why the export button is disabled (passphrases differ), or null. */
  exportProblem = $derived(this.exportPassphrase !== '' && this.exportPassphrase !== this.exportConfirm ? 'The two passphrases differ.' : null);
  exportWarning = $derived(
    this.exportPassphrase === ''
      ? 'Without a passphrase the file is not encrypted: anyone who gets it can read your data.'
      : this.exportPassphrase.length < GOOD_PASSPHRASE
        ? `A passphrase of ${GOOD_PASSPHRASE} or more characters (a few random words) is much harder to guess.`
        : null,
  );

  file = $state.raw<File | null>(null);
  fileCheck = $state.raw<FileCheck | null>(null);
  importPassphrase = $state('');
  replace = $state(false);
  imported = $state.raw<WorkspaceImportResult | null>(null);
  importError = $state<string | null>(null);
  importProblem = $derived(
    !this.file
      ? 'Choose a workspace file.'
      : this.fileCheck?.kind === 'other'
        ? this.fileCheck.reason
        : this.fileCheck?.encrypted && this.importPassphrase === ''
          ? 'This file is encrypted: enter its passphrase.'
          : null,
  );

  estimate = $state.raw<StorageEstimate | null>(null);
  persistNote = $state<string | null>(null);

  constructor(workspace: Workspace) {
    this.#workspace = workspace;
  }

  async export(): Promise<WorkspaceExport | null> {
    if (this.busy || this.exportProblem) return null;
    const passphrase = this.exportPassphrase;
    return this.#run('export', async (onProgress) => {
      this.exported = null;
      this.exportError = null;
      const result = await this.#bridge.run((api) => api.exportWorkspace({ passphrase }, onProgress));
      this.exported = result;
      return result;
    }, (e) => (this.exportError = e));
  }

  /** Reads the chosen file's first bytes (on the UI thread: 8 bytes) to say whether it needs a passphrase. */
  async choose(file: File | null): Promise<void> {
    this.file = file;
    this.fileCheck = null;
    this.imported = null;
    this.importError = null;
    if (!file) return;
    const head = describeHeader(new Uint8Array(await file.slice(0, 8).arrayBuffer()));
    if (this.file !== file) return;
    this.fileCheck = head
      ? { kind: 'workspace', encrypted: head.encrypted }
      : { kind: 'other', reason: `${file.name} is not a Retention Lab workspace file (those are exported from this page, usually as .rlws).` };
  }

  async import(): Promise<WorkspaceImportResult | null> {
    const file = this.file;
    if (this.busy || !file || this.importProblem) return null;
    const options = { passphrase: this.importPassphrase || undefined, replace: this.replace };
    return this.#run('import', async (onProgress) => {
      this.imported = null;
      this.importError = null;
      const result = await this.#bridge.run((api) => api.importWorkspace(file, options, onProgress));
      this.imported = result;
      this.importPassphrase = '';
      await this.#workspace.refresh();
      return result;
    }, (e) => (this.importError = e));
  }

  /** Stops an export or an import; an import stopped at any point has changed nothing. */
  cancel(): void {
    this.#bridge.cancel();
  }

  async refreshStorage(): Promise<void> {
    try {
      this.estimate = await storageEstimate();
    } catch (e) {
      this.persistNote = `The browser does not report its storage: ${message(e)}`;
    }
  }

  async persist(): Promise<void> {
    if (!navigator.storage?.persist) {
      this.persistNote = 'This browser cannot keep storage persistent.';
      return;
    }
    const granted = await navigator.storage.persist();
    this.persistNote = granted
      ? 'Granted: the browser will not clear this data to free space (clearing site data yourself still removes it).'
      : 'The browser declined for now. Chrome grants it to installed apps and sites you use often; installing the app (the install icon in the address bar) usually helps.';
    await this.refreshStorage();
  }

  async #run<T>(kind: 'export' | 'import', work: (onProgress: (p: WorkspaceProgress) => void) => Promise<T>, fail: (e: string) => void): Promise<T | null> {
    this.busy = kind;
    this.progress = null;
    try {
      return await work(proxy((p: WorkspaceProgress) => (this.progress = p)));
    } catch (e) {
      fail(e instanceof CancelledError ? (kind === 'import' ? 'Import cancelled. Nothing was changed.' : 'Export cancelled.') : message(e));
      return null;
    } finally {
      this.busy = null;
      await this.refreshStorage();
    }
  }
}
