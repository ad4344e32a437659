// Import worker: parsing and storing files, off the UI thread.
import { expose } from 'comlink';
import type { ImportApi } from '../contract';
import { explainStorageError, importFile, previewFile, profileDataset, rejectedCsv } from './import-file';
import { exportWorkspace, importWorkspace } from '../storage/workspace';
import { retypeColumn } from './retype-column';

const api: ImportApi = {
  preview: previewFile,
  async importFile(file, request, onProgress) {
    try {
      return await importFile(file, request, onProgress);
    } catch (e) {
      throw explainStorageError(e);
    }
  },
  profileDataset,
  rejectedCsv,
  async retypeColumn(request, onProgress) {
    try {
      return await retypeColumn(request, onProgress);
    } catch (e) {
      throw explainStorageError(e);
    }
  },
  // The generator is only needed on a first visit: load it then.
  importDemo: async (onProgress) => (await import('./import-demo')).importDemo(onProgress),
  // Workspace files (src/storage/workspace.ts).
  exportWorkspace,
  async importWorkspace(file, options, onProgress) {
    try {
      return await importWorkspace(file, options, onProgress);
    } catch (e) {
      throw explainStorageError(e);
    }
  },
};

expose(api);
