// Import worker: parsing and storing files, off the UI thread.
// First: no code of this worker may reach the network (see no-network.ts).
import './no-network';
import { expose } from 'comlink';
import type { ImportApi } from '../src/contract';
import { importFile, previewFile, profileDataset, rejectedCsv } from './import-file';
import { describeStorageError } from '../src/storage/quota';
import { exportWorkspace, importWorkspace } from '../src/storage/workspace';
import { retypeColumn } from './retype-column';
import { detectLinks, measureLink } from './links';

const api: ImportApi = {
  preview: previewFile,
  async importFile(file, request, onProgress) {
    try {
      const outcome = await importFile(file, request, onProgress);
      await detectQuietly();
      return outcome;
    } catch (e) {
      throw await describeStorageError(e, 'the import');
    }
  },
  profileDataset,
  rejectedCsv,
  async retypeColumn(request, onProgress) {
    try {
      const result = await retypeColumn(request, onProgress);
      // A column that changed type may now link datasets, or no longer.
      await detectQuietly();
      return result;
    } catch (e) {
      throw await describeStorageError(e, 'the change of type');
    }
  },
  // The generator is only needed on a first visit: load it then.
  importDemo: async (onProgress) => {
    const ids = await (await import('./import-demo')).importDemo(onProgress);
    await detectQuietly();
    return ids;
  },
  // Workspace files (src/storage/workspace.ts).
  exportWorkspace,
  async importWorkspace(file, options, onProgress) {
    try {
      const result = await importWorkspace(file, options, onProgress);
      await detectQuietly();
      return result;
    } catch (e) {
      throw await describeStorageError(e, 'the workspace import');
    }
  },
  detectLinks,
  measureLink,
};

/** Links are suggestions: finding them must never fail the import that triggered it. */
async function detectQuietly(): Promise<void> {
  try {
    await detectLinks();
  } catch (e) {
    console.warn('Link detection failed', e);
  }
}

expose(api);
