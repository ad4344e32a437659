// IndexedDB schema. Datasets are stored column-wise: one record per (column, chunk of rows) holding a
// typed array, so re-opening a dataset reads a few hundred large records instead of millions of rows,
// and a model that needs three columns reads only those three.
import { Dexie, type DBCore, type EntityTable, type Middleware, type Table as DexieTable } from 'dexie';
import type { TableProfile } from '../contract';
import type { StoredArray } from './codec';
import type { ColumnRole, ColumnType } from '../lib/data/table';
import type { CellExample } from '../lib/data/profile';
import type { ResultRecord } from './results';

export interface DatasetColumnMeta {
  name: string;
  type: ColumnType;
  /** Why the import gave this type ("id: 7,043 distinct of 7,043, named like an id"); absent in older stores. */
  reason?: string;
  /** Cells that did not fit the type (at import or a later change of type); stored as missing, their text kept in `invalidSample`. */
  invalid: number;
  invalidSample: CellExample[];
}

export interface DatasetSource {
  fileName: string;
  fileBytes: number;
  encoding: string;
  delimiter: string;
  header: boolean;
}

export interface DatasetMeta {
  id: string;
  name: string;
  /** 'importing' while chunks are written; only 'ready' datasets are ever shown or read. */
  status: 'importing' | 'ready';
  rows: number;
  columns: DatasetColumnMeta[];
  chunkRows: number;
  chunks: number;
  roles: Partial<Record<ColumnRole, string>>;
  source: DatasetSource;
  storedBytes: number;
  createdAt: number;
  rejected: number;
  blankLines: number;
  paddedRows: number;
  notes: string[];
  /** Column profile, computed once after import. */
  profile?: TableProfile;
  /** Bumped when a column's type or a role changes, so results computed before can say they are out of date; missing = 1. */
  version?: number;
  /** The seeded demo workspace: labelled, removable in one click, never a page's default once the user has data of their own. */
  demo?: boolean;
  /** While 'importing': the tab or worker writing it (see stagingLock in datasets.ts), and when it last said it was alive. */
  owner?: string;
  heartbeat?: number;
  /** Set when the owner could not take its Web Lock (a sandboxed frame): then only the heartbeat says it is alive. */
  unlocked?: boolean;
}

export interface ChunkRecord {
  datasetId: string;
  column: number;
  chunk: number;
  /** Narrowed by codec.ts: Float64 or Int8/16/32 for numbers, Int8/16/32 for category codes. */
  data: StoredArray;
}

export interface DictionaryRecord {
  datasetId: string;
  column: number;
  values: string[];
}

export interface RejectedRecord {
  datasetId: string;
  line: number;
  reason: string;
  text: string;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

/** Settings that held results before version 2 (results.ts stores them now). */
const LEGACY_RESULT_SETTINGS = ['churnScores:last', 'churnModels', 'segmentation', 'recommendLast', 'actions:holdout'];

export class RetentionDb extends Dexie {
  datasets!: EntityTable<DatasetMeta, 'id'>;
  chunks!: DexieTable<ChunkRecord, [string, number, number]>;
  dictionaries!: DexieTable<DictionaryRecord, [string, number]>;
  rejected!: DexieTable<RejectedRecord, [string, number]>;
  settings!: EntityTable<SettingRecord, 'key'>;
  results!: EntityTable<ResultRecord, 'key'>;

