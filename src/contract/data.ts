// Import, profile, retype and links between datasets: the import worker's side of the data.
import type { PiiAction } from './workspace';
import type { ColumnProfile } from '../lib/data/profile';
import type { ColumnRole, ColumnType } from '../lib/data/table';

export type { ColumnProfile, ColumnRole, ColumnType };
export type { HistogramBin, ProfileWarning, TopValue } from '../lib/data/profile';

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
  /** Why this type, from the values ("boolean: only 0 and 1"). */
  reason: string;
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
  /** Why a suggested role fits, by column, for roles the values decide ("satisfaction: whole numbers 0-10 and the name says 'nps'"). */
  roleReasons?: Record<string, string>;
  notes: string[];
  /** Why this file cannot be imported with these settings (a clause after the file name), or null. */
  problem: string | null;
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
  /**
   * Personal data by column name: "hash" stores an HMAC-SHA-256 pseudonym of each value (keyed per
   * workspace, so joins across datasets still work), "drop" does not store the column at all.
   */
  pii?: Record<string, PiiAction>;
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
  /** Physical lines of the file: header + rows (with the lines their quoted fields span) + rejected + blank. */
  lines?: number;
  /** Lines inside accepted rows after their first (quoted fields spanning lines). */
  continuationLines?: number;
  seconds: number;
  /** What the import changed and must say (invalid UTF-8 read as U+FFFD, by line); also in the dataset's notes. */
  notes?: string[];
}

export interface DataApi {
  preview(file: Blob & { name: string }, options?: PreviewOptions): Promise<FilePreview>;
  importFile(file: Blob & { name: string }, request: ImportRequest, onProgress: (p: ImportProgress) => void): Promise<ImportOutcome>;
  /** Every rejected row of a dataset as a formula-safe CSV (line, reason, text), built off the UI thread. */
  rejectedCsv(datasetId: string): Promise<Blob>;
  /** (Re)computes and stores a dataset's column profile. */
  profileDataset(datasetId: string): Promise<TableProfile>;
  /** Generates and imports the seeded demo workspace; returns the new dataset ids. */
  importDemo(onProgress: (p: ImportProgress) => void): Promise<string[]>;
  /** Changes a stored column's type, re-encoding it in one transaction (or, with dryRun, only counts what would not convert). */
  retypeColumn(request: RetypeRequest, onProgress?: (p: RetypeProgress) => void): Promise<RetypeOutcome>;
  /** Finds keys shared between datasets by value overlap; stores them with the user's decisions and returns all links. */
  detectLinks(): Promise<DatasetLink[]>;
  /** How many of one column's distinct values another column holds (for a link the user adds). */
  measureLink(from: LinkEnd, to: LinkEnd): Promise<LinkMeasure>;
}

// Links between datasets (src/lib/data/links.ts) ---------------------------------------------
import type { DatasetLink, LinkEnd, LinkMeasure, LinkStatus } from '../lib/data/links';
export type { DatasetLink, LinkEnd, LinkMeasure, LinkStatus };

// Changing a column's type after import (src/lib/data/retype.ts) -----------------------------
export interface RetypeRequest {
  datasetId: string;
  column: string;
  type: ColumnType;
  /** Only count and list the values that would not convert; change nothing. */
  dryRun?: boolean;
}

export interface RetypeProgress {
  stage: 'checking' | 'converting' | 'profiling';
  /** Chunks of rows done and in all. */
  done: number;
  total: number;
}

export interface RetypeOutcome {
  column: string;
  from: ColumnType;
  to: ColumnType;
  /** Unchanged by a change of type: every row is kept. */
  rows: number;
  /** Values that did not convert (now missing), and the first of them by row (1-based). */
  invalid: number;
  invalidSample: { row: number; text: string; reason: string }[];
  notes: string[];
  /** The dataset's version after the change (the current one for a dry run). */
  version: number;
  dryRun: boolean;
  seconds: number;
}
