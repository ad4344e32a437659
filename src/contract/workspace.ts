// Workspace files (export, import, encryption) and personal data at import.
import type { PiiAction } from '../lib/crypto/pseudonym';
export type { PiiAction };

export interface WorkspaceExportOptions {
  /** Encrypts the file (AES-GCM 256, key from PBKDF2-SHA256) when non-empty. */
  passphrase?: string;
}

export interface WorkspaceProgress {
  stage: 'reading' | 'checking' | 'writing' | 'done';
  /** Bytes done and expected (estimates while exporting). */
  done: number;
  total: number;
}

export interface WorkspaceExport {
  blob: Blob;
  fileName: string;
  datasets: number;
  settings: number;
  /** Stored results (src/storage/results.ts) that went with their datasets. */
  results: number;
  encrypted: boolean;
  /** The file is not encrypted, so this workspace's pseudonymisation key was left out (hashed columns cannot be reversed from it). */
  pseudonymKeyOmitted: boolean;
  seconds: number;
}

export interface WorkspaceImportOptions {
  passphrase?: string;
  /** Delete this browser's datasets and settings first (device settings such as the engine choice stay). */
  replace?: boolean;
}

export interface WorkspaceImportResult {
  /** `copy`: a dataset with the same id was already here, so this one was added under a new id. */
  datasets: { id: string; name: string; rows: number; copy: boolean }[];
  settingsAdded: string[];
  /** Settings already here with other values: this browser's were kept. */
  settingsKept: string[];
  /** Stored results (by key) added, and those already here whose own were kept. */
  resultsAdded: string[];
  resultsKept: string[];
  replaced: boolean;
  notes: string[];
  seconds: number;
}

export interface WorkspaceApi {
  /** The whole workspace (datasets, their data, settings and saved models) as one file. */
  exportWorkspace(options: WorkspaceExportOptions, onProgress?: (p: WorkspaceProgress) => void): Promise<WorkspaceExport>;
  /** Reads and checks the whole file first; writes it in one transaction, or changes nothing. */
  importWorkspace(file: Blob, options: WorkspaceImportOptions, onProgress?: (p: WorkspaceProgress) => void): Promise<WorkspaceImportResult>;
}
