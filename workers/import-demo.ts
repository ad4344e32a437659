// The demo workspace goes through the same import path as a user's files, so it exercises it too.
import type { ImportProgress } from '../src/contract';
import { generateDemo } from '../seeds';
import { DEMO_DATASETS as FILES } from '../src/lib/data/suitability';
import { deleteDataset, updateDataset } from '../src/storage/datasets';
import { importFile, previewFile, profileDataset } from './import-file';

export async function importDemo(onProgress: (p: ImportProgress) => void): Promise<string[]> {
  const data = generateDemo({});
  const files = FILES.filter(([key]) => data[key]).map(([key, name]) => ({ name, file: new File([data[key]], `demo-${key}.csv`, { type: 'text/csv' }) }));
  const total = files.reduce((n, f) => n + f.file.size, 0);
  let before = 0;
  const ids: string[] = [];
  try {
    for (const { name, file } of files) {
      const preview = await previewFile(file);
      const datasetId = crypto.randomUUID();
      ids.push(datasetId);
      await importFile(
        file,
        { datasetId, name, encoding: preview.encoding, delimiter: preview.delimiter, header: preview.header, columns: preview.columns, roles: preview.roles },
        (p) => onProgress({ ...p, stage: p.stage === 'done' ? 'reading' : p.stage, bytesRead: before + p.bytesRead, bytesTotal: total }),
      );
      // Flagged before the UI lists it (the UI refreshes once the whole demo is in).
      await updateDataset(datasetId, { demo: true });
      await profileDataset(datasetId);
      before += file.size;
    }
  } catch (e) {
    for (const id of ids) await deleteDataset(id).catch(() => {});
    throw e;
  }
  return ids;
}