  constructor(name = 'retention-lab') {
    super(name);
    this.version(1).stores({
      datasets: 'id, status, createdAt',
      chunks: '[datasetId+column+chunk], datasetId',
      dictionaries: '[datasetId+column], datasetId',
      rejected: '[datasetId+line], datasetId',
      settings: 'key',
    });
    // Version 2: analysis results leave the settings table for their own, indexed by the datasets they
    // came from (deleted with them). Saved churn models move over; the other derived settings are dropped
    // (a page recomputes them), since they could outlive their dataset.
    this.version(2)
      .stores({ results: 'key, kind, *datasetIds' })
      .upgrade(async (tx) => {
        const settings = tx.table('settings');
        const results = tx.table('results');
        // The saved-model index is read once, before the loop deletes it with the other legacy keys.
        const index = ((await settings.get('churnModels'))?.value ?? []) as { id: string }[];
        for (const s of (await settings.toArray()) as SettingRecord[]) {
          if (s.key.startsWith('churnModel:')) {
            const old = s.value as { saved: unknown; scores: { datasetId: string; datasetVersion?: number } };
            const id = s.key.slice('churnModel:'.length);
            const info = index.find((m) => m.id === id);
            if (info) {
              const datasetId = old.scores.datasetId;
              await results.put({
                key: `churn-model:${id}`, kind: 'churn-model', name: id, datasetIds: [datasetId],
                versions: { [datasetId]: old.scores.datasetVersion ?? 1 }, settings: null,
                createdAt: Date.parse((info as { createdAt?: string }).createdAt ?? '') || Date.now(),
                value: { info, saved: old.saved, scores: old.scores },
              });
            }
          }
          if (s.key === 'engineCalibration') {
            await results.put({ key: 'engine:last', kind: 'engine', name: 'last', datasetIds: [], versions: {}, settings: null, createdAt: Date.now(), value: s.value });
            await settings.delete(s.key);
          }
          if (LEGACY_RESULT_SETTINGS.some((k) => s.key === k || s.key.startsWith('churnModel:'))) await settings.delete(s.key);
        }
      });
    this.use(announceChanges);
    // Deleted from another tab (or the browser's site-data settings): Dexie closes and reopens an empty
    // database on next use; tell this tab so its lists do not show what is gone.
    this.on('versionchange', (ev) => {
      if (!ev.newVersion) setTimeout(() => notify('cleared'), 0);
    });
  }
}

/**
 * Tabs and workers of this origin tell each other when the dataset list, a dataset's metadata or a setting
 * (links included) changed: every committed write to those tables posts DATASETS_CHANGED on this channel.
 * Staging records ('importing') are invisible to the app, so their writes (and heartbeats) stay quiet.
 */
export const CHANGES_CHANNEL = 'retention-lab';
export const DATASETS_CHANGED = 'datasets-changed';

let channel: BroadcastChannel | null | undefined;
function changesChannel(): BroadcastChannel | null {
  if (channel === undefined) {
    channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANGES_CHANNEL);
    // In Node (tests, the CLI) an open channel would keep the process alive.
    (channel as { unref?: () => void } | null)?.unref?.();
  }
  return channel;
}

export type ChangeKind = 'changed' | 'cleared';
const listeners = new Set<(kind: ChangeKind) => void>();
function notify(kind: ChangeKind): void {
  for (const l of listeners) l(kind);
}

/**
 * Calls `listener` when another tab or worker changed datasets or settings ('changed'), or the database was
 * deleted under this tab ('cleared'); returns the unsubscribe.
 */
export function onDatasetsChanged(listener: (kind: ChangeKind) => void): () => void {
  const ch = changesChannel();
  const handler = (e: MessageEvent) => {
    if (e.data?.type === DATASETS_CHANGED) listener('changed');
  };
  ch?.addEventListener('message', handler);
  listeners.add(listener);
  return () => {
    ch?.removeEventListener('message', handler);
    listeners.delete(listener);
  };
}

const announced = new WeakSet<object>();
const announceChanges: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'announce-changes',
  create: (down) => ({
    ...down,
    table: (name) => {
      const table = down.table(name);
      if (name !== 'datasets' && name !== 'settings' && name !== 'results') return table;
      return {
        ...table,
        mutate: (req) => {
          const staging = name === 'datasets' && (req.type === 'add' || req.type === 'put') && req.values.every((v) => (v as DatasetMeta).status === 'importing');
          if (!staging) announceOnCommit(req.trans as unknown as IDBTransaction);
          return table.mutate(req);
        },
      };
    },
  }),
};

/** Posts once per transaction, after it commits, so a tab that refreshes on the message reads the new state. */
function announceOnCommit(trans: IDBTransaction): void {
  if (announced.has(trans)) return;
  announced.add(trans);
  const post = () => changesChannel()?.postMessage({ type: DATASETS_CHANGED });
  if (typeof trans?.addEventListener === 'function') trans.addEventListener('complete', post);
  else setTimeout(post, 0);
}

let shared: RetentionDb | null = null;

/** One connection per thread (UI, each worker), opened on first use. */
export function getDb(): RetentionDb {
  shared ??= new RetentionDb();
  return shared;
}

/** For tests: use a throwaway database. */
export function useDb(db: RetentionDb): void {
  shared = db;
}
