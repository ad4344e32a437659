// Storage room for an import: refuse a file that would not fit, and put quota errors into words a user can
// act on (how much is needed, what is free, which datasets take the most). Pure: the figures come in.
import { formatBytes } from '../bytes';

/** Stored columns take roughly the file's size; leave headroom before calling a file too big. */
export const STORAGE_FACTOR = 1.25;

export interface StorageFigures {
  usage: number;
  quota: number;
}

/** Why a file would not fit in the browser's storage quota, or null when it would. */
export function roomProblem(fileName: string, fileBytes: number, estimate: { usage: number; quota: number }): string | null {
  const free = estimate.quota - estimate.usage;
  if (estimate.quota <= 0 || fileBytes * STORAGE_FACTOR <= free) return null;
  const size = (n: number) => formatBytes(Math.max(0, n));
  return `${fileName} (${size(fileBytes)}) would not fit in this browser's storage: ${size(free)} free of ${size(estimate.quota)}. Delete datasets or free disk space, then try again.`;
}

/** Quota errors surface from deep inside IndexedDB (a DOMException, Dexie's wrapper, or its inner error). */
export function isQuotaError(e: unknown): boolean {
  const err = e as { name?: string; inner?: { name?: string }; cause?: unknown; message?: string } | null;
  if (!err) return false;
  return err.name === 'QuotaExceededError' || err.inner?.name === 'QuotaExceededError' || /QuotaExceeded|\bquota\b/i.test(err.message ?? '') || (err.cause !== undefined && isQuotaError(err.cause));
}

/** Quota errors surface from deep inside IndexedDB; give them words a user can act on. */
export function explainStorageError(e: unknown): Error {
  if (isQuotaError(e)) {
    return new Error("The browser's storage is full, so the import was stopped and nothing was kept. Delete datasets or free disk space, then try again.");
  }
  return e instanceof Error ? e : new Error(String(e));
}

/** What is free and which stored datasets are largest, said after a quota error (figures may be missing). */
export function roomAndCandidates(needed: number, est: StorageFigures | null, largest: { name: string; storedBytes: number }[]): string {
  const size = (n: number) => formatBytes(Math.max(0, n));
  let room = '';
  // The estimate can be wrong (a full disk, an imposed limit): then say what the browser did, not what it claims.
  if (est && est.quota > 0) {
    const free = est.quota - est.usage;
    room = free < Math.max(needed, 1) ? ` Only ${size(free)} of the ${size(est.quota)} this browser allows this app is free.` : ` The browser reports ${size(free)} free, yet refused to store more: the disk itself may be full.`;
  }
  const candidates = largest.length ? ` The largest stored: ${largest.map((d) => `“${d.name}” (${size(d.storedBytes)})`).join(', ')}.` : '';
  return `${room}${candidates} Delete datasets you no longer need (Workspace page, Storage) or free disk space, then try again.`;
}

/** Bytes an import needs: the file with headroom, or what it had written already if more. */
export function neededBytes(fileBytes: number, writtenBytes: number): number {
  return Math.max(fileBytes * STORAGE_FACTOR, writtenBytes);
}

/** The quota error of an import in words: how much the file needs, then the `roomAndCandidates` sentence. */
export function quotaText(fileName: string, needed: number, room: string): string {
  return `The browser's storage is full: importing ${fileName} needs about ${formatBytes(needed)}, so the import was stopped and nothing was kept.${room}`;
}
