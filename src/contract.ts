// The one typed boundary between the UI thread and the workers. The UI holds a Comlink `Remote<...>` of
// these interfaces and imports nothing else from the compute side; workers implement them.
import type { ColumnProfile } from './lib/data/profile';
import type { ColumnRole, ColumnType } from './lib/data/table';

export type { ColumnProfile, ColumnRole, ColumnType };
export type { HistogramBin, ProfileWarning, TopValue } from './lib/data/profile';

export interface TableProfile {
  rows: number;
  columns: ColumnProfile[];
}

export interface PreviewOptions {
  delimiter?: string;
  header?: boolean;
  encoding?: string;
}

export interface PreviewColumn {
  name: string;
  type: ColumnType;
  notes: string[];
}

/** What the app understood of a file before anything is stored. */
export interface FilePreview {
  fileName: string;
  fileBytes: number;
  encoding: string;
  delimiter: string;
  header: boolean;
  columns: PreviewColumn[];
  /** The first rows as text, cell by cell, exactly as parsed. */
  rows: string[][];
  roles: Partial<Record<ColumnRole, string>>;
  notes: string[];
}

export interface ImportRequest {
  /** Chosen by the UI so it can delete the staging record if it cancels the import. */
  datasetId: string;
  name: string;
  encoding: string;
  delimiter: string;
  header: boolean;
  columns: { name: string; type: ColumnType }[];
  roles: Partial<Record<ColumnRole, string>>;
}

export interface ImportProgress {
  stage: 'reading' | 'saving' | 'profiling' | 'done';
  bytesRead: number;
  bytesTotal: number;
  rows: number;
  rejected: number;
  mbPerSecond: number;
  secondsLeft: number;
}

export interface ImportOutcome {
  datasetId: string;
  rows: number;
  rejected: number;
  blankLines: number;
  paddedRows: number;
  seconds: number;
}

export interface ImportApi {
  preview(file: Blob & { name: string }, options?: PreviewOptions): Promise<FilePreview>;
  importFile(file: Blob & { name: string }, request: ImportRequest, onProgress: (p: ImportProgress) => void): Promise<ImportOutcome>;
  /** (Re)computes and stores a dataset's column profile. */
  profileDataset(datasetId: string): Promise<TableProfile>;
  /** Generates and imports the seeded demo workspace; returns the new dataset ids. */
  importDemo(onProgress: (p: ImportProgress) => void): Promise<string[]>;
}

// ---------------------------------------------------------------------------------------------
// Compute worker: every model runs there. Its API is the union of one interface per capability.

export type { BackendInfo, BackendName } from './lib/engine/backends';
export type { CalibrationEntry } from './lib/engine/calibrate';
import type { BackendInfo } from './lib/engine/backends';
import type { CalibrationEntry } from './lib/engine/calibrate';

export interface EngineStatus {
  /** What calibration measured to be fastest. */
  chosen: string;
  /** What models run on now (the user's override, or the chosen one). */
  active: string;
  override: string | null;
  results: CalibrationEntry[];
  backends: BackendInfo[];
}

export interface EngineApi {
  /** Starts the engine (calibrating on first use) and reports the backend choice. */
  engine(): Promise<EngineStatus>;
  /** Remembers the user's choice of backend; null returns to the measured choice. */
  setBackendOverride(name: string | null): Promise<EngineStatus>;
}

export type ComputeApi = EngineApi;
