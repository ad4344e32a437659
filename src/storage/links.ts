// Links between datasets (src/lib/data/links.ts) live in one setting. Every change is a read-modify-write
// in one transaction, so the import worker's detection and the UI's confirm never lose each other's edit.
import type { DatasetLink } from '../lib/data/links';
import { withoutDatasets } from '../lib/data/links';
import { getDb } from './db';

export const LINKS_SETTING = 'links';

/** The stored links, or undefined when links were never detected in this workspace. */
export async function getLinks(): Promise<DatasetLink[] | undefined> {
  return (await getDb().settings.get(LINKS_SETTING))?.value as DatasetLink[] | undefined;
}

export async function updateLinks(change: (links: DatasetLink[]) => DatasetLink[]): Promise<DatasetLink[]> {
  const db = getDb();
  return db.transaction('rw', db.settings, async () => {
    const next = change(((await db.settings.get(LINKS_SETTING))?.value as DatasetLink[] | undefined) ?? []);
    await db.settings.put({ key: LINKS_SETTING, value: next });
    return next;
  });
}

/** Drops the links of deleted datasets; runs inside deleteDataset's transaction (settings included). */
export async function dropLinksOf(datasetId: string): Promise<void> {
  const db = getDb();
  const links = (await db.settings.get(LINKS_SETTING))?.value as DatasetLink[] | undefined;
  if (links?.some((l) => l.from.datasetId === datasetId || l.to.datasetId === datasetId)) {
    await db.settings.put({ key: LINKS_SETTING, value: withoutDatasets(links, [datasetId]) });
  }
}
