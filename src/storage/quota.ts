// Quota errors with this browser's figures: what is free of the quota and which datasets take the most
// (the words come from src/lib/import/room.ts).
import { explainStorageError, isQuotaError, neededBytes, quotaText, roomAndCandidates } from '../lib/import/room';
import { listDatasets, storageEstimate } from './datasets';

async function room(needed: number): Promise<string> {
  // The figures are a help, not a requirement: each is best effort.
  const est = await storageEstimate().catch(() => null);
  const largest = await listDatasets()
    .then((all) => all.sort((a, b) => b.storedBytes - a.storedBytes).slice(0, 3))
    .catch(() => []);
  return roomAndCandidates(needed, est, largest);
}

/** The quota error of an import: how much the file needs, how much is free, and what could go to make room. */
export async function quotaMessage(file: { name: string; size: number }, writtenBytes: number): Promise<string> {
  const needed = neededBytes(file.size, writtenBytes);
  return quotaText(file.name, needed, await room(needed));
}

/** Like explainStorageError, with the figures: what is free of the quota and which datasets take the most. */
export async function describeStorageError(e: unknown, what: string): Promise<Error> {
  if (!isQuotaError(e)) return explainStorageError(e);
  return new Error(`The browser's storage is full, so ${what} was stopped and nothing was changed.${await room(0)}`);
}
