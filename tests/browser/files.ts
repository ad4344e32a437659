// Test files for browser tests: real datasets from ../shared/datasets, read through Vitest's server.
import { commands } from 'vitest/browser';

/** A File with the exact bytes of a dataset under ../shared/datasets (paths are relative to the project root). */
export async function datasetFile(relative: string): Promise<File> {
  const base64 = await commands.readFile(`../shared/datasets/${relative}`, 'base64');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new File([bytes], relative.split('/').pop()!, { type: 'text/csv' });
}

export function textFile(text: string, name = 'test.csv'): File {
  return new File([text], name, { type: 'text/csv' });
}

import { proxy } from 'comlink';
import type { FilePreview, ImportRequest } from '../../src/contract';
import { createImportBridge } from '../../src/state/worker-pool';
import type { DatasetMeta } from '../../src/storage/db';
import { beginDataset, commitDataset, getDataset } from '../../src/storage/datasets';

/** The import request the app's preview card makes when the user changes nothing. */
export function requestFromPreview(file: File, preview: FilePreview): ImportRequest {
  return {
    datasetId: crypto.randomUUID(),
    name: file.name,
    encoding: preview.encoding,
    delimiter: preview.delimiter,
    header: preview.header,
    columns: preview.columns.map((c) => ({ name: c.name, type: c.type })),
    roles: preview.roles,
  };
}

/** Imports a file through the real import worker, as the app does; `types` and `header` override the preview. */
export async function importForTest(file: File, options: { header?: boolean; columns?: string[]; types?: Record<string, string> } = {}): Promise<DatasetMeta> {
  const bridge = createImportBridge();
  try {
    const preview = await bridge.run((api) => api.preview(file, options.header === undefined ? {} : { header: options.header }));
    const names = options.columns ?? preview.columns.map((c) => c.name);
    const request: ImportRequest = {
      datasetId: crypto.randomUUID(),
      name: file.name,
      encoding: preview.encoding,
      delimiter: preview.delimiter,
      header: preview.header,
      columns: preview.columns.map((c, i) => ({ name: names[i], type: (options.types?.[names[i]] ?? c.type) as ImportRequest['columns'][number]['type'] })),
      roles: preview.roles,
    };
    const outcome = await bridge.run((api) => api.importFile(file, request, proxy(() => {})));
    return await getDataset(outcome.datasetId);
  } finally {
    bridge.cancel();
  }
}

/** A committed dataset with no rows or columns (for tests of the list, renames and broadcasts). */
export async function emptyDataset(name: string): Promise<string> {
  const id = crypto.randomUUID();
  await beginDataset({ id, name, columns: [], chunkRows: 2, roles: {}, source: { fileName: 'x.csv', fileBytes: 1, encoding: 'utf-8', delimiter: ',', header: true }, notes: [] });
  await commitDataset(id, { rows: 0, chunks: 0, columns: [], rejected: 0, blankLines: 0, paddedRows: 0, notes: [], storedBytes: 0 }, []);
  return id;
}

/** A file the capability cases name: a public dataset (with optional load flags) or a text file. */
export type CaseSource = { file: string; header?: boolean; columns?: string[] } | { text: string; name: string };

/**
 * Imports each source once for all the cases of a file (the ids go to `made`, for cleanup), through the
 * real import worker; returns the dataset id.
 */
export function importOnce(made: string[]): (source: CaseSource) => Promise<string> {
  const imported = new Map<string, string>();
  return async (source) => {
    const key = 'file' in source ? source.file : source.name;
    if (!imported.has(key)) {
      const meta = 'file' in source ? await importForTest(await datasetFile(source.file), { header: source.header, columns: source.columns }) : await importForTest(textFile(source.text, source.name));
      made.push(meta.id);
      imported.set(key, meta.id);
    }
    return imported.get(key)!;
  };
}
