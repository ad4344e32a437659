// The typed store of analysis results. Every run a page shows (churn scores and model, a segmentation,
// a CLV fit, a recommendation run, a hold-out, ...) is one record under a typed key, with the settings it
// ran with and the version of each dataset it came from, so that:
// - after a reload every page shows its last result (and the worker that serves pages from it can
//   restart at any time: it reloads the record);
// - a result whose dataset changed since (a column retyped) says it is out of date;
// - deleting a dataset deletes every result derived from it, in the same transaction.
import type { ResultTypes } from './result-types';
import { getDb } from './db';

export type { ResultTypes };
export type ResultKind = keyof ResultTypes;

/** One stored result. `key` is `${kind}:${name}`; most kinds keep one record named 'last'. */
export interface ResultRecord<K extends ResultKind = ResultKind> {
  key: string;
  kind: K;
  name: string;
  /** The datasets it was computed from (multi-entry index: deleted with any of them). */
  datasetIds: string[];
  /** Each dataset's version when computed (see DatasetMeta.version). */
  versions: Record<string, number>;
  /** The request it ran with, for the page to restore its form. */
  settings: unknown;
  createdAt: number;
  value: ResultTypes[K];
}

/** What the delete dialog and the storage page call each kind. */
export const RESULT_LABELS: Record<ResultKind, string> = {
  'churn': 'churn model, scores and reasons (Churn page)',
  'churn-model': 'saved churn model',
  'churn-scoring': 'churn scoring kept by the monitor (Churn page)',
  'churn-monitor': 'churn monitor comparison (Churn page, header badge)',
  'segment': 'segmentation (Segments page)',
  'segmentation': 'saved segmentation (for the action list)',
  'clv': 'lifetime value fit (Lifetime value page)',
  'recommend': 'recommendation run and served model (Recommendations page)',
  'actions': 'action list (Actions page)',
  'holdout': 'campaign hold-out (Actions page)',
  'engine': 'engine calibration (this device)',
  'satisfaction': 'NPS and satisfaction analysis (Satisfaction page)',
  'uplift': 'uplift models and predicted uplift per customer (Uplift page, action list)',
  'backtest': 'churn backtest over time (Churn page)',
  'sbg': 'subscription retention fit, sBG (Lifetime value page, Subscriptions)',
  'lifecycle': 'lifecycle, stickiness and revenue retention (Lifetime value page, Lifecycle)',
  'cox': 'Cox regression and expected remaining lifetime per customer (Lifetime value page, Survival)',
};

/** Results that describe this device, not the user's data: they stay here (workspace files leave them out). */
export const DEVICE_RESULTS: ReadonlySet<ResultKind> = new Set(['engine']);

export function resultKey(kind: ResultKind, name = 'last'): string {
  return `${kind}:${name}`;
}

export interface SaveFrom {
  /** The datasets the result was computed from (their current versions are recorded). */
  datasets: string[];
  settings?: unknown;
  /** Default 'last'. */
  name?: string;
}

/**
 * Stores a result, replacing the one under the same key. Returns null, storing nothing, when one of its
 * datasets was deleted while it was computed: nothing derived from a deleted dataset may survive it.
 */
export async function saveResult<K extends ResultKind>(kind: K, value: ResultTypes[K], from: SaveFrom): Promise<ResultRecord<K> | null> {
  const db = getDb();
  const ids = [...new Set(from.datasets)];
  return db.transaction('rw', [db.datasets, db.results], async () => {
    const metas = await db.datasets.bulkGet(ids);
    if (metas.some((m) => !m || m.status !== 'ready')) return null;
    const name = from.name ?? 'last';
    const record: ResultRecord<K> = {
      key: resultKey(kind, name),
      kind,
      name,
      datasetIds: ids,
      versions: Object.fromEntries(metas.map((m) => [m!.id, m!.version ?? 1])),
      settings: from.settings ?? null,
      createdAt: Date.now(),
      value,
    };
    await db.results.put(record as ResultRecord);
    return record;
  });
}

/** Whether a result is stored under this kind and name: its key only, the value (maybe a million rows) is not
 *  read. A worker's cache of a result is good only while it is: deleting a dataset deletes its results. */
export async function resultStored(kind: ResultKind, name = 'last'): Promise<boolean> {
  return (await getDb().results.where(':id').equals(resultKey(kind, name)).count()) > 0;
}

export async function loadResult<K extends ResultKind>(kind: K, name = 'last'): Promise<ResultRecord<K> | undefined> {
  return (await getDb().results.get(resultKey(kind, name))) as ResultRecord<K> | undefined;
}

/** Every stored result of a kind (e.g. saved churn models), oldest first. */
export async function listResults<K extends ResultKind>(kind: K): Promise<ResultRecord<K>[]> {
  const all = (await getDb().results.where('kind').equals(kind).toArray()) as ResultRecord<K>[];
  return all.sort((a, b) => a.createdAt - b.createdAt);
}

export async function deleteResult(kind: ResultKind, name = 'last'): Promise<void> {
  await getDb().results.delete(resultKey(kind, name));
}

/** The results derived from a dataset, for the delete dialog: what goes with it. */
export async function resultsOf(datasetId: string): Promise<{ key: string; kind: ResultKind; name: string; label: string; createdAt: number }[]> {
  const all = await getDb().results.where('datasetIds').equals(datasetId).toArray();
  return all
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((r) => ({ key: r.key, kind: r.kind, name: r.name, label: RESULT_LABELS[r.kind], createdAt: r.createdAt }));
}

/** Deletes every result derived from a dataset; call inside the transaction that deletes the dataset. */
export async function deleteResultsOf(datasetId: string): Promise<number> {
  return getDb().results.where('datasetIds').equals(datasetId).delete();
}

/**
 * The datasets of a result that changed since it was computed (their names), or [] when it is current.
 * A dataset that is gone counts as changed (it cannot be, as deleting it deletes the result, but a result
 * from an imported workspace may point at one).
 */
export async function changedSince(record: Pick<ResultRecord, 'datasetIds' | 'versions'>): Promise<string[]> {
  const metas = await getDb().datasets.bulkGet(record.datasetIds);
  return record.datasetIds.flatMap((id, i) => {
    const m = metas[i];
    if (!m) return [id];
    return (m.version ?? 1) !== (record.versions[id] ?? 1) ? [m.name] : [];
  });
}
